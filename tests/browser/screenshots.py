"""The README's screenshots, made from the demo store: ``python -m tests.browser.screenshots
docs/screenshots``. A server of its own is started on a fresh folder, ``careledger demo``
loads the worked examples and the caseload, a complaint is recorded on the first worked
example's plan, and Chromium (Debian's) photographs each page as a complaint handler, an
auditor and a line manager signed in to the pages see it."""

import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.e2e.conftest import BIN, TEST_SECRET, free_port, token_for, wait_until_up

PURPOSE = "complaint CR-7 (an example)"


def sign_in(page: Page, staff_id: str, role: str) -> None:
    page.goto("/pages/sign-in")
    page.get_by_label("Staff id").fill(staff_id)
    page.get_by_label("Role").select_option(role)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("button", name="Sign out").wait_for()


def opened(page: Page, button: str) -> None:
    """The purpose page answered, for the record behind it."""
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name=button).click()


def photographed(page: Page, folder: Path, plan_id: str) -> None:
    """Each page, as a complaint handler, an auditor and a line manager see it."""

    def shot(name: str, whole: bool = False) -> None:
        page.screenshot(path=folder / f"{name}.png", full_page=whole)

    page.goto("/pages/sign-in")
    shot("sign-in")
    sign_in(page, "staff-3001", "complaint_handler")
    shot("start")
    page.goto(f"/pages/plans/{plan_id}/timeline")
    shot("purpose")
    opened(page, "Open the timeline")
    shot("timeline", whole=True)
    page.get_by_role("button", name="Compare").click()
    shot("versions")
    page.goto("/pages/plans/as-of")
    page.get_by_label("Plan id").fill(plan_id)
    page.get_by_label("Or version number").fill("8")
    opened(page, "Open the plan")
    shot("plan-as-of")
    page.goto("/pages/people/chronology")
    page.get_by_label("Person's reference").fill("person-7001")
    opened(page, "Open the chronology")
    shot("chronology")
    page.goto("/pages/complaints/CR-7")
    opened(page, "Open the complaint")
    shot("complaint")
    page.goto("/pages/complaints")
    shot("complaints")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "staff-3002", "auditor")
    page.goto("/pages/audit/decisions")
    page.get_by_label("Purpose").fill(PURPOSE)
    page.get_by_role("button", name="Show decisions").click()
    shot("decisions")
    page.goto("/pages/audit/access")
    page.get_by_role("button", name="Show reads").click()
    shot("access-log")
    page.goto("/pages/audit/integrity")
    page.get_by_role("button", name="Verify now").click()
    page.get_by_label("Position of the entry").fill("2")
    page.get_by_role("button", name="Show the proof").click()
    shot("integrity", whole=True)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "staff-5001", "line_manager")
    page.goto("/pages/queues")
    shot("queues")
    page.goto("/pages/queues/notifications")
    shot("queue")
    page.goto("/pages/reports")
    page.locator("h2", has_text="Consistency").scroll_into_view_if_needed()
    shot("reports")


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": str(BIN), "CARELEDGER_JWT_SECRET": TEST_SECRET, "HOME": home}
        subprocess.run([str(BIN / "careledger"), "demo"], cwd=home, env=env, check=True,
                       capture_output=True)  # fmt: skip
        port = free_port()
        server = subprocess.Popen([str(BIN / "careledger"), "serve", "--development", "--port",
                                   str(port)], cwd=home, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server)
            handler = {"Authorization": f"Bearer {token_for(('staff-3001', 'complaint_handler'))}"}
            plans = httpx.get(f"{base}/audit/decisions", params={"person": "person-7001"},
                              headers={**handler, "X-Purpose": PURPOSE}).json()["rows"]  # fmt: skip
            plan_id = plans[0]["plan_id"]
            httpx.post(f"{base}/complaints", headers=handler, json={
                "complaint_ref": "CR-7", "person_ref": "person-7001", "plan_id": plan_id,
                "complainant": "representative", "concerns": [{"aggregate": "plan",
                                                               "version": 5}],
                "summary": "the plan was sent back and no one said why",
                "matter_known_on": (date.today() - timedelta(days=9)).isoformat()},
            ).raise_for_status()  # fmt: skip
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=chromium_path(),
                                                 args=CHROMIUM_ARGS)  # fmt: skip
                page = browser.new_page(base_url=base, viewport={"width": 1200, "height": 900})
                photographed(page, folder, plan_id)
                browser.close()
        finally:
            server.terminate()
            server.wait(60)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
