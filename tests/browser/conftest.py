"""Fixtures for driving the pages in a real browser: the project's own server on SQLite,
Debian's Chromium launched through Playwright (no browser is downloaded), a fresh browser
context for each test, and ``look``, which checks each page a test visits with axe-core
and, when ``CARELEDGER_SCREENSHOTS`` names a folder, saves a full-page screenshot of it.

Chromium is found as ``CARELEDGER_CHROMIUM`` names it, else as ``chromium`` on the PATH.
Without it the tests fail (they are never skipped): ``apt-get install chromium``."""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.browser.axe import assert_accessible
from tests.e2e.conftest import Api, Server, running_server
from tests.e2e.test_pages import signed_plan

# Chromium without what a test has no use for: no GPU, no network of its own (updates,
# sync, QUIC probes), no first-run pages. The sandbox is left out as the tests run as
# root, where Chromium's sandbox will not start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# generous, for a busy two-core machine: a wait ends as soon as its condition holds
TIMEOUT_MS = 60_000
expect.set_options(timeout=TIMEOUT_MS)

Look = Callable[[Page, str], None]


def chromium_path() -> str:
    """Where Chromium is: ``CARELEDGER_CHROMIUM`` if set, else ``chromium`` on the PATH."""
    given = os.environ.get("CARELEDGER_CHROMIUM")
    found = given or shutil.which("chromium")
    if found is None or not os.access(found, os.X_OK):
        pytest.fail(
            f"The browser tests need Chromium, and found none "
            f"({'CARELEDGER_CHROMIUM=' + given if given else 'no chromium on the PATH'}). "
            "Install Debian's: apt-get install chromium (or set CARELEDGER_CHROMIUM to a "
            "Chromium executable).",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[Server]:  # fmt: skip
    """The project's server on SQLite, shared by the browser tests, signing a checkpoint
    after every catch-up that adds events, so that a decision just made is soon
    verified."""
    with running_server("sqlite", tmp_path_factory.mktemp("browser"), request,
                        CARELEDGER_CHECKPOINT_EVERY_EVENTS="1") as server:  # fmt: skip
        yield server


@pytest.fixture
def api(browser_server: Server) -> Iterator[Api]:
    """The API of the same server, for making the records the pages show."""
    client = Api(browser_server.base_url)
    yield client
    client.http.close()


# Playwright's synchronous API runs an event loop on the main thread while it is open,
# which would refuse ``asyncio.run`` in the tests that come after: so each module opens
# and closes its own
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium, for the module's tests."""
    launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                          args=CHROMIUM_ARGS)  # fmt: skip
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser, browser_server: Server) -> Iterator[BrowserContext]:
    """A context of the test's own (its own cookies, so no session carries over).

    It ignores the pages' Content-Security-Policy (``bypass_csp``): the policy allows no
    script, and axe-core has to run as a script in each page it checks. That the pages
    work with the policy in force is tested in a context without this."""
    made = browser.new_context(base_url=browser_server.base_url, bypass_csp=True)
    made.set_default_timeout(TIMEOUT_MS)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def look(request: pytest.FixtureRequest) -> Look:
    """``look(page, name)``: the page as it stands is saved as ``name``.png under
    ``$CARELEDGER_SCREENSHOTS/<test>/`` when that variable is set, then checked with
    axe-core (a serious or critical problem fails the test)."""
    folder = os.environ.get("CARELEDGER_SCREENSHOTS")
    test = re.sub(r"[^\w.-]", "_", request.node.name)

    def checked(page: Page, name: str) -> None:
        if folder:  # before axe, so a page that fails the check can be seen
            page.screenshot(path=Path(folder) / test / f"{name}.png", full_page=True)
        assert_accessible(page, name)

    return checked


@pytest.fixture(scope="session")
def plan_id(browser_server: Server) -> str:
    """The third worked example's plan (returned once, then resubmitted and signed off),
    once a signed checkpoint covers all of it."""
    client = Api(browser_server.base_url)
    try:
        return signed_plan(client)
    finally:
        client.http.close()
