"""Work queues, reports and the read models' state. Every answer says which position in
the event log it reflects; ``after`` waits (briefly) for a decision just made."""

import csv
import io
from datetime import UTC, datetime
from enum import Enum, StrEnum
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from api.access import AccessLog, Logged, team_in_scope
from api.dependencies import ProjectionsDep, allow, authenticated
from api.openapi import problems
from api.reading import caught_up, read
from api.schemas.common import NO_CONTROL_CHARACTERS
from api.schemas.instants import Day
from api.tenants import tenant_of
from audit.json_data import spreadsheet_safe
from domain.actors import Role
from domain.rules.authority import CASE_HOLDERS
from projections import reports
from projections.queries import QueueFilters, fact_rows, queue_counts, queue_page
from projections.queues import QUEUES
from projections.runner import Projections
from projections.view import View

QUEUE_READERS = frozenset(
    {Role.PRACTITIONER, Role.SIGN_OFF_OFFICER, Role.PANEL_MEMBER, Role.LINE_MANAGER}
)
REPORT_READERS = frozenset(
    {Role.LINE_MANAGER, Role.SIGN_OFF_OFFICER, Role.AUDITOR, Role.COMPLAINT_HANDLER}
)
STATUS_READERS = frozenset({Role.ADMIN, Role.AUDITOR, Role.LINE_MANAGER})
READ_MODEL_PROBLEMS = problems(401, 403, 422, 503)
T = TypeVar("T")

Queue = Enum("Queue", {q.replace("-", "_"): q for q in QUEUES}, type=str)  # type: ignore[misc]


class Report(StrEnum):
    TIMELINESS = "timeliness"
    COMPLIANCE = "compliance"
    CONSISTENCY = "consistency"


router = APIRouter(tags=["read models"], responses=READ_MODEL_PROBLEMS)

After = Annotated[int | None, Query(ge=0, le=2**62, description="A decision's X-Position: "
                                    "wait until the read model has it.")]  # fmt: skip
Team = Annotated[str | None, Query(max_length=100, pattern=NO_CONTROL_CHARACTERS)]
Level = Annotated[
    str | None,
    Query(max_length=100, pattern=NO_CONTROL_CHARACTERS, description="The authority level needed."),
]
Person = Annotated[
    str | None,
    Query(max_length=100, pattern=NO_CONTROL_CHARACTERS, description="A practitioner's id."),
]


@router.get("/queues", summary="How many items wait in each work queue",
            dependencies=[Depends(allow(QUEUE_READERS, "read the work queues"))])  # fmt: skip
async def get_queue_counts(request: Request, projections: ProjectionsDep, team: Team = None,
                           practitioner: Person = None, level: Level = None,
                           after: After = None) -> dict[str, Any]:  # fmt: skip
    await caught_up(request, projections, "work_queues", after)
    filters = QueueFilters(team_in_scope(request, team), practitioner, level)
    counts, position = await counts_read(projections, filters)
    return {"position": position, "queues": counts}


async def counts_read(projections: Projections, filters: QueueFilters
                      ) -> tuple[dict[str, int], int]:  # fmt: skip
    """How many items wait in each queue, and the position counted at: for the API and the
    pages alike (counts name no plan, so are not a read of records)."""
    view = projections.runner("work_queues").view
    return await read(queue_counts, view, filters, datetime.now(UTC))


@router.get("/queues/{queue}", summary="A work queue, oldest first (soonest due first for "
            "reviews), with each item's age",
            dependencies=[Depends(allow(QUEUE_READERS, "read the work queues"))])  # fmt: skip
