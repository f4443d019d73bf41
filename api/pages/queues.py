"""Work queues and reports, for team managers and the others the API lets read them: each
queue's count, a queue's items oldest (or soonest due) first with their age and an
overdue mark, and the timeliness, consistency and compliance reports for a period, in
tables and server-drawn charts. They read as the API does, through the same functions
(``api.routers.read_models``): the same team scoping, restricted records withheld, whom
an item names for the case holders only, and every read of a queue or report logged."""

import contextlib
import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import TypeAdapter, ValidationError

from api.access import AccessLog, team_in_scope
from api.errors import ReadModelBehind
from api.pages import charts
from api.pages.common import answered, page, signed_in
from api.pages.session import PageRefused
from api.reading import caught_up_on_its_own
from api.routers.read_models import (
    QUEUE_READERS,
    REPORT_READERS,
    Report,
    counts_read,
    queue_read,
    report_read,
)
from api.schemas.common import NO_CONTROL_CHARACTERS
from api.schemas.instants import Day
from api.tenants import tenant_of
from domain.actors import Actor
from projections import reports
from projections.queries import BY_DUE, QueueFilters
from projections.queues import QUEUES

router = APIRouter()

# each queue as the pages name it, and what waits in it
QUEUE_NAMES = {
    "awaiting-sign-off": ("Awaiting sign-off", "Plans submitted for a signer's decision."),
    "awaiting-panel": ("Awaiting the panel", "Plans whose budget needs the approval panel."),
    "information-requested": ("Information requested",
                              "Plans a signer has asked the practitioner a question about."),
    "returned": ("Returned", "Plans returned to the practitioner to revise."),
    "notifications": ("People to tell", "Decisions the person has not yet been told of."),
    "copies": ("Copies to give", "Copies of a plan owed to someone (RET-3)."),
    "share-requests": ("Share requests", "Requests to share a plan, awaiting a decision."),
    "amendment-requests": ("Amendment requests",
                           "Requests to amend a plan, awaiting a decision."),
    "reviews": ("Reviews due", "Plans due a review, soonest first (REV-1, REV-2)."),
    "direct-payment-reviews": ("Direct-payment reviews due",
                               "Direct payments due a review, soonest first (DP-8)."),
}  # fmt: skip
assert set(QUEUE_NAMES) == set(QUEUES)

# the states a plan passes through on its way to first sign-off, as the pages name them
MEASURES = {"drafting": "Drafting", "awaiting_sign_off": "Awaiting sign-off",
            "information_requested": "Information requested", "returned": "Returned",
            "end_to_end": "Start to sign-off"}  # fmt: skip
FINDINGS = {
    "adverse_without_right_to_complain": "Adverse decisions without the right to complain",
    "adverse_not_yet_told": "Adverse decisions not yet told",
    "above_indicative": "Budgets above the indicative amount",
    "reviews_overdue": "Reviews overdue",
    "declined_shares": "Shares declined",
    "late_notifications_and_copies": "Late notices and copies",
}
PAGE_SIZE, MOST = 25, 500
TEAM_MAX = 100
ONE_LINE = re.compile(NO_CONTROL_CHARACTERS)
DAY = TypeAdapter(Day)


def _reader(request: Request, roles: frozenset[Any]) -> Actor:
    """The signed-in reader, in a role the API lets read these. Reaching another team on
    duty or transfer grounds is over the API only, for now: the pages take no such
    headers."""
    actor = signed_in(request, roles)
    if "x-cross-team" in request.headers:
        raise PageRefused(403, "Reaching another team's queues and reports on duty or "
                               "transfer grounds is over the API only.")  # fmt: skip
    return actor


def _team(given: str) -> str | None:
    """The team a form asks for (blank: none), if it is one line of text."""
    team = given.strip()
    if len(team) > TEAM_MAX or not ONE_LINE.fullmatch(team):
        raise PageRefused(422, f"A team is one line of at most {TEAM_MAX} characters.")
    return team or None


def _whole(given: str, default: int, least: int, most: int) -> int:
    """A whole number from a link, within bounds; else ``default``."""
    try:
        number = int(given)
    except ValueError:
        return default
    return min(max(number, least), most)


async def _caught_up(request: Request, name: str) -> bool:
    """Whether the read model has every event recorded when the request arrived (it is
    read all the same if not, and the page says so)."""
    with contextlib.suppress(ReadModelBehind):
        await caught_up_on_its_own(request, tenant_of(request).projections, name)
        return True
    return False


@router.get("/queues")
async def queues_page(request: Request, team: str = "") -> Response:
    """Every work queue with how many items wait in it, for a team if asked."""

    async def make() -> Response:
        _reader(request, QUEUE_READERS)
        asked = _team(team)
        scoped = team_in_scope(request, asked)
        current = await _caught_up(request, "work_queues")
        counts, position = await counts_read(tenant_of(request).projections,
                                             QueueFilters(scoped))  # fmt: skip
        rows = [(q, *QUEUE_NAMES[q], counts[q]) for q in QUEUES]
        return page(request, "queues.html.j2", rows=rows, team=asked or "", scoped=scoped,
                    position=position, current=current)  # fmt: skip

    return await answered(request, make)


