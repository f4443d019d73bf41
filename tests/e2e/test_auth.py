"""Bearer tokens and roles: 401 for no proof of identity, 403 for the wrong role, on every
endpoint."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from api.routers.audit import ACCESS_READERS, AUDIT_READERS, DECISION_READERS
from api.routers.plan_decisions import ROUTES, roles_for
from api.routers.plan_queries import READERS
from domain.actors import Role
from domain.rules.authority import PLANNERS
from tests.e2e.conftest import TEST_SECRET, Api, token_for

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
    ],
    ids=[
        "garbage",
        "wrong key",
        "expired",
        "wrong audience",
        "no roles",
        "unknown role",
        "empty roles",
    ],
)
def test_a_token_that_proves_nothing_is_401(api: Api, token: str) -> None:
    is_401(api.http.post("/plans", json=START, headers=bearer(token)))


def test_no_token_is_401(api: Api) -> None:
    is_401(api.http.get(f"/plans/{UNKNOWN_PLAN}"))


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


def test_every_decision_records_the_actors_team(api: Api) -> None:
    token = token_for(("staff-1102", "practitioner"), team="north-locality")

    plan_id = api.http.post("/plans", json=START, headers=bearer(token)).json()["plan_id"]

    started = api.get(f"/plans/{plan_id}/history").json()["events"][0]
    assert started["actor"] == {"id": "staff-1102", "role": "practitioner",
                                "on_behalf_of": None, "authority_level": None,
                                "team": "north-locality"}  # fmt: skip


def endpoints() -> list[tuple[str, str, frozenset[Role]]]:
    """(method, path, roles admitted) for every endpoint that touches a person's record."""
    found = [("POST", "/plans", PLANNERS)]
    found += [
        ("POST", f"/plans/{UNKNOWN_PLAN}/{r.path.replace('{ref}', 'ref-1')}", roles_for(r).roles)
        for r in ROUTES
    ]
    found += [
        ("GET", f"/plans/{UNKNOWN_PLAN}{tail}", READERS)
        for tail in (
            "",
            "?as_of=2026-03-01T12:00Z",
            "/history",
            "/versions/1",
            "/in-force",
            "/budget/explanation",
            "/diff?from=1&to=2",
            "/timeline",
            "/chronology",
        )
    ]
    found += [
        ("GET", f"/people/person-8101/{tail}", READERS)
        for tail in ("timeline", "chronology?format=csv")
    ]
    found += [
        ("GET", f"/audit/{tail}", DECISION_READERS)
        for tail in ("decisions", "returns", "declined-shares", "sign-offs", "adverse-untold")
    ]
    found += [("GET", "/audit/access", ACCESS_READERS)]
    found += [
        ("GET", f"/audit/{tail}", AUDIT_READERS)
        for tail in ("checkpoints", "public-key", "proof/1", "consistency?from=1&to=2")
    ]
    return found  # fmt: skip


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


def test_auditors_and_complaint_handlers_only_read() -> None:
    for role in (Role.AUDITOR, Role.COMPLAINT_HANDLER):
        assert all(role not in roles for method, _, roles in endpoints() if method == "POST")
        assert role in READERS


def test_a_token_signed_with_another_key_is_told_so_and_not_where_the_key_is(api: Api) -> None:
    token = jwt.encode(claims(), "another-secret-of-at-least-thirty-two-bytes", algorithm="HS256")

    response = api.http.post("/plans", json=START, headers=bearer(token))

    is_401(response)
    detail = response.json()["detail"]
    assert "it was not signed with this server's key" in detail
    assert "CARELEDGER" not in detail
    assert "secret" not in detail
