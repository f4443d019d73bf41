"""The auditors' pages: decisions across every plan (also for complaint handlers), the
access log, and the integrity record (the latest signed checkpoints, a verify run, and
an entry's inclusion proof drawn as a path to the root). Each reads through what the
``/audit`` API endpoints call, with the same roles; the decisions show only once a
purpose is given, and their read is logged as over the API."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode
from uuid import UUID

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import TypeAdapter, ValidationError

from api.access import PURPOSE_MAX
from api.pages import session
from api.pages.common import AskPurpose, answered, form_of, opened, page, signed_in
from api.pages.verify_runs import VerifyRuns
from api.routers.audit import (
    ACCESS_READERS,
    AUDIT_READERS,
    DECISION_READERS,
    decisions_read,
    get_access,
    get_inclusion_proof,
)
from api.schemas.audit_views import AuditRowsPublic
from api.schemas.instants import Instant
from api.tenants import tenant_of
from audit import merkle, proofs
from audit.checkpoints import CheckpointLog
from audit.log_queries import DecisionFilters
from audit.verdict import audit_record
from domain.actors import Role
from domain.deciding import ReturnReason

router = APIRouter()

DECISIONS = "/pages/audit/decisions"
PAGE_SIZE = 100
CHECKPOINTS_SHOWN = 20
INSTANT = TypeAdapter(Instant)
TEXT = re.compile(r"[^\x00-\x1f\x7f]{1,100}")  # a filter: one line of at most 100 characters


T = TypeVar("T")


class FilterProblem(Exception):
    """A filter that will not do: the form is shown again, saying which and why."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem


def _text(typed: dict[str, str], field: str) -> str | None:
    value = typed.get(field, "")
    if not value:
        return None
    if not TEXT.fullmatch(value):
        raise FilterProblem(field, "Write it on one line, in at most 100 characters.")
    return value


def _instant(typed: dict[str, str], field: str) -> datetime | None:
    """An instant the form names, in UTC (one written without an offset is taken as UTC,
    as the form says)."""
    value = typed.get(field, "").replace(" ", "T")
    if not value:
        return None
    try:
        naive = datetime.fromisoformat(value).tzinfo is None
        instant: datetime = INSTANT.validate_python(value + ("Z" if naive else ""))
    except (ValueError, ValidationError):
        raise FilterProblem(field, "Write the time as 2026-03-01T12:00 (UTC).") from None
    return instant


def _plan(typed: dict[str, str]) -> UUID | None:
    value = typed.get("plan", "")
    try:
        return UUID(value) if value else None
    except ValueError:
        raise FilterProblem("plan", "A plan id is a UUID.") from None


def _choice(typed: dict[str, str], field: str, make: Callable[[str], T]) -> T | None:
    value = typed.get(field, "")
    try:
        return make(value) if value else None
    except ValueError:
        raise FilterProblem(field, "Choose one of those offered.") from None


def _offset(typed: dict[str, str]) -> int:
    value = typed.get("offset", "")
    return int(value) if re.fullmatch(r"[0-9]{1,7}", value) else 0


# --- decisions across plans ----------------------------------------------------------------


@router.get("/audit/decisions")
async def decisions_form(request: Request) -> Response:
    """The filters, and the purpose asked before any decision is shown."""

    async def make() -> Response:
        signed_in(request, DECISION_READERS)
        return _decisions_page(request, {})

    return await answered(request, make)


def _decisions_page(request: Request, typed: dict[str, str], field: str | None = None,
                    problem: str | None = None, found: AuditRowsPublic | None = None
                    ) -> Response:  # fmt: skip
    return page(request, "audit_decisions.html.j2", 422 if problem else 200, typed=typed,
                field=field, problem=problem, found=found, max=PURPOSE_MAX,
                roles=[r.value for r in Role], reasons=[r.value for r in ReturnReason],
                page_size=PAGE_SIZE)  # fmt: skip


