"""The pages: sign-in, the reader's start page, and a plan's timeline, each entry marked
verified against a signed checkpoint or not yet. A person's record opens only once the
reader has stated why, which the access log keeps with the read, as over the API."""

import contextlib
import json
import re
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote
from uuid import UUID

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.access import PURPOSE_MAX, AccessLog
from api.errors import ReadModelBehind
from api.pages import session
from api.pages.session import PageRefused
from api.reading import caught_up_on_its_own
from api.routers.plan_queries import READERS
from api.schemas.common import NO_CONTROL_CHARACTERS, REF_MAX_LENGTH, REF_PATTERN
from api.schemas.views import PlanPublic
from audit.checkpoints import Signer
from audit.chronology import Checked
from audit.person_records import chronology_of, plan_steps
from audit.timeline import Step
from audit.versions import diff
from domain.actors import Actor, Role
from domain.errors import OutOfScope, PlanNotFound, RecordRestricted

HERE = Path(__file__).parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(("html", "j2")),
                        trim_blocks=True, lstrip_blocks=True)  # fmt: skip
MARKS = {Checked.VERIFIED: "Verified", Checked.NOT_YET_CHECKPOINTED: "Not yet checkpointed",
         Checked.ALTERED: "ALTERED", Checked.UNPLACED: "Not yet placed"}  # fmt: skip

router = APIRouter(prefix="/pages", include_in_schema=False)
# a person's record is not kept by the browser, nor framed by another site; the pages
# load nothing but their own stylesheet, and run no script
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(template).render(
        reader=getattr(request.state, "actor", None), csrf=getattr(request.state, "csrf", ""),
        **values)  # fmt: skip
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


async def form_of(request: Request) -> dict[str, str]:
    """A form sent as application/x-www-form-urlencoded: each field's first value."""
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=20)
    return {name: values[0] for name, values in fields.items()}


def signed_in(request: Request, roles: frozenset[Role] | None = None) -> Actor:
    actor = session.reader(request)
    if actor is None:
        raise _SignInFirst(request.url.path)
    if roles is not None and actor.role not in roles:
        raise PageRefused(403, f"DESIGN-roles: your role ({actor.role.value}) does not read "
                               "this page.")  # fmt: skip
    return actor


class _SignInFirst(Exception):
    def __init__(self, then: str) -> None:
        self.then = then


async def _answered(request: Request, make: Any) -> Response:
    """The page ``make`` renders, or the page a refusal calls for."""
    try:
        made: Response = await make()
        return made
    except _SignInFirst as first:
        return RedirectResponse(f"/pages/sign-in?then={quote(first.then)}", status_code=303)
    except _AskPurpose as ask:
        return page(request, "purpose.html.j2", 422, plan_id=ask.plan_id, max=PURPOSE_MAX,
                    problem=ask.problem, typed=ask.typed)  # fmt: skip
    except PageRefused as refused:
        return page(request, "problem.html.j2", refused.status, why=refused.why)
    except PlanNotFound:
        return page(request, "problem.html.j2", 404, why="No plan has that id.")
    except (OutOfScope, RecordRestricted) as refused:
        return page(request, "problem.html.j2", 403, why=str(refused))


@router.get("/static/pages.css")
async def stylesheet() -> FileResponse:
    return FileResponse(HERE / "static" / "pages.css", media_type="text/css")


@router.get("/sign-in")
async def sign_in_page(request: Request, then: str = "/pages/") -> Response:
    if not request.app.state.settings.development:
        return page(request, "problem.html.j2", 503, why="Sign-in is through the authority's "
                    "identity provider, which is not configured for this service.")  # fmt: skip
    token = session.sign_in_token(request)
    response = page(request, "sign_in.html.j2", roles=[r.value for r in READERS],
                    then=_local(then), sign_in_csrf=token)  # fmt: skip
    session.keep_sign_in_token(request, response, token)
    return response


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    async def make() -> Response:
        if not request.app.state.settings.development:
            raise PageRefused(503, "Sign-in is through the authority's identity provider.")
        form = await form_of(request)
        session.check_sign_in_token(request, form)
        staff_id, role = form.get("staff_id", "").strip(), form.get("role", "")
        if len(staff_id) > REF_MAX_LENGTH or not re.fullmatch(REF_PATTERN, staff_id):
            raise PageRefused(422, "A staff id is a reference: letters, digits and . _ : -")
        if role not in {r.value for r in READERS}:
            raise PageRefused(422, "Choose one of the roles offered.")
        response = RedirectResponse(_local(form.get("then", "/pages/")), status_code=303)
        session.start(request, response, staff_id, Role(role))
        return response

    return await _answered(request, make)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    async def make() -> Response:
        signed_in(request)
        session.check_csrf(request, await form_of(request))
        response = RedirectResponse("/pages/sign-in", status_code=303)
        session.end(response)
        return response

    return await _answered(request, make)


@router.get("/")
async def start_page(request: Request) -> Response:
    async def make() -> Response:
        signed_in(request)
        return page(request, "start.html.j2")

    return await _answered(request, make)


@router.get("/plans/timeline")
async def plan_asked_for(request: Request, plan: str = "") -> Response:
    """The start page's form: the plan's timeline page, by its id."""
    try:
        return RedirectResponse(f"/pages/plans/{UUID(plan.strip())}/timeline", status_code=303)
    except ValueError:
        return page(request, "problem.html.j2", 422, why="A plan id is a UUID.")


