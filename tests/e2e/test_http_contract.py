"""The API's promises over a real HTTP connection: versions, problems, nothing stored on
a refusal."""

import json
import re
from typing import Any

import httpx
import pytest

from api.demo.bodies import sign_off
from api.demo.cases import CASES, SIGNER
from tests.e2e.conftest import Api, Server, actor_headers

pytestmark = pytest.mark.e2e

PRACTITIONER = ("staff-1101", "practitioner")
START = {"kind": "care_and_support", "basis": "duty", "person_ref": "person-8001",
         "team": "north-locality"}  # fmt: skip


def started(api: Api) -> str:
    response = api.post("/plans", PRACTITIONER, START)
    plan_id: str = response.json()["plan_id"]
    return plan_id


def submitted(api: Api) -> tuple[str, int]:
    """A plan from the first worked example, up to its first submission."""
    steps = CASES[0].steps
    plan_id = api.post("/plans", PRACTITIONER, steps[0].body).json()["plan_id"]
    version = 1
    for step in steps[1:4]:
        version = api.post(f"/plans/{plan_id}/{step.decision}", PRACTITIONER, step.body,
                           version).json()["version"]  # fmt: skip
    return plan_id, version


def is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:careledger:problem:")
    return body


def history_length(api: Api, plan_id: str) -> int:
    return len(api.get(f"/plans/{plan_id}/history").json()["events"])


def test_starting_a_plan_answers_201_with_location_and_etag(api: Api) -> None:
    response = api.post("/plans", PRACTITIONER, START)

    assert response.status_code == 201
    assert response.headers["Location"] == f"/plans/{response.json()['plan_id']}"
    assert response.headers["ETag"] == '"1"'


def test_a_decision_without_if_match_is_428(api: Api) -> None:
    plan_id = started(api)

    body = is_problem(api.post(f"/plans/{plan_id}/submission", PRACTITIONER), 428)

    assert "If-Match" in body["detail"]


def test_a_decision_on_a_stale_version_is_409_and_changes_nothing(api: Api) -> None:
    plan_id, version = submitted(api)

    body = is_problem(
        api.post(f"/plans/{plan_id}/sign-off", SIGNER, sign_off("35.00", "136.50"), 2), 409
    )

    assert body["expected_version"] == 2
    assert body["current_version"] == version
    assert api.get(f"/plans/{plan_id}").json()["status"] == "submitted"


@pytest.mark.parametrize("etag", ['"4"', "4"])
def test_if_match_accepts_quoted_and_bare_versions(api: Api, etag: str) -> None:
    plan_id, _ = submitted(api)

    response = api.post(f"/plans/{plan_id}/sign-off", SIGNER, sign_off("35.00", "136.50"),
                        etag)  # fmt: skip

    assert response.status_code == 200, response.text


@pytest.mark.parametrize("etag", ["yesterday", '"0"', '"-1"'])
def test_a_malformed_if_match_is_422_naming_the_header(api: Api, etag: str) -> None:
    plan_id = started(api)

    body = is_problem(api.post(f"/plans/{plan_id}/submission", PRACTITIONER, version=etag), 422)

    assert [e["field"] for e in body["errors"]] == ["header.if-match"]


def test_a_weak_if_match_never_matches(api: Api) -> None:
    # If-Match compares strongly (RFC 9110): a weak tag is refused, and nothing is decided
    plan_id, version = submitted(api)

    body = is_problem(api.post(f"/plans/{plan_id}/sign-off", SIGNER,
                               sign_off("35.00", "136.50"), f'W/"{version}"'), 422)  # fmt: skip

    assert [e["field"] for e in body["errors"]] == ["header.if-match"]
    assert "weak" in body["errors"][0]["message"]
    assert api.get(f"/plans/{plan_id}").json()["status"] == "submitted"


def test_an_unknown_plan_is_404(api: Api) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"

    is_problem(api.get(f"/plans/{unknown}"), 404)
    is_problem(api.post(f"/plans/{unknown}/submission", PRACTITIONER, version=1), 404)


