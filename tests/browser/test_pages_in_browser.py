"""The pages in a real browser, used as a person would: signing in by typing a staff id and
choosing a role, giving a purpose before a plan's timeline opens, reading each entry's
verification mark, filtering by kind of decision, comparing two versions side by side,
and signing out. Without a session every page and every form left open sends the reader
to sign in. Each page visited passes axe-core's WCAG 2.2 AA checks with no serious or
critical problem, and the pages work with their Content-Security-Policy in force."""

import re
from collections.abc import Iterator
from uuid import uuid4

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import TIMEOUT_MS, Look
from tests.e2e.conftest import Server

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

HANDLER = ("staff-3001", "complaint handler")  # a staff id, and a role as the list shows it
PURPOSE = "complaint C-21"


def sign_in(page: Page, look: Look, staff_id: str = HANDLER[0], role: str = HANDLER[1]
            ) -> None:  # fmt: skip
    """From the development sign-in page (where ``page`` is, or is sent), as a person
    would: the staff id typed, the role chosen from the list, the button pressed."""
    if "/pages/sign-in" not in page.url:
        page.goto("/pages/sign-in")
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    look(page, "sign-in")
    page.get_by_label("Staff id").fill(staff_id)
    page.get_by_label("Role").select_option(label=role)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def open_timeline(page: Page, look: Look, plan_id: str, purpose: str = PURPOSE) -> None:
    """From the start page: the plan's id typed, then the purpose asked for and given."""
    page.goto("/pages/")
    look(page, "start")
    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_role("button", name="Open", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why are you opening this record?")
    look(page, "purpose")
    page.get_by_label("Purpose").fill(purpose)
    page.get_by_role("button", name="Open the timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Timeline of plan {plan_id}")
    look(page, "timeline")


def entries(page: Page) -> Locator:
    return page.locator("table tbody tr")


def integrity_marks(page: Page) -> Locator:
    """The timeline's last column, one cell per entry shown."""
    return page.locator("table tbody tr td:last-child")


def test_signing_in_by_choosing_a_staff_id_and_role_lands_on_the_start_page(
    page: Page, look: Look
) -> None:
    sign_in(page, look, "staff-3001", "auditor")

    expect(page).to_have_url(re.compile(r"/pages/$"))
    expect(page.locator("header")).to_contain_text("staff-3001 (auditor)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Careledger")
    look(page, "start")


def test_a_timeline_opens_once_a_purpose_is_given_and_marks_every_entry_verified(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look)
    look(page, "start")
    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_role("button", name="Open", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why are you opening this record?")
    expect(page.get_by_text("person-")).to_have_count(0)  # nothing of the record yet
    look(page, "purpose")

    page.get_by_role("button", name="Open the timeline").click()  # no purpose given
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Purpose")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("person-")).to_have_count(0)
    look(page, "purpose-error")
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Open the timeline").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Timeline of plan {plan_id}")
    expect(page.get_by_text(f"Opened for: {PURPOSE}.")).to_be_visible()
    shown = entries(page).count()
    assert shown > 1
    expect(integrity_marks(page)).to_have_text(["Verified"] * shown)
    coverage = page.locator(".panel").first.inner_text()
    assert f"it covers {shown} of these {shown} entries, of which {shown} verified" in coverage
    look(page, "timeline")


def test_filtering_by_each_kind_of_decision_shows_that_kind_and_together_every_entry(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look)
    open_timeline(page, look, plan_id)
    every = entries(page).count()
    kind = page.get_by_label("Kind of decision")
    kinds = [k for k in kind.locator("option").all_inner_texts() if k != "Every kind"]

    shown: dict[str, int] = {}
    for each in kinds:
        kind.select_option(each)
        page.get_by_role("button", name="Show", exact=True).click()
        expect(page.locator("caption")).to_contain_text(f"Only “{each}” decisions are shown")
        expect(kind).to_have_value(each)  # the choice is kept on the page it gives
        shown[each] = entries(page).count()
    look(page, "timeline-filtered")
    kind.select_option(label="Every kind")
    page.get_by_role("button", name="Show", exact=True).click()

    assert len(kinds) > 1
    assert all(count >= 1 for count in shown.values()), shown
    assert sum(shown.values()) == every, shown
    expect(page.locator("caption")).not_to_contain_text("Only")
    expect(entries(page)).to_have_count(every)


def test_two_versions_picked_from_the_timeline_are_shown_side_by_side_with_changes_marked(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look)
    open_timeline(page, look, plan_id)
    latest = page.get_by_label("To version").input_value()
    assert int(latest) > 2
    expect(page.get_by_text(f"Versions 1 to {latest}.")).to_be_visible()

    page.get_by_label("From version").fill("1")
    page.get_by_label("To version").fill(latest)
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Plan {plan_id}: version 1 against version {latest}")  # fmt: skip
    expect(page.get_by_text(f"Opened for: {PURPOSE}.")).to_be_visible()
    status = page.locator("tr", has=page.locator("th code", has_text=re.compile(r"^status$")))
    expect(status).to_have_class("change-changed")
    expect(status.locator("del")).not_to_have_text(status.locator("ins").inner_text())
    expect(status.locator("ins")).to_have_text("signed_off")
    added = page.locator("tr.change-added").first
    expect(added.locator("td").first).to_have_text("(none)")
    expect(added.locator("ins")).to_be_visible()
    # marked as a person sees it: removed text on red, added on green (pages.css)
    assert background(status.locator("del")) == "rgb(246, 215, 210)"
    assert background(added.locator("ins")) == "rgb(204, 226, 216)"
    look(page, "versions")


def background(element: Locator) -> str:
    colour: str = element.evaluate("e => getComputedStyle(e).backgroundColor")
    return colour


def test_comparing_a_version_with_itself_says_nothing_differs(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look)
    open_timeline(page, look, plan_id)

    page.get_by_label("From version").fill("2")
    page.get_by_label("To version").fill("2")
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_text("Nothing in the plan or its budget differs")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
    look(page, "versions-same")


def test_after_signing_out_a_page_sends_the_reader_to_sign_in(
    page: Page, look: Look, plan_id: str, browser_server: Server
) -> None:
    sign_in(page, look)
    sign_in_page = f"{browser_server.base_url}/pages/sign-in"

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(sign_in_page)
    look(page, "sign-in")
    page.goto("/pages/")
    expect(page).to_have_url(f"{sign_in_page}?then=/pages/")
    page.goto(f"/pages/plans/{plan_id}/timeline")

    expect(page).to_have_url(f"{sign_in_page}?then=/pages/plans/{plan_id}/timeline")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_text("person-")).to_have_count(0)


