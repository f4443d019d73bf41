"""A complaint handler and an auditor over HTTP, on SQLite and PostgreSQL: a plan's and a
person's timeline, the plan as it stood at an instant, what changed between versions, a
chronology in three formats checked against a signed checkpoint, the auditors' lists,
and the access log every read of a person's records lands in."""

import csv
import io
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

import pytest

from api.demo.cases import CASES
from tests.e2e.conftest import Api, actor_headers
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

T = TypeVar("T")
HANDLER = ("staff-3101", "complaint_handler")
AUDITOR = ("staff-3102", "auditor")
PURPOSE = {"X-Purpose": "complaint C-2026-0412"}


def until(found: Callable[[], list[T]], seconds: float = 60) -> list[T]:
    """What ``found`` returns once it is not empty: read models are a moment behind."""
    deadline = time.monotonic() + seconds
    while not (result := found()):
        assert time.monotonic() < deadline, "never appeared"
        time.sleep(0.2)
    return result


def as_(actor: tuple[str, ...], **headers: str) -> dict[str, str]:
    return {**actor_headers(actor), **headers}


def position(api: Api) -> int:
    return int(api.http.get("/readyz").json()["position"])


def test_a_timeline_needs_a_purpose_and_a_refusal_stores_nothing(api: Api) -> None:
    """DESIGN-access-log: a timeline or chronology read states why; refused, it stores
    nothing."""
    plan_id, _ = drive(api, CASES[0])
    before = position(api)
    refused = api.http.get(f"/plans/{plan_id}/timeline", headers=as_(HANDLER))
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "X-Purpose"
    assert refused.json()["errors"][0]["obligation"] == "DESIGN-access-log"
    blank = api.http.get(f"/plans/{plan_id}/chronology", headers=as_(HANDLER, **{"X-Purpose": ""}))
    assert blank.status_code == 422
    assert position(api) == before


def tell_of_return(api: Api, plan_id: str, version: int, returned_version: int) -> int:
    """The practitioner tells the person why it was returned and of their right to
    complain (RET-3, COMP-1)."""
    body = {"plan_version": returned_version, "told": "person", "method": "letter",
            "reasons_explained": True, "right_to_complain_explained": True}  # fmt: skip
    told = api.post(f"/plans/{plan_id}/notifications", CASES[0].steps[0].actor, body, version)
    assert told.status_code == 200, told.text
    return int(told.json()["version"])


def test_a_plan_s_timeline_shows_each_step_and_whether_the_person_was_told(api: Api) -> None:
    plan_id, version = drive(api, CASES[0])
    history = api.get(f"/plans/{plan_id}/history", HANDLER).json()["events"]
    timeline = api.http.get(f"/plans/{plan_id}/timeline", headers=as_(HANDLER, **PURPOSE))
    assert timeline.status_code == 200, timeline.text
    steps = timeline.json()["steps"]
    assert [(s["type"], s["version"]) for s in steps] == [(e["type"], e["version"])
                                                         for e in history]  # fmt: skip
    assert timeline.json()["person_ref"] == "person-7001"
    assert all(isinstance(s["position"], int) for s in steps)
    assert steps[0]["days_since_previous"] is None
    first, second = (datetime.fromisoformat(s["occurred_at"]) for s in steps[:2])
    assert steps[1]["days_since_previous"] == round((second - first) / timedelta(days=1), 2)
    returned = next(s for s in steps if s["type"] == "Plan.Returned")
    assert returned["telling"]["right_to_complain_due"] is True  # COMP-1
    assert returned["telling"]["told_at"] is None  # the worked example does not tell them
    signed = next(s for s in steps if s["type"] == "Plan.SignedOff")
    assert signed["authority_level"] is not None

    tell_of_return(api, plan_id, version, returned["plan_version"])
    again = api.http.get(f"/plans/{plan_id}/timeline", headers=as_(HANDLER, **PURPOSE)).json()
    told = next(s for s in again["steps"] if s["type"] == "Plan.Returned")["telling"]
    assert told["told_at"] is not None
    assert told["right_to_complain_explained"] is True
    assert again["steps"][-1]["type"] == "Plan.PersonNotified"