def test_a_broken_rule_is_422_listing_every_failed_check_and_nothing_is_stored(
    api: Api,
) -> None:  # RET-1, COMP-1
    plan_id, version = submitted(api)
    before = history_length(api, plan_id)

    response = api.post(f"/plans/{plan_id}/return", SIGNER, {"reasons": []}, version)

    body = is_problem(response, 422)
    assert set(body["obligations"]) == {"RET-1", "COMP-1"}
    assert {(e["obligation"], e["field"]) for e in body["errors"]} == {
        ("RET-1", "reasons"),
        ("RET-1", "explanation"),
        ("RET-1", "suggested_steps"),
        ("COMP-1", "right_to_complain"),
    }
    assert history_length(api, plan_id) == before
    assert api.get(f"/plans/{plan_id}").headers["ETag"] == f'"{version}"'


def test_a_decision_the_state_does_not_allow_is_409_naming_the_rule(api: Api) -> None:  # SIGN-1
    plan_id = started(api)

    body = is_problem(api.post(f"/plans/{plan_id}/sign-off", SIGNER, sign_off("0", "0"), 1), 409)

    assert body["obligation"] == "SIGN-1"
    assert body["plan_status"] == "started"


def test_an_advocate_signing_off_is_403_naming_sign_6(api: Api) -> None:  # SIGN-6
    plan_id, version = submitted(api)
    advocate = ("advocacy-0001", "independent_advocate")

    body = is_problem(
        api.post(f"/plans/{plan_id}/sign-off", advocate, sign_off("35.00", "136.50"),
                 version),
        403,
    )  # fmt: skip

    assert body["obligation"] == "SIGN-6"
    assert api.get(f"/plans/{plan_id}").json()["status"] == "submitted"


def test_a_plan_submitted_incomplete_is_refused_naming_each_missing_item(api: Api) -> None:
    plan_id = started(api)  # CNT-1
    empty_draft: dict[str, Any] = {"draft": {}, "costing": {}}
    version = api.post(f"/plans/{plan_id}/draft", PRACTITIONER, empty_draft, 1).json()["version"]

    body = is_problem(api.post(f"/plans/{plan_id}/submission", PRACTITIONER, {}, version), 422)

    fields = {e["field"] for e in body["errors"] if e["obligation"] == "CNT-1"}
    assert fields >= {
        "indicative_budget",
        "draft.needs",
        "draft.contingency",
        "draft.review_arrangements",
        "costing.line_items",
        "costing.split",
    }


def test_malformed_json_is_400(api: Api) -> None:
    plan_id = started(api)

    response = api.http.post(
        f"/plans/{plan_id}/submission",
        content=b"{not json",
        headers={**actor_headers(PRACTITIONER), "If-Match": "1",
                 "Content-Type": "application/json"},
    )  # fmt: skip

    is_problem(response, 400)


def test_a_wrongly_typed_field_is_422_naming_it(api: Api) -> None:
    body = is_problem(api.post("/plans", PRACTITIONER, {**START, "kind": "mystery",
                                                         "surplus": 1}), 422)  # fmt: skip

    assert {e["field"] for e in body["errors"]} == {"kind", "surplus"}


def test_an_unknown_actor_is_401(api: Api) -> None:
    response = api.http.post("/plans", json=START)

    is_problem(response, 401)


def test_the_plan_as_it_stood_at_each_version(api: Api) -> None:
    plan_id, version = submitted(api)

    statuses = [api.get(f"/plans/{plan_id}/versions/{n}").json()["status"]
                for n in range(1, version + 1)]  # fmt: skip

    assert statuses == ["started", "started", "draft", "submitted"]
    is_problem(api.get(f"/plans/{plan_id}/versions/{version + 1}"), 404)


def test_the_openapi_document_is_served(api: Api) -> None:
    spec = api.http.get("/openapi.json").json()

    assert "/plans/{plan_id}/sign-off" in spec["paths"]
    assert api.http.get("/docs").status_code == 200


def test_each_request_and_decision_is_one_json_log_line_with_ids_only(
    api: Api, server: Server
) -> None:
    plan_id, version = submitted(api)
    api.post(f"/plans/{plan_id}/return", SIGNER, CASES[0].steps[6].body, version)

    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]

    mine = [e for e in entries if e.get("aggregate_id") == plan_id or plan_id in e.get("path", "")]
    assert {"plan.started", "plan.submitted", "plan.returned", "http.request"} <= {
        e["event"] for e in mine
    }
    requests = [e for e in mine if e["event"] == "http.request"]
    assert all(e["request_id"] and e["status"] and e["actor_id"] for e in requests)
    log_text = server.log_path.read_text()
    for free_text in ("prevention", "leaflets", "home visit", "person-7001"):
        assert free_text not in log_text