def test_without_a_session_every_page_sends_the_reader_to_sign_in(
    page: Page, look: Look, plan_id: str, browser_server: Server
) -> None:
    timeline = f"/pages/plans/{plan_id}/timeline"
    # each page asked for, and the page the reader is to be sent back to after signing in
    for path, then in [("/pages/", "/pages/"), (timeline, timeline),
                       (f"/pages/plans/timeline?plan={plan_id}", timeline)]:  # fmt: skip
        page.goto(path)

        expect(page).to_have_url(f"{browser_server.base_url}/pages/sign-in?then={then}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_text("person-")).to_have_count(0)
    look(page, "sign-in")


def test_when_the_session_ends_every_form_left_open_sends_the_reader_to_sign_in(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look)
    purpose = page.context.new_page()
    purpose.goto(f"/pages/plans/{plan_id}/timeline")
    look(purpose, "purpose")
    filtering, comparing = page.context.new_page(), page.context.new_page()
    open_timeline(filtering, look, plan_id)
    open_timeline(comparing, look, plan_id)
    page.goto("/pages/")
    look(page, "start")
    page.context.clear_cookies()  # as when the session expires or is signed out elsewhere

    purpose.get_by_label("Purpose").fill(PURPOSE)
    purpose.get_by_role("button", name="Open the timeline").click()
    filtering.get_by_role("button", name="Show", exact=True).click()
    comparing.get_by_role("button", name="Compare").click()
    page.get_by_role("button", name="Sign out").click()

    for name, each in [("purpose", purpose), ("filter", filtering), ("versions", comparing),
                       ("sign-out", page)]:  # fmt: skip
        expect(each.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(each).to_have_url(re.compile(r"/pages/sign-in(\?then=.*)?$"))
        expect(each.get_by_text("person-")).to_have_count(0)
        look(each, f"sign-in-from-{name}")


def test_a_reader_sent_to_sign_in_comes_back_to_the_page_asked_for(
    page: Page, look: Look, plan_id: str
) -> None:
    page.goto(f"/pages/plans/{plan_id}/timeline")

    sign_in(page, look)

    expect(page).to_have_url(re.compile(rf"/pages/plans/{plan_id}/timeline$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Why are you opening this record?")
    look(page, "purpose")


def test_a_plan_that_does_not_exist_gets_a_page_saying_so(page: Page, look: Look) -> None:
    sign_in(page, look)
    look(page, "start")
    nobody = str(uuid4())

    page.get_by_label("Plan id").fill(nobody)
    with page.expect_response(f"**/pages/plans/{nobody}/timeline") as answered:
        page.get_by_role("button", name="Open", exact=True).click()

    assert answered.value.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Cannot show this page")
    expect(page.get_by_text("No plan has that id.")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the start")).to_have_attribute("href", "/pages/")
    look(page, "problem")


def test_the_first_tab_reaches_a_visible_link_that_skips_to_the_main_content(
    page: Page, look: Look
) -> None:
    sign_in(page, look)
    look(page, "start")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # off the screen until it has the focus
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#main$"))


def test_a_printed_timeline_leaves_out_the_forms_and_keeps_every_entry(
    page: Page, look: Look, plan_id: str
) -> None:
    sign_in(page, look)
    open_timeline(page, look, plan_id)
    every = entries(page).count()

    page.emulate_media(media="print")

    expect(page.get_by_label("Kind of decision")).to_be_hidden()
    expect(page.get_by_role("button", name="Compare")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(entries(page)).to_have_count(every)
    expect(page.locator("table")).to_be_visible()
    look(page, "timeline-print")


@pytest.fixture
def strict_page(browser: Browser, browser_server: Server) -> Iterator[Page]:
    """A page whose context enforces the Content-Security-Policy the pages send (so axe
    cannot run in it)."""
    made = browser.new_context(base_url=browser_server.base_url)
    made.set_default_timeout(TIMEOUT_MS)
    yield made.new_page()
    made.close()


def test_the_pages_work_with_their_content_security_policy_in_force(
    strict_page: Page, plan_id: str
) -> None:
    page, refused = strict_page, []

    def heard(message: ConsoleMessage) -> None:
        if refusal(message):
            refused.append(message.text)

    page.on("console", heard)
    page.goto("/pages/sign-in")
    page.get_by_label("Staff id").fill(HANDLER[0])
    page.get_by_label("Role").select_option(label=HANDLER[1])
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_role("button", name="Open", exact=True).click()
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Open the timeline").click()
    expect(integrity_marks(page).first).to_have_text("Verified")
    header = background(page.locator("header"))  # the stylesheet, loaded under the policy
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("tr.change-added").first).to_be_visible()
    refused_in_use = list(refused)
    # and the policy is in force: a script added to the page is refused
    with (
        page.expect_console_message(refusal) as said,
        pytest.raises(PlaywrightError, match="Content Security Policy"),
    ):
        page.add_script_tag(content="document.title = 'changed by a script'")

    assert header == "rgb(11, 12, 12)"
    assert refused_in_use == []
    assert "inline script" in said.value.text
    expect(page).not_to_have_title("changed by a script")


def refusal(message: ConsoleMessage) -> bool:
    """Whether the browser says it refused something under the page's policy."""
    return "Content Security Policy" in message.text


def test_the_accessibility_check_fails_on_a_serious_problem_and_names_it(
    page: Page, look: Look
) -> None:
    """The check can fail: a page with an unlabelled input does not pass it."""
    sign_in(page, look)
    page.evaluate("""() => {
        const unlabelled = document.createElement('input');
        document.querySelector('main').append(unlabelled);
    }""")

    with pytest.raises(AssertionError, match=r"- label \((critical|serious)\)") as failed:
        look(page, "start-with-unlabelled-input")

    assert "main > input" in str(failed.value)
