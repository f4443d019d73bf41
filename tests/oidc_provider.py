"""An OpenID Connect provider of the tests' own, served for real on loopback: discovery,
an authorisation endpoint that signs in whoever ``user`` names at once (no login form),
a token endpoint that checks the client's secret, the code, its redirect address and the
PKCE verifier, and the keys its ID tokens are signed with. ``spoil`` makes the next ID
token wrong in one way, so the tests can see the service refuse it."""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse

CLIENT_ID = "careledger-pages"
CLIENT_SECRET = "a-client-secret-of-the-tests"
KEY_ID = "test-key-1"


@dataclass
class Provider:
    base_url: str
    user: dict[str, Any] = field(default_factory=dict)  # the claims of whoever signs in
    spoil: str | None = None  # "audience", "nonce", "expired" or "signature", next token
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.base_url, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": nonce, **self.user}  # fmt: skip
        key: Any = self.key
        spoil, self.spoil = self.spoil, None
        if spoil == "audience":
            claims["aud"] = "another-client"
        elif spoil == "nonce":
            claims["nonce"] = "a-nonce-of-another-sign-in"
        elif spoil == "expired":
            claims["iat"], claims["exp"] = now - 600, now - 300
        elif spoil == "signature":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})


def app_for(provider: Provider) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, Any]:
        base = provider.base_url
        return {"issuer": base, "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token", "jwks_uri": f"{base}/jwks",
                "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"]}  # fmt: skip

    @app.get("/jwks")
    async def keys() -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
        return {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

    @app.get("/authorize")
    async def authorize(request: Request) -> RedirectResponse:
        asked = request.query_params
        assert asked["client_id"] == CLIENT_ID
        assert asked["response_type"] == "code"
        assert asked["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {"nonce": asked["nonce"], "challenge": asked["code_challenge"],
                                "redirect_uri": asked["redirect_uri"]}  # fmt: skip
        back = urlencode({"code": code, "state": asked["state"]})
        return RedirectResponse(f"{asked['redirect_uri']}?{back}", status_code=302)

    @app.post("/token")
    async def token(request: Request) -> JSONResponse:
        sent = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        client = base64.b64decode(request.headers["authorization"].split()[1]).decode()
        issued = provider.codes.pop(sent.get("code", ""), None)
        verifier = sent.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if (client != f"{CLIENT_ID}:{CLIENT_SECRET}" or issued is None
                or sent.get("grant_type") != "authorization_code"
                or sent.get("redirect_uri") != issued["redirect_uri"]
                or challenge.rstrip(b"=").decode() != issued["challenge"]):  # fmt: skip
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse({"access_token": "unused", "token_type": "Bearer",
                             "id_token": provider.id_token(issued["nonce"])})  # fmt: skip

    return app


@contextmanager
def running_provider(port: int, named: str = "127.0.0.1") -> Iterator[Provider]:
    """The provider on loopback, its addresses written with ``named`` as the host: as
    ``localhost`` it is another site than a service at 127.0.0.1, as a real provider is."""
    provider = Provider(f"http://{named}:{port}")
    server = uvicorn.Server(uvicorn.Config(app_for(provider), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive(), "the provider stopped as it started"
        assert time.monotonic() < deadline, "the provider did not start"
        time.sleep(0.05)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(30)


def service_settings(provider: Provider) -> dict[str, str]:
    """The settings a service signing in through ``provider`` is started with."""
    return {"CARELEDGER_OIDC_ISSUER": provider.base_url, "CARELEDGER_OIDC_CLIENT_ID": CLIENT_ID,
            "CARELEDGER_OIDC_CLIENT_SECRET": CLIENT_SECRET}  # fmt: skip