def _decision_filters(typed: dict[str, str]) -> DecisionFilters:
    """The filters as ``GET /audit/decisions`` reads them from its query."""
    role, reason = _choice(typed, "role", Role), _choice(typed, "reason", ReturnReason)
    plan = _plan(typed)
    return DecisionFilters(
        actor=_text(typed, "actor"), role=role.value if role else None,
        type=_text(typed, "type"), team=_text(typed, "team"),
        authority_level=_text(typed, "authority_level"),
        reason=reason.value if reason else None, plan_id=str(plan) if plan else None,
        person_ref=_text(typed, "person"), recorded_from=_instant(typed, "from"),
        recorded_to=_instant(typed, "to"),
        missing_right_to_complain=typed.get("missing_right_to_complain") == "yes",
    )  # fmt: skip


@router.post("/audit/decisions")
async def decisions_shown(request: Request) -> Response:
    """A page of the decisions the filters find, once a purpose is given; rows of people
    whose records are restricted to staff not including the reader are left out, and
    the read is logged with the purpose, as ``GET /audit/decisions`` does."""

    async def make() -> Response:
        signed_in(request, DECISION_READERS)
        form = await form_of(request)
        session.check_csrf(request, form)
        typed = {k: v.strip() for k, v in form.items() if k != "csrf"}
        try:
            filters = _decision_filters(typed)
            _, _, access = await opened(request, DECISION_READERS, DECISIONS, "decisions",
                                        opens="decisions")  # fmt: skip
        except FilterProblem as wrong:
            return _decisions_page(request, typed, wrong.field, wrong.problem)
        except AskPurpose as ask:
            return _decisions_page(request, typed, "purpose", ask.problem)
        found = await decisions_read(request, tenant_of(request).projections, access, filters,
                                 PAGE_SIZE, _offset(typed))  # fmt: skip
        return _decisions_page(request, typed, found=found)

    return await answered(request, make)


# --- the access log ------------------------------------------------------------------------


@router.get("/audit/access")
async def access_shown(request: Request) -> Response:
    """Who read whose records, when and why: the latest first, filtered as
    ``GET /audit/access`` is. Reading it is not itself logged (it holds no one's care
    records), so no purpose is asked."""

    async def make() -> Response:
        signed_in(request, ACCESS_READERS)
        typed = {k: v.strip() for k, v in request.query_params.items()}
        try:
            found = await get_access(
                request, tenant_of(request).projections, plan=_plan(typed),
                person=_text(typed, "person"), reader=_text(typed, "reader"),
                read_from=_instant(typed, "from"), read_to=_instant(typed, "to"),
                limit=PAGE_SIZE, offset=_offset(typed))  # fmt: skip
        except FilterProblem as wrong:
            return page(request, "audit_access.html.j2", 422, typed=typed, field=wrong.field,
                        problem=wrong.problem, found=None, page_size=PAGE_SIZE)  # fmt: skip
        # the filters, for the links to the pages before and after this one
        query = urlencode({k: v for k, v in typed.items() if v and k != "offset"})
        return page(request, "audit_access.html.j2", typed=typed, field=None, problem=None,
                    found=found, page_size=PAGE_SIZE, query=query)  # fmt: skip

    return await answered(request, make)


# --- the integrity record ------------------------------------------------------------------


@dataclass(frozen=True)
class PathStep:
    """One step of an inclusion proof: the sibling hashed with the node so far, on which
    side, at which level of the tree (0: the leaves), and the node it makes."""

    level: int
    side: str  # "left" or "right": where the sibling sits
    sibling: str
    made: str


def proof_path(leaf_index: int, size: int, leaf_hash: str, proof: list[str]) -> list[PathStep]:
    """The proof as a path from the leaf to the root: RFC 9162 §2.1.3.2's walk (as
    ``merkle.root_from_inclusion`` takes it), each step kept to be shown."""
    fn, sn, level, hashed = leaf_index, size - 1, 0, bytes.fromhex(leaf_hash)
    steps = []
    for sibling_hex in proof:
        sibling = bytes.fromhex(sibling_hex)
        if fn & 1 or fn == sn:
            hashed, side = merkle.node_hash(sibling, hashed), "left"
            while not fn & 1 and fn != 0:  # a last node with no sibling rises a level
                fn, sn, level = fn >> 1, sn >> 1, level + 1
        else:
            hashed, side = merkle.node_hash(hashed, sibling), "right"
        steps.append(PathStep(level, side, sibling_hex, hashed.hex()))
        fn, sn, level = fn >> 1, sn >> 1, level + 1
    return steps


