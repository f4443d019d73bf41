"""The records and audit pages over HTTP, against a real server on each store: a plan as
it stood, a person's chronology (with its PDF and CSV), decisions across plans, the
access log, and the integrity record. Each refuses a reader without a session or in the
wrong role, asks the purpose before any record opens (logging nothing before it), and
logs each read with it; restricted records stay restricted."""

import csv
import io
import re
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from api.demo.cases import CASES
from tests.e2e.conftest import Api, Server, actor_headers, token_for
from tests.e2e.test_pages import AUDITOR, csrf_in, sign_in, signed_plan
from tests.e2e.test_pages import pages_server as pages_server  # the server of these tests
from tests.e2e.test_restricting import person as a_person
from tests.e2e.test_restricting import restrict, started
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

HANDLER = ("staff-3001", "complaint_handler")
RECORD_PAGES = ("/pages/plans/as-of", "/pages/people/chronology")
AUDIT_PAGES = ("/pages/audit/decisions", "/pages/audit/access", "/pages/audit/integrity")
FORMS = ("/pages/plans/as-of", "/pages/people/chronology", "/pages/people/chronology.pdf",
         "/pages/people/chronology.csv", "/pages/audit/decisions",
         "/pages/audit/integrity/verify")  # fmt: skip


@pytest.fixture
def api(pages_server: Server) -> Iterator[Api]:
    client = Api(pages_server.base_url)
    yield client
    client.http.close()


@pytest.fixture
def browser(pages_server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pages_server.base_url, timeout=120) as client:
        yield client


def reads(api: Api, what: str, **filters: str) -> list[tuple[str, str, str | None]]:
    """The access log's reads of ``what``, as (purpose, reader, detail), through
    ``GET /audit/access`` as an auditor."""
    answer = api.http.get("/audit/access", params={**filters, "limit": 500},
                          headers=actor_headers(AUDITOR))  # fmt: skip
    assert answer.status_code == 200, answer.text
    return [(r["purpose"], r["reader_id"], r["detail"]) for r in answer.json()["rows"]
            if r["what"] == what]  # fmt: skip


def person_of(api: Api, plan_id: str) -> str:
    person_ref: str = api.get(f"/plans/{plan_id}").json()["person_ref"]
    return person_ref


def pdf_text(document: bytes) -> bytes:
    """The PDF's page content, its (Flate-compressed) streams inflated."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S)
    return b"".join(zlib.decompress(s) for s in streams if s.startswith(b"x"))


def send(browser: httpx.Client, path: str, **fields: str) -> httpx.Response:
    """A page's form (opened first, for its token), sent with ``fields``."""
    form = browser.get(path)
    assert form.status_code == 200, form.text
    return browser.post(path, data={"csrf": csrf_in(form.text), **fields})


def test_every_page_sends_a_reader_without_a_session_to_sign_in(
    browser: httpx.Client,
) -> None:
    for path in RECORD_PAGES + AUDIT_PAGES:
        asked = browser.get(path)
        assert (asked.status_code, asked.headers["location"]) == (
            303, f"/pages/sign-in?then={path}"), path  # fmt: skip
    for path in FORMS:  # a form's target is not a page a link can open: the start page
        sent = browser.post(path, data={"purpose": "complaint C-1", "person": "person-7001"})
        assert (sent.status_code, sent.headers["location"]) == (
            303, "/pages/sign-in?then=/pages/"), path  # fmt: skip


def test_every_page_refuses_a_role_that_does_not_read_it(
    browser: httpx.Client, pages_server: Server
) -> None:
    sign_in(browser, "staff-1001", "practitioner")
    practitioner = {path: browser.get(path).status_code for path in RECORD_PAGES + AUDIT_PAGES}
    sign_in(browser, *HANDLER)
    handler = {path: browser.get(path).status_code for path in AUDIT_PAGES}
    # an administrator cannot sign in to the pages: a session claiming the role anyway
    session = token_for(("staff-6001", "admin"), kind="session", csrf="t")
    with httpx.Client(base_url=pages_server.base_url, timeout=120,
                      cookies={"careledger_session": session}) as admin_browser:  # fmt: skip
        admin = {path: admin_browser.get(path) for path in RECORD_PAGES}

    assert practitioner == {"/pages/plans/as-of": 200, "/pages/people/chronology": 200,
                            "/pages/audit/decisions": 403, "/pages/audit/access": 403,
                            "/pages/audit/integrity": 403}  # fmt: skip
    # complaint handlers read decisions and the integrity record, as over the API; not
    # the access log, which is the auditors'
    assert handler == {"/pages/audit/decisions": 200, "/pages/audit/access": 403,
                       "/pages/audit/integrity": 200}  # fmt: skip
    for answer in admin.values():
        assert answer.status_code == 403
        assert "DESIGN-roles" in answer.text