def test_the_plan_as_it_stood_at_an_instant_and_what_changed(api: Api) -> None:
    plan_id, version = drive(api, CASES[0])
    history = api.get(f"/plans/{plan_id}/history", HANDLER).json()["events"]
    plan_events = [e for e in history if e["aggregate"] == "plan"]
    returned = next(e for e in plan_events if e["type"] == "Plan.Returned")
    at = returned["recorded_at"]
    stood = api.http.get(f"/plans/{plan_id}", params={"as_of": at}, headers=as_(HANDLER))
    assert stood.status_code == 200, stood.text
    assert (stood.json()["version"], stood.json()["status"]) == (returned["version"], "returned")
    early = datetime.fromisoformat(plan_events[0]["recorded_at"]) - timedelta(days=1)
    before = api.http.get(f"/plans/{plan_id}", params={"as_of": early.isoformat()},
                          headers=as_(HANDLER))  # fmt: skip
    assert before.status_code == 404
    naive = api.http.get(f"/plans/{plan_id}", params={"as_of": "2026-03-01T12:00:00"},
                         headers=as_(HANDLER))  # fmt: skip
    assert naive.status_code == 422

    changes = api.http.get(f"/plans/{plan_id}/diff", params={"from": returned["version"],
                                                             "to": version},
                           headers=as_(HANDLER)).json()["changes"]  # fmt: skip
    paths = {c["path"] for c in changes}
    assert "status" in paths
    assert any(p.startswith("draft.") or p.startswith("budget.") for p in paths)
    assert "version" not in paths


def test_a_chronology_in_three_formats_checked_against_a_signed_checkpoint(api: Api) -> None:
    plan_id, _ = drive(api, CASES[0])
    url = f"/plans/{plan_id}/chronology"
    found = api.http.get(url, headers=as_(HANDLER, **PURPOSE))
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["intact"] is True
    checks = {e["integrity"] for e in body["entries"]}
    assert checks <= {"verified", "not-yet-checkpointed"}
    if body["checkpoint"] is not None:
        size = body["checkpoint"]["size"]
        assert all(e["integrity"] == "verified" for e in body["entries"]
                   if e["position"] <= size)  # fmt: skip

    table = api.http.get(url, params={"format": "csv"}, headers=as_(HANDLER, **PURPOSE))
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["type"] for r in rows] == [e["type"] for e in body["entries"]]
    printable = api.http.get(url, params={"format": "html"}, headers=as_(HANDLER, **PURPOSE))
    assert printable.headers["content-type"].startswith("text/html")
    assert f"Chronology: plan {plan_id}" in printable.text
    assert "<script" not in printable.text


def test_a_person_s_timeline_spans_their_plans(api: Api) -> None:
    first, _ = drive(api, CASES[1])
    second, _ = drive(api, CASES[1])
    found = api.http.get("/people/person-7002/timeline", headers=as_(HANDLER, **PURPOSE))
    assert found.status_code == 200, found.text
    assert {first, second} <= set(found.json()["plan_ids"])
    steps = found.json()["steps"]
    assert [s["occurred_at"] for s in steps] == sorted(s["occurred_at"] for s in steps)
    assert api.http.get("/people/person-nobody/timeline",
                        headers=as_(HANDLER, **PURPOSE)).status_code == 404  # fmt: skip