async def get_queue(
    request: Request,
    projections: ProjectionsDep,
    access: Logged,
    queue: Queue,
    team: Team = None,
    practitioner: Person = None,
    level: Level = None,
    due_within_days: Annotated[int | None, Query(ge=0, le=3650, description="Only items "
                               "due within this many days, and those overdue.")] = None,
    plan: Annotated[UUID | None, Query(description="One plan's items only.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    after: After = None,
) -> dict[str, Any]:  # fmt: skip
    await caught_up(request, projections, "work_queues", after)
    filters = QueueFilters(team_in_scope(request, team), practitioner, level, due_within_days,
                           str(plan) if plan else None)  # fmt: skip
    return await queue_read(request, projections, access, queue.value, filters, limit, offset)


async def queue_read(request: Request, projections: Projections, access: AccessLog, queue: str,
                     filters: QueueFilters, limit: int, offset: int) -> dict[str, Any]:  # fmt: skip
    """A page of a work queue as its reader may see it (restricted records' items withheld,
    whom an item names for the case holders only), its read logged: for the API and the
    pages alike."""
    view = projections.runner("work_queues").view
    page = await read(queue_page, view, queue, filters, limit, offset, datetime.now(UTC))
    # the items name plans (and some, whom a copy or share is for): a read of records
    listed = list(dict.fromkeys(UUID(str(item["plan_id"])) for item in page.items))
    withheld = await access.withheld(listed)  # restricted to staff not including the reader
    shown = [plan_id for plan_id in listed if plan_id not in withheld]
    await access.read_async(f"queue {queue}", shown, None, _described(filters))
    items = [item for item in page.items if UUID(str(item["plan_id"])) not in withheld]
    if queue in NAMING_QUEUES and authenticated(request).role not in CASE_HOLDERS:
        # whom (in the item's key and its detail): for the case holders to know
        items = [{**item, "item": None, "detail": None} for item in items]
    # the total leaves out this page's withheld items: a filter to one restricted plan
    # does not say, by its count, that the plan waits in the queue
    total = page.total - (len(page.items) - len(items))
    return {"queue": queue, "position": page.position, "total": total,
            "limit": limit, "offset": offset, "items": items}  # fmt: skip


REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/csv": {}},
          "description": "The report; `format=csv` gives it as CSV."},
}  # fmt: skip


@router.get("/reports/{report}", summary="Timeliness (CONS-3), compliance or consistency "
            "(CONS-1), as JSON or CSV",
            dependencies=[Depends(allow(REPORT_READERS, "read the reports"))],
            responses=REPORT_RESPONSES)  # fmt: skip
async def get_report(
    request: Request,
    projections: ProjectionsDep,
    access: Logged,
    report: Report,
    since: Annotated[Day | None, Query(alias="from", description="First day, inclusive.")]
    = None,
    until: Annotated[Day | None, Query(alias="to", description="Last day, inclusive.")] = None,
    team: Team = None,
    practitioner: Person = None,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
    within_days: Annotated[int | None, Query(ge=0, le=365, description="Compliance: days "
                           "within which notices and copies are due.")] = None,
    after: After = None,
) -> Response:  # fmt: skip
    await caught_up(request, projections, "plan_facts", after)
    days = tenant_of(request).settings.notice_within_days if within_days is None else (
        within_days)  # fmt: skip
    filters = reports.Filters(since, until, team_in_scope(request, team), practitioner)
    body, position = await report_read(request, projections, access, report, filters, days)
    headers = {"X-Position": str(position)}
    if format == "csv":
        return Response(as_csv(reports.table_of(report.value, body)), media_type="text/csv",
                        headers={**headers, "Content-Disposition":
                                 f'attachment; filename="{report.value}.csv"'})  # fmt: skip
    return JSONResponse({"report": report.value, "position": position, **body}, headers=headers)


