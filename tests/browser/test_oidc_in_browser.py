"""Signing in through the identity provider in a real browser, which keeps the pages'
SameSite=Strict session cookie off any request of a navigation another site began: the
reader goes to the provider, comes back, and lands signed in on the page they asked for."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS
from tests.e2e.conftest import Server, free_port, running_server
from tests.oidc_provider import Provider, running_provider, service_settings

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    # another site than the service's (localhost, not 127.0.0.1), as a provider is
    with running_provider(free_port(), "localhost") as running:
        running.user = {"sub": "staff-3001", "careledger_role": "complaint_handler"}
        yield running


@pytest.fixture(scope="module")
def oidc_server(provider: Provider, request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # fmt: skip
    with running_server("sqlite", tmp_path_factory.mktemp("oidc-browser"), request,
                        **service_settings(provider)) as server:  # fmt: skip
        yield server


@pytest.fixture
def oidc_page(browser: Browser, oidc_server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=oidc_server.base_url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_the_reader_signs_in_at_the_provider_and_lands_on_the_page_asked_for(
    oidc_page: Page,
) -> None:
    page = oidc_page
    page.goto("/pages/complaints")
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    assert_accessible(page, "sign-in through the provider")

    page.get_by_role("link", name="Sign in with your council account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints")
    expect(page.locator("header")).to_contain_text("staff-3001 (complaint handler)")
    assert page.url.endswith("/pages/complaints")
