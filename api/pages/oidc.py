"""Signing in to the pages through the authority's identity provider: OpenID Connect's
authorisation code flow with PKCE. The reader is sent to the provider with a state, a
nonce and a code challenge, kept meanwhile in a short-lived signed cookie of this
service's; the code the provider sends back is exchanged for an ID token, whose signature
(the provider's published keys), issuer, audience, expiry and nonce are checked before
its staff id and role claims start a session, as development sign-in does."""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import anyio
import httpx
import jwt
from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.auth import TokenError, TokenKeys
from api.pages.session import PageRefused, secure
from api.settings import Settings

STATE_COOKIE = "careledger_oidc"
STATE_MINUTES = 10  # how long a reader has at the provider before signing in again
DISCOVERY_SECONDS = 3600  # how long the provider's discovery document is relied on
TIMEOUT_SECONDS = 10


@dataclass
class Provider:
    """The identity provider as its discovery document describes it (read once an hour)."""

    settings: Settings
    _document: dict[str, Any] = field(default_factory=dict)
    _read_at: float = float("-inf")
    _keys: jwt.PyJWKClient | None = None

    @property
    def configured(self) -> bool:
        s = self.settings
        return bool(s.oidc_issuer and s.oidc_client_id and s.oidc_client_secret)

    def document(self) -> dict[str, Any]:
        if time.monotonic() - self._read_at > DISCOVERY_SECONDS:
            issuer = str(self.settings.oidc_issuer).rstrip("/")
            found = httpx.get(f"{issuer}/.well-known/openid-configuration",
                              timeout=TIMEOUT_SECONDS)  # fmt: skip
            found.raise_for_status()
            try:
                document = found.json()
                keys = jwt.PyJWKClient(document["jwks_uri"], timeout=TIMEOUT_SECONDS)
                named = str(document["issuer"]).rstrip("/")
            except (ValueError, KeyError, TypeError):
                raise PageRefused(503, "The identity provider's discovery document cannot "
                                       "be read.") from None  # fmt: skip
            if named != issuer:  # OpenID Connect Discovery, section 4.3
                raise PageRefused(503, "The identity provider's discovery document names "
                                       "another issuer.")  # fmt: skip
            self._document, self._keys, self._read_at = document, keys, time.monotonic()
        return self._document

    def keys(self) -> jwt.PyJWKClient:
        self.document()
        assert self._keys is not None
        return self._keys


def provider_of(request: Request) -> Provider:
    """The app's provider, described once and kept."""
    provider: Provider | None = getattr(request.app.state, "oidc", None)
    if provider is None:
        provider = request.app.state.oidc = Provider(request.app.state.settings)
    return provider


def require_setup(request: Request) -> None:
    """Refuses sign-in this service cannot complete: sessions are signed with the token
    key, which must be a secret or a private key; and outside development the address the
    provider sends the reader back to is configured, not taken from the request."""
    keys: TokenKeys = request.app.state.token_keys
    settings: Settings = request.app.state.settings
    if keys.signing_key is None:
        raise PageRefused(503, "Sign-in needs a key to sign sessions with: configure "
                               "CARELEDGER_JWT_SECRET or "
                               "CARELEDGER_JWT_PRIVATE_KEY_FILE.")  # fmt: skip
    if not settings.development and not settings.oidc_redirect_url:
        raise PageRefused(503, "Sign-in needs CARELEDGER_OIDC_REDIRECT_URL, the address "
                               "registered with the identity provider.")  # fmt: skip


def redirect_url(request: Request, settings: Settings) -> str:
    return settings.oidc_redirect_url or str(request.url_for("oidc_callback"))


def begin(request: Request, provider: Provider, keys: TokenKeys, then: str) -> Response:
    """The reader sent to the provider, with what the callback will check in a cookie."""
    document = provider.document()
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = urlencode({
        "response_type": "code", "client_id": provider.settings.oidc_client_id,
        "redirect_uri": redirect_url(request, provider.settings), "scope": "openid profile",
        "state": state, "nonce": nonce, "code_challenge_method": "S256",
        "code_challenge": challenge.rstrip(b"=").decode(),
    })  # fmt: skip
    response = RedirectResponse(f"{document['authorization_endpoint']}?{query}", status_code=303)
    # signed as the service's tokens are, for no one (no roles); the API refuses any token
    # of a kind, this one too
    kept = keys.issue({"sub": "sign-in", "roles": [], "kind": "oidc-state", "state": state,
                       "nonce": nonce,
                       "verifier": verifier, "then": then},
                      timedelta(minutes=STATE_MINUTES))  # fmt: skip
    # Lax, not Strict: the provider sends the reader back by a link from its own site
    response.set_cookie(STATE_COOKIE, kept, max_age=STATE_MINUTES * 60, httponly=True,
                        secure=secure(request), samesite="lax", path="/pages/sign-in")  # fmt: skip
    return response


async def finish(request: Request, provider: Provider, keys: TokenKeys, code: str,
                 state: str) -> tuple[dict[str, Any], str]:  # fmt: skip
    """The ID token's claims, checked, and where the reader was going; refuses a callback
    that does not answer this browser's own sign-in."""
    try:
        kept = keys.verify(request.cookies.get(STATE_COOKIE, ""))
    except TokenError:
        raise PageRefused(403, "Signing in took too long or began elsewhere. Start "
                               "again.") from None  # fmt: skip
    if kept.get("kind") != "oidc-state" or not secrets.compare_digest(str(kept["state"]), state):
        raise PageRefused(403, "This sign-in did not begin in this browser. Start again.")
    settings = provider.settings
    secret = settings.oidc_client_secret
    assert secret is not None

    def exchanged() -> dict[str, Any]:
        token_endpoint = provider.document()["token_endpoint"]
        answer = httpx.post(token_endpoint, timeout=TIMEOUT_SECONDS, data={
            "grant_type": "authorization_code", "code": code,
            "redirect_uri": redirect_url(request, settings),
            "code_verifier": kept["verifier"]},
            auth=(str(settings.oidc_client_id), secret.get_secret_value()))  # fmt: skip
        if answer.status_code != 200:
            raise PageRefused(403, "The identity provider did not accept the sign-in.")
        try:
            id_token = str(answer.json().get("id_token", ""))
        except (ValueError, AttributeError):
            raise PageRefused(403, "The identity provider's answer cannot be read.") from None
        try:
            signing = provider.keys().get_signing_key_from_jwt(id_token)
            claims: dict[str, Any] = jwt.decode(
                id_token, signing.key, algorithms=["RS256", "ES256", "EdDSA"],
                audience=settings.oidc_client_id, issuer=settings.oidc_issuer, leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]})  # fmt: skip
        except jwt.PyJWTError as error:
            raise PageRefused(403, "The identity provider's token does not hold: "
                                   f"{error}.") from None  # fmt: skip
        if not secrets.compare_digest(str(claims.get("nonce", "")), str(kept["nonce"])):
            raise PageRefused(403, "The identity provider's token is for another sign-in.")
        return claims

    return await anyio.to_thread.run_sync(exchanged), str(kept.get("then", "/pages/"))


def forget(response: Response) -> None:
    response.delete_cookie(STATE_COOKIE, path="/pages/sign-in")