@router.get("/plans/{plan_id}/timeline")
async def plan_purpose_page(request: Request, plan_id: UUID) -> Response:
    """The purpose asked for; nothing of the record is shown, nor logged, yet."""

    async def make() -> Response:
        actor = signed_in(request, READERS)
        access = AccessLog(request.app.state.planning, actor, None)
        await anyio.to_thread.run_sync(access.in_scope, [plan_id], "timeline")
        return page(request, "purpose.html.j2", plan_id=plan_id, max=PURPOSE_MAX)

    return await _answered(request, make)


@router.post("/plans/{plan_id}/timeline")
async def plan_timeline_page(request: Request, plan_id: UUID) -> Response:
    """The timeline, for the purpose the form gives (kept in the access log with the
    read), filtered to one kind of decision if asked."""

    async def make() -> Response:
        form, stated, access = await _opened(request, plan_id, "timeline")
        planning, kind = request.app.state.planning, form.get("kind", "")
        projections = request.app.state.projections
        with contextlib.suppress(ReadModelBehind):  # shown from the store all the same
            await caught_up_on_its_own(request, projections, "decision_log")
        log = projections.runner("decision_log").view
        steps, person_ref = await anyio.to_thread.run_sync(plan_steps, planning, log, plan_id)
        signer: Signer = request.app.state.audit_signer
        found = await anyio.to_thread.run_sync(
            chronology_of, planning, request.app.state.checkpoint_log, signer.public_pem(),
            f"plan {plan_id}", steps)  # fmt: skip
        await access.read_async("timeline page", [plan_id], person_ref)
        kinds = sorted({s.type for s in steps})
        rows = [(_in_utc(s), MARKS[c]) for s, c in zip(found.steps, found.checked, strict=True)
                if not kind or s.type == kind]  # fmt: skip
        latest = max((s.plan_version for s in steps), default=1)
        return page(request, "timeline.html.j2", plan_id=plan_id, person_ref=person_ref,
                    purpose=stated, rows=rows, kinds=kinds, kind=kind, chronology=found,
                    latest=latest)  # fmt: skip

    return await _answered(request, make)


@router.post("/plans/{plan_id}/versions")
async def plan_versions_page(request: Request, plan_id: UUID) -> Response:
    """What changed in the plan and its budget between two versions, side by side (the
    purpose carried from the timeline, and the read logged with it)."""

    async def make() -> Response:
        form, stated, access = await _opened(request, plan_id, "diff")
        planning = request.app.state.planning
        latest = (await anyio.to_thread.run_sync(planning.plan, plan_id)).version
        old, new = _version(form.get("from"), 1, latest), _version(form.get("to"), latest, latest)
        old, new = min(old, new), max(old, new)
        before, after = await anyio.to_thread.run_sync(
            lambda: (PlanPublic.at(planning, plan_id, old), PlanPublic.at(planning, plan_id, new))
        )
        await access.read_async("versions page", [plan_id], after.person_ref, f"{old}..{new}")
        changes = diff(before.model_dump(mode="json"), after.model_dump(mode="json"))
        return page(
            request,
            "versions.html.j2",
            plan_id=plan_id,
            person_ref=after.person_ref,
            purpose=stated,
            old=old,
            new=new,
            latest=latest,
            changes=[(c, _shown(c.before), _shown(c.after)) for c in changes],
        )

    return await _answered(request, make)


async def _opened(request: Request, plan_id: UUID, what: str
                  ) -> tuple[dict[str, str], str, AccessLog]:  # fmt: skip
    """A form that opens a plan's record: sent by a reader who may read it, with the
    session's token, and a purpose that will do (else the purpose is asked again). Its
    fields, the purpose, and the access log the read goes to."""
    actor = signed_in(request, READERS)
    form = await form_of(request)
    session.check_csrf(request, form)
    stated = form.get("purpose", "").strip()
    access = AccessLog(request.app.state.planning, actor, stated or None)
    await anyio.to_thread.run_sync(access.in_scope, [plan_id], what)
    if (problem := _purpose_problem(stated)) is not None:
        raise _AskPurpose(plan_id, problem, stated)
    return form, stated, access


class _AskPurpose(Exception):
    def __init__(self, plan_id: UUID, problem: str, typed: str) -> None:
        self.plan_id, self.problem, self.typed = plan_id, problem, typed


def _version(given: str | None, default: int, latest: int) -> int:
    """A version of the plan asked for by a form: within 1..latest, else ``default``."""
    try:
        version = int(given or "")
    except ValueError:
        return default
    return version if 1 <= version <= latest else default


def _shown(value: Any) -> str:
    """A value of the plan as the page shows it: text as it is, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, indent=1, ensure_ascii=False)


def _purpose_problem(stated: str) -> str | None:
    if not stated:
        return "Say why you are opening this record."
    if len(stated) > PURPOSE_MAX:
        return f"Say why in at most {PURPOSE_MAX} characters."
    if not re.fullmatch(NO_CONTROL_CHARACTERS, stated):
        return "Say why on one line, in words."
    return None


def _in_utc(step: Step) -> Step:
    """The step with its times in UTC, as the page says they are."""
    telling = step.telling
    if telling is not None and telling.told_at is not None:
        telling = replace(telling, told_at=telling.told_at.astimezone(UTC))
    return replace(step, occurred_at=step.occurred_at.astimezone(UTC),
                   recorded_at=step.recorded_at.astimezone(UTC), telling=telling)  # fmt: skip


def _local(then: str) -> str:
    """Where to go after signing in: a page of this service only, never elsewhere, and
    without a query (a link cannot supply a purpose, or anything else, on the reader's
    behalf)."""
    path = then.partition("?")[0]
    return path if path.startswith("/pages/") and "//" not in path and "\\" not in path else (
        "/pages/")  # fmt: skip
