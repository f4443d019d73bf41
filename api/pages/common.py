"""What every page shares: rendering a template with the page headers, reading a form,
who is signed in, the purpose asked before a person's record opens, and turning a
refusal into the page it calls for."""

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import parse_qs, quote
from uuid import UUID

import anyio
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.access import PURPOSE_MAX, AccessLog, cross_team_reason
from api.errors import ReadModelBehind
from api.pages import session
from api.pages.session import PageRefused
from api.schemas.common import NO_CONTROL_CHARACTERS
from api.tenants import tenant_of
from audit.timeline import Step
from domain.actors import Actor, Role
from domain.errors import (
    ComplaintNotFound,
    OutOfScope,
    PlanNotFound,
    RecordRestricted,
    RecordsErased,
)
from domain.rules.authority import CROSS_TEAM_GROUNDS

HERE = Path(__file__).parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(("html", "j2")),
                        trim_blocks=True, lstrip_blocks=True)  # fmt: skip
# an instant as the pages show it: in UTC, to the minute (the page says the zone)
TEMPLATES.filters["utc"] = lambda moment: moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")

# a person's record is not kept by the browser, nor framed by another site; the pages
# load nothing but their own stylesheet, and run no script
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(template).render(
        reader=getattr(request.state, "actor", None), csrf=getattr(request.state, "csrf", ""),
        cross_team=getattr(request.state, "cross_team", None), **values)  # fmt: skip
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


async def form_of(request: Request) -> dict[str, str]:
    """A form sent as application/x-www-form-urlencoded: each field's first value."""
    try:
        fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=40)
    except ValueError:  # more fields than any page's form has
        raise PageRefused(422, "The form sent more fields than it has.") from None
    return {name: values[0] for name, values in fields.items()}


def signed_in(request: Request, roles: frozenset[Role] | None = None) -> Actor:
    actor = session.reader(request)
    if actor is None:
        raise SignInFirst(request)
    if roles is not None and actor.role not in roles:
        raise PageRefused(403, f"DESIGN-roles: your role ({actor.role.value}) does not read "
                               "this page.")  # fmt: skip
    return actor


class SignInFirst(Exception):
    """No session: the reader signs in, then goes back to the page asked for, if it is
    one a link can open (a form's target is not: they start again from the start page)."""

    def __init__(self, request: Request) -> None:
        self.then = request.url.path if request.method == "GET" else "/pages/"


class AskPurpose(Exception):
    """The purpose is missing or will not do: asked (again) by a form sent to
    ``action``."""

    def __init__(self, action: str, problem: str | None = None, typed: str = "",
                 opens: str = "record", other_team: str | None = None) -> None:  # fmt: skip
        self.action, self.problem, self.typed, self.opens = action, problem, typed, opens
        self.other_team = other_team  # the record is this team's: a ground is asked too


def purpose_page(request: Request, ask: AskPurpose) -> HTMLResponse:
    return page(request, "purpose.html.j2", 422 if ask.problem else 200, action=ask.action,
                max=PURPOSE_MAX, problem=ask.problem, typed=ask.typed, opens=ask.opens,
                other_team=ask.other_team, grounds=CROSS_TEAM_GROUNDS)  # fmt: skip


async def answered(request: Request, make: Callable[[], Awaitable[Response]]) -> Response:
    """The page ``make`` renders, or the page a refusal calls for."""
    try:
        return await make()
    except SignInFirst as first:
        return RedirectResponse(f"/pages/sign-in?then={quote(first.then)}", status_code=303)
    except AskPurpose as ask:
        return purpose_page(request, ask)
    except PageRefused as refused:
        return page(request, "problem.html.j2", refused.status, why=refused.why)
    except PlanNotFound:
        return page(request, "problem.html.j2", 404, why="No plan has that id.")
    except ComplaintNotFound:
        return page(request, "problem.html.j2", 404, why="No complaint has that reference.")
    except RecordsErased:
        return page(request, "problem.html.j2", 410, why="This person's records were erased "
                    "(KEEP-2). The plan's timeline still shows each decision, when and by "
                    "whom.")  # fmt: skip
    except (OutOfScope, RecordRestricted) as refused:
        return page(request, "problem.html.j2", 403, why=str(refused))
    except ReadModelBehind:
        return page(request, "problem.html.j2", 503, why="The figures are still catching up "
                    "with the latest decisions. Try again in a moment.")  # fmt: skip


