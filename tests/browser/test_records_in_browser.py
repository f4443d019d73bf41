"""The records and audit pages in a real browser, opened through their forms as a person
would: a plan as it stood, a person's chronology and its PDF, decisions across plans, the
access log, and the integrity record. Each page is checked with axe-core (``look``)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Look
from tests.browser.test_pages_in_browser import sign_in
from tests.e2e.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PURPOSE = "complaint C-50"


def h1(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_a_plan_as_it_stood_at_a_version_opens_from_the_start_page_once_a_purpose_is_given(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look)
    page.get_by_role("link", name="A plan as it stood at a time or version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A plan as it stood")
    look(page, "plan-as-of-form")

    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_label("Or version number").fill("1")
    page.get_by_role("button", name="Open the plan").click()  # no purpose given
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Purpose")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Plan id")).to_have_value(plan_id)  # what was typed is kept
    expect(page.get_by_text("person-")).to_have_count(0)
    look(page, "plan-as-of-form-error")
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Open the plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan {plan_id} at version 1")
    expect(page.get_by_text(f"Opened for: {PURPOSE}.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Needs")).to_be_visible()
    look(page, "plan-as-of")
    page.get_by_role("button", name="Open the plan's timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Timeline of plan {plan_id}")


def test_a_plan_as_it_stood_at_an_instant_shows_its_agreed_budget(
    page: Page, look: Look, plan_id: str, api: Api
) -> None:
    agreed = api.get(f"/plans/{plan_id}").json()["budget"]["agreed"]
    sign_in(page, look)
    page.goto("/pages/plans/as-of")

    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_label("Instant (UTC)").fill("2199-01-01T00:00")
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Open the plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Plan {plan_id} as it stood at 2199-01-01 00:00 UTC")  # fmt: skip
    lines = page.locator("table", has=page.get_by_text("The agreed budget's costed lines"))
    expect(lines.locator("tbody tr")).to_have_count(len(agreed["costing"]["line_items"]))
    expect(lines.locator("tfoot tr").last).to_contain_text(agreed["costing"]["total_plan_cost"])
    look(page, "plan-as-of-instant")


def test_a_persons_chronology_opens_with_its_purpose_and_exports_a_pdf(
    page: Page, look: Look, plan_id: str, api: Api
) -> None:
    person_ref = api.get(f"/plans/{plan_id}").json()["person_ref"]
    sign_in(page, look)
    page.get_by_role("link", name="A person's chronology across their plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A person's chronology")
    look(page, "chronology-form")

    page.get_by_label("Person's reference").fill(person_ref)
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Open the chronology").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Chronology of {person_ref}")
    rows = page.locator("table tbody tr")
    assert rows.count() > 1
    expect(rows.filter(has_text=plan_id).first).to_be_visible()  # the Plan column
    expect(page.locator("caption")).to_contain_text("Times are UTC.")
    look(page, "chronology")
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Export as PDF").click()
    download = downloading.value
    saved = download.path()

    assert download.suggested_filename == f"chronology-{person_ref}.pdf"
    with saved.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Chronology of {person_ref}")


def test_an_auditor_finds_decisions_reads_and_the_integrity_record_through_the_pages(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look, "staff-3001", "auditor")
    page.get_by_role("link", name="Decisions across plans").click()
    look(page, "decisions-form")
    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_role("button", name="Show decisions").click()  # no purpose given
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("heading", name="Decisions found")).to_have_count(0)
    look(page, "decisions-error")
    page.get_by_label("Purpose").fill("audit A-50")
    page.get_by_role("button", name="Show decisions").click()
    expect(page.get_by_role("heading", name="Decisions found")).to_be_visible()
    assert page.locator("table tbody tr").count() > 1
    look(page, "decisions")

    page.goto("/pages/")
    page.get_by_role("link", name="Who viewed a record (the access log)").click()
    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_role("button", name="Show reads").click()
    expect(page.locator("table tbody tr").filter(has_text="audit A-50").first).to_be_visible()
    look(page, "access-log")

    page.goto("/pages/")
    page.get_by_role("link", name=re.compile("The integrity record")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The integrity record")
    look(page, "integrity")
    page.get_by_role("button", name="Verify now").click()
    expect(page.get_by_role("heading", level=3)).to_have_text("Verdict: intact")
    look(page, "integrity-verified")
    page.get_by_label("Position of the entry").fill("2")
    page.get_by_role("button", name="Show the proof").click()
    expect(page.get_by_text("the path reaches it")).to_be_visible()
    expect(page.locator("pre.note")).to_contain_text("\u2014 ")  # the note's signature line
    look(page, "integrity-proof")
    assert h1(page) == "The integrity record"