def _checkpoints(log: CheckpointLog) -> list[tuple[Any, list[str]]]:
    """The latest signed checkpoints, newest first, each with the witnesses that
    cosigned it (as ``GET /audit/checkpoints`` reads them)."""
    recent = log.recent(CHECKPOINTS_SHOWN)
    return [(c, [s.name for s in log.cosignatures(c)]) for c in recent]


async def _integrity_page(request: Request, status: int = 200, **values: Any) -> Response:
    log: CheckpointLog = tenant_of(request).checkpoint_log
    listed = await anyio.to_thread.run_sync(_checkpoints, log)
    shown: dict[str, Any] = {"verdict": None, "proof": None, "path": [], "proof_problem": None,
                             "typed": {}, **values}  # fmt: skip
    return page(request, "audit_integrity.html.j2", status, checkpoints=listed, **shown)


@router.get("/audit/integrity")
async def integrity_shown(request: Request) -> Response:
    """The latest signed checkpoints; and, with ``position``, that entry's inclusion
    proof drawn as a path from its leaf to the signed root (hashes only: nothing of a
    person's record, so neither purpose nor logging)."""

    async def make() -> Response:
        signed_in(request, AUDIT_READERS)
        typed = {k: v.strip() for k, v in request.query_params.items()}
        if not typed.get("position"):
            return await _integrity_page(request, typed=typed)
        position, size = typed.get("position", ""), typed.get("checkpoint", "")
        if not re.fullmatch(r"[0-9]{1,18}", position) or int(position) < 1 or (
                size and (not re.fullmatch(r"[0-9]{1,18}", size) or int(size) < 1)):  # fmt: skip
            return await _integrity_page(request, 422, typed=typed,
                                         proof_problem="A position and a checkpoint's size "
                                                       "are whole numbers, 1 or more.")  # fmt: skip
        try:
            proof = await get_inclusion_proof(request, int(position),
                                              int(size) if size else None)  # fmt: skip
        except proofs.NotInCheckpoint as missing:
            return await _integrity_page(request, 404, typed=typed,
                                         proof_problem=f"No proof: {missing}.")  # fmt: skip
        signed = proof["checkpoint"]
        path = proof_path(int(proof["leaf_index"]), int(signed["size"]), proof["leaf_hash"],
                          proof["proof"])  # fmt: skip
        return await _integrity_page(request, typed=typed, proof=proof, path=path)

    return await answered(request, make)


@router.post("/audit/integrity/verify")
async def integrity_verify_started(request: Request) -> Response:
    """Starts ``careledger audit verify``'s check (or follows the one running), then
    follows its progress."""

    async def make() -> Response:
        actor = signed_in(request, AUDIT_READERS)
        session.check_csrf(request, await form_of(request))
        tenant = tenant_of(request)
        view = tenant.projections.runner("integrity").view
        public_pem = tenant.audit_signer.public_pem()

        def run_pass(progress: Callable[[int, int], None]) -> dict[str, Any]:
            threshold = tenant.settings.audit_witness_threshold
            verdict = audit_record(tenant.planning, view, public_pem, tenant.audit_witnesses,
                                   threshold, progress)  # fmt: skip
            return verdict.as_json()

        _verify_runs(request).start(run_pass, actor.id)
        return RedirectResponse("/pages/audit/integrity/verify", status_code=303)

    return await answered(request, make)


@router.get("/audit/integrity/verify")
async def integrity_verify_followed(request: Request) -> Response:
    """The pass's progress, the page refreshing itself until it is done; then its verdict
    with each finding."""

    async def make() -> Response:
        signed_in(request, AUDIT_READERS)
        run = _verify_runs(request).latest
        if run is None:
            return RedirectResponse("/pages/audit/integrity", status_code=303)
        if not run.done.is_set() or run.error is not None:
            return page(request, "audit_verifying.html.j2", run=run)
        return await _integrity_page(request, verdict=run.verdict)

    return await answered(request, make)


def _verify_runs(request: Request) -> VerifyRuns:
    """The authority's verify passes (one at a time for each)."""
    runs: VerifyRuns = tenant_of(request).pages.setdefault("verify_runs", VerifyRuns())
    return runs
