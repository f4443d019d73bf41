"""Bearer tokens and roles: 401 for no proof of identity, 403 for the wrong role, on every
endpoint."""

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from api.routers.plan_decisions import ROUTES
from api.routers.plan_queries import READERS
from domain.actors import Role
from tests.e2e.conftest import AUTHORITY, TEST_SECRET, Api, Server, token_for

pytestmark = pytest.mark.e2e

UNKNOWN_PLAN = "00000000-0000-4000-8000-000000000000"
START = {"kind": "care_and_support", "basis": "duty", "person_ref": "person-8101",
         "team": "north-locality"}  # fmt: skip


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base = {
        "iss": "careledger",
        "aud": "careledger-api",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "sub": "staff-1101",
        "roles": ["practitioner"],
        "authority": AUTHORITY,
    }
    return {**base, **changes}  # fmt: skip


def is_401(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        jwt.encode(claims(), "another-secret-of-at-least-thirty-two-bytes", algorithm="HS256"),
        jwt.encode(claims(exp=datetime.now(UTC) - timedelta(seconds=1)), TEST_SECRET),
        jwt.encode(claims(aud="someone-else"), TEST_SECRET),
        jwt.encode({k: v for k, v in claims().items() if k != "roles"}, TEST_SECRET),
        jwt.encode(claims(roles=["wizard"]), TEST_SECRET),
        jwt.encode(claims(roles=[]), TEST_SECRET),
        jwt.encode({k: v for k, v in claims().items() if k != "authority"}, TEST_SECRET),
    ],
    ids=[
        "garbage",
        "wrong key",
        "expired",
        "wrong audience",
        "no roles",
        "unknown role",
        "empty roles",
        "no authority",
    ],
)
def test_a_token_that_proves_nothing_is_401(api: Api, token: str) -> None:
    is_401(api.http.post("/plans", json=START, headers=bearer(token)))


def test_no_token_is_401(api: Api) -> None:
    is_401(api.http.get(f"/plans/{UNKNOWN_PLAN}"))


def test_a_token_for_another_authoritys_staff_reads_and_decides_nothing(api: Api) -> None:
    # DESIGN-scope: whatever its roles, a token naming another council is refused (403)
    plan_id = api.http.post("/plans", json=START, headers=bearer(token_for(
        ("staff-1101", "practitioner")))).json()["plan_id"]  # fmt: skip
    theirs = token_for(("staff-1101", "practitioner"), authority="another-council")

    read = api.http.get(f"/plans/{plan_id}", headers=bearer(theirs))
    started = api.http.post("/plans", json=START, headers=bearer(theirs))

    for refused in (read, started):
        assert refused.status_code == 403, refused.text
        assert refused.json()["type"] == "urn:careledger:problem:other-authority"
    assert "another-council" in read.json()["detail"]


def test_a_token_with_several_roles_acts_in_the_one_chosen(api: Api) -> None:
    both = jwt.encode(claims(roles=["practitioner", "line_manager"]), TEST_SECRET)

    unchosen = api.http.post("/plans", json=START, headers=bearer(both))
    not_granted = api.http.post(
        "/plans", json=START, headers={**bearer(both), "X-Acting-Role": "auditor"}
    )
    chosen = api.http.post("/plans", json=START,
                           headers={**bearer(both), "X-Acting-Role": "practitioner"})  # fmt: skip

    is_401(unchosen)
    is_401(not_granted)
    assert chosen.status_code == 201, chosen.text


def test_every_decision_records_the_actors_team_by_the_staff_directory(api: Api) -> None:
    # the token claims south; the directory has staff-1001 in the north locality
    token = token_for(("staff-1001", "practitioner"), team="south-locality")
    unlisted = token_for(("staff-1102", "practitioner"), team="north-locality")

    plan_id = api.http.post("/plans", json=START, headers=bearer(token)).json()["plan_id"]
    other = api.http.post("/plans", json=START, headers=bearer(unlisted)).json()["plan_id"]

    started = api.get(f"/plans/{plan_id}/history").json()["events"][0]
    assert started["actor"] == {"id": "staff-1001", "role": "practitioner",
                                "on_behalf_of": None, "authority_level": None,
                                "team": "north-locality"}  # fmt: skip
    assert api.get(f"/plans/{other}/history").json()["events"][0]["actor"]["team"] is None


