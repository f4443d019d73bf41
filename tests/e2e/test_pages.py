"""The pages over HTTP, against a real server: signing in with a session cookie (CSRF on
every form), the purpose asked before a record opens and kept in the access log, and a
plan's timeline with each entry's verification mark. Browser and accessibility checks
come with the Playwright tests."""

import re
import time
from collections.abc import Iterator

import httpx
import pytest

from api.demo.cases import CASES
from tests.e2e.conftest import Api, Server, actor_headers, running_server
from tests.e2e.test_restricting import person as a_person
from tests.e2e.test_restricting import started
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

AUDITOR = ("staff-3001", "auditor")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def pages_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[Server]:  # fmt: skip
    """A server of these tests' own, signing a checkpoint after every catch-up that adds
    events, so that a decision just made is soon verified."""
    with running_server(request.param, tmp_path_factory.mktemp("pages"), request,
                        CARELEDGER_CHECKPOINT_EVERY_EVENTS="1") as server:  # fmt: skip
        yield server


@pytest.fixture
def api(pages_server: Server) -> Iterator[Api]:
    client = Api(pages_server.base_url)
    yield client
    client.http.close()


@pytest.fixture
def browser(pages_server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pages_server.base_url, timeout=60) as client:
        yield client


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


def sign_in(browser: httpx.Client, staff_id: str, role: str) -> httpx.Response:
    form = browser.get("/pages/sign-in")
    assert form.status_code == 200, form.text
    return browser.post(
        "/pages/sign-in",
        data={"csrf": csrf_in(form.text), "staff_id": staff_id, "role": role, "then": "/pages/"},
    )


def signed_plan(api: Api) -> str:
    """A worked example's plan, once a signed checkpoint covers it."""
    plan_id, _ = drive(api, CASES[2])
    top = int(api.http.get("/readyz").json()["position"])
    deadline = time.monotonic() + 60
    while True:
        latest = api.get("/audit/checkpoints", AUDITOR).json()["checkpoints"]
        if latest and latest[0]["size"] >= top:
            return plan_id
        assert time.monotonic() < deadline, "no checkpoint was signed"
        time.sleep(0.1)


def open_timeline(browser: httpx.Client, plan_id: str, purpose: str, **more: str
                  ) -> httpx.Response:  # fmt: skip
    """The purpose page, then its form sent with the session's token."""
    asked = browser.get(f"/pages/plans/{plan_id}/timeline")
    assert asked.status_code == 200, asked.text
    return browser.post(
        f"/pages/plans/{plan_id}/timeline",
        data={"csrf": csrf_in(asked.text), "purpose": purpose, **more},
    )


def reads_of(api: Api, plan_id: str, what: str = "timeline page") -> list[tuple[str, str]]:
    rows = api.http.get("/audit/access", params={"plan": plan_id},
                        headers=actor_headers(AUDITOR)).json()["rows"]  # fmt: skip
    return [(r["purpose"], r["reader_id"]) for r in rows if r["what"] == what]


def test_a_page_asks_for_a_session_and_signing_in_needs_the_forms_token(
    browser: httpx.Client,
) -> None:
    sent_away = browser.get("/pages/")
    browser.get("/pages/sign-in")  # the form's token is set in a cookie
    forged = browser.post("/pages/sign-in", data={"csrf": "guessed", "staff_id": "staff-3001",
                                                   "role": "auditor"})  # fmt: skip
    signed = sign_in(browser, *AUDITOR)
    session = next(c for c in signed.headers.get_list("set-cookie")
                   if c.startswith("careledger_session="))  # fmt: skip

    assert (sent_away.status_code, sent_away.headers["location"]) == (
        303, "/pages/sign-in?then=/pages/")  # fmt: skip
    assert forged.status_code == 403
    assert signed.status_code == 303
    assert all(part in session.lower() for part in ("httponly", "samesite=strict", "path=/pages"))
    assert browser.get("/pages/").status_code == 200


def test_a_timeline_opens_only_once_its_purpose_is_given_and_is_logged(
    api: Api, browser: httpx.Client
) -> None:
    plan_id = signed_plan(api)
    sign_in(browser, "staff-3001", "complaint_handler")

    asked = browser.get(f"/pages/plans/{plan_id}/timeline")
    blank = open_timeline(browser, plan_id, "  ")
    not_words = open_timeline(browser, plan_id, "complaint\x00C-21")
    shown = open_timeline(browser, plan_id, "complaint C-21")
    only_returns = open_timeline(browser, plan_id, "complaint C-21", kind="Plan.Returned")

    assert asked.status_code == 200
    assert "Why are you opening this record?" in asked.text
    assert "person-" not in asked.text  # nothing of the record before the purpose
    assert (blank.status_code, not_words.status_code) == (422, 422)
    assert "Error: Why are you opening this record?" in blank.text
    assert shown.status_code == 200, shown.text
    assert "Verified" in shown.text
    assert "ALTERED" not in shown.text
    assert shown.text.count("<tr>") > only_returns.text.count("<tr>") > 1
    assert "frame-ancestors 'none'" in shown.headers["content-security-policy"]
    assert reads_of(api, plan_id) == [("complaint C-21", "staff-3001")] * 2  # and no other