def test_every_read_of_a_person_s_records_is_in_the_access_log(api: Api) -> None:
    plan_id, _ = drive(api, CASES[0])
    reads = [
        (f"/plans/{plan_id}", {}), (f"/plans/{plan_id}/history", {}),
        (f"/plans/{plan_id}/versions/2", {}), (f"/plans/{plan_id}/in-force", {}),
        (f"/plans/{plan_id}/budget/explanation", {}),
        (f"/plans/{plan_id}/diff?from=1&to=2", {}),
        (f"/plans/{plan_id}/timeline", PURPOSE), (f"/plans/{plan_id}/chronology", PURPOSE),
    ]  # fmt: skip
    for path, headers in reads:
        assert api.http.get(path, headers=as_(HANDLER, **headers)).status_code == 200, path
    log = api.http.get("/audit/access", params={"plan": plan_id}, headers=as_(AUDITOR))
    assert log.status_code == 200, log.text
    mine = [r for r in log.json()["rows"] if r["reader_id"] == HANDLER[0]]
    assert [r["what"] for r in mine] == ["plan", "history", "version", "in force",
                                         "budget explanation", "diff", "timeline",
                                         "chronology.json"]  # fmt: skip
    assert {r["person_ref"] for r in mine} == {"person-7001"}
    assert mine[-1]["purpose"] == PURPOSE["X-Purpose"]
    assert all(r["role"] == "complaint_handler" for r in mine)
    # only auditors read the access log
    assert api.http.get("/audit/access", headers=as_(HANDLER)).status_code == 403


def test_the_auditors_lists(api: Api) -> None:
    plan_id, version = drive(api, CASES[0])

    def rows(path: str, **params: str) -> list[dict[str, object]]:
        found = api.http.get(path, params={"limit": "500", **params}, headers=as_(AUDITOR))
        assert found.status_code == 200, found.text
        return [r for r in found.json()["rows"] if r["plan_id"] == plan_id]

    returns = rows("/audit/returns", reason="insufficient_information")
    assert [r["type"] for r in returns] == ["Plan.Returned"]
    assert rows("/audit/returns", reason="not_best_use_of_resources") == []
    signed = rows("/audit/sign-offs")
    level = signed[0]["authority_level"]
    assert rows("/audit/sign-offs", authority_level=str(level)) == signed
    untold = rows("/audit/adverse-untold")  # COMP-1
    assert [r["type"] for r in untold] == ["Plan.Returned"]
    tell_of_return(api, plan_id, version, int(str(untold[0]["plan_version"])))
    assert rows("/audit/adverse-untold") == []
    by_signer = rows("/audit/decisions", role="sign_off_officer")
    assert {r["type"] for r in by_signer} >= {"Plan.Returned", "Plan.SignedOff"}
    assert rows("/audit/declined-shares") == []


def test_a_declined_share_is_listed_with_its_reasons_and_the_exception_relied_on(
    api: Api,
) -> None:  # SHR-5, SHR-3
    plan_id, _ = drive(api, CASES[4])
    found = api.http.get("/audit/declined-shares", params={"limit": "500"}, headers=as_(AUDITOR))
    assert found.status_code == 200, found.text

    [declined] = [r for r in found.json()["rows"] if r["plan_id"] == plan_id]
    assert declined["reasons"] == "the neighbour is the subject of a safeguarding enquiry"
    assert declined["basis"] == "risk_of_abuse_or_neglect"


def test_queue_and_report_reads_are_in_the_access_log(api: Api) -> None:
    # DESIGN-access-log: a queue or a report names plans; reading one is a read of records
    plan_id, _ = drive(api, CASES[0])  # signed off: the person is still to be told
    manager = ("staff-5001", "line_manager")
    headers = {**actor_headers(manager), "X-Purpose": "weekly allocation"}

    def queue() -> list[object]:
        found = api.http.get("/queues/notifications", headers=headers,
                             params={"plan": plan_id, "limit": "500"})  # fmt: skip
        assert found.status_code == 200, found.text
        return list(found.json()["items"])

    until(queue)  # the read model is a moment behind the decisions
    report = api.http.get("/reports/compliance", headers=headers)
    assert report.status_code == 200, report.text

    log = api.http.get("/audit/access", params={"plan": plan_id}, headers=as_(AUDITOR)).json()
    read = {(r["what"], r["purpose"]) for r in log["rows"] if r["reader_id"] == manager[0]}
    assert read == {
        ("queue notifications", "weekly allocation"),
        ("report compliance", "weekly allocation"),
    }


