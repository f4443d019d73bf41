"""``GET`` a plan as it stands, as it stood at a version, and its decision history."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response

from api.dependencies import PlanningDep, get_actor
from api.schemas.views import HistoryPublic, PlanPublic
from audit.history import history_entries

# Reads need a known actor too: a later access log records who read what.
router = APIRouter(prefix="/plans", tags=["queries"], dependencies=[Depends(get_actor)])


@router.get("/{plan_id}", summary="The plan as it stands, with its budget")
def get_plan(plan_id: UUID, planning: PlanningDep, response: Response) -> PlanPublic:
    plan = planning.plan(plan_id)
    response.headers["ETag"] = f'"{plan.version}"'
    return PlanPublic.of(plan, planning.budget(plan_id))


@router.get("/{plan_id}/history", summary="Every decision on the plan and its budget")
def get_history(plan_id: UUID, planning: PlanningDep) -> HistoryPublic:
    return HistoryPublic(plan_id=plan_id, events=history_entries(planning.history(plan_id)))


@router.get("/{plan_id}/versions/{version}", summary="The plan as it stood at a version")
def get_version(
    plan_id: UUID,
    version: Annotated[int, Path(ge=1, le=1_000_000)],
    planning: PlanningDep,
) -> PlanPublic:
    plan = planning.plan(plan_id, version)
    return PlanPublic.of(plan, planning.budget(plan_id, plan_version=version))
