"""The complaint pages in a real browser, used as a complaint handler would: a complaint
recorded on a plan from the start page, the purpose given, the complaint acknowledged
through its form (a refusal shown first, then put right), and the complaints queue. Each
page passes axe-core's WCAG 2.2 AA checks with no serious or critical problem."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from playwright.sync_api import Page, expect

from domain.complaining.clock import day_in_england
from tests.browser.conftest import Look
from tests.browser.test_pages_in_browser import sign_in
from tests.e2e.conftest import Api


def today() -> date:
    """Today as the service counts days: in England."""
    return day_in_england(datetime.now(UTC))


pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PURPOSE = "complaint CR-40"


def test_a_complaint_is_recorded_acknowledged_and_queued(
    page: Page, look: Look, api: Api, plan_id: str
) -> None:
    """CMP-1, CMP-2, CMP-3, CMP-6."""
    person = api.get(f"/plans/{plan_id}", ("staff-3001", "complaint_handler")).json()[
        "person_ref"]  # fmt: skip
    complaint_ref = f"CB-{uuid4().hex[:8]}"
    sign_in(page, look)
    page.get_by_role("link", name="Record a complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a complaint")
    look(page, "complaint-new")
    page.get_by_label("Complaint reference").fill(complaint_ref)
    page.get_by_label("Person's reference").fill(person)
    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_label("Timeline entries it concerns").fill("plan 1, plan 2")
    page.get_by_label("Made by").select_option("representative")
    page.get_by_label("What the complaint is about").fill("the plan was returned twice")
    page.get_by_label("When the matter happened").fill(
        (today() - timedelta(days=2)).isoformat())  # fmt: skip
    page.get_by_role("button", name="Record the complaint").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Why are you opening this record?")
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Open the complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Complaint {complaint_ref}")
    expect(page.get_by_text("plan version 2")).to_be_visible()
    look(page, "complaint")

    page.get_by_label("A discussion of how it will be handled was offered").check()
    page.get_by_label("set by us (they declined to discuss it)").check()
    page.get_by_label("Response due on").fill((today() + timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Record the acknowledgement").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("CMP-3")
    look(page, "complaint-refused")
    page.get_by_label("A period we set was told to them in writing").check()
    page.get_by_role("button", name="Record the acknowledgement").click()
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", name="Answer")).to_be_visible()
    expect(page.locator("dl.summary")).to_contain_text("acknowledged")

    page.goto("/pages/complaints")
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints")
    row = page.locator("tr", has_text=complaint_ref)
    expect(row).to_contain_text("response")
    look(page, "complaints")