def test_a_report_keeps_a_declines_reasons_for_those_who_audit_decisions(api: Api) -> None:
    # DESIGN-access-log: free text that may name third parties only where a role needs it
    plan_id, _ = drive(api, CASES[4])

    def declined(reader: tuple[str, ...]) -> list[dict[str, object]]:
        found = api.http.get("/reports/compliance", headers=actor_headers(reader))
        assert found.status_code == 200, found.text
        return [d for d in found.json()["declined_shares"] if d["plan_id"] == plan_id]

    manager = ("staff-5001", "line_manager")
    [for_manager] = until(lambda: declined(manager))
    [for_auditor] = declined(AUDITOR)
    reason = "the neighbour is the subject of a safeguarding enquiry"
    as_csv = api.http.get("/reports/compliance", headers=actor_headers(manager),
                          params={"format": "csv"})  # fmt: skip
    whole = api.http.get("/reports/compliance", headers=actor_headers(manager))

    assert "reasons" not in for_manager
    assert reason not in whole.text  # nor in any other list of the report
    assert reason not in as_csv.text
    assert for_auditor["reasons"] == reason


def test_whom_a_copy_is_owed_to_is_shown_to_those_who_hold_the_case(api: Api) -> None:
    # DESIGN-access-log: a signer reading the copies queue sees that copies are owed, not
    # the people they are owed to
    plan_id, _ = drive(api, CASES[0])  # signed off: a copy is owed to the person

    def copies(reader: tuple[str, ...]) -> list[dict[str, object]]:
        found = api.http.get("/queues/copies", headers=actor_headers(reader),
                             params={"plan": plan_id})  # fmt: skip
        assert found.status_code == 200, found.text
        return list(found.json()["items"])

    for_practitioner = until(lambda: copies(("staff-1001", "practitioner")))
    for_signer = copies(("staff-2001", "sign_off_officer"))

    assert [i["detail"] for i in for_practitioner] == ["person person-7001 (NOT-2)"]
    assert [(i["item"], i["detail"]) for i in for_signer] == [(None, None)]
    assert "person-7001" not in str(for_signer)


def test_a_purpose_in_utf_8_is_kept_as_written(api: Api) -> None:
    plan_id, _ = drive(api, CASES[0])
    purpose = "complaint \u2013 Zo\u00eb C-12"
    token = {k.encode(): v.encode() for k, v in actor_headers(HANDLER).items()}
    headers = {**token, b"X-Purpose": purpose.encode()}
    assert api.http.get(f"/plans/{plan_id}/timeline", headers=headers).status_code == 200
    log = api.http.get("/audit/access", params={"plan": plan_id}, headers=as_(AUDITOR)).json()
    assert [r["purpose"] for r in log["rows"] if r["what"] == "timeline"] == [purpose]
    latin = {**token, b"X-Purpose": "Zo\xeb".encode("latin-1")}
    refused = api.http.get(f"/plans/{plan_id}/timeline", headers=latin)
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("purpose-not-text")


def test_a_chronology_as_a_pdf(api: Api) -> None:
    plan_id, _ = drive(api, CASES[0])
    found = api.http.get(f"/plans/{plan_id}/chronology", params={"format": "pdf"},
                         headers=as_(HANDLER, **PURPOSE))  # fmt: skip
    assert found.status_code == 200, found.text
    assert found.headers["content-type"] == "application/pdf"
    assert found.content.startswith(b"%PDF-")
    assert found.content.rstrip().endswith(b"%%EOF")
    assert f"Chronology: plan {plan_id}".encode() in found.content  # the document's title
    log = api.http.get("/audit/access", params={"plan": plan_id}, headers=as_(AUDITOR)).json()
    assert [r["what"] for r in log["rows"]] == ["chronology.pdf"]
