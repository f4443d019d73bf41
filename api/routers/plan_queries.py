"""``GET`` a plan as it stands, as it stood at a version or an instant, what changed
between two versions, and its decision history. Every read is logged in the access
log before it is answered."""

from typing import Annotated
from uuid import UUID

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from api.access import Logged
from api.dependencies import PlanningDep, ProjectionsDep, allow
from api.openapi import READ_PROBLEMS
from api.reading import caught_up_on_its_own
from api.schemas.audit_views import DiffPublic
from api.schemas.instants import Instant
from api.schemas.views import ExplanationPublic, HistoryPublic, PlanPublic
from audit.explanation import explain
from audit.history import history_entries
from audit.person_records import plan_as_of
from audit.versions import diff
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

Version = Annotated[int, Path(ge=1, le=1_000_000)]
AsOf = Annotated[
    Instant | None,
    Query(description="An instant (ISO 8601 with an offset): the plan as it stood then, "
                      "as recorded by then."),
]  # fmt: skip


@router.get("/{plan_id}", summary="The plan as it stands (or stood at ?as_of=), with its "
            "budget")  # fmt: skip
async def get_plan(plan_id: UUID, planning: PlanningDep, projections: ProjectionsDep,
                   access: Logged, request: Request, response: Response,
                   as_of: AsOf = None) -> PlanPublic:  # fmt: skip
    if as_of is None:
        plan = await anyio.to_thread.run_sync(planning.plan, plan_id)
        budget = await anyio.to_thread.run_sync(planning.budget, plan_id)
        response.headers["ETag"] = f'"{plan.version}"'
        await access.read_async("plan", [plan_id], plan.person_ref)
        return PlanPublic.of(plan, budget)
    await caught_up_on_its_own(request, projections, "decision_log")
    view = projections.runner("decision_log").view
    plan, budget = await anyio.to_thread.run_sync(plan_as_of, planning, view, plan_id, as_of)
    await access.read_async("plan as of", [plan_id], plan.person_ref, as_of.isoformat())
    return PlanPublic.of(plan, budget, as_of.date())


@router.get("/{plan_id}/history", summary="Every decision on the plan and its budget")
def get_history(plan_id: UUID, planning: PlanningDep, access: Logged) -> HistoryPublic:
    events = planning.history(plan_id)
    access.read("history", [plan_id], events[0].person_ref)
    return HistoryPublic(plan_id=plan_id, events=history_entries(events))


@router.get("/{plan_id}/versions/{version}", summary="The plan as it stood at a version")
def get_version(plan_id: UUID, version: Version, planning: PlanningDep, access: Logged
                ) -> PlanPublic:  # fmt: skip
    access.in_scope([plan_id], "version")
    found = PlanPublic.at(planning, plan_id, version)
    access.read("version", [plan_id], found.person_ref, str(version))
    return found


@router.get("/{plan_id}/diff", summary="What changed in the plan and its budget between two "
            "versions")  # fmt: skip
def get_diff(
    plan_id: UUID,
    planning: PlanningDep,
    access: Logged,
    old: Annotated[int, Query(alias="from", ge=1, le=1_000_000, description="A version.")],
    new: Annotated[int, Query(alias="to", ge=1, le=1_000_000, description="A later version.")],
) -> DiffPublic:
    access.in_scope([plan_id], "diff")
    before = PlanPublic.at(planning, plan_id, old)
    after = PlanPublic.at(planning, plan_id, new)
    access.read("diff", [plan_id], after.person_ref, f"{old}..{new}")
    changes = diff(before.model_dump(mode="json"), after.model_dump(mode="json"))
    return DiffPublic(plan_id=plan_id, from_version=old, to_version=new, changes=changes)


@router.get("/{plan_id}/in-force", summary="The signed-off version in force (COMP-2)")
def get_in_force(plan_id: UUID, planning: PlanningDep, access: Logged) -> PlanPublic:
    """Whatever is being amended, returned or disputed, this is the plan in force."""
    access.in_scope([plan_id], "in force")
    plan = planning.plan(plan_id)
    if plan.signed_off_version is None:
        raise NothingInForce(plan_id)
    found = PlanPublic.at(planning, plan_id, plan.signed_off_version)
    access.read("in force", [plan_id], plan.person_ref, str(plan.signed_off_version))
    return found


@router.get("/{plan_id}/budget/explanation", summary="How the budget was decided (CONS-2)")
def get_budget_explanation(plan_id: UUID, planning: PlanningDep, access: Logged
                           ) -> ExplanationPublic:  # fmt: skip
    events = planning.history(plan_id)
    access.read("budget explanation", [plan_id], events[0].person_ref)
    return ExplanationPublic(plan_id=plan_id, paragraphs=explain(events).paragraphs)