def test_a_plan_as_it_stood_opens_only_once_its_purpose_is_given_and_is_logged(
    api: Api, browser: httpx.Client
) -> None:
    plan_id, latest = drive(api, CASES[1])  # returned as disproportionate, then revised
    sign_in(browser, *HANDLER)
    # after every decision so far: to the microsecond (the form takes it as UTC)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")

    blank = send(browser, "/pages/plans/as-of", plan=plan_id, version="1", purpose=" ")
    unsaid = reads(api, "plan as of page", plan=plan_id)
    both = send(browser, "/pages/plans/as-of", plan=plan_id, version="1", at=now,
                purpose="complaint C-40")  # fmt: skip
    not_a_time = send(browser, "/pages/plans/as-of", plan=plan_id, at="yesterday",
                      purpose="complaint C-40")  # fmt: skip
    first = send(browser, "/pages/plans/as-of", plan=plan_id, version="1",
                 purpose="complaint C-40")  # fmt: skip
    then = send(browser, "/pages/plans/as-of", plan=plan_id, at=now, purpose="complaint C-40")
    beyond = send(browser, "/pages/plans/as-of", plan=plan_id, version=str(latest + 5),
                  purpose="complaint C-40")  # fmt: skip
    api_then = api.get(f"/plans/{plan_id}?as_of={now}Z", HANDLER).json()

    assert blank.status_code == 422
    assert "Error: A plan as it stood" in blank.text
    assert "Say why you are opening this record." in blank.text
    assert "person-" not in blank.text  # nothing of the record before the purpose
    assert unsaid == []
    assert (both.status_code, not_a_time.status_code) == (422, 422)
    assert "not both" in both.text
    assert first.status_code == 200, first.text
    assert f"Plan {plan_id} at version 1</h1>" in first.text
    assert then.status_code == 200, then.text
    assert f"Plan {plan_id} as it stood at {now[:16].replace('T', ' ')} UTC</h1>" in then.text
    assert f"Person <strong>{api_then['person_ref']}</strong>" in then.text
    # the plan's needs, outcomes and costed lines, with its totals as the API gives them
    for need in api_then["draft"]["needs"]:
        assert f'<th scope="row">{need["ref"]}</th>' in then.text
    for outcome in api_then["draft"]["outcomes"]:
        assert outcome["description"] in then.text
    costing = api_then["budget"]["agreed"]["costing"]
    assert costing["line_items"]
    for line in costing["line_items"]:
        assert f'<td class="number">{line["weekly_cost"]}</td>' in then.text
    assert f'<td class="number">{costing["total_plan_cost"]}</td>' in then.text
    assert f'action="/pages/plans/{plan_id}/timeline"' in then.text
    assert beyond.status_code == 404
    assert reads(api, "plan as of page", plan=plan_id) == [
        ("complaint C-40", "staff-3001", "1"),
        ("complaint C-40", "staff-3001", f"{now}+00:00"),
    ]


def test_a_persons_chronology_opens_once_its_purpose_is_given_and_exports_as_the_api_does(
    api: Api, browser: httpx.Client
) -> None:
    plan_id = signed_plan(api)  # a checkpoint covers every decision: the marks hold still
    person_ref = person_of(api, plan_id)
    sign_in(browser, *HANDLER)

    blank = send(browser, "/pages/people/chronology", person=person_ref, purpose="")
    unsaid = reads(api, "chronology page", person=person_ref)
    shown = send(browser, "/pages/people/chronology", person=person_ref,
                 purpose="complaint C-41")  # fmt: skip
    exported = {form: browser.post(f"/pages/people/chronology.{form}", data={
        "csrf": csrf_in(shown.text), "person": person_ref, "purpose": "complaint C-41"})
        for form in ("pdf", "csv")}  # fmt: skip
    forged = browser.post("/pages/people/chronology.pdf", data={
        "csrf": "guessed", "person": person_ref, "purpose": "complaint C-41"})  # fmt: skip
    purpose = {"X-Purpose": "audit A-1"}
    from_api = api.http.get(f"/people/{person_ref}/chronology", params={"format": "csv"},
                            headers={**actor_headers(HANDLER), **purpose})  # fmt: skip
    entries = list(csv.DictReader(io.StringIO(exported["csv"].text)))

    assert blank.status_code == 422
    assert "Say why you are opening this record." in blank.text
    assert "<table" not in blank.text
    assert unsaid == []
    assert shown.status_code == 200, shown.text
    assert f"<h1>Chronology of {person_ref}</h1>" in shown.text
    assert '<th scope="col">Plan</th>' in shown.text
    assert f'<td class="plan-id">{plan_id}</td>' in shown.text
    assert "Times are UTC." in shown.text
    assert shown.text.count("<tr>") - 1 == len(entries) > 1  # a row per entry, and its head
    assert shown.text.count('<td class="mark-verified">Verified</td>') >= len(
        [e for e in entries if e["plan_id"] == plan_id])  # fmt: skip
    pdf = exported["pdf"]
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF-")
    assert f'filename="chronology-{person_ref}.pdf"' in pdf.headers["content-disposition"]
    assert f"/Title (Chronology: person {person_ref}, for complaint C-41)".encode() in (
        pdf.content)  # fmt: skip
    shown_in_pdf = pdf_text(pdf.content)
    assert re.search(rb"\(Page 1 of \) Tj \([0-9]+\) Tj", shown_in_pdf)  # numbered pages
    assert b"Happened \\(UTC\\)" in shown_in_pdf  # times labelled with their zone
    assert exported["csv"].headers["content-type"].startswith("text/csv")
    assert "plan_id" in entries[0]
    assert plan_id in {e["plan_id"] for e in entries}
    assert exported["csv"].text == from_api.text  # the same document as the API's
    assert forged.status_code == 403
    assert reads(api, "chronology page", person=person_ref)[-1:] == [
        ("complaint C-41", "staff-3001", None)]  # fmt: skip
    for form in ("pdf", "csv"):
        assert reads(api, f"chronology.{form} page", person=person_ref) == [
            ("complaint C-41", "staff-3001", None)]  # fmt: skip


