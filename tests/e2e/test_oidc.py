"""Signing in to the pages through the authority's identity provider (OpenID Connect,
code flow with PKCE), against a provider of the tests' own served on loopback: the
reader comes back signed in with the staff id and role the ID token names; a callback
that did not begin in this browser, an ID token for another client, another sign-in,
expired or signed with another key, or a role that reads no records, is refused and
starts no session; development sign-in is closed while a provider is configured."""

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import Server, free_port, running_server, token_for
from tests.oidc_provider import Provider, running_provider, service_settings

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider(free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def oidc_server(provider: Provider, request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # fmt: skip
    with running_server("sqlite", tmp_path_factory.mktemp("oidc"), request,
                        **service_settings(provider)) as server:  # fmt: skip
        yield server


@pytest.fixture
def reader(oidc_server: Server, provider: Provider) -> Iterator[httpx.Client]:
    provider.user = {"sub": "staff-3001", "careledger_role": "auditor"}
    with httpx.Client(base_url=oidc_server.base_url, timeout=60) as client:
        yield client


def signed_in_through_provider(reader: httpx.Client, then: str = "/pages/") -> httpx.Response:
    """The sign-in page's link followed: to the provider and back."""
    page = reader.get("/pages/sign-in", params={"then": then})
    assert "Sign in with your council account" in page.text
    return reader.get("/pages/sign-in/oidc", params={"then": then}, follow_redirects=True)


def test_the_reader_comes_back_signed_in_as_the_id_token_says(reader: httpx.Client) -> None:
    landed = signed_in_through_provider(reader, "/pages/complaints")

    assert landed.status_code == 200, landed.text
    # a page of the service's own moves the reader on, so the SameSite=Strict session
    # cookie goes with the next request (not one of the provider's navigation)
    assert '<meta http-equiv="refresh" content="0; url=/pages/complaints">' in landed.text
    moved_on = reader.get("/pages/complaints")
    assert moved_on.status_code == 200, moved_on.text
    assert "staff-3001 (auditor)" in moved_on.text
    assert "careledger_session" in reader.cookies
    assert "careledger_oidc" not in reader.cookies  # the sign-in's state is spent


@pytest.mark.parametrize("spoil", ["audience", "nonce", "expired", "signature"])
def test_an_id_token_that_does_not_hold_starts_no_session(
    reader: httpx.Client, provider: Provider, spoil: str
) -> None:
    provider.spoil = spoil

    refused = signed_in_through_provider(reader)

    assert refused.status_code == 403, refused.text
    assert "careledger_session" not in reader.cookies
    assert reader.get("/pages/").status_code == 303  # still signed out


def test_a_callback_that_began_in_another_browser_is_refused(reader: httpx.Client) -> None:
    begun = reader.get("/pages/sign-in/oidc")
    at_provider = httpx.get(begun.headers["location"])  # the provider sends back a code
    callback = at_provider.headers["location"]

    with httpx.Client(timeout=60) as elsewhere:  # another browser: no state cookie
        refused = elsewhere.get(callback)
    forged = reader.get(callback.replace("state=", "state=forged"))

    assert begun.status_code == 303
    # a token of a kind (as the sign-in's state is) is no token for the API, even with a role
    of_a_kind = token_for(("staff-3001", "auditor"), kind="oidc-state")
    as_bearer = reader.get("/audit/checkpoints", headers={"Authorization": f"Bearer {of_a_kind}"})
    assert as_bearer.status_code == 401
    assert "not a bearer token" in as_bearer.json()["detail"]
    assert refused.status_code == 403
    assert forged.status_code == 403
    assert "careledger_session" not in reader.cookies


def test_a_role_that_reads_no_records_is_refused(reader: httpx.Client, provider: Provider) -> None:
    provider.user = {"sub": "staff-6001", "careledger_role": "admin"}

    refused = signed_in_through_provider(reader)

    assert refused.status_code == 403
    assert "DESIGN-roles" in refused.text


def test_development_sign_in_is_closed_while_a_provider_is_configured(
    reader: httpx.Client,
) -> None:
    sent = reader.post("/pages/sign-in", data={"staff_id": "staff-3001", "role": "auditor"})

    assert sent.status_code == 503
    assert "careledger_session" not in reader.cookies
