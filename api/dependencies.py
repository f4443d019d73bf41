"""Request dependencies, reused by alias: the application, the actor, the If-Match
version."""

import re
from typing import Annotated, cast

from fastapi import Depends, Header, Request

from api.errors import MalformedHeader, PreconditionRequired, Unauthenticated
from domain.actors import Actor, Role
from domain.application import CarePlanning

_ACTOR_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def get_planning(request: Request) -> CarePlanning:
    return cast(CarePlanning, request.app.state.planning)


def get_actor(
    x_actor_id: Annotated[str | None, Header(description="The acting person's id.")] = None,
    x_actor_role: Annotated[Role | None, Header(description="The role they act in.")] = None,
    x_actor_level: Annotated[
        str | None, Header(description="A signer's level in the delegation scheme (SIGN-7).")
    ] = None,
) -> Actor:
    """Who is acting. The only place that knows actors come from headers."""
    if not x_actor_id or x_actor_role is None:
        raise Unauthenticated("the X-Actor-Id and X-Actor-Role headers are required")
    for header, value in (("X-Actor-Id", x_actor_id), ("X-Actor-Level", x_actor_level)):
        if value is not None and not _ACTOR_ID.match(value):
            raise MalformedHeader(f"{header} must be an opaque id of letters, digits and ._:/-")
    return Actor(x_actor_id, x_actor_role, authority_level=x_actor_level)


def get_expected_version(
    if_match: Annotated[
        str | None, Header(description="The plan version the decision was made on.")
    ] = None,
) -> int:
    if if_match is None:
        raise PreconditionRequired("send If-Match with the plan version the decision is made on")
    matched = _ETAG.match(if_match.strip())
    if not matched or int(matched.group(1)) < 1:
        raise MalformedHeader(f'If-Match must be a plan version such as "3", not {if_match!r}')
    return int(matched.group(1))


PlanningDep = Annotated[CarePlanning, Depends(get_planning)]
ActorDep = Annotated[Actor, Depends(get_actor)]
IfMatchDep = Annotated[int, Depends(get_expected_version)]
