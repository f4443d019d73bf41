"""Timelines and chronologies for complaint handlers: a plan's, or a person's across all
their plans. A purpose must be stated (``X-Purpose``); every read is logged."""

import contextlib
from typing import Annotated, Any
from uuid import UUID

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from api.access import ChronologyLogged, TimelineLogged
from api.dependencies import PlanningDep, ProjectionsDep, allow
from api.errors import ReadModelBehind
from api.openapi import READ_PROBLEMS
from api.reading import caught_up_on_its_own
from api.routers.plan_queries import READERS
from api.schemas.audit_views import TimelinePublic
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
from api.tenants import tenant_of
from audit import chronology
from audit.checkpoints import Signer
from audit.chronology_pdf import as_pdf
from audit.formats import Format
from audit.person_records import chronology_of, person_steps, plan_steps
from audit.timeline import Step
from projections.runner import Projections
from projections.view import View

router = APIRouter(
    tags=["timelines"],
    dependencies=[Depends(allow(READERS, "read a person's records"))],
    responses=READ_PROBLEMS,
)

# a person's opaque reference, as a plan records it: never a name or an NHS number
PersonRef = Annotated[str, Path(max_length=REF_MAX_LENGTH, pattern=REF_PATTERN)]


FormatQuery = Annotated[Format, Query(description="json, csv, html to print, or pdf.")]


async def _settled(request: Request, projections: Projections) -> View:
    """The decision log, given a moment to reach the latest decisions so that each step
    has its position; a timeline is still answered if it has not (from the store)."""
    with contextlib.suppress(ReadModelBehind):  # answered from the store all the same
        await caught_up_on_its_own(request, projections, "decision_log")
    return projections.runner("decision_log").view


@router.get("/plans/{plan_id}/timeline", summary="Every step on the plan, its budget, shares "
            "and notices, with the gap between steps")  # fmt: skip
async def get_plan_timeline(
    plan_id: UUID, planning: PlanningDep, projections: ProjectionsDep, access: TimelineLogged,
    request: Request,
) -> TimelinePublic:  # fmt: skip
    log = await _settled(request, projections)
    steps, person_ref = await anyio.to_thread.run_sync(plan_steps, planning, log, plan_id)
    await access.read_async("timeline", [plan_id], person_ref)
    return TimelinePublic(plan_id=plan_id, person_ref=person_ref, plan_ids=[plan_id],
                          steps=steps)  # fmt: skip


@router.get("/people/{person_ref}/timeline", summary="Every step on all of a person's plans, "
            "in the order they happened")  # fmt: skip
async def get_person_timeline(person_ref: PersonRef, planning: PlanningDep,
                              projections: ProjectionsDep, access: TimelineLogged,
                              request: Request) -> TimelinePublic:  # fmt: skip
    await caught_up_on_its_own(request, projections, "decision_log")
    log = projections.runner("decision_log").view
    steps, plan_ids = await anyio.to_thread.run_sync(person_steps, planning, log, person_ref)
    await access.read_async("timeline", plan_ids, person_ref)
    return TimelinePublic(plan_id=None, person_ref=person_ref, plan_ids=plan_ids, steps=steps)


def _chronology(request: Request, subject: str, steps: list[Step]) -> chronology.Chronology:
    signer: Signer = tenant_of(request).audit_signer
    return chronology_of(tenant_of(request).planning, tenant_of(request).checkpoint_log,
                         signer.public_pem(), subject, steps)  # fmt: skip


def _render(found: chronology.Chronology, form: Format, name: str) -> Response:
    """The chronology in the format asked for; made before the read is logged, so a read
    that cannot be shown is not logged as made."""
    if form is Format.CSV:
        return PlainTextResponse(chronology.as_csv(found), media_type="text/csv",
                                 headers={"Content-Disposition":
                                          f'attachment; filename="{name}.csv"'})  # fmt: skip
    if form is Format.HTML:
        return HTMLResponse(chronology.as_html(found))
    if form is Format.PDF:
        attachment = {"Content-Disposition": f'attachment; filename="{name}.pdf"'}
        return Response(as_pdf(found), media_type="application/pdf", headers=attachment)
    body: dict[str, Any] = chronology.as_json(found)
    return JSONResponse(body)


CHRONOLOGY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/csv": {}, "text/html": {},
                      "application/pdf": {}},
          "description": "The chronology, in the format asked for."},
}  # fmt: skip


@router.get("/plans/{plan_id}/chronology", summary="A dated chronology of the plan for a "
            "complaint file, each decision checked against a signed checkpoint",
            responses=CHRONOLOGY_RESPONSES, response_class=Response)  # fmt: skip
async def get_plan_chronology(
    plan_id: UUID, planning: PlanningDep, projections: ProjectionsDep, access: ChronologyLogged,
    request: Request, format: FormatQuery = Format.JSON,
) -> Response:  # fmt: skip
    log = await _settled(request, projections)
    steps, person_ref = await anyio.to_thread.run_sync(plan_steps, planning, log, plan_id)
    found = await anyio.to_thread.run_sync(_chronology, request, f"plan {plan_id}", steps)
    rendered = await anyio.to_thread.run_sync(_render, found, format, f"chronology-{plan_id}")
    await access.read_async(f"chronology.{format.value}", [plan_id], person_ref)
    return rendered


@router.get("/people/{person_ref}/chronology", summary="A dated chronology of all of a "
            "person's plans for a complaint file", responses=CHRONOLOGY_RESPONSES,
            response_class=Response)  # fmt: skip
async def get_person_chronology(person_ref: PersonRef, planning: PlanningDep,
                                projections: ProjectionsDep, access: ChronologyLogged,
                                request: Request, format: FormatQuery = Format.JSON
                                ) -> Response:  # fmt: skip
    await caught_up_on_its_own(request, projections, "decision_log")
    log = projections.runner("decision_log").view
    steps, plan_ids = await anyio.to_thread.run_sync(person_steps, planning, log, person_ref)
    found = await anyio.to_thread.run_sync(_chronology, request, f"person {person_ref}", steps)
    rendered = await anyio.to_thread.run_sync(_render, found, format, f"chronology-{person_ref}")
    await access.read_async(f"chronology.{format.value}", plan_ids, person_ref)
    return rendered
