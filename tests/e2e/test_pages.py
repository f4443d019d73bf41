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
from tests.e2e.conftest import Api, Server, actor_headers
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

AUDITOR = ("staff-3001", "auditor")


@pytest.fixture
def browser(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
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


def test_a_page_asks_for_a_session_and_signing_in_needs_the_forms_token(
    browser: httpx.Client,
) -> None:
    sent_away = browser.get("/pages/")
    forged = browser.post("/pages/sign-in", data={"csrf": "guessed", "staff_id": "staff-3001",
                                                   "role": "auditor"})  # fmt: skip
    signed = sign_in(browser, *AUDITOR)
    cookie = signed.headers["set-cookie"]

    assert (sent_away.status_code, sent_away.headers["location"]) == (
        303, "/pages/sign-in?then=/pages/")  # fmt: skip
    assert forged.status_code == 403
    assert signed.status_code == 303
    assert "careledger_session=" in cookie
    assert all(part in cookie.lower() for part in ("httponly", "samesite=strict", "path=/pages"))
    assert browser.get("/pages/").status_code == 200


def test_a_timeline_opens_only_once_its_purpose_is_given_and_is_logged(
    api: Api, browser: httpx.Client
) -> None:
    plan_id = signed_plan(api)
    sign_in(browser, "staff-3001", "complaint_handler")

    asked = browser.get(f"/pages/plans/{plan_id}/timeline")
    shown = browser.get(f"/pages/plans/{plan_id}/timeline", params={"purpose": "complaint C-21"})
    only_returns = browser.get(
        f"/pages/plans/{plan_id}/timeline",
        params={"purpose": "complaint C-21", "kind": "Plan.Returned"},
    )
    logged = api.http.get("/audit/access", params={"plan": plan_id},
                          headers=actor_headers(AUDITOR)).json()["rows"]  # fmt: skip

    assert asked.status_code == 200
    assert "Why are you opening this record?" in asked.text
    assert "person-" not in asked.text  # nothing of the record before the purpose
    assert shown.status_code == 200, shown.text
    assert "Verified" in shown.text
    assert "ALTERED" not in shown.text
    assert shown.text.count("<tr>") > only_returns.text.count("<tr>") > 1
    assert ("timeline page", "complaint C-21", "staff-3001") in {
        (r["what"], r["purpose"], r["reader_id"]) for r in logged
    }


def test_a_role_that_reads_no_records_cannot_sign_in_to_them(
    api: Api, browser: httpx.Client
) -> None:
    plan_id, _ = drive(api, CASES[0])
    signed = sign_in(browser, "staff-6001", "admin")

    refused = browser.get(f"/pages/plans/{plan_id}/timeline", params={"purpose": "curious"})

    assert signed.status_code == 422  # not a role the pages offer
    assert refused.status_code == 303  # no session was made: sign in first


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