# Who may use each endpoint that touches a person's record, written out by hand (not read
# from the tables the code uses, so a wrong entry there fails here). P practitioner,
# S sign-off officer, M panel member, L line manager, A auditor, C complaint handler,
# D admin, I independent advocate; {id} stands for a plan id.
ROLE_MATRIX = """
    POST /plans                                           P
    POST /plans/{id}/indicative-budget                    P
    POST /plans/{id}/draft                                P
    POST /plans/{id}/submission                           P
    POST /plans/{id}/information-request                  S M
    POST /plans/{id}/information                          P
    POST /plans/{id}/return                               S M
    POST /plans/{id}/sign-off                             S M
    POST /plans/{id}/involvement                          P L
    POST /plans/{id}/capacity                             P L
    POST /plans/{id}/best-interests                       P L
    POST /plans/{id}/notifications                        P L
    POST /plans/{id}/copies                               P L
    POST /plans/{id}/sharing-preference                   P L
    POST /plans/{id}/share-requests                       P L
    POST /plans/{id}/share-requests/ref-1/decision        P L
    POST /plans/{id}/amendment-requests                   P L
    POST /plans/{id}/amendment-requests/ref-1/consultation P L
    POST /plans/{id}/amendment-requests/ref-1/decision    P L
    POST /plans/{id}/review-requests                      P L
    POST /plans/{id}/reviews                              P L
    POST /plans/{id}/monitoring                           P L
    POST /plans/{id}/payee-necessity                      S M L
    POST /plans/{id}/care-home-stays                      P L
    POST /plans/{id}/direct-payment-start                 P L
    POST /plans/{id}/direct-payment-reviews               P L
    POST /plans/{id}/budget-challenges                    P L
    POST /plans/{id}/budget-challenges/ref-1/answer       P L
    POST /plans/{id}/independent-budget                   P L
    POST /plans/{id}/safeguarding                         P L
    POST /plans/{id}/resumption                           P L
    POST /plans/{id}/interim-services                     P L
    POST /plans/{id}/unmet-needs-explanation              P L
    POST /plans/{id}/combination                          P L
    POST /plans/{id}/end                                  P L
    GET  /plans/{id}                                      P S M L A C
    GET  /plans/{id}?as_of=2026-03-01T12:00Z              P S M L A C
    GET  /plans/{id}/history                              P S M L A C
    GET  /plans/{id}/versions/1                           P S M L A C
    GET  /plans/{id}/in-force                             P S M L A C
    GET  /plans/{id}/budget/explanation                   P S M L A C
    GET  /plans/{id}/diff?from=1&to=2                     P S M L A C
    GET  /plans/{id}/timeline                             P S M L A C
    GET  /plans/{id}/chronology                           P S M L A C
    GET  /people/person-8101/timeline                     P S M L A C
    GET  /people/person-8101/chronology?format=csv        P S M L A C
    GET  /people/person-8102/restriction                  L D
    POST /people/person-8102/restriction                  L D
    POST /people/person-8102/restriction/lift             L D
    GET  /retention/due                                   D
    POST /retention/erasures                              D
    POST /complaints                                      C
    POST /complaints/ref-1/acknowledge                    C
    POST /complaints/ref-1/extend                         C
    POST /complaints/ref-1/answer                         C
    POST /complaints/ref-1/withdraw                       C
    GET  /complaints                                      A C
    GET  /complaints/ref-1                                A C
    GET  /audit/decisions                                 A C
    GET  /audit/returns                                   A C
    GET  /audit/declined-shares                           A C
    GET  /audit/sign-offs                                 A C
    GET  /audit/adverse-untold                            A C
    GET  /audit/access                                    A
    GET  /audit/checkpoints                               A C D
    GET  /audit/public-key                                A C D
    GET  /audit/proof/1                                   A C D
    GET  /audit/consistency?from=1&to=2                   A C D
    GET  /audit/verify                                    A C D
    POST /audit/checkpoints/1/cosignatures                D
"""
ROLES = {"P": Role.PRACTITIONER, "S": Role.SIGN_OFF_OFFICER, "M": Role.PANEL_MEMBER,
         "L": Role.LINE_MANAGER, "A": Role.AUDITOR, "C": Role.COMPLAINT_HANDLER,
         "D": Role.ADMIN, "I": Role.INDEPENDENT_ADVOCATE}  # fmt: skip