async def report_read(request: Request, projections: Projections, access: AccessLog,
                      report: Report, filters: reports.Filters, within_days: int
                      ) -> tuple[dict[str, Any], int]:  # fmt: skip
    """A report as its reader may see it (free text for those who audit and answer
    complaints only, restricted records' rows withheld), its read logged, and the position
    it reflects: for the API and the pages alike."""
    view = projections.runner("plan_facts").view
    body, position = await read(make_report, view, report, filters, within_days)
    if authenticated(request).role not in FREE_TEXT_READERS:
        body = _without_free_text(body)
    body = _without_plans(body, await access.withheld(_plans_in(body)))
    await access.read_async(f"report {report.value}", _plans_in(body), None,
                            _described(filters))  # fmt: skip
    return body, position


def make_report(view: View, report: Report, filters: reports.Filters, within_days: int
                ) -> tuple[dict[str, Any], int]:  # fmt: skip
    """The report, from one snapshot of the plan facts, and the position it reflects."""
    rows = fact_rows(view, filters.team)
    now = datetime.now(UTC)
    if report is Report.TIMELINESS:
        body = reports.timeliness(rows.facts, rows.spans, filters, now)
    elif report is Report.COMPLIANCE:
        body = reports.compliance(rows.facts, rows.decisions, rows.dues, filters, now.date(),
                                  within_days)  # fmt: skip
    else:
        body = reports.consistency(rows.facts, filters)
    return body, rows.position


def as_csv(rows: list[dict[str, Any]]) -> str:
    """Rows of differing shapes share one header: every column any row has. Text that a
    spreadsheet would take for a formula is made inert."""
    out = io.StringIO()
    if rows:
        columns = list(dict.fromkeys(c for row in rows for c in row))
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


@router.get("/projections", summary="Each read model's position and how far behind it is",
            dependencies=[Depends(allow(STATUS_READERS, "read the read models"))])  # fmt: skip
async def get_projections(projections: ProjectionsDep) -> dict[str, Any]:
    return {"read_models": [lag_of(lag) for lag in await read(projections.lags)]}


def lag_of(lag: Any) -> dict[str, Any]:
    return {"name": lag.name, "position": lag.position, "top": lag.top,
            "events_behind": lag.events_behind, "seconds_behind": lag.seconds_behind,
            "failures": lag.failures, "last_error": lag.last_error}  # fmt: skip


# Queues whose items name people (whom a copy is owed to, whom a share is asked for):
# their details are for those who hold the case and act on them.
NAMING_QUEUES = frozenset({"copies", "share-requests"})

# Who reads, in a report, the reasons a decision gave in words (a decline's reasons may
# name third parties): those who audit decisions and answer complaints. Managers see
# that a decision was made, and open the plan's record for why (which is logged).
FREE_TEXT_READERS = frozenset({Role.AUDITOR, Role.COMPLAINT_HANDLER})
# a decline's reasons under their own name, and any decision's reasons as a decision row
# (an adverse decision not yet told) carries them, under "detail"
FREE_TEXT = ("reasons", "detail")


def _without_free_text(body: dict[str, Any]) -> dict[str, Any]:
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in FREE_TEXT}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    stripped: dict[str, Any] = strip(body)
    return stripped


def _without_plans(body: dict[str, Any], withheld: frozenset[UUID]) -> dict[str, Any]:
    """The report without its rows of the plans ``withheld`` (its counts keep them)."""
    if not withheld:
        return body

    def of_withheld(value: Any) -> bool:
        plan_id = value.get("plan_id") if isinstance(value, dict) else None
        return isinstance(plan_id, str) and UUID(plan_id) in withheld

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value if not of_withheld(v)]
        return value

    stripped: dict[str, Any] = strip(body)
    return stripped


def _plans_in(body: Any) -> list[UUID]:
    """Every plan a report names, once each, in order."""
    found: dict[UUID, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            plan_id = value.get("plan_id")
            if isinstance(plan_id, str):
                found[UUID(plan_id)] = None
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(body)
    return list(found)


def _described(filters: Any) -> str | None:
    """The filters a list was read with, for the access log."""
    given = {k: v for k, v in vars(filters).items() if v is not None}
    return "; ".join(f"{k}={v}" for k, v in given.items()) or None
