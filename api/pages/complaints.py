"""The complaint pages: the complaints queue, soonest due first with overdue ones marked
(CMP-6); recording a complaint; and a complaint with its statutory clock, every step, the
timeline entries it concerns, and, for a complaint handler, the forms for its next step
(CMP-1 to CMP-5). Each step goes through the same request bodies and the same
``CarePlanning.complain`` as the API, so the same rules refuse the same things."""

import contextlib
import re
from typing import Any
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError

from api.access import AccessLog
from api.errors import ReadModelBehind
from api.pages.common import answered, ask_purpose, form_of, opened, page, signed_in
from api.pages.session import PageRefused, check_csrf
from api.reading import caught_up_on_its_own
from api.routers.complaints import READERS, complaints_queue
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
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
from domain.application import CarePlanning
from domain.complaining import AcknowledgedBy, Complainant, ComplaintOutcome, PeriodBasis
from domain.complaining.rules import HANDLERS
from domain.errors import (
    ComplaintExists,
    DecisionNotAllowed,
    NotPermitted,
    RuleBroken,
)
from projections.queries import ComplaintFilters

router = APIRouter()
PAGE_SIZE = 50
STEPS: dict[str, type[BaseModel]] = {"acknowledge": AcknowledgeRequest,
                                      "extend": ExtendRequest, "answer": AnswerRequest,
                                      "withdraw": WithdrawRequest}  # fmt: skip
TICKED = {"handling_discussion_offered", "told_in_writing", "agreed_with_complainant",
          "told_why_in_writing", "ombudsman_right_told"}  # fmt: skip
CHOICES: dict[str, Any] = {"complainants": [c.value for c in Complainant],
           "methods": [m.value for m in AcknowledgedBy],
           "periods": [p.value for p in PeriodBasis],
           "outcomes": [o.value for o in ComplaintOutcome]}  # fmt: skip


def complaint_action(complaint_ref: str) -> str:
    return f"/pages/complaints/{quote(complaint_ref)}"


@router.get("/complaints")
async def complaints_page(request: Request, overdue: str = "", closed: str = "",
                          offset: str = "0") -> Response:  # fmt: skip
    """The complaints queue (no purpose asked: it names complaints, not their content)."""

    async def make() -> Response:
        actor = signed_in(request, READERS)
        with contextlib.suppress(ReadModelBehind):  # shown as far as it has come
            await caught_up_on_its_own(request, tenant_of(request).projections, "complaints")
        access = AccessLog(tenant_of(request).planning, actor, None)
        filters = ComplaintFilters(open_only=not closed, overdue_only=bool(overdue))
        start = max(0, min(int(offset) if offset.isdigit() else 0, 10**9))
        found = await complaints_queue(request, access, actor, filters, PAGE_SIZE, start)
        return page(request, "complaints.html.j2", found=found, overdue=bool(overdue),
                    closed=bool(closed), page_size=PAGE_SIZE)  # fmt: skip

    return await answered(request, make)


@router.get("/complaints/new")
async def new_complaint_page(request: Request) -> Response:
    async def make() -> Response:
        signed_in(request, HANDLERS)
        return page(request, "complaint_new.html.j2", typed={}, failures=[], **CHOICES)

    return await answered(request, make)


@router.post("/complaints/new")
async def record_complaint(request: Request) -> Response:
    """Records the complaint, then asks the purpose before showing it, as for any record."""

    async def make() -> Response:
        actor = signed_in(request, HANDLERS)
        form = await form_of(request)
        check_csrf(request, form)
        fields = {k: v.strip() for k, v in form.items() if k != "csrf" and v.strip()}
        try:
            body = ReceiveRequest.model_validate({**fields, "concerns": _entries(
                fields.pop("concerns", ""))})  # fmt: skip
            planning: CarePlanning = tenant_of(request).planning
            await anyio.to_thread.run_sync(planning.complain, body.to_command(actor))
        except (ValidationError, RuleBroken, NotPermitted, DecisionNotAllowed,
                ComplaintExists) as refused:  # fmt: skip
            return page(request, "complaint_new.html.j2", 422, typed=form,
                        failures=_failures(refused), **CHOICES)  # fmt: skip
        return RedirectResponse(complaint_action(body.complaint_ref), status_code=303)

    return await answered(request, make)


@router.get("/complaints/{complaint_ref}")
async def complaint_purpose_page(request: Request, complaint_ref: str) -> Response:
    async def make() -> Response:
        signed_in(request, READERS)
        _check_ref(complaint_ref)
        planning: CarePlanning = tenant_of(request).planning
        complaint = await anyio.to_thread.run_sync(planning.complaint, complaint_ref)
        plans = [complaint.plan_id] if complaint.plan_id else []
        await ask_purpose(request, READERS, complaint_action(complaint_ref), "complaint", plans,
                          complaint.person_ref, opens="complaint")  # fmt: skip

    return await answered(request, make)