def test_a_restricted_persons_records_are_refused_on_these_pages_and_left_out_of_lists(
    api: Api, browser: httpx.Client
) -> None:
    person_ref = a_person()  # of this test's own: a restriction holds for all their plans
    plan_id, _ = started(api, person_ref)
    assert restrict(api, person_ref, "staff-0101").status_code == 200
    sign_in(browser, *AUDITOR)

    chronology = send(browser, "/pages/people/chronology", person=person_ref,
                      purpose="audit A-7")  # fmt: skip
    as_of = send(browser, "/pages/plans/as-of", plan=plan_id, version="1", purpose="audit A-7")
    listed = send(browser, "/pages/audit/decisions", person=person_ref, purpose="audit A-7")

    for refused in (chronology, as_of):
        assert refused.status_code == 403
        assert "DESIGN-restricted" in refused.text
    assert listed.status_code == 200, listed.text
    assert "0 decisions found" in listed.text  # withheld, as GET /audit/decisions does
    assert plan_id not in listed.text
    assert reads(api, "chronology page", person=person_ref) == []
    assert reads(api, "plan as of page", plan=plan_id) == []


def test_decisions_across_plans_show_once_a_purpose_is_given_and_the_read_is_logged(
    api: Api, browser: httpx.Client
) -> None:
    plan_id, _ = drive(api, CASES[1])
    sign_in(browser, *HANDLER)

    asked = browser.get("/pages/audit/decisions")
    blank = send(browser, "/pages/audit/decisions", plan=plan_id, purpose="")
    unsaid = reads(api, "decisions", plan=plan_id)
    wrong = send(browser, "/pages/audit/decisions", plan="not-a-plan", purpose="audit A-8")
    shown = send(browser, "/pages/audit/decisions", plan=plan_id, purpose="audit A-8")
    returns = send(browser, "/pages/audit/decisions", plan=plan_id, type="Plan.Returned",
                   purpose="audit A-8")  # fmt: skip
    from_api = api.get(f"/audit/decisions?plan={plan_id}", HANDLER).json()

    assert asked.status_code == 200
    assert "Decisions found" not in asked.text
    assert blank.status_code == 422
    assert "Decisions found" not in blank.text
    assert unsaid == []
    assert wrong.status_code == 422
    assert "A plan id is a UUID." in wrong.text
    assert shown.status_code == 200, shown.text
    assert f"{from_api['total']} decisions found" in shown.text
    assert shown.text.count(f'<td class="plan-id">{plan_id}') == from_api["total"] > 1
    assert returns.text.count(f'<td class="plan-id">{plan_id}') == 1
    assert reads(api, "decisions", plan=plan_id) == [
        ("audit A-8", "staff-3001", f"plan_id={plan_id}"),
        ("audit A-8", "staff-3001", f"type=Plan.Returned, plan_id={plan_id}"),
        (None, "staff-3001", f"plan_id={plan_id}"),  # the API's, which asks no purpose
    ]


