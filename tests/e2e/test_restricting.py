"""Restricted records: a person's records that only named staff may read or decide on,
whatever their role or team (DESIGN-restricted). Against a real server on each store."""

from uuid import uuid4

import httpx
import pytest

from api.demo import bodies as do
from tests.e2e.conftest import Api, actor_headers

pytestmark = pytest.mark.e2e

ADMIN = ("staff-6001", "admin")  # information governance
NAMED = ("staff-0101", "practitioner")  # east-locality: named on the restriction
COLLEAGUE = ("staff-0102", "practitioner")  # the same team, not named
MANAGER = ("staff-0501", "line_manager")  # their line manager, not named at first
AUDITOR = ("staff-3001", "auditor")


def person() -> str:
    return f"person-r{uuid4().hex[:10]}"


def started(api: Api, person_ref: str, actor: tuple[str, ...] = NAMED) -> tuple[str, int]:
    answer = api.post("/plans", actor, do.start(person_ref, "east-locality"))
    assert answer.status_code == 201, answer.text
    plan_id = answer.json()["plan_id"]
    budget = api.post(f"/plans/{plan_id}/indicative-budget", actor,
                      do.indicative("171.50", "seven hours of home care"), 1)  # fmt: skip
    assert budget.status_code == 200, budget.text
    return plan_id, budget.json()["version"]


def restrict(api: Api, person_ref: str, *named: str, actor: tuple[str, ...] = ADMIN
             ) -> httpx.Response:  # fmt: skip
    return api.post(
        f"/people/{person_ref}/restriction",
        actor,
        {"named": list(named), "reason": "a relative of a member of staff"},
    )


def is_restricted(response: httpx.Response) -> None:
    assert response.status_code == 403, response.text
    assert response.json()["type"] == "urn:careledger:problem:restricted-record"
    assert response.json()["detail"].startswith("DESIGN-restricted:")


def test_a_restricted_persons_records_are_read_and_decided_on_by_the_named_only(
    api: Api,
) -> None:
    person_ref = person()
    plan_id, version = started(api, person_ref)
    purpose = {"X-Purpose": "complaint C-12"}

    assert restrict(api, person_ref, NAMED[0]).status_code == 200
    history = api.get(f"/plans/{plan_id}/history", NAMED).json()["events"]

    for reader in (COLLEAGUE, MANAGER, AUDITOR):
        is_restricted(api.get(f"/plans/{plan_id}", reader))
        is_restricted(api.get(f"/plans/{plan_id}/versions/1", reader))
        is_restricted(api.http.get(f"/people/{person_ref}/timeline",
                                   headers={**actor_headers(reader), **purpose}))  # fmt: skip
    is_restricted(api.post(f"/plans/{plan_id}/indicative-budget", COLLEAGUE,
                           do.indicative("200.00", "eight hours"), version))  # fmt: skip
    is_restricted(api.post("/plans", COLLEAGUE, do.start(person_ref, "east-locality")))
    assert api.get(f"/plans/{plan_id}", NAMED).status_code == 200
    assert api.get(f"/plans/{plan_id}/history", NAMED).json()["events"] == history


def test_a_refused_read_of_a_restricted_record_tells_nothing_of_the_plan(api: Api) -> None:
    person_ref = person()
    plan_id, version = started(api, person_ref)
    restrict(api, person_ref, NAMED[0])

    # not its version (a stale If-Match, a version it does not have)
    is_restricted(api.post(f"/plans/{plan_id}/indicative-budget", COLLEAGUE,
                           do.indicative("200.00", "eight hours"), version + 5))  # fmt: skip
    is_restricted(api.get(f"/plans/{plan_id}/versions/99", COLLEAGUE))