@router.post("/complaints/{complaint_ref}")
async def complaint_page(request: Request, complaint_ref: str) -> Response:
    async def make() -> Response:
        return await _shown(request, complaint_ref, None)

    return await answered(request, make)


@router.post("/complaints/{complaint_ref}/{step}")
async def complaint_step(request: Request, complaint_ref: str, step: str) -> Response:
    """A step in handling the complaint, from its page's form; the page again, with the
    step recorded or the reasons it was refused."""

    async def make() -> Response:
        if step not in STEPS:
            return page(request, "problem.html.j2", 404, why="No such step.")
        return await _shown(request, complaint_ref, step)

    return await answered(request, make)


async def _shown(request: Request, complaint_ref: str, step: str | None) -> Response:
    signed_in(request, READERS)  # before anything, even whether the complaint exists
    _check_ref(complaint_ref)
    planning: CarePlanning = tenant_of(request).planning
    complaint = await anyio.to_thread.run_sync(planning.complaint, complaint_ref)
    plans = [complaint.plan_id] if complaint.plan_id else []
    form, stated, access = await opened(request, READERS, complaint_action(complaint_ref),
                                        "complaint", plans, complaint.person_ref,
                                        opens="complaint")  # fmt: skip
    failures: list[tuple[str, str, str]] = []
    if step is not None:
        failures = await _recorded(request, planning, complaint_ref, step, form)
    await access.read_async("complaint page", plans, complaint.person_ref, complaint_ref)
    shown = await anyio.to_thread.run_sync(_public, planning, complaint_ref)
    return page(request, "complaint.html.j2", 422 if failures else 200, complaint=shown,
                purpose=stated, failures=failures, step=step,
                typed=form if failures else {}, handler=access.reader.role in HANDLERS,
                **CHOICES)  # fmt: skip


async def _recorded(request: Request, planning: CarePlanning, complaint_ref: str, step: str,
                    form: dict[str, str]) -> list[tuple[str, str, str]]:  # fmt: skip
    """Records the step (a complaint handler's alone); the refusals, if it was refused."""
    actor = signed_in(request, HANDLERS)
    fields: dict[str, Any] = {k: v.strip() for k, v in form.items()
                              if k in STEPS[step].model_fields and k not in TICKED
                              and v.strip()}  # fmt: skip
    # a box left unticked is not sent: it says no
    fields.update({k: k in form for k in TICKED if k in STEPS[step].model_fields})
    if step == "answer":
        fields["actions"] = [a.strip() for a in form.get("actions", "").splitlines()
                             if a.strip()]  # fmt: skip
    try:
        body: Any = STEPS[step].model_validate(fields)
        await anyio.to_thread.run_sync(planning.complain, body.to_command(actor, complaint_ref))
    except (ValidationError, RuleBroken, NotPermitted, DecisionNotAllowed) as refused:
        return _failures(refused)
    return []


def _public(planning: CarePlanning, complaint_ref: str) -> ComplaintPublic:
    complaint = planning.complaint(complaint_ref)
    return complaint_public(complaint, list(planning.events.get(complaint.id)), planning.clock())


def _entries(written: str) -> list[dict[str, Any]]:
    """Timeline entries as a form writes them: "plan 3, budget 2"."""
    entries = []
    for part in written.replace(";", ",").split(","):
        words = part.split()
        if len(words) == 2 and words[1].isdigit():
            entries.append({"aggregate": words[0].lower(), "version": int(words[1])})
        elif words:
            entries.append({"aggregate": part.strip(), "version": 0})  # refused, and said why
    return entries


def _failures(refused: Exception) -> list[tuple[str, str, str]]:
    """Each reason a step was refused: its rule, its field and why."""
    if isinstance(refused, ValidationError):
        return [("", ".".join(str(p) for p in e["loc"]), e["msg"]) for e in refused.errors()]
    if isinstance(refused, RuleBroken):
        return [(f.obligation, f.field, f.message) for f in refused.failures]
    if isinstance(refused, ComplaintExists):
        return [("CMP-1", "complaint_ref", "a complaint with this reference is recorded "
                 "already")]  # fmt: skip
    return [(getattr(refused, "obligation", ""), "", str(refused))]


def _check_ref(complaint_ref: str) -> None:
    if len(complaint_ref) > REF_MAX_LENGTH or not re.fullmatch(REF_PATTERN, complaint_ref):
        raise PageRefused(404, "No complaint has that reference.")