def test_a_form_sent_without_a_session_signs_in_then_goes_to_a_page_a_link_can_open(
    browser: httpx.Client,
) -> None:
    """A compare or sign-out form left open after the session ended: the reader signs in
    and lands on the start page, not on the form's target, which a link cannot open."""
    plan = "7f1d19eb-bb0b-4748-8000-000000000001"
    for target in (f"/pages/plans/{plan}/versions", "/pages/sign-out"):
        sent = browser.post(target, data={"from": "1", "to": "2"})
        assert (sent.status_code, sent.headers["location"]) == (
            303, "/pages/sign-in?then=/pages/")  # fmt: skip
    asked = browser.get(f"/pages/plans/{plan}/timeline")
    assert asked.headers["location"] == f"/pages/sign-in?then=/pages/plans/{plan}/timeline"


def test_a_link_cannot_give_the_purpose_for_the_reader(api: Api, browser: httpx.Client) -> None:
    plan_id, _ = drive(api, CASES[0])
    form = browser.get(
        "/pages/sign-in",
        params={"then": f"/pages/plans/{plan_id}/timeline?purpose=a purpose not given"},
    )
    signed = browser.post("/pages/sign-in", data={
        "csrf": csrf_in(form.text), "staff_id": "staff-3001", "role": "auditor",
        "then": f"/pages/plans/{plan_id}/timeline?purpose=a purpose not given"})  # fmt: skip
    landed = browser.get(signed.headers["location"])

    assert signed.headers["location"] == f"/pages/plans/{plan_id}/timeline"
    assert "Why are you opening this record?" in landed.text
    assert reads_of(api, plan_id) == []


def test_a_pages_session_is_not_a_bearer_token_for_the_api(api: Api, browser: httpx.Client) -> None:
    signed = sign_in(browser, "staff-1001", "practitioner")
    cookie = browser.cookies.get("careledger_session", path="/pages")
    assert signed.status_code == 303

    used = api.http.post("/plans", json={}, headers={"Authorization": f"Bearer {cookie}"})

    assert used.status_code == 401


def test_a_restricted_persons_timeline_is_refused_on_the_pages_too(
    api: Api, browser: httpx.Client
) -> None:
    person = a_person()  # of this test's own: a restriction holds for all their plans
    plan_id, _ = started(api, person)
    restricted = api.post(
        f"/people/{person}/restriction",
        ("staff-6001", "admin"),
        {"named": ["staff-3002"], "reason": "a relative of staff"},
    )
    sign_in(browser, *AUDITOR)

    refused = browser.get(f"/pages/plans/{plan_id}/timeline")

    assert restricted.status_code == 200, restricted.text
    assert refused.status_code == 403
    assert "DESIGN-restricted" in refused.text


def test_a_role_that_reads_no_records_cannot_sign_in_to_them(browser: httpx.Client) -> None:
    assert sign_in(browser, "staff-6001", "admin").status_code == 422


def test_signing_out_needs_the_sessions_token_and_ends_it(browser: httpx.Client) -> None:
    sign_in(browser, *AUDITOR)
    start = browser.get("/pages/")

    forged = browser.post("/pages/sign-out", data={"csrf": "guessed"})
    out = browser.post("/pages/sign-out", data={"csrf": csrf_in(start.text)})

    assert forged.status_code == 403
    assert out.status_code == 303
    assert browser.get("/pages/").status_code == 303


def test_a_page_is_neither_kept_nor_framed_and_loads_only_its_own_stylesheet(
    browser: httpx.Client,
) -> None:
    page = browser.get("/pages/sign-in")
    stylesheet = browser.get("/pages/static/pages.css")

    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "default-src 'none'" in page.headers["content-security-policy"]
    loaded = re.findall(r'<(?:link|script|img|iframe)\b[^>]*(?:href|src)="([^"]+)"', page.text)
    assert loaded == ["/pages/static/pages.css"]
    assert (stylesheet.status_code, stylesheet.headers["content-type"]) == (
        200, "text/css; charset=utf-8")  # fmt: skip


def test_two_versions_are_compared_side_by_side_and_the_read_is_logged(
    api: Api, browser: httpx.Client
) -> None:
    plan_id, version = drive(api, CASES[1])  # returned as disproportionate, then revised
    sign_in(browser, "staff-3001", "complaint_handler")
    timeline = open_timeline(browser, plan_id, "complaint C-30")

    compared = browser.post(f"/pages/plans/{plan_id}/versions", data={
        "csrf": csrf_in(timeline.text), "purpose": "complaint C-30", "from": "1",
        "to": str(version)})  # fmt: skip
    same = browser.post(
        f"/pages/plans/{plan_id}/versions",
        data={"csrf": csrf_in(timeline.text), "purpose": "complaint C-30", "from": "2", "to": "2"},
    )
    forged = browser.post(
        f"/pages/plans/{plan_id}/versions",
        data={"csrf": "guessed", "purpose": "complaint C-30", "from": "1", "to": "2"},
    )

    assert compared.status_code == 200, compared.text
    assert f"version 1 against version {version}" in compared.text
    assert '<tr class="change-added">' in compared.text
    assert "<code>status</code>" in compared.text
    assert "Nothing in the plan or its budget differs" in same.text
    assert forged.status_code == 403
    assert reads_of(api, plan_id, "versions page") == [("complaint C-30", "staff-3001")] * 2
