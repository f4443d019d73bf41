"""The complaint pages over HTTP, against a real server on each store: a complaint handler
records a complaint and each step of its handling through the page's forms (CSRF token
and purpose carried), refusals shown with their rules and nothing stored; the complaints
queue marks overdue ones (CMP-6); an auditor reads but records nothing; every read of a
complaint is in the access log with its purpose."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import httpx
import pytest

from api.demo.cases import CASES
from domain.complaining.clock import day_in_england
from tests.e2e.conftest import Api, Server, actor_headers
from tests.e2e.test_pages import csrf_in, sign_in
from tests.e2e.test_worked_examples import drive


def today() -> date:
    """Today as the service counts days: in England."""
    return day_in_england(datetime.now(UTC))


pytestmark = pytest.mark.e2e

HANDLER = ("staff-3101", "complaint_handler")
AUDITOR = ("staff-3102", "auditor")
PURPOSE = "complaint CR-12"


@pytest.fixture
def reader(server: Server) -> Iterator[httpx.Client]:
    """A person's reader, as far as HTTP goes: it keeps the cookies it is given."""
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        yield client


def recorded(reader: httpx.Client, plan_id: str, person: str, **more: str) -> httpx.Response:
    form = reader.get("/pages/complaints/new")
    assert form.status_code == 200, form.text
    return reader.post("/pages/complaints/new", data={
        "csrf": csrf_in(form.text), "person_ref": person, "plan_id": plan_id,
        "complainant": "person", "summary": "my budget was cut without a review",
        "matter_known_on": (today() - timedelta(days=3)).isoformat(),
        "concerns": "plan 1, budget 1", **more})  # fmt: skip


def opened(reader: httpx.Client, complaint_ref: str) -> httpx.Response:
    asked = reader.get(f"/pages/complaints/{complaint_ref}")
    assert asked.status_code == 200, asked.text
    assert "Why are you opening this record?" in asked.text
    return reader.post(f"/pages/complaints/{complaint_ref}",
                        data={"csrf": csrf_in(asked.text), "purpose": PURPOSE})  # fmt: skip


def test_a_handler_records_and_acknowledges_a_complaint_through_the_pages(
    api: Api,
    reader: httpx.Client,
) -> None:
    """CMP-1, CMP-2, CMP-5: recorded, acknowledged, answered; a refused answer says which
    rule and stores nothing."""
    plan_id, _ = drive(api, CASES[0])
    person = api.get(f"/plans/{plan_id}", HANDLER).json()["person_ref"]
    complaint_ref = f"CP-{uuid4().hex[:8]}"
    sign_in(reader, *HANDLER)

    made = recorded(reader, plan_id, person, complaint_ref=complaint_ref)
    assert (made.status_code, made.headers["location"]) == (
        303, f"/pages/complaints/{complaint_ref}")  # fmt: skip
    shown = opened(reader, complaint_ref)
    assert shown.status_code == 200, shown.text
    assert "Acknowledge by" in shown.text
    assert "plan version 1" in shown.text
    due = (today() + timedelta(days=30)).isoformat()
    acknowledged = reader.post(f"/pages/complaints/{complaint_ref}/acknowledge", data={
        "csrf": csrf_in(shown.text), "purpose": PURPOSE, "method": "writing",
        "handling_discussion_offered": "yes", "period": "agreed",
        "response_due_on": due})  # fmt: skip
    assert acknowledged.status_code == 200, acknowledged.text
    assert f"<dd>{due}</dd>" in acknowledged.text
    top = int(api.http.get("/readyz").json()["position"])
    refused = reader.post(f"/pages/complaints/{complaint_ref}/answer", data={
        "csrf": csrf_in(shown.text), "purpose": PURPOSE, "outcome": "upheld",
        "conclusions": "the review was skipped"})  # fmt: skip
    assert refused.status_code == 422
    assert "CMP-5" in refused.text
    assert "Nothing was recorded" in refused.text
    # the refused step stored nothing but the read of the page
    stored = api.get(f"/complaints/{complaint_ref}", AUDITOR)  # no purpose: refused, unlogged
    assert stored.status_code == 422
    assert int(api.http.get("/readyz").json()["position"]) == top + 1
    answered = reader.post(f"/pages/complaints/{complaint_ref}/answer", data={
        "csrf": csrf_in(shown.text), "purpose": PURPOSE, "outcome": "upheld",
        "conclusions": "the review was skipped", "actions": "review booked\nbudget restored",
        "ombudsman_right_told": "yes"})  # fmt: skip
    assert answered.status_code == 200, answered.text

    whole = api.http.get(f"/complaints/{complaint_ref}", headers={
        **actor_headers(AUDITOR), "X-Purpose": "audit A-9"}).json()  # fmt: skip
    assert [s["type"] for s in whole["steps"]] == ["Received", "Acknowledged", "Answered"]
    assert whole["steps"][2]["detail"]["actions"] == ["review booked", "budget restored"]
    reads = api.http.get("/audit/access", params={"person": person, "limit": 500},
                         headers=actor_headers(AUDITOR)).json()["rows"]  # fmt: skip
    page_reads = [
        r for r in reads if r["what"] == "complaint page" and r["detail"] == complaint_ref
    ]
    assert page_reads
    assert {r["purpose"] for r in page_reads} == {PURPOSE}