async def opened(request: Request, roles: frozenset[Role], action: str, what: str,
                 plan_ids: Iterable[UUID] = (), person_ref: str | None = None,
                 opens: str = "record") -> tuple[dict[str, str], str, AccessLog]:  # fmt: skip
    """A form that opens a person's record: sent by a reader who may read it, with the
    session's token, and a purpose that will do (else the purpose is asked again, by a
    form sent to ``action``). Its fields, the purpose, and the access log the read goes
    to."""
    actor = signed_in(request, roles)
    form = await form_of(request)
    session.check_csrf(request, form)
    stated = form.get("purpose", "").strip()
    ground = form.get("cross_team", "").strip().lower() or None
    problem = purpose_problem(stated)
    if ground is not None and ground not in CROSS_TEAM_GROUNDS:
        problem, ground = "Choose duty or transfer as the ground.", None
    crossing = cross_team_reason(ground, stated) if ground and problem is None else None
    access = AccessLog(tenant_of(request).planning, actor, stated or None, crossing)
    other_team = await _other_team(access, plan_ids, what, person_ref)
    if other_team is not None:  # the reader may have a ground: asked, as over the API
        raise AskPurpose(action, problem or "This is another team's record: say on what "
                         "ground you open it, and why.", stated, opens, other_team)  # fmt: skip
    if problem is not None:
        raise AskPurpose(action, problem, stated, opens, ground and "another team")
    request.state.cross_team = ground  # carried by the page's own forms, with the purpose
    return form, stated, access


async def ask_purpose(request: Request, roles: frozenset[Role], action: str, what: str,
                      plan_ids: Iterable[UUID] = (), person_ref: str | None = None,
                      opens: str = "record") -> NoReturn:  # fmt: skip
    """The purpose asked, before anything of the record is shown or logged: refused at
    once where the reader may not reach it at all; asking a ground too where it is another
    team's (DESIGN-scope)."""
    actor = signed_in(request, roles)
    access = AccessLog(tenant_of(request).planning, actor, None)
    other_team = await _other_team(access, plan_ids, what, person_ref)
    raise AskPurpose(action, opens=opens, other_team=other_team)


async def _other_team(access: AccessLog, plan_ids: Iterable[UUID], what: str,
                      person_ref: str | None) -> str | None:  # fmt: skip
    """Refuses a record the reader may not reach at all (restricted, say); names the team
    whose record it is where the reader reaches it only on a cross-team ground
    (DESIGN-scope); None where it is in their scope (or the ground given holds)."""
    ids = tuple(plan_ids)
    try:
        await anyio.to_thread.run_sync(lambda: access.in_scope(ids, what, person_ref))
    except OutOfScope as other:
        return other.plan_team or "another team"
    return None


def purpose_problem(stated: str) -> str | None:
    if not stated:
        return "Say why you are opening this record."
    if len(stated) > PURPOSE_MAX:
        return f"Say why in at most {PURPOSE_MAX} characters."
    if not re.fullmatch(NO_CONTROL_CHARACTERS, stated):
        return "Say why on one line, in words."
    return None


def in_utc(step: Step) -> Step:
    """The step with its times in UTC, as the pages say they are."""
    telling = step.telling
    if telling is not None and telling.told_at is not None:
        telling = replace(telling, told_at=telling.told_at.astimezone(UTC))
    return replace(step, occurred_at=step.occurred_at.astimezone(UTC),
                   recorded_at=step.recorded_at.astimezone(UTC), telling=telling)  # fmt: skip


def local(then: str) -> str:
    """Where to go after signing in: a page of this service only, never elsewhere, and
    without a query (a link cannot supply a purpose, or anything else, on the reader's
    behalf)."""
    path = then.partition("?")[0]
    return path if path.startswith("/pages/") and "//" not in path and "\\" not in path else (
        "/pages/")  # fmt: skip
