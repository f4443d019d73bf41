"""Retention (KEEP-1) and erasure (KEEP-2), for information governance (an admin): the
people whose records are due to be destroyed, and erasing a person's records by
destroying their data key. The listing is logged in the access log; the erasure is an
event naming no one, and a line in the shred log kept apart from the store (KEEP-3)."""

from datetime import UTC, date, datetime
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Query, Request, status

from api.access import AccessLog, access_log
from api.dependencies import ActorDep, PlanningDep, ProjectionsDep, allow
from api.openapi import problems
from api.reading import caught_up_on_its_own, read
from api.schemas.retention import DueListPublic, DuePublic, EraseRequest, ErasurePublic
from api.tenants import tenant_of
from domain.actors import Role
from domain.personal_data.erasing import Erase
from projections.retention import due
from store.application import ServicePlanning
from store.shred_log import ShredLog

router = APIRouter(prefix="/retention", tags=["retention"],
                   dependencies=[Depends(allow(frozenset({Role.ADMIN}),
                                               "keep the retention of records"))],
                   responses=problems(400, 401, 403, 404, 413, 422, 503))  # fmt: skip


@router.get("/due", summary="People whose records are due to be destroyed (KEEP-1)")
async def due_for_erasure(
    request: Request,
    planning: PlanningDep,
    projections: ProjectionsDep,
    access: Annotated[AccessLog, Depends(access_log())],
    as_of: Annotated[date | None, Query(description="The day to judge on [today].")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DueListPublic:
    await caught_up_on_its_own(request, projections, "retention")
    today = as_of or datetime.now(UTC).date()
    view = projections.runner("retention").view
    found, position = await read(due, view, planning.policy.retention_years, today)
    shown = found[offset : offset + limit]
    # the plans listed, not the people: their refs would outlive an erasure in the log
    plans = [plan_id for d in shown for plan_id in d.plan_ids]
    await access.read_async("retention due", plans, None, f"{len(shown)} people due on {today}")
    return DueListPublic(as_of=today, retention_years=planning.policy.retention_years,
                         position=position, total=len(found),
                         items=[DuePublic(person_ref=d.person_ref, plans=d.plans,
                                          plan_ids=d.plan_ids, care_ended_on=d.care_ended_on,
                                          died=d.died, keep_until=d.keep_until)
                                for d in shown])  # fmt: skip


@router.post("/erasures", status_code=status.HTTP_201_CREATED,
             summary="Erase a person's records: destroy their data key (KEEP-2)")  # fmt: skip
async def erase(request: Request, body: EraseRequest, planning: PlanningDep,
                actor: ActorDep) -> ErasurePublic:  # fmt: skip
    assert isinstance(planning, ServicePlanning)
    shred_log = ShredLog(tenant_of(request).settings.shred_log_file)
    erasure = await anyio.to_thread.run_sync(
        planning.erase, Erase(actor, body.person_ref, body.ground), shred_log
    )
    return ErasurePublic(key_id=erasure.key_id, streams=erasure.streams, ground=erasure.ground,
                         erased_at=erasure.occurred_at)  # fmt: skip
