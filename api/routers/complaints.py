"""The complaint record: complaint handlers record a complaint and each step of its
handling (CMP-1 to CMP-5); complaint handlers and auditors read a complaint, with its
clock and every step (a purpose stated, the read logged), and the complaints queue
(CMP-6). Each step is an event, in the integrity record."""

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from api.access import AccessLog, Logged, access_log
from api.dependencies import ActorDep, PlanningDep, ProjectionsDep, allow
from api.openapi import problems
from api.reading import caught_up, read
from api.schemas.common import NO_CONTROL_CHARACTERS, REF_MAX_LENGTH, REF_PATTERN
from api.schemas.complaining import (
    AcknowledgeRequest,
    AnswerRequest,
    ComplaintPublic,
    ExtendRequest,
    ReceiveRequest,
    WithdrawRequest,
    complaint_public,
)
from api.tenants import tenant_of
from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.complaining.clock import day_in_england
from domain.complaining.decisions import Command
from domain.complaining.rules import HANDLERS
from domain.restricting.rules import reaches
from projections.queries import ComplaintFilters, complaint_page

READERS = frozenset({Role.COMPLAINT_HANDLER, Role.AUDITOR})

router = APIRouter(prefix="/complaints", tags=["complaints"],
                   responses=problems(400, 401, 403, 404, 409, 413, 422, 503))  # fmt: skip

ComplaintRef = Annotated[str, Path(max_length=REF_MAX_LENGTH, pattern=REF_PATTERN)]
Handler = Annotated[Actor, Depends(allow(HANDLERS, "record complaints"))]
ComplaintLogged = Annotated[Any, Depends(access_log("complaint"))]


def recorded(planning: CarePlanning, command: Command, response: Response) -> ComplaintPublic:
    """Records the step; answers the complaint as it now stands, its position in
    ``X-Position`` (for a queue read with ``after``)."""
    complaint, position = planning.complain(command)
    response.headers["X-Position"] = str(position)
    events = list(planning.events.get(complaint.id))
    return complaint_public(complaint, events, planning.clock())


@router.post("", status_code=status.HTTP_201_CREATED, summary="Record a complaint received "
             "(CMP-1): the clock starts")  # fmt: skip
async def receive(body: ReceiveRequest, planning: PlanningDep, actor: Handler,
                  response: Response) -> ComplaintPublic:  # fmt: skip
    response.headers["Location"] = f"/complaints/{body.complaint_ref}"
    return await anyio.to_thread.run_sync(recorded, planning, body.to_command(actor), response)


@router.post("/{complaint_ref}/acknowledge", summary="Acknowledge the complaint, with its "
             "response period (CMP-2, CMP-3)")  # fmt: skip
async def acknowledge(complaint_ref: ComplaintRef, body: AcknowledgeRequest,
                      planning: PlanningDep, actor: Handler,
                      response: Response) -> ComplaintPublic:  # fmt: skip
    command = body.to_command(actor, complaint_ref)
    return await anyio.to_thread.run_sync(recorded, planning, command, response)


@router.post("/{complaint_ref}/extend", summary="Extend the response period, with the "
             "reason (CMP-4)")  # fmt: skip
async def extend(complaint_ref: ComplaintRef, body: ExtendRequest, planning: PlanningDep,
                 actor: Handler, response: Response) -> ComplaintPublic:  # fmt: skip
    command = body.to_command(actor, complaint_ref)
    return await anyio.to_thread.run_sync(recorded, planning, command, response)


@router.post("/{complaint_ref}/answer", summary="Answer the complaint, telling of the right "
             "to go to the Ombudsman (CMP-5)")  # fmt: skip
async def answer(complaint_ref: ComplaintRef, body: AnswerRequest, planning: PlanningDep,
                 actor: Handler, response: Response) -> ComplaintPublic:  # fmt: skip
    command = body.to_command(actor, complaint_ref)
    return await anyio.to_thread.run_sync(recorded, planning, command, response)


@router.post("/{complaint_ref}/withdraw", summary="Record the complaint withdrawn, with the "
             "reason (CMP-1)")  # fmt: skip
async def withdraw(complaint_ref: ComplaintRef, body: WithdrawRequest, planning: PlanningDep,
                   actor: Handler, response: Response) -> ComplaintPublic:  # fmt: skip
    command = body.to_command(actor, complaint_ref)
    return await anyio.to_thread.run_sync(recorded, planning, command, response)


@router.get("/{complaint_ref}", summary="A complaint: its clock and every step; a purpose "
            "must be stated, and the read is logged",
            dependencies=[Depends(allow(READERS, "read complaints"))])  # fmt: skip
async def get_complaint(complaint_ref: ComplaintRef, planning: PlanningDep,
                        access: ComplaintLogged) -> ComplaintPublic:  # fmt: skip
    def look() -> ComplaintPublic:
        complaint = planning.complaint(complaint_ref)
        plans = [complaint.plan_id] if complaint.plan_id else []
        access.read("complaint", plans, complaint.person_ref, complaint_ref)
        events = list(planning.events.get(complaint.id))
        return complaint_public(complaint, events, planning.clock())

    return await anyio.to_thread.run_sync(look)


@router.get("", summary="The complaints queue, soonest due first (CMP-6)",
            dependencies=[Depends(allow(READERS, "read complaints"))])  # fmt: skip
async def get_complaints(
    request: Request,
    projections: ProjectionsDep,
    access: Logged,
    actor: ActorDep,
    overdue: Annotated[bool, Query(description="Only those overdue (CMP-6).")] = False,
    closed: Annotated[bool, Query(description="Answered and withdrawn ones too.")] = False,
    person: Annotated[str | None, Query(max_length=REF_MAX_LENGTH, pattern=REF_PATTERN)] = None,
    plan: UUID | None = None,
    team: Annotated[str | None, Query(max_length=100, pattern=NO_CONTROL_CHARACTERS)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
) -> dict[str, Any]:  # fmt: skip
    await caught_up(request, projections, "complaints", after)
    filters = ComplaintFilters(not closed, overdue, team, person, str(plan) if plan else None)
    return await complaints_queue(request, access, actor, filters, limit, offset)


async def complaints_queue(request: Request, access: AccessLog, actor: Actor,
                           filters: ComplaintFilters, limit: int, offset: int
                           ) -> dict[str, Any]:  # fmt: skip
    """A page of the complaints queue as ``actor`` may see it: a restricted person's
    complaints left out for anyone not named (and out of the total), the read logged."""
    view = tenant_of(request).projections.runner("complaints").view
    today = day_in_england(datetime.now(UTC))
    page = await read(complaint_page, view, filters, limit, offset, today)
    planning: CarePlanning = tenant_of(request).planning
    people = {str(item["person_ref"]) for item in page.items}
    withheld = await anyio.to_thread.run_sync(
        lambda: {p for p in people if not reaches(actor, planning.restricted_to(p))}
    )
    items = [item for item in page.items if item["person_ref"] not in withheld]
    plans = list(dict.fromkeys(UUID(str(i["plan_id"])) for i in items if i["plan_id"]))
    # people whose complaints name no plan are named in the entry's detail
    planless = sorted({str(i["person_ref"]) for i in items if not i["plan_id"]})
    detail = f"overdue={filters.overdue_only}" + (
        f"; people {', '.join(planless)}" if planless else "")  # fmt: skip
    await access.read_async("complaints queue", plans, None, detail)
    return {"position": page.position, "total": page.total - (len(page.items) - len(items)),
            "limit": limit, "offset": offset, "items": items}  # fmt: skip