def test_a_refused_complaint_names_its_rules_and_keeps_what_was_typed(
    api: Api,
    reader: httpx.Client,
) -> None:
    """CMP-1: a complaint made over a year after the matter needs its reason."""
    plan_id, _ = drive(api, CASES[0])
    person = api.get(f"/plans/{plan_id}", HANDLER).json()["person_ref"]
    sign_in(reader, *HANDLER)
    complaint_ref = f"CP-{uuid4().hex[:8]}"

    long_ago = (today() - timedelta(days=800)).isoformat()
    refused = recorded(reader, plan_id, person, complaint_ref=complaint_ref,
                       matter_known_on=long_ago)  # fmt: skip

    assert refused.status_code == 422
    assert "CMP-1" in refused.text
    assert "late reason" in refused.text
    assert "my budget was cut without a review" in refused.text  # kept for another go
    assert api.get(f"/complaints/{complaint_ref}", HANDLER).status_code == 422  # purpose first
    unknown = api.http.get(f"/complaints/{complaint_ref}",
                           headers={**actor_headers(HANDLER), "X-Purpose": PURPOSE})  # fmt: skip
    assert unknown.status_code == 404  # nothing was recorded


def test_the_queue_page_marks_overdue_complaints(api: Api, reader: httpx.Client) -> None:
    """CMP-6."""
    person = f"person-q{uuid4().hex[:8]}"
    complaint_ref = f"CP-{uuid4().hex[:8]}"
    week_ago = datetime.now(UTC) - timedelta(days=7)
    made = api.post("/complaints", HANDLER, {
        "complaint_ref": complaint_ref, "person_ref": person, "complainant": "carer",
        "summary": "no one called back", "occurred_at": week_ago.isoformat(),
        "matter_known_on": (today() - timedelta(days=10)).isoformat()})  # fmt: skip
    assert made.status_code == 201, made.text
    sign_in(reader, *AUDITOR)

    after = made.headers["X-Position"]
    api.get(f"/complaints?after={after}", HANDLER)  # the read model has it
    queue = reader.get("/pages/complaints", params={"overdue": "yes"})

    assert queue.status_code == 200, queue.text
    row = queue.text.split(complaint_ref, 2)[2].split("</tr>")[0]
    assert "Overdue" in row
    assert "acknowledgement" in row
    assert "Record a complaint" not in queue.text  # an auditor reads; they record nothing
    assert reader.get("/pages/complaints/new").status_code == 403


def test_the_complaint_pages_need_a_session_and_a_reading_role(reader: httpx.Client) -> None:
    for path in ("/pages/complaints", "/pages/complaints/new", "/pages/complaints/CP-1"):
        sent = reader.get(path)
        assert (sent.status_code, sent.headers["location"]) == (
            303, f"/pages/sign-in?then={path}")  # fmt: skip
    sign_in(reader, "staff-1001", "practitioner")
    assert reader.get("/pages/complaints").status_code == 403
    assert reader.get("/pages/complaints/CP-1").status_code == 403
