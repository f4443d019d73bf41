"""A person's records as they stood: a plan and its budget at an instant or a version, and
a person's chronology across all their plans, with its PDF and CSV. Each opens only once
the reader has said why, and each read or export is logged with that purpose, as over
the API (restricted records and team scope apply as they do there)."""

import re
from datetime import UTC, datetime
from uuid import UUID

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import TypeAdapter, ValidationError

from api.access import PURPOSE_MAX, AccessLog
from api.errors import ReadModelBehind
from api.pages import session
from api.pages.common import AskPurpose, answered, form_of, in_utc, opened, page, signed_in
from api.pages.plans import MARKS
from api.pages.session import PageRefused
from api.reading import caught_up_on_its_own
from api.routers.plan_queries import READERS
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
from api.schemas.instants import Instant
from api.schemas.views import PlanPublic
from api.tenants import tenant_of
from audit import chronology
from audit.checkpoints import Signer
from audit.chronology_pdf import as_pdf
from audit.log_queries import NoRecords
from audit.person_records import chronology_of, person_steps, plan_as_of
from domain.errors import VersionNotFound
from domain.rules.authority import CROSS_TEAM_GROUNDS

router = APIRouter()

AS_OF = "/pages/plans/as-of"
CHRONOLOGY = "/pages/people/chronology"
INSTANT = TypeAdapter(Instant)


class FormProblem(Exception):
    """A field of the form will not do: the form is shown again, with why."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem


# --- a plan as it stood ------------------------------------------------------------------


@router.get("/plans/as-of")
async def as_of_form(request: Request) -> Response:
    """The form: which plan, when (an instant in UTC, or a version), and why."""

    async def make() -> Response:
        signed_in(request, READERS)
        return as_of_page(request, {})

    return await answered(request, make)


class RecordForm:
    """A form that opens a record: shown empty, or again with what was typed, the field at
    fault and why (422), and, for another team's record, the ground to give."""

    def __init__(self, template: str) -> None:
        self.template = template

    def __call__(self, request: Request, typed: dict[str, str], field: str | None = None,
                 problem: str | None = None, other_team: str | None = None
                 ) -> Response:  # fmt: skip
        return page(request, self.template, 422 if problem else 200, typed=typed, field=field,
                    problem=problem, max=PURPOSE_MAX, other_team=other_team,
                    grounds=CROSS_TEAM_GROUNDS)  # fmt: skip


as_of_page = RecordForm("plan_as_of_form.html.j2")


@router.post("/plans/as-of")
async def as_of_shown(request: Request) -> Response:
    """The plan and its budget as they stood at the instant or version asked for, once a
    purpose is given (kept in the access log with the read)."""

    async def make() -> Response:
        signed_in(request, READERS)
        typed = {k: v.strip() for k, v in (await _form(request)).items() if k != "csrf"}
        try:
            plan_id, instant, version = _when(typed)
        except FormProblem as wrong:
            return as_of_page(request, typed, wrong.field, wrong.problem)
        try:
            _, stated, access = await opened(request, READERS, AS_OF, "plan as of",
                                             [plan_id], opens="plan")  # fmt: skip
        except AskPurpose as ask:
            return as_of_page(request, typed, "purpose", ask.problem, ask.other_team)
        planning = tenant_of(request).planning
        if instant is not None:
            await _caught_up(request)  # as GET /plans/{id}?as_of= does
            view = tenant_of(request).projections.runner("decision_log").view
            try:
                plan, budget = await anyio.to_thread.run_sync(plan_as_of, planning, view,
                                                              plan_id, instant)  # fmt: skip
            except NoRecords as none:
                raise PageRefused(404, f"Nothing to show: {none}.") from None
            shown = PlanPublic.of(plan, budget, instant.date())
            detail = instant.isoformat()
        else:
            assert version is not None  # one or the other, as _when makes sure
            try:
                shown = await anyio.to_thread.run_sync(PlanPublic.at, planning, plan_id, version)
            except VersionNotFound:
                raise PageRefused(404, f"Plan {plan_id} has no version {version}.") from None
            detail = str(version)
        await access.read_async("plan as of page", [plan_id], shown.person_ref, detail)
        return page(request, "plan_as_of.html.j2", plan=shown, purpose=stated,
                    instant=instant, asked_version=version, facts=_facts(shown))  # fmt: skip

    return await answered(request, make)


async def _form(request: Request) -> dict[str, str]:
    """The form's fields, once its token is known to be the session's."""
    form = await form_of(request)
    session.check_csrf(request, form)
    return form


def _when(typed: dict[str, str]) -> tuple[UUID, datetime | None, int | None]:
    """The plan, and the instant (in UTC) or the version the form asks for."""
    try:
        plan_id = UUID(typed.get("plan", ""))
    except ValueError:
        raise FormProblem("plan", "Enter the plan's id: a UUID.") from None
    at, version = typed.get("at", ""), typed.get("version", "")
    if bool(at) == bool(version):
        raise FormProblem("at", "Enter either an instant or a version number, not both.")
    if version:
        if not re.fullmatch(r"[0-9]{1,7}", version) or int(version) < 1:
            raise FormProblem("version", "A version is a whole number, 1 or more.")
        return plan_id, None, int(version)
    # the form says the instant is in UTC: one written without an offset is taken as such
    written = at.replace(" ", "T")
    try:
        naive = datetime.fromisoformat(written).tzinfo is None
        instant = INSTANT.validate_python(written + ("Z" if naive else ""))
    except (ValueError, ValidationError):
        raise FormProblem("at", "Write the instant as 2026-03-01T12:00 (UTC).") from None
    return plan_id, instant, None


