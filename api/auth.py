"""Bearer tokens (JWT): who is acting, in which role, team and authority level.

HS256 with a shared secret, or RS256/EdDSA with the issuer's public key. With HS256 and
no secret configured, a development secret is created under ./var/ and used by both the
server and ``careledger token``: fine for ``make run``, never for production.
"""

import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import structlog

from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
from api.settings import Settings
from audit.key_files import made_once
from domain.actors import Actor, Role

log = structlog.get_logger("careledger.auth")

ISSUER_CLAIMS = ("exp", "sub", "iss", "aud", "roles")
TIME_CLAIMS = ("exp", "iat", "nbf")  # seconds since 1970 (RFC 7519, NumericDate)
_REF = re.compile(REF_PATTERN)  # a staff reference, as every other ref is


class TokenError(Exception):
    """A token that does not prove who is acting."""


VERIFIED_CACHE_SIZE = 4096


@dataclass(frozen=True)
class TokenKeys:
    algorithm: str
    verifying_key: Any = field(repr=False)
    signing_key: Any | None = field(repr=False)
    issuer: str
    audience: str
    source: str = "the configured key"  # where the key came from: logged, never answered
    _verified: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False,
                                                 repr=False)  # fmt: skip

    @classmethod
    def from_settings(cls, settings: Settings, make_secret: bool = True) -> "TokenKeys":
        """The keys the settings name. Without a secret for HS256, the development secret:
        made if it is not there (the server), or refused (``make_secret=False``: the
        ``token`` command, whose tokens only a server with the same file accepts)."""
        algorithm = settings.jwt_algorithm
        if algorithm == "HS256":
            if settings.jwt_secret:
                return cls(algorithm, settings.jwt_secret.get_secret_value(),
                           settings.jwt_secret.get_secret_value(), settings.jwt_issuer,
                           settings.jwt_audience, "CARELEDGER_JWT_SECRET")  # fmt: skip
            path = settings.jwt_dev_secret_file.resolve()
            if not make_secret and not path.exists():
                raise TokenError(
                    f"no development secret at {path}: run this where `careledger serve` "
                    "runs (it makes the secret there), or set CARELEDGER_JWT_SECRET or "
                    "CARELEDGER_JWT_DEV_SECRET_FILE to the server's"
                )
            secret = _development_secret(path)
            return cls(algorithm, secret, secret, settings.jwt_issuer, settings.jwt_audience,
                       f"the development secret in {path}")  # fmt: skip
        if settings.jwt_public_key_file is None:
            raise ValueError(f"{algorithm} needs CARELEDGER_JWT_PUBLIC_KEY_FILE")
        private = (
            settings.jwt_private_key_file.read_text() if settings.jwt_private_key_file else None
        )
        public = settings.jwt_public_key_file.read_text()
        return cls(algorithm, public, private, settings.jwt_issuer, settings.jwt_audience)

    def issue(self, claims: dict[str, Any], ttl: timedelta) -> str:
        if self.signing_key is None:
            raise ValueError("no signing key: set CARELEDGER_JWT_PRIVATE_KEY_FILE")
        now = datetime.now(UTC)
        payload = {"iss": self.issuer, "aud": self.audience, "iat": now, "exp": now + ttl}
        return jwt.encode({**payload, **claims}, self.signing_key, algorithm=self.algorithm)

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, once its signature, issuer, audience and expiry check out.
        A token seen before is not verified again until it expires."""
        known = self._verified.get(token)
        if known is not None and known["exp"] > time.time():
            return known
        claims = self._verify(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = claims
        return claims

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.verifying_key,
                algorithms=[self.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": list(ISSUER_CLAIMS)},
            )
        except jwt.InvalidSignatureError as exc:
            raise TokenError(f"the bearer token is not valid: {exc}: it was not signed with "
                             "this server's key") from None  # fmt: skip
        except jwt.PyJWTError as exc:
            raise TokenError(f"the bearer token is not valid: {exc}") from None
        for name in TIME_CLAIMS:  # the library reads "123" as 123; a token must not
            value = claims.get(name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise TokenError(
                    f"the bearer token is not valid: its {name} claim must be a number"
                )
        return claims


def _development_secret(path: Path) -> str:
    if made_once(path, lambda: secrets.token_hex(32).encode()):
        log.warning("auth.development_secret_created", path=str(path))
    return path.read_text().strip()


def actor_from_claims(claims: dict[str, Any], acting_role: str | None) -> Actor:
    """The actor a verified token names; ``acting_role`` picks one of several roles."""
    roles = claims.get("roles")
    if not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
        raise TokenError("the token's roles claim must be a non-empty list")
    try:
        granted = [Role(r) for r in roles]
    except ValueError:
        raise TokenError(f"the token names an unknown role among {roles}") from None
    if acting_role is None:
        if len(granted) > 1:
            raise TokenError("the token grants several roles: say which with X-Acting-Role")
        role = granted[0]
    else:
        chosen = next((r for r in granted if r.value == acting_role), None)
        if chosen is None:
            raise TokenError(f"X-Acting-Role {acting_role!r} is not granted by the token")
        role = chosen
    sub = claims["sub"]
    if not isinstance(sub, str) or len(sub) > REF_MAX_LENGTH or not _REF.fullmatch(sub):
        # never echoed, nor logged: a name or an NHS number has been sent as one
        raise TokenError(f"the token's sub claim must be an opaque staff reference: at most "
                         f"{REF_MAX_LENGTH} letters, digits and . _ : -")  # fmt: skip
    level, team = claims.get("authority_level"), claims.get("team")
    return Actor(
        sub,
        role,
        authority_level=str(level) if level else None,
        team=str(team) if team else None,
    )
