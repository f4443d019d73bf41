"""The work-queue and report pages in a real browser, used as a line manager would: from
the start page to the queues, a team chosen by the form, a queue opened by its link and
an item's plan found in it with its age; then the reports, a period chosen, the charts
drawn beside their tables, and a day not written out asked for again. Each page passes
axe-core's WCAG 2.2 AA checks with no serious or critical problem."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from api.demo.cases import CASES
from api.pages.queues import QUEUE_NAMES
from projections.queues import QUEUES
from tests.browser.conftest import Look
from tests.browser.test_pages_in_browser import sign_in
from tests.e2e.conftest import Api, actor_headers
from tests.e2e.test_worked_examples import drive

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MANAGER = ("staff-5001", "line manager")  # a staff id, and a role as the list shows it


def queue_holding(api: Api, plan_id: str) -> tuple[str, dict[str, Any]]:
    """The first queue the plan has an item in, and its first item there, by the API
    (read once the read model has the plan's last decision)."""
    position = int(api.http.get("/readyz").json()["position"])
    for queue in QUEUES:
        answer = api.http.get(f"/queues/{queue}", params={"plan": plan_id, "after": position},
                              headers=actor_headers(("staff-5001", "line_manager")))  # fmt: skip
        assert answer.status_code == 200, answer.text
        if answer.json()["items"]:
            return queue, answer.json()["items"][0]
    raise AssertionError(f"plan {plan_id} is in no queue")


def test_a_line_manager_finds_an_item_in_its_queue_through_the_links(
    page: Page, look: Look, api: Api
) -> None:
    plan_id, _ = drive(api, CASES[0])
    queue, item = queue_holding(api, plan_id)
    sign_in(page, look, *MANAGER)

    page.get_by_role("link", name="Work queues").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work queues")
    look(page, "queues")
    page.get_by_label("Team (optional)").fill(str(item["team"]))
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("table")).to_contain_text(f"for {item['team']}")
    look(page, "queues-for-a-team")

    page.get_by_role("link", name=QUEUE_NAMES[queue][0], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUEUE_NAMES[queue][0])
    row = page.locator("tbody tr").filter(has=page.locator(f'a[href*="{plan_id}"]')).first
    expect(row.locator("td.numeric")).to_have_text(str(item["age_days"]))
    look(page, "queue")

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why are you opening this record?")


def test_a_line_manager_reads_the_reports_for_a_period_in_charts_and_tables(
    page: Page, look: Look, api: Api
) -> None:
    drive(api, CASES[1])  # a plan signed off today, in any period that includes it
    sign_in(page, look, *MANAGER)

    page.get_by_role("link", name="Reports: timeliness, consistency and compliance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    look(page, "reports")

    page.get_by_label("From", exact=True).fill("2000-01-01")
    page.get_by_label("To", exact=True).fill("2199-12-31")
    page.get_by_role("button", name="Show the reports").click()
    expect(page.get_by_text("From 2000-01-01 to 2199-12-31")).to_be_visible()
    charts = page.locator('svg[role="img"]')
    expect(charts.first).to_be_visible()
    expect(page.get_by_role("img", name="Final weekly budgets by needs profile")).to_be_visible()
    expect(page.get_by_role("table", name="Final weekly budgets by needs profile (£ a week)")
           ).to_be_visible()  # fmt: skip
    look(page, "reports-for-a-period")

    page.get_by_label("From", exact=True).fill("last week")
    page.get_by_role("button", name="Show the reports").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("From", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(charts).to_have_count(0)
    look(page, "reports-error")