def _facts(plan: PlanPublic) -> list[tuple[str, str]]:
    """The plan's headline facts, each as a label and its value."""
    listed = [
        ("Person", plan.person_ref),
        ("Team", plan.team),
        ("Kind", plan.kind.value.replace("_", " ")),
        ("Basis", plan.basis.value.replace("_", " ")),
        ("Status", plan.status.value.replace("_", " ")),
        ("Version", str(plan.version)),
        ("Started", utc_text(plan.started_at)),
        ("Version in force", str(plan.in_force_version or "none")),
        ("Versions signed off", ", ".join(map(str, plan.signed_off_versions)) or "none"),
        ("Services start on", str(plan.services_start_on or "")),
        ("Next review on", str(plan.next_review_on or "")),
    ]
    return [(label, value) for label, value in listed if value]


def utc_text(moment: datetime | str | None) -> str:
    """A time as the pages show it: to the minute, in UTC, saying so."""
    if moment is None or moment == "":
        return ""
    at = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


async def _caught_up(request: Request) -> None:
    """The decision log, once it has every decision recorded so far."""
    try:
        await caught_up_on_its_own(request, tenant_of(request).projections, "decision_log")
    except ReadModelBehind:
        raise PageRefused(503, "The decision log is catching up with the latest decisions. "
                               "Try again in a moment.") from None  # fmt: skip


# --- a person's chronology -----------------------------------------------------------------


@router.get("/people/chronology")
async def chronology_form(request: Request) -> Response:
    """The form: whose chronology, and why."""

    async def make() -> Response:
        signed_in(request, READERS)
        return chronology_page_form(request, {})

    return await answered(request, make)


chronology_page_form = RecordForm("person_chronology_form.html.j2")


def _person(typed: dict[str, str]) -> str:
    ref = typed.get("person", "")
    if not ref or len(ref) > REF_MAX_LENGTH or not re.fullmatch(REF_PATTERN, ref):
        raise FormProblem("person", "Enter the person's reference: letters, digits and "
                                    ". _ : - (never a name or an NHS number).")  # fmt: skip
    return ref


async def _chronology(request: Request, ref: str, action: str
                      ) -> tuple[chronology.Chronology, list[UUID], str, AccessLog]:  # fmt: skip
    """The person's chronology across their plans, once a purpose is given: with the
    plans it covers, the purpose, and the access log to log the read in. A purpose that
    will not do is asked again on the chronology form."""
    _, stated, access = await opened(request, READERS, action, "chronology", person_ref=ref,
                                     opens="chronology")  # fmt: skip
    await _caught_up(request)  # as GET /people/{ref}/chronology does
    planning = tenant_of(request).planning
    log = tenant_of(request).projections.runner("decision_log").view
    try:
        steps, plan_ids = await anyio.to_thread.run_sync(person_steps, planning, log, ref)
    except NoRecords:
        raise PageRefused(404, f"No plan is recorded for {ref}.") from None
    signer: Signer = tenant_of(request).audit_signer
    found = await anyio.to_thread.run_sync(
        chronology_of, planning, tenant_of(request).checkpoint_log, signer.public_pem(),
        f"person {ref}", steps)  # fmt: skip
    return found, plan_ids, stated, access


@router.post("/people/chronology")
async def chronology_shown(request: Request) -> Response:
    """The person's chronology across all their plans, each entry with its plan and its
    integrity mark, once a purpose is given (kept in the access log with the read)."""

    async def make() -> Response:
        signed_in(request, READERS)
        typed = {k: v.strip() for k, v in (await _form(request)).items() if k != "csrf"}
        try:
            ref = _person(typed)
            found, plan_ids, stated, access = await _chronology(request, ref, CHRONOLOGY)
        except FormProblem as wrong:
            return chronology_page_form(request, typed, wrong.field, wrong.problem)
        except AskPurpose as ask:
            return chronology_page_form(request, typed, "purpose", ask.problem, ask.other_team)
        await access.read_async("chronology page", plan_ids, ref)
        rows = [(in_utc(s), MARKS[c]) for s, c in zip(found.steps, found.checked, strict=True)]
        return page(request, "person_chronology.html.j2", person_ref=ref, purpose=stated,
                    rows=rows, chronology=found, plan_ids=plan_ids)  # fmt: skip

    return await answered(request, make)


@router.post("/people/chronology.{form}")
async def chronology_exported(request: Request, form: str) -> Response:
    """The chronology as the API gives it (``?format=pdf`` or ``csv``), the PDF titled
    with the purpose; the export logged with the purpose, as the API logs it."""

    async def make() -> Response:
        if form not in ("pdf", "csv"):
            raise PageRefused(404, "The chronology is exported as PDF or CSV.")
        signed_in(request, READERS)
        typed = {k: v.strip() for k, v in (await _form(request)).items() if k != "csrf"}
        try:
            ref = _person(typed)
            found, plan_ids, stated, access = await _chronology(request, ref, CHRONOLOGY)
        except FormProblem as wrong:
            return chronology_page_form(request, typed, wrong.field, wrong.problem)
        except AskPurpose as ask:
            return chronology_page_form(request, typed, "purpose", ask.problem, ask.other_team)
        name = f"chronology-{ref}"
        # made before the read is logged, so that an export that fails is not logged
        if form == "pdf":
            body = await anyio.to_thread.run_sync(lambda: as_pdf(found, stated))
            made: Response = Response(body, media_type="application/pdf", headers={
                "Content-Disposition": f'attachment; filename="{name}.pdf"'})  # fmt: skip
        else:
            text = await anyio.to_thread.run_sync(chronology.as_csv, found)
            made = PlainTextResponse(text, media_type="text/csv", headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"'})  # fmt: skip
        await access.read_async(f"chronology.{form} page", plan_ids, ref)
        made.headers["Cache-Control"] = "no-store"  # a person's record, not kept
        return made

    return await answered(request, make)
