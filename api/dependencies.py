"""Request dependencies, reused by alias: the application, the actor (from the bearer
token), the roles a route admits, and the If-Match version.

Each dependency FastAPI solves costs it more per request than most of what it does, so
the hot ones are flat: ``allow`` reads the token itself and hands the actor on."""

import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, cast

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import TokenError, TokenKeys, actor_from_claims
from api.desk import DecisionDesk
from api.errors import PreconditionRequired, Unauthenticated
from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.errors import NotPermitted
from projections.runner import Projections

ETAG_PATTERN = r'^\s*(?:W/)?"?([1-9][0-9]{0,8})"?\s*$'
_ETAG = re.compile(ETAG_PATTERN)

bearer = HTTPBearer(auto_error=False, description="A token from `careledger token`.")


async def get_planning(request: Request) -> CarePlanning:
    return cast(CarePlanning, request.app.state.planning)


async def get_projections(request: Request) -> Projections:
    return cast(Projections, request.app.state.projections)


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
ActingRole = Annotated[
    str | None, Header(description="Which role to act in, when the token grants several.")
]


def planning_of(request: Request) -> CarePlanning:
    return cast(CarePlanning, request.app.state.planning)


async def get_actor(
    request: Request, credentials: BearerDep, x_acting_role: ActingRole = None
) -> Actor:
    return _authenticated(request, credentials, x_acting_role)


def _authenticated(
    request: Request, credentials: HTTPAuthorizationCredentials | None, acting_role: str | None
) -> Actor:
    """Who is acting, from the bearer token (``api.shortcut`` reads it the same way)."""
    if credentials is None:
        raise Unauthenticated("send Authorization: Bearer <token>")
    keys: TokenKeys = request.app.state.token_keys
    try:
        actor = actor_from_claims(keys.verify(credentials.credentials), acting_role)
    except TokenError as exc:
        raise Unauthenticated(str(exc)) from None
    request.state.actor = actor  # for the request log
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]


def allow(
    roles: frozenset[Role], what: str, rule: str = "DESIGN-roles"
) -> Callable[..., Coroutine[Any, Any, Actor]]:
    """A dependency admitting only ``roles``, and answering who is acting; it runs
    before the body is checked, so a caller without the role learns nothing more."""

    async def check(request: Request, credentials: BearerDep,
                    x_acting_role: ActingRole = None) -> Actor:  # fmt: skip
        actor = _authenticated(request, credentials, x_acting_role)
        if actor.role not in roles:
            raise NotPermitted(what, actor.role.value, (r.value for r in roles), rule)
        return actor

    return check


async def get_expected_version(
    if_match: Annotated[
        str | None,
        Header(
            description='The plan version the decision was made on, as in the ETag: "3".',
            pattern=ETAG_PATTERN,
        ),
    ] = None,
) -> int:
    """Required (428 without it, RFC 6585); its form is checked by the pattern (422)."""
    if if_match is None:
        raise PreconditionRequired("send If-Match with the plan version the decision is made on")
    version = version_in(if_match)
    assert version is not None  # the pattern has been checked
    return version


def version_in(if_match: str) -> int | None:
    """The plan version an ``If-Match`` names, if it is well formed."""
    matched = _ETAG.match(if_match)
    return None if matched is None else int(matched.group(1))


PlanningDep = Annotated[CarePlanning, Depends(get_planning)]
ProjectionsDep = Annotated[Projections, Depends(get_projections)]
IfMatchDep = Annotated[int, Depends(get_expected_version)]


def desk_of(request: Request) -> DecisionDesk:
    """Where the worker's decisions are made, off the event loop (``api.desk``)."""
    return cast(DecisionDesk, request.app.state.desk)
