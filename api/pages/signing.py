"""Signing in and out, the stylesheet, and the reader's start page."""

import re

import anyio
import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, RedirectResponse

from api.pages import oidc, session
from api.pages.common import HERE, answered, form_of, local, page, signed_in
from api.pages.session import PageRefused
from api.routers.plan_queries import READERS
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
from domain.actors import Role

router = APIRouter()
# the roles offered at development sign-in, in the order the role matrix gives them
ROLES_OFFERED = [r.value for r in Role if r in READERS]
UNREACHABLE = "The identity provider cannot be reached. Try again shortly."


@router.get("/static/pages.css")
async def stylesheet() -> FileResponse:
    return FileResponse(HERE / "static" / "pages.css", media_type="text/css")


@router.get("/sign-in")
async def sign_in_page(request: Request, then: str = "/pages/") -> Response:
    if oidc.provider_of(request).configured:  # the authority's identity provider
        return page(request, "sign_in.html.j2", oidc=True, then=local(then))
    if not request.app.state.settings.development:
        return page(request, "problem.html.j2", 503, why="Sign-in is through the authority's "
                    "identity provider, which is not configured for this service.")  # fmt: skip
    token = session.sign_in_token(request)
    response = page(request, "sign_in.html.j2", roles=ROLES_OFFERED, then=local(then),
                    sign_in_csrf=token, authorities=_authorities(request))  # fmt: skip
    session.keep_sign_in_token(request, response, token)
    return response


@router.get("/sign-in/oidc")
async def sign_in_through_provider(request: Request, then: str = "/pages/") -> Response:
    async def make() -> Response:
        provider = _configured_provider(request)
        oidc.require_setup(request)
        try:
            return await anyio.to_thread.run_sync(
                oidc.begin, request, provider, request.app.state.token_keys, local(then)
            )
        except httpx.HTTPError:
            raise PageRefused(503, UNREACHABLE) from None

    return await answered(request, make)


@router.get("/sign-in/callback", name="oidc_callback")
async def signed_in_by_provider(request: Request, code: str = "", state: str = "",
                                error: str = "") -> Response:  # fmt: skip
    """The provider sends the reader back here: the session starts for the staff id and
    the role its ID token names, if that role reads records."""

    async def make() -> Response:
        provider = _configured_provider(request)
        if error or not code or not state:
            raise PageRefused(403, "The identity provider did not sign you in"
                                   f"{': ' + error[:100] if error else ''}.")  # fmt: skip
        try:
            claims, then = await oidc.finish(request, provider, request.app.state.token_keys,
                                             code, state)  # fmt: skip
        except httpx.HTTPError:
            raise PageRefused(503, UNREACHABLE) from None
        settings = request.app.state.settings
        staff_id = str(claims.get(settings.oidc_staff_claim, ""))
        named = claims.get(settings.oidc_role_claim)
        roles = [named] if isinstance(named, str) else list(named or [])
        role = next((r for r in roles if r in ROLES_OFFERED), None)
        if not _staff_ref(staff_id):
            raise PageRefused(403, "The identity provider gave no staff id this service "
                                   "knows how to read.")  # fmt: skip
        if role is None:
            raise PageRefused(403, "DESIGN-roles: the identity provider gives you no role "
                                   "that reads records here.")  # fmt: skip
        authority = _authority_named(request, claims.get(settings.oidc_authority_claim))
        # a page of ours moves the reader on: the session cookie is SameSite=Strict, and a
        # browser keeps it off every request of a navigation another site began
        response = page(request, "signed_in.html.j2", then=local(then))
        session.start(request, response, staff_id, Role(role), authority)
        oidc.forget(response)
        return response

    return await answered(request, make)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    async def make() -> Response:
        if not request.app.state.settings.development or oidc.provider_of(request).configured:
            raise PageRefused(503, "Sign-in is through the authority's identity provider.")
        form = await form_of(request)
        session.check_sign_in_token(request, form)
        staff_id, role = form.get("staff_id", "").strip(), form.get("role", "")
        if not _staff_ref(staff_id):
            raise PageRefused(422, "A staff id is a reference: letters, digits and . _ : -")
        if role not in ROLES_OFFERED:
            raise PageRefused(422, "Choose one of the roles offered.")
        authority = _authority_named(request, form.get("authority") or None)
        response = RedirectResponse(local(form.get("then", "/pages/")), status_code=303)
        session.start(request, response, staff_id, Role(role), authority)
        return response

    return await answered(request, make)


def _authorities(request: Request) -> list[str]:
    """The authorities to choose from at sign-in: none to choose where there is one."""
    tenants = sorted(request.app.state.tenants)
    return tenants if len(tenants) > 1 else []


def _authority_named(request: Request, named: object) -> str:
    """The authority a reader signs in to: the one named, which this deployment must
    serve; where it serves one, that one (decision 0011)."""
    tenants = request.app.state.tenants
    if named is None and len(tenants) == 1:
        return str(next(iter(tenants)))
    if not isinstance(named, str) or named not in tenants:
        raise PageRefused(403, "DESIGN-scope: sign in to an authority this service keeps the "
                               "records of.")  # fmt: skip
    return named


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    async def make() -> Response:
        signed_in(request)
        session.check_csrf(request, await form_of(request))
        response = RedirectResponse("/pages/sign-in", status_code=303)
        session.end(response)
        return response

    return await answered(request, make)


@router.get("/")
async def start_page(request: Request) -> Response:
    async def make() -> Response:
        signed_in(request)
        return page(request, "start.html.j2")

    return await answered(request, make)


def _configured_provider(request: Request) -> oidc.Provider:
    provider = oidc.provider_of(request)
    if not provider.configured:
        raise PageRefused(404, "Sign-in through an identity provider is not configured.")
    return provider


def _staff_ref(staff_id: str) -> bool:
    """Whether a staff id is a reference, as the API's tokens name staff."""
    return len(staff_id) <= REF_MAX_LENGTH and re.fullmatch(REF_PATTERN, staff_id) is not None
