"""``GET`` a plan as it stands, as it stood at a version, and its decision history."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response

from api.dependencies import PlanningDep, allow
from api.openapi import READ_PROBLEMS
from api.schemas.views import ExplanationPublic, HistoryPublic, PlanPublic
from audit.explanation import explain
from audit.history import history_entries
from domain.actors import Role
from domain.errors import NothingInForce

# Who may read a person's records: staff on the case, their managers, auditors and
# complaint handlers. Not an administrator, nor an advocate (outside the authority).
READERS = frozenset(
    {
        Role.PRACTITIONER,
        Role.SIGN_OFF_OFFICER,
        Role.PANEL_MEMBER,
        Role.LINE_MANAGER,
        Role.AUDITOR,
        Role.COMPLAINT_HANDLER,
    }
)

router = APIRouter(
    prefix="/plans",
    tags=["queries"],
    dependencies=[Depends(allow(READERS, "read a plan"))],
    responses=READ_PROBLEMS,
)


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


@router.get("/{plan_id}/in-force", summary="The signed-off version in force (COMP-2)")
def get_in_force(plan_id: UUID, planning: PlanningDep) -> PlanPublic:
    """Whatever is being amended, returned or disputed, this is the plan in force."""
    plan = planning.plan(plan_id)
    if plan.signed_off_version is None:
        raise NothingInForce(plan_id)
    version = plan.signed_off_version
    return PlanPublic.of(planning.plan(plan_id, version), planning.budget(plan_id, version))


@router.get("/{plan_id}/budget/explanation", summary="How the budget was decided (CONS-2)")
def get_budget_explanation(plan_id: UUID, planning: PlanningDep) -> ExplanationPublic:
    return ExplanationPublic(
        plan_id=plan_id, paragraphs=explain(planning.history(plan_id)).paragraphs
    )