def test_the_access_log_page_shows_who_read_a_record_and_why(
    api: Api, browser: httpx.Client
) -> None:
    plan_id, _ = drive(api, CASES[0])
    sign_in(browser, *HANDLER)
    send(browser, "/pages/plans/as-of", plan=plan_id, version="1", purpose="complaint C-42")
    sign_in(browser, *AUDITOR)

    shown = browser.get("/pages/audit/access", params={"plan": plan_id})
    other = browser.get("/pages/audit/access", params={"plan": plan_id, "reader": "staff-9"})
    wrong = browser.get("/pages/audit/access", params={"from": "last week"})

    assert shown.status_code == 200, shown.text
    assert "1 read found" in shown.text
    assert "complaint C-42" in shown.text
    assert "plan as of page" in shown.text
    assert "staff-3001, complaint handler" in shown.text
    assert "0 reads found" in other.text
    assert wrong.status_code == 422
    assert "Write the time as 2026-03-01T12:00 (UTC)." in wrong.text


def followed_to_its_verdict(browser: httpx.Client, seconds: float = 120) -> httpx.Response:
    """The verify pass's page, as its refreshing would show it, until the verdict: while
    the pass runs, the page says how far it has come and refreshes itself."""
    deadline = time.monotonic() + seconds
    while True:
        shown = browser.get("/pages/audit/integrity/verify")
        if "Verdict:" in shown.text:
            return shown
        assert "<progress" in shown.text, shown.text
        assert 'http-equiv="refresh"' in shown.text
        assert time.monotonic() < deadline, "the verify pass never ended"
        time.sleep(0.2)


def test_the_integrity_page_shows_checkpoints_verifies_and_draws_a_proof_to_the_root(
    api: Api, browser: httpx.Client
) -> None:
    signed_plan(api)
    sign_in(browser, *AUDITOR)
    latest = api.get("/audit/checkpoints", AUDITOR).json()["checkpoints"][0]

    shown = browser.get("/pages/audit/integrity")
    forged = browser.post("/pages/audit/integrity/verify", data={"csrf": "guessed"})
    started = browser.post("/pages/audit/integrity/verify", data={"csrf": csrf_in(shown.text)})
    verified = followed_to_its_verdict(browser)
    proof = browser.get(
        "/pages/audit/integrity", params={"position": "3", "checkpoint": str(latest["size"])}
    )
    from_api = api.get(f"/audit/proof/3?checkpoint={latest['size']}", AUDITOR).json()
    beyond = browser.get("/pages/audit/integrity", params={"position": str(10**12)})
    not_a_number = browser.get("/pages/audit/integrity", params={"position": "third"})

    assert shown.status_code == 200
    assert f"<code>{latest['root']}</code>" in shown.text
    assert forged.status_code == 403
    assert (started.status_code, started.headers["location"]) == (
        303, "/pages/audit/integrity/verify")  # fmt: skip
    assert verified.status_code == 200, verified.text
    assert '<span class="mark-verified">intact</span>' in verified.text
    assert "NOT INTACT" not in verified.text
    assert "None: every event and checkpoint holds." in verified.text
    assert proof.status_code == 200, proof.text
    assert f"<code>{from_api['leaf_hash']}</code>" in proof.text
    for sibling in from_api["proof"]:
        assert f"<code>{sibling}</code>" in proof.text
    assert proof.text.count("sibling on the ") == len(from_api["proof"]) > 1
    assert "the path reaches it" in proof.text
    assert from_api["checkpoint"]["note"].splitlines()[0] in proof.text  # the signed note
    assert beyond.status_code == 404
    assert "No proof:" in beyond.text
    assert not_a_number.status_code == 422


def test_an_erased_persons_plan_is_refused_on_its_page_and_its_timeline_shows_no_one(
    api: Api, browser: httpx.Client
) -> None:
    """KEEP-2: once erased, the plan as it stood answers 410 with why, and the timeline
    still shows each decision but nothing of the person."""
    person = a_person()
    plan_id, _ = started(api, person)
    erased = api.http.post("/retention/erasures", json={"person_ref": person,
                                                        "ground": "retention_ended"},
                           headers=actor_headers(("staff-9901", "admin")))  # fmt: skip
    assert erased.status_code == 201, erased.text
    sign_in(browser, *HANDLER)

    content = send(browser, "/pages/plans/as-of", plan=plan_id, version="1",
                   purpose="complaint C-41")  # fmt: skip
    timeline = send(browser, f"/pages/plans/{plan_id}/timeline", purpose="complaint C-41")

    assert content.status_code == 410
    assert "records were erased (KEEP-2)" in content.text
    assert timeline.status_code == 200, timeline.text
    assert person not in timeline.text
    assert "[erased]" in timeline.text
    assert timeline.text.count("<tr") >= 3  # the start and the indicative budget, and headings
