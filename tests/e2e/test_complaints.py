"""The complaint record over HTTP, on SQLite and PostgreSQL: a complaint on a plan,
linked to the timeline entries it concerns, acknowledged with a response period,
extended with a reason and answered with the right to go to the Ombudsman (CMP-1 to
CMP-5); the complaints queue with overdue ones marked (CMP-6); every step in the
integrity record, and every read in the access log."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from api.demo.cases import CASES
from domain.complaining.clock import day_in_england
from tests.e2e.conftest import Api, actor_headers
from tests.e2e.test_records_http import until
from tests.e2e.test_worked_examples import drive


def today() -> date:
    """Today as the service counts days: in England."""
    return day_in_england(datetime.now(UTC))


pytestmark = pytest.mark.e2e

HANDLER = ("staff-3101", "complaint_handler")
AUDITOR = ("staff-3102", "auditor")
PURPOSE = {"X-Purpose": "complaint review CR-7"}


def ref() -> str:
    return f"CMP-{uuid4().hex[:8]}"


def received(api: Api, plan_id: str, complaint_ref: str, **more: object) -> dict[str, object]:
    person = api.get(f"/plans/{plan_id}", HANDLER).json()["person_ref"]
    body = {"complaint_ref": complaint_ref, "person_ref": person, "plan_id": plan_id,
            "complainant": "representative", "summary": "the carer had no copy of the plan",
            "matter_known_on": (today() - timedelta(days=20)).isoformat(),
            "concerns": [{"aggregate": "plan", "version": 1}], **more}  # fmt: skip
    answer = api.post("/complaints", HANDLER, body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_complaint_on_a_plan_is_acknowledged_extended_and_answered(api: Api) -> None:
    """CMP-1, CMP-2, CMP-3, CMP-4, CMP-5: each step recorded, the clock kept."""
    plan_id, _ = drive(api, CASES[0])
    complaint_ref = ref()
    opened = received(api, plan_id, complaint_ref)
    assert opened["status"] == "received"
    assert opened["waiting_for"] == "acknowledgement"
    assert opened["overdue"] is False
    assert opened["concerns"] == [{"aggregate": "plan", "version": 1}]

    due = (today() + timedelta(days=40)).isoformat()
    acknowledged = api.post(f"/complaints/{complaint_ref}/acknowledge", HANDLER, {
        "method": "writing", "handling_discussion_offered": True, "response_due_on": due,
        "period": "agreed"})  # fmt: skip
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json()["response_due_on"] == due
    later = (today() + timedelta(days=60)).isoformat()
    extended = api.post(f"/complaints/{complaint_ref}/extend", HANDLER, {
        "response_due_on": later, "reason": "the provider's records are awaited",
        "agreed_with_complainant": True})  # fmt: skip
    assert extended.status_code == 200, extended.text
    unanswerable = api.post(f"/complaints/{complaint_ref}/answer", HANDLER, {
        "outcome": "upheld", "conclusions": "the copy was not sent"})  # fmt: skip
    assert unanswerable.status_code == 422
    assert unanswerable.json()["errors"][0]["obligation"] == "CMP-5"
    answered = api.post(f"/complaints/{complaint_ref}/answer", HANDLER, {
        "outcome": "upheld", "conclusions": "the copy was not sent",
        "actions": ["copy sent to the carer"], "ombudsman_right_told": True})  # fmt: skip
    assert answered.status_code == 200, answered.text

    read = api.http.get(f"/complaints/{complaint_ref}", headers={**actor_headers(AUDITOR),
                                                               **PURPOSE})  # fmt: skip
    assert read.status_code == 200, read.text
    whole = read.json()
    assert whole["status"] == "answered"
    assert [s["type"] for s in whole["steps"]] == ["Received", "Acknowledged", "Extended",
                                                   "Answered"]  # fmt: skip
    assert whole["steps"][2]["detail"]["reason"] == "the provider's records are awaited"
    assert "originator_topic" not in whole["steps"][0]["detail"]  # the store's, not the step's
    assert whole["response_due_on"] == later


def test_a_refused_step_names_its_rule_and_stores_nothing(api: Api) -> None:
    """CMP-2, CMP-3, DESIGN-roles: refusals name the rule and the field; the store is unchanged."""
    plan_id, _ = drive(api, CASES[0])
    complaint_ref = ref()
    received(api, plan_id, complaint_ref)
    top = int(api.http.get("/readyz").json()["position"])

    set_alone = api.post(f"/complaints/{complaint_ref}/acknowledge", HANDLER, {
        "method": "orally", "handling_discussion_offered": False,
        "response_due_on": (today() + timedelta(days=400)).isoformat(),
        "period": "set"})  # fmt: skip
    by_auditor = api.post("/complaints", AUDITOR, {"complaint_ref": ref()})
    twice = api.post("/complaints", HANDLER, {
        "complaint_ref": complaint_ref, "person_ref": "person-1", "complainant": "person",
        "summary": "again", "matter_known_on": today().isoformat()})  # fmt: skip

    assert set_alone.status_code == 422
    assert {(e["obligation"], e["field"]) for e in set_alone.json()["errors"]} == {
        ("CMP-2", "handling_discussion_offered"), ("CMP-3", "told_in_writing"),
        ("CMP-3", "response_due_on")}  # fmt: skip
    assert by_auditor.status_code == 403
    assert twice.status_code == 409
    assert int(api.http.get("/readyz").json()["position"]) == top


def test_the_queue_marks_overdue_complaints_and_the_reads_are_logged(api: Api) -> None:
    """CMP-6, DESIGN-access-log: a complaint not acknowledged by its third working day is
    overdue in the queue; reading the queue and a complaint lands in the access log."""
    plan_id, _ = drive(api, CASES[0])
    overdue_ref, fresh_ref = ref(), ref()
    # received ten days ago: before the plan began, so about the person's care, no plan
    person = api.get(f"/plans/{plan_id}", HANDLER).json()["person_ref"]
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    old = api.post("/complaints", HANDLER, {
        "complaint_ref": overdue_ref, "person_ref": person, "complainant": "person",
        "summary": "no reply to my letter", "occurred_at": ten_days_ago.isoformat(),
        "matter_known_on": (today() - timedelta(days=30)).isoformat()})  # fmt: skip
    assert old.status_code == 201, old.text
    received(api, plan_id, fresh_ref)

    def both_listed() -> list[dict[str, object]]:
        items = api.get(f"/complaints?person={person}&limit=500", HANDLER).json()["items"]
        ours = [i for i in items if i["complaint_ref"] in (overdue_ref, fresh_ref)]
        return ours if len(ours) == 2 else []

    marks = {i["complaint_ref"]: i["overdue"] for i in until(both_listed)}
    assert marks == {overdue_ref: True, fresh_ref: False}
    overdue_only = api.get(f"/complaints?overdue=true&person={person}&limit=500",
                           HANDLER).json()["items"]  # fmt: skip
    assert overdue_ref in {i["complaint_ref"] for i in overdue_only}
    assert fresh_ref not in {i["complaint_ref"] for i in overdue_only}

    unread = api.http.get(f"/complaints/{overdue_ref}", headers=actor_headers(AUDITOR))
    assert unread.status_code == 422  # a purpose first
    api.http.get(f"/complaints/{overdue_ref}", headers={**actor_headers(AUDITOR), **PURPOSE})
    logged = [r for r in api.get(f"/audit/access?person={person}&limit=500",
                                 AUDITOR).json()["rows"]
              if r["what"] == "complaint" and r["reader_id"] == AUDITOR[0]]  # fmt: skip
    assert logged[-1]["purpose"] == PURPOSE["X-Purpose"]
    assert logged[-1]["detail"] == overdue_ref
