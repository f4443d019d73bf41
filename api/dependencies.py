"""Request dependencies of the read endpoints, reused by alias: the application, the read
models, and the actor (from the bearer token) admitted by role. Decisions read their
request themselves (``api.decision_endpoint``), with the same ``authenticated``."""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from api.auth import TokenError, TokenKeys, actor_from_claims
from api.errors import OtherAuthority, Unauthenticated
from api.tenants import Tenant, tenant_of
from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.errors import NotPermitted
from projections.runner import Projections

bearer = HTTPBearer(auto_error=False, description="A token from `careledger token`.")


def request_tenant(request: Request) -> Tenant:
    """The authority the request is for: where the deployment serves several, known once
    the request is authenticated (which this does, if not done yet)."""
    try:
        return tenant_of(request)
    except LookupError:
        authenticated(request)
        return tenant_of(request)


async def get_planning(request: Request) -> CarePlanning:
    return request_tenant(request).planning


async def get_projections(request: Request) -> Projections:
    return request_tenant(request).projections


def authenticated(request: Request) -> Actor:
    """Who is acting, from the bearer token and ``X-Acting-Role``; kept on the request
    for the request log, and for the request's later questions (worked out once)."""
    known: Actor | None = getattr(request.state, "actor", None)
    if known is not None:
        return known
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send Authorization: Bearer <token>")
    keys: TokenKeys = request.app.state.token_keys
    try:
        claims = keys.verify(token.strip())
        claimed = actor_from_claims(claims, request.headers.get("x-acting-role"))
    except TokenError as exc:
        raise Unauthenticated(str(exc)) from None
    if claims.get("kind") is not None:  # a page's session, or sign-in's state: the pages'
        raise Unauthenticated("a page's session is not a bearer token: send one for the API")
    named = claims.get("authority")
    if not isinstance(named, str) or not named:
        raise Unauthenticated("the token names no authority (its authority claim)")
    tenant = served(request, named)
    # a signer's level and a member's team are the staff directory's, not the token's
    actor = tenant.planning.directory().resolve(claimed)
    request.state.actor, request.state.tenant = actor, tenant
    return actor


def served(connection: HTTPConnection, authority: str) -> Tenant:
    """The tenant of an authority this deployment serves; another's token is refused
    (decision 0011)."""
    tenants: dict[str, Tenant] = connection.app.state.tenants
    found = tenants.get(authority)
    if found is None:
        # which others it serves is not told to another authority's staff
        raise OtherAuthority(authority, next(iter(tenants)) if len(tenants) == 1
                             else "the authorities it serves")  # fmt: skip
    return found


# Declared for the OpenAPI document; ``authenticated`` reads the headers itself.
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
ActingRole = Annotated[
    str | None, Header(description="Which role to act in, when the token grants several.")
]


async def get_actor(
    request: Request, _credentials: BearerDep, _x_acting_role: ActingRole = None
) -> Actor:
    return authenticated(request)


ActorDep = Annotated[Actor, Depends(get_actor)]


def allow(
    roles: frozenset[Role], what: str, rule: str = "DESIGN-roles"
) -> Callable[..., Coroutine[Any, Any, Actor]]:
    """A dependency admitting only ``roles``, and answering who is acting; it runs
    before anything else is checked, so a caller without the role learns nothing more."""

    async def check(request: Request, _credentials: BearerDep,
                    _x_acting_role: ActingRole = None) -> Actor:  # fmt: skip
        actor = authenticated(request)
        if actor.role not in roles:
            raise NotPermitted(what, actor.role.value, (r.value for r in roles), rule)
        return actor

    return check


PlanningDep = Annotated[CarePlanning, Depends(get_planning)]
ProjectionsDep = Annotated[Projections, Depends(get_projections)]