@router.get("/queues/{queue}")
async def queue_page(request: Request, queue: str, team: str = "", limit: str = "",
                     offset: str = "") -> Response:  # fmt: skip
    """A queue's items, oldest first (soonest due first for reviews), a page at a time,
    each with its age and whether it is overdue; the read logged as over the API."""

    async def make() -> Response:
        actor = _reader(request, QUEUE_READERS)
        if queue not in QUEUES:
            raise PageRefused(404, "There is no work queue of that name.")
        asked = _team(team)
        scoped = team_in_scope(request, asked)
        size, start = _whole(limit, PAGE_SIZE, 1, MOST), _whole(offset, 0, 0, 10**9)
        current = await _caught_up(request, "work_queues")
        access = AccessLog(tenant_of(request).planning, actor, None)
        read = await queue_read(request, tenant_of(request).projections, access, queue,
                                QueueFilters(scoped), size, start)  # fmt: skip
        name, about = QUEUE_NAMES[queue]
        return page(request, "queue.html.j2", queue=queue, name=name, about=about,
                    items=read["items"], total=read["total"], limit=size, offset=start,
                    team=asked or "", scoped=scoped, by_due=queue in BY_DUE,
                    position=read["position"], current=current)  # fmt: skip

    return await answered(request, make)


def _period(request: Request) -> tuple[date | None, date | None, dict[str, str]]:
    """The period the form asks for (each end optional), and what is wrong with it, by
    the field it is wrong in."""
    days: list[date | None] = []
    problems: dict[str, str] = {}
    for field, name in (("from", "From"), ("to", "To")):
        given = request.query_params.get(field, "").strip()
        try:
            days.append(DAY.validate_python(given) if given else None)
        except ValidationError:
            days.append(None)
            problems[field] = f"{name}: write a day as 2026-03-01, between 1900 and 2199."
    since, until = days
    if since and until and since > until:
        problems["to"] = "To: the last day comes on or after the first."
    return since, until, problems


@router.get("/reports")
async def reports_page(request: Request, team: str = "") -> Response:
    """Timeliness (CONS-3), consistency (CONS-1) and compliance for a period, each in
    tables, with charts of the first two; each report's read logged as over the API."""

    async def make() -> Response:
        actor = _reader(request, REPORT_READERS)
        since, until, problems = _period(request)
        asked = _team(team)
        shown: dict[str, Any] = {"since": request.query_params.get("from", "").strip()[:40],
                 "until": request.query_params.get("to", "").strip()[:40],
                 "team": asked or ""}  # fmt: skip
        if problems:
            return page(request, "reports.html.j2", 422, problems=problems, **shown)
        filters = reports.Filters(since, until, team_in_scope(request, asked), None)
        current = await _caught_up(request, "plan_facts")
        access = AccessLog(tenant_of(request).planning, actor, None)
        projections = tenant_of(request).projections
        within = tenant_of(request).settings.notice_within_days
        read = {r: (await report_read(request, projections, access, r, filters, within))[0]
                for r in (Report.TIMELINESS, Report.CONSISTENCY, Report.COMPLIANCE)}  # fmt: skip
        return page(request, "reports.html.j2", problems={}, current=current,
                    scoped=filters.team, measures=MEASURES, findings=FINDINGS,
                    **shown, **_timeliness(read[Report.TIMELINESS]),
                    **_consistency(read[Report.CONSISTENCY]),
                    **_compliance(read[Report.COMPLIANCE]))  # fmt: skip

    return await answered(request, make)


def _timeliness(body: dict[str, Any]) -> dict[str, Any]:
    """Each team's median days in each state, charted, and the figures for the tables."""
    teams = [
        (team, summaries, charts.bar_chart(
            f"timeliness-{n}", f"Median days in each state, {team}",
            [(MEASURES[m], summaries[m]["median"]) for m in MEASURES], " days"))
        for n, (team, summaries) in enumerate(body["by_team"].items())
    ]  # fmt: skip
    return {"timeliness_teams": teams, "timeliness_signers": list(body["by_signer"].items()),
            "timeliness_plans": body["plans"]}  # fmt: skip


def _consistency(body: dict[str, Any]) -> dict[str, Any]:
    """Each needs profile's spread of weekly budgets with its outliers, charted, and the
    figures for the tables."""
    profiles = [p for p in body["profiles"] if p["count"]]
    outliers: dict[str, list[float]] = {}
    for o in body["outliers"]:
        outliers.setdefault(str(o["profile"]), []).append(float(o["final_weekly"]))
    spreads = [
        charts.Spread(p["profile"], float(p["min"]), float(p["q1"]), float(p["median"]),
                      float(p["q3"]), float(p["max"]), outliers.get(p["profile"], []))
        for p in profiles
    ]  # fmt: skip
    chart = charts.spread_chart("consistency", "Final weekly budgets by needs profile", spreads,
                                "£")  # fmt: skip
    return {"consistency_profiles": profiles, "consistency_outliers": body["outliers"],
            "consistency_rule": body["rule"], "consistency_chart": chart}  # fmt: skip


def _compliance(body: dict[str, Any]) -> dict[str, Any]:
    """How many of each finding, and each finding's row, as the report's CSV has them."""
    rows = reports.table_of("compliance", body)
    counts = {kind: len(body[kind]) for kind in FINDINGS}
    return {"compliance_counts": counts, "compliance_rows": rows,
            "compliance_within": body["within_days"],
            "sharing_by_basis": body["sharing_by_basis"]}  # fmt: skip
