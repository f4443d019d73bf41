"""Sessions for the pages: a signed token of the same identity as the API's bearer
tokens, kept in an HttpOnly, SameSite=Strict cookie (Secure when served over TLS). Every
form that changes anything carries the session's CSRF token; signing in carries one of
its own, from a cookie set with the form. Development signs in as a chosen staff member
and role; an identity provider's sign-in takes its place in production."""

import secrets
from datetime import timedelta
from typing import Any

from fastapi import Request, Response

from api.auth import TokenError, TokenKeys, actor_from_claims
from domain.actors import Actor, Role

SESSION_COOKIE = "careledger_session"
SIGN_IN_COOKIE = "careledger_sign_in"  # the CSRF token of the sign-in form
SESSION_HOURS = 8


class PageRefused(Exception):
    """A page refused: ``status`` and a sentence for the reader."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status, self.why = status, why


def reader(request: Request) -> Actor | None:
    """Who the session cookie says is reading (their team and level the directory's), or
    None without a session that holds."""
    known: Actor | None = getattr(request.state, "actor", None)
    if known is not None:
        return known
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    keys: TokenKeys = request.app.state.token_keys
    try:
        claims = keys.verify(token)
        if claims.get("kind") != "session" or not isinstance(claims.get("csrf"), str):
            return None
        claimed = actor_from_claims(claims, None)
    except TokenError:
        return None
    tenant = request.app.state.tenants.get(claims.get("authority"))
    if tenant is None:  # an authority this deployment no longer serves
        return None
    actor: Actor = tenant.planning.directory().resolve(claimed)
    request.state.actor, request.state.csrf, request.state.tenant = actor, claims["csrf"], tenant
    return actor


def csrf_of(request: Request) -> str:
    reader(request)
    return str(getattr(request.state, "csrf", ""))


def check_csrf(request: Request, form: dict[str, str]) -> None:
    """Refuses a form whose CSRF token is not the session's."""
    expected = csrf_of(request)
    if not expected or not secrets.compare_digest(form.get("csrf", ""), expected):
        raise PageRefused(403, "The form has expired or did not come from this service. "
                               "Open the page again and send it from there.")  # fmt: skip


def start(request: Request, response: Response, staff_id: str, role: Role,
          authority: str) -> None:  # fmt: skip
    """Signs ``staff_id`` of ``authority`` in, in ``role``, for ``SESSION_HOURS``."""
    keys: TokenKeys = request.app.state.token_keys
    claims: dict[str, Any] = {"sub": staff_id, "roles": [role.value], "kind": "session",
                              "authority": authority,
                              "csrf": secrets.token_urlsafe(32)}  # fmt: skip
    token = keys.issue(claims, timedelta(hours=SESSION_HOURS))
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_HOURS * 3600, httponly=True,
                        secure=secure(request), samesite="strict",
                        path="/pages")  # fmt: skip
    response.delete_cookie(SIGN_IN_COOKIE, path="/pages")


def end(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/pages")


def sign_in_token(request: Request) -> str:
    """The sign-in form's CSRF token: the one its cookie holds, or a new one."""
    return request.cookies.get(SIGN_IN_COOKIE) or secrets.token_urlsafe(32)


def keep_sign_in_token(request: Request, response: Response, token: str) -> None:
    """Sets the sign-in form's CSRF token in a cookie of its own, with the form."""
    response.set_cookie(SIGN_IN_COOKIE, token, max_age=3600, httponly=True,
                        secure=secure(request), samesite="strict",
                        path="/pages")  # fmt: skip


def check_sign_in_token(request: Request, form: dict[str, str]) -> None:
    expected = request.cookies.get(SIGN_IN_COOKIE, "")
    if not expected or not secrets.compare_digest(form.get("csrf", ""), expected):
        raise PageRefused(403, "The sign-in form has expired. Open it again.")


def secure(request: Request) -> bool:
    """Cookies go over TLS only, except in development (served over plain HTTP)."""
    return request.url.scheme == "https" or not request.app.state.settings.development