def test_lists_leave_out_a_restricted_persons_plans_for_those_not_named(api: Api) -> None:
    person_ref = person()
    plan_id, version = started(api, person_ref)
    draft = do.draft(
        needs=[do.need("N1", "help to wash and dress", how_met="visits")],
        outcomes=[do.outcome("O1", "ready for the day", "N1")],
        lines=[do.home_care_line("7")],
        split={"authority_managed": "171.50"},
    )
    drafted = api.post(f"/plans/{plan_id}/draft", NAMED, draft, version)
    assert drafted.status_code == 200, drafted.text
    submitted = api.post(f"/plans/{plan_id}/submission", NAMED, {}, version + 1)
    assert submitted.status_code == 200, submitted.text
    restrict(api, person_ref, NAMED[0], MANAGER[0], AUDITOR[0])

    def decisions(reader: tuple[str, ...]) -> tuple[set[str], int]:
        found = api.http.get("/audit/decisions", params={"person": person_ref},
                             headers=actor_headers(reader))  # fmt: skip
        assert found.status_code == 200, found.text
        return {str(r["plan_id"]) for r in found.json()["rows"]}, found.json()["total"]

    def queue(reader: tuple[str, ...]) -> tuple[set[str], int]:
        found = api.http.get(
            "/queues/awaiting-sign-off",
            headers=actor_headers(reader),
            params={"plan": plan_id, "after": submitted.headers["X-Position"]},
        )
        assert found.status_code == 200, found.text
        return {str(i["plan_id"]) for i in found.json()["items"]}, found.json()["total"]

    assert decisions(AUDITOR)[0] == {plan_id}
    assert decisions(("staff-3002", "auditor")) == (set(), 0)  # not even counted
    assert queue(MANAGER) == ({plan_id}, 1)
    assert queue(COLLEAGUE) == (set(), 0)


def test_a_restriction_is_kept_by_an_admin_or_a_named_line_manager(api: Api) -> None:
    person_ref = person()
    plan_id, _ = started(api, person_ref)

    by_practitioner = restrict(api, person_ref, NAMED[0], actor=NAMED)
    restrict(api, person_ref, NAMED[0])
    by_unnamed_manager = restrict(api, person_ref, MANAGER[0], actor=MANAGER)
    restrict(api, person_ref, NAMED[0], MANAGER[0])
    seen_by_manager = api.get(f"/people/{person_ref}/restriction", MANAGER)
    seen_by_outsider = api.get(f"/people/{person_ref}/restriction", ("staff-0599", "line_manager"))
    lifted = api.post(f"/people/{person_ref}/restriction/lift", MANAGER,
                      {"reason": "the member of staff has left the authority"})  # fmt: skip

    assert by_practitioner.status_code == 403, by_practitioner.text
    assert by_unnamed_manager.status_code == 422, by_unnamed_manager.text
    assert by_unnamed_manager.json()["errors"][0]["field"] == "actor"
    assert seen_by_manager.json()["named"] == sorted([NAMED[0], MANAGER[0]])
    is_restricted(seen_by_outsider)
    assert lifted.status_code == 200, lifted.text
    assert (lifted.json()["restricted"], lifted.json()["version"]) == (False, 3)
    assert api.get(f"/plans/{plan_id}", COLLEAGUE).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [({"named": [], "reason": "a relative"}, "named"),
     ({"named": ["staff-0101", "staff-0101"], "reason": "a relative"}, "named"),
     ({"named": ["staff-0101"], "reason": "  "}, "reason")],
    ids=["no one named", "someone named twice", "no reason"],
)  # fmt: skip
def test_a_restriction_names_who_and_why(api: Api, body: dict[str, object], field: str) -> None:
    person_ref = person()
    plan_id, _ = started(api, person_ref)

    refused = api.post(f"/people/{person_ref}/restriction", ADMIN, body)

    assert refused.status_code == 422, refused.text
    assert [(e["obligation"], e["field"]) for e in refused.json()["errors"]] == [
        ("DESIGN-restricted", field)]  # fmt: skip
    assert api.get(f"/people/{person_ref}/restriction", ADMIN).json()["restricted"] is False
    assert api.get(f"/plans/{plan_id}", COLLEAGUE).status_code == 200


def test_a_method_the_restriction_does_not_take_is_told_every_one_it_does(api: Api) -> None:
    refused = api.http.put("/people/person-8103/restriction", headers=actor_headers(ADMIN))

    assert refused.status_code == 405
    assert refused.headers["Allow"] == "GET, HEAD, POST"
