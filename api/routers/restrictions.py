"""Restricting a person's records to named staff, changing who is named, and lifting the
restriction (DESIGN-restricted). Kept by information governance (an admin), or by a line
manager named on the restriction. Each change is an event, in the integrity record."""

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Path

from api.dependencies import ActorDep, PlanningDep, allow
from api.openapi import problems
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
from api.schemas.restricting import LiftRequest, RestrictionPublic, RestrictRequest
from domain.actors import Role
from domain.application import CarePlanning
from domain.errors import RecordRestricted
from domain.restricting.decisions import Lift, Restrict
from domain.restricting.rules import KEEPERS, reaches

router = APIRouter(
    prefix="/people/{person_ref}/restriction",
    tags=["people"],
    dependencies=[Depends(allow(KEEPERS, "keep restrictions on records"))],
    responses=problems(400, 401, 403, 409, 413, 422, 503),
)

PersonRef = Annotated[str, Path(max_length=REF_MAX_LENGTH, pattern=REF_PATTERN)]


def _public(planning: CarePlanning, person_ref: str) -> RestrictionPublic:
    restriction = planning.restriction(person_ref)
    named = restriction.named if restriction else None
    return RestrictionPublic(person_ref=person_ref, restricted=named is not None,
                             named=tuple(sorted(named or ())),
                             version=restriction.version if restriction else 0)  # fmt: skip


@router.get("", summary="Whether the person's records are restricted, and to whom")
async def get_restriction(person_ref: PersonRef, planning: PlanningDep,
                          actor: ActorDep) -> RestrictionPublic:  # fmt: skip
    def look() -> RestrictionPublic:
        shown = _public(planning, person_ref)
        named = frozenset(shown.named) if shown.restricted else None
        if actor.role is not Role.ADMIN and not reaches(actor, named):
            raise RecordRestricted("see whom they are restricted to")
        return shown

    return await anyio.to_thread.run_sync(look)


@router.post("", summary="Restrict the person's records to named staff, or change who is named")
async def restrict(person_ref: PersonRef, body: RestrictRequest, planning: PlanningDep,
                   actor: ActorDep) -> RestrictionPublic:  # fmt: skip
    command = Restrict(actor, person_ref, body.named, body.reason)
    await anyio.to_thread.run_sync(planning.restrict, command)
    return await anyio.to_thread.run_sync(_public, planning, person_ref)


@router.post("/lift", summary="Lift the restriction: the records are reached as any others")
async def lift(person_ref: PersonRef, body: LiftRequest, planning: PlanningDep,
               actor: ActorDep) -> RestrictionPublic:  # fmt: skip
    await anyio.to_thread.run_sync(planning.restrict, Lift(actor, person_ref, body.reason))
    return await anyio.to_thread.run_sync(_public, planning, person_ref)
