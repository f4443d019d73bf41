"""Erasing a person's records over HTTP (KEEP-2), on SQLite and PostgreSQL: an admin
erases them; their plan's content then answers 410 and a decision on it is refused; its
history, timeline and chronology still show each decision, when and by whom, with the
personal fields erased; the integrity record still verifies."""

from dataclasses import replace
from uuid import uuid4

import httpx
import pytest

from api.demo.cases import CASES, Case
from tests.e2e.conftest import Api, actor_headers
from tests.e2e.test_pages_records import pdf_text
from tests.e2e.test_records_http import until
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

ADMIN = ("staff-9901", "admin")
HANDLER = ("staff-3101", "complaint_handler")
AUDITOR = ("staff-3102", "auditor")
PURPOSE = {"X-Purpose": "complaint C-2026-0999"}


def case_of(person: str) -> Case:
    """The first worked example, for a person of the test's own."""
    first, *rest = CASES[0].steps
    return replace(CASES[0], steps=(replace(first, body={**first.body, "person_ref": person}),
                                    *rest))  # fmt: skip


def erase(api: Api, person: str, actor: tuple[str, ...] = ADMIN) -> httpx.Response:
    return api.http.post("/retention/erasures", json={"person_ref": person,
                                                      "ground": "erasure_request"},
                         headers=actor_headers(actor))  # fmt: skip


def test_an_erased_persons_records_keep_their_skeleton_and_the_record_verifies(
    api: Api,
) -> None:
    person = f"person-{uuid4().hex[:10]}"
    plan_id, version = drive(api, case_of(person))
    history_before = api.get(f"/plans/{plan_id}/history", HANDLER).json()["events"]
    positions = until(lambda: [s["position"] for s in api.http.get(
        f"/plans/{plan_id}/timeline", headers={**actor_headers(HANDLER), **PURPOSE}
    ).json().get("steps", [])])  # fmt: skip

    refused = erase(api, person, HANDLER)
    erased = erase(api, person)
    again = erase(api, person)

    assert refused.status_code == 403
    assert erased.status_code == 201, erased.text
    assert plan_id in erased.json()["streams"]
    assert again.status_code == 404
    assert again.json()["type"] == "urn:careledger:problem:nothing-to-erase"
    content = api.get(f"/plans/{plan_id}", HANDLER)
    assert content.status_code == 410
    assert content.json()["type"] == "urn:careledger:problem:records-erased"
    signer = next(step.actor for step in CASES[0].steps if step.path == "return")
    decided = api.post(f"/plans/{plan_id}/information-request", signer,
                       {"questions": ["anything?"]}, version)  # fmt: skip
    assert decided.status_code == 410

    read = api.get(f"/plans/{plan_id}/history", HANDLER)
    assert read.status_code == 200, read.text
    history = read.json()["events"]
    assert [(e["type"], e["actor"], e["occurred_at"]) for e in history] == [
        (e["type"], e["actor"], e["occurred_at"]) for e in history_before]  # fmt: skip
    assert person not in str(history)
    assert history[0]["grounds"]["person_ref"] == "[erased]"
    timeline = api.http.get(f"/plans/{plan_id}/timeline",
                            headers={**actor_headers(HANDLER), **PURPOSE})  # fmt: skip
    assert timeline.status_code == 200, timeline.text
    assert person not in timeline.text
    chronology = api.http.get(f"/plans/{plan_id}/chronology?format=csv",
                              headers={**actor_headers(HANDLER), **PURPOSE})  # fmt: skip
    assert chronology.status_code == 200, chronology.text
    assert person not in chronology.text
    assert len(chronology.text.splitlines()) > len(history) // 2
    for form in ("html", "pdf"):
        exported = api.http.get(f"/plans/{plan_id}/chronology?format={form}",
                                headers={**actor_headers(HANDLER), **PURPOSE})  # fmt: skip
        assert exported.status_code == 200, exported.text
        shown = pdf_text(exported.content) if form == "pdf" else exported.content
        assert len(shown) > 500
        assert person.encode() not in shown

    verdict = until(lambda: [v for v in [api.get("/audit/verify", AUDITOR).json()]
                             if v.get("checked", 0) > positions[-1]])  # fmt: skip
    assert verdict[0]["intact"] is True  # the stored events, and every checkpoint