def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer(
    api: Api,
) -> None:
    plan_id = started(api)
    headers = {**actor_headers(PRACTITIONER), "If-Match": '"1"', "Idempotency-Key": "budget-1"}
    body = CASES[0].steps[1].body

    first = api.http.post(f"/plans/{plan_id}/indicative-budget", json=body, headers=headers)
    again = api.http.post(f"/plans/{plan_id}/indicative-budget", json=body, headers=headers)
    changed = api.http.post(f"/plans/{plan_id}/indicative-budget", headers=headers,
                            json={**body, "weekly_amount": "999.00"})  # fmt: skip

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"] == '"2"'
    assert history_length(api, plan_id) == 4  # started, opened, shared, set: once
    assert is_problem(changed, 422)["type"].endswith("idempotency-key-reused")


def test_a_body_over_the_limit_is_413_and_stores_nothing(api: Api) -> None:
    plan_id = started(api)
    huge = {"draft": {"prevention_advice": "x" * 300_000}, "costing": {}}

    response = api.post(f"/plans/{plan_id}/draft", PRACTITIONER, huge, 1)

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert history_length(api, plan_id) == 2


def test_a_text_over_its_length_is_422_naming_the_field(api: Api) -> None:
    plan_id = started(api)
    long_draft = {"draft": {"prevention_advice": "x" * 4001}, "costing": {}}

    body = is_problem(api.post(f"/plans/{plan_id}/draft", PRACTITIONER, long_draft, 1), 422)

    assert [e["field"] for e in body["errors"]] == ["draft.prevention_advice"]


def test_an_instant_utc_cannot_hold_is_422_and_stores_nothing(api: Api) -> None:
    """A start dated 0001-01-01T00:30+01:00 would be a year before the first in UTC: it
    would have been stored, and every read model stuck on it."""
    far = "0001-01-01T00:30:00+01:00"
    before = int(api.http.get("/readyz").json()["position"])
    response = api.post("/plans", PRACTITIONER, {**START, "occurred_at": far})
    assert response.status_code == 422, response.text
    assert int(api.http.get("/readyz").json()["position"]) == before
    plan_id = started(api)
    for path in (f"/plans/{plan_id}?as_of={far}", f"/audit/decisions?from={far}",
                 f"/audit/access?to={far}"):  # fmt: skip
        answer = api.http.get(path.replace("+", "%2B"),
                              headers=actor_headers(("staff-3001", "auditor")))  # fmt: skip
        assert answer.status_code == 422, (path, answer.text)


def test_a_control_character_in_text_is_422_and_stores_nothing(api: Api) -> None:
    """PostgreSQL's text cannot hold NUL: stored, it would stop the read models there."""
    plan_id = started(api)
    body = {"weekly_amount": "300.00", "method": "resource_allocation_system",
            "cost_assumptions": ["ten hours of home care"], "shared_with": "person",
            "shared_how": "by letter"}  # fmt: skip
    for field, value in (("shared_how", "by letter\x00"), ("shared_how", "by\nletter"),
                         ("cost_assumptions", ["ten hours\x07"])):  # fmt: skip
        response = api.post(f"/plans/{plan_id}/indicative-budget", PRACTITIONER,
                            {**body, field: value}, 1)  # fmt: skip
        assert response.status_code == 422, response.text
        assert field in response.text
    assert history_length(api, plan_id) == 2
    assert api.post(f"/plans/{plan_id}/indicative-budget", PRACTITIONER, body, 1).status_code == 200


def test_the_interactive_documentation_is_served_whole_by_the_app(api: Api) -> None:
    home = api.http.get("/", follow_redirects=False)
    page = api.http.get("/docs")

    assert home.status_code in (302, 307)
    assert home.headers["location"] == "/docs"
    assert page.status_code == 200
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert scripts
    assert all(url.startswith("/") and not url.startswith("//") for url in scripts), scripts
    for url in scripts:
        asset = api.http.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, url


@pytest.mark.parametrize(
    "path",
    ["/queues?practitioner=a%00b", "/queues/returned?team=a%0Ab",
     "/audit/decisions?actor=a%00b", "/people/a%00b/timeline"],
)  # fmt: skip
def test_a_filter_or_ref_holding_a_control_character_is_422_not_a_store_error(
    api: Api, path: str
) -> None:
    reader = PRACTITIONER if path.startswith("/queues") else ("staff-3001", "auditor")

    response = api.http.get(path, headers={**actor_headers(reader), "X-Purpose": "audit A-1"})

    is_problem(response, 422)