def endpoints() -> list[tuple[str, str, frozenset[Role]]]:
    """(method, path, roles admitted) for every endpoint that touches a person's record."""
    found = []
    for line in ROLE_MATRIX.strip().splitlines():
        method, path, *letters = line.split()
        found.append(
            (method, path.replace("{id}", UNKNOWN_PLAN), frozenset(ROLES[x] for x in letters))
        )
    return found


def test_the_role_matrix_names_every_decision() -> None:
    written = {path for method, path, _ in endpoints() if method == "POST"}
    routes = {f"/plans/{UNKNOWN_PLAN}/{r.path.replace('{ref}', 'ref-1')}" for r in ROUTES}
    assert routes <= written


def test_the_role_matrix_allows_and_denies_every_endpoint(api: Api) -> None:
    wrong: list[str] = []
    for method, path, admitted in endpoints():
        for role in Role:
            headers = {**bearer(token_for(("staff-9001", role.value, "team_manager"))),
                       "If-Match": '"1"'}  # fmt: skip
            status = api.http.request(method, path, json={}, headers=headers).status_code
            denied = status == 403
            if denied == (role in admitted):
                wrong.append(f"{method} {path} as {role.value}: {status}")

    assert wrong == []


def test_auditors_only_read_and_complaint_handlers_record_only_complaints() -> None:
    for role in (Role.AUDITOR, Role.COMPLAINT_HANDLER):
        assert role in READERS
    for method, path, roles in endpoints():
        if method == "POST" and not path.startswith("/complaints"):
            assert Role.AUDITOR not in roles
            assert Role.COMPLAINT_HANDLER not in roles
        if method == "POST" and path.startswith("/complaints"):
            assert roles == {Role.COMPLAINT_HANDLER}


def test_a_token_signed_with_another_key_is_told_so_and_not_where_the_key_is(api: Api) -> None:
    token = jwt.encode(claims(), "another-secret-of-at-least-thirty-two-bytes", algorithm="HS256")

    response = api.http.post("/plans", json=START, headers=bearer(token))

    is_401(response)
    detail = response.json()["detail"]
    assert "it was not signed with this server's key" in detail
    assert "CARELEDGER" not in detail
    assert "secret" not in detail


def test_personal_text_sent_as_a_reference_is_refused_and_never_logged(
    api: Api, server: Server
) -> None:
    personal = "John Smith NHS 485 777 3456"
    named = jwt.encode(claims(sub=personal), TEST_SECRET)
    by_path = token_for(("staff-3101", "complaint_handler"))

    as_sub = api.http.get("/queues", headers=bearer(named))
    in_path = api.http.get(f"/people/{personal}/timeline",
                           headers={**bearer(by_path), "X-Purpose": "complaint C-1"})  # fmt: skip

    is_401(as_sub)
    assert personal not in as_sub.text
    assert in_path.status_code == 422, in_path.text
    deadline = time.monotonic() + 60  # the request's log line is written as it ends
    while "/people/{withheld}/timeline" not in server.log_path.read_text():
        assert time.monotonic() < deadline, "the request was never logged"
        time.sleep(0.2)
    assert "485 777 3456" not in server.log_path.read_text()
