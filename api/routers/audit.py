"""For auditors: the integrity record (signed checkpoints, the public key they are signed
with, proofs an auditor can check offline with `careledger audit verify-proof`), the
decisions across every plan by who, what and when, and the access log."""

from functools import partial
from typing import Annotated, Any
from uuid import UUID

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from api.access import AccessLog, Logged
from api.dependencies import ProjectionsDep, allow
from api.errors import CosignatureNotValid
from api.openapi import problems
from api.reading import caught_up_on_its_own
from api.schemas.audit_views import AuditRowsPublic
from api.schemas.common import NO_CONTROL_CHARACTERS
from api.schemas.instants import Instant
from api.tenants import tenant_of
from audit import notes, proofs
from audit.checkpoints import Checkpoint, CheckpointLog, Signer
from audit.log_queries import (
    RETURNED,
    SHARE_DECLINED,
    SIGNED_OFF,
    AccessFilters,
    DecisionFilters,
    decisions,
    reads,
)
from audit.verdict import audit_record
from domain.actors import Role
from domain.deciding import ReturnReason
from projections.runner import Projections

AUDIT_READERS = frozenset({Role.AUDITOR, Role.COMPLAINT_HANDLER, Role.ADMIN})
# Decisions name people and plans: not for an administrator. The access log: auditors.
DECISION_READERS = frozenset({Role.AUDITOR, Role.COMPLAINT_HANDLER})
ACCESS_READERS = frozenset({Role.AUDITOR})

router = APIRouter(
    prefix="/audit",
    tags=["audit"],
    dependencies=[Depends(allow(AUDIT_READERS, "read the integrity record"))],
    responses=problems(401, 403, 404, 422, 503),
)


def _log(request: Request) -> CheckpointLog:
    log: CheckpointLog = tenant_of(request).checkpoint_log
    return log


def _signer(request: Request) -> Signer:
    signer: Signer = tenant_of(request).audit_signer
    return signer


def _checkpoint(log: CheckpointLog, size: int | None, key_id: str) -> Checkpoint:
    """The checkpoint of ``size`` events (the latest if none), signed with the service's
    key where there is one."""
    found = (log.latest(key_id) or log.latest()) if size is None else log.at_size(size, key_id)
    if found is None:
        raise proofs.NotInCheckpoint(
            "no checkpoint has been taken yet" if size is None else f"no checkpoint of {size}"
        )
    return found


@router.get("/checkpoints", summary="The latest signed checkpoints, newest first")
async def get_checkpoints(
    request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 20
) -> dict[str, Any]:
    log = _log(request)
    recent = await anyio.to_thread.run_sync(partial(log.recent, limit))
    signer = _signer(request)
    cosigned = await anyio.to_thread.run_sync(lambda: [log.cosignatures(c) for c in recent])
    shown = [c.as_json(s) for c, s in zip(recent, cosigned, strict=True)]
    return {"key_id": signer.key_id, "public_key": signer.public_pem(), "vkey": signer.vkey(),
            "checkpoints": shown}  # fmt: skip


@router.get("/verify", summary="Check every stored event and tree node against the "
            "integrity record, and the record against every signed checkpoint: the verdict "
            "of `careledger audit verify`")  # fmt: skip
async def get_verify(request: Request, projections: ProjectionsDep) -> dict[str, Any]:
    """Runs one at a time (a second waits for the first): a whole pass over the store."""
    tenant = tenant_of(request)
    verifying = tenant.pages.setdefault("verifying", anyio.Lock())
    view = projections.runner("integrity").view
    public_pem = _signer(request).public_pem()
    threshold = tenant.settings.audit_witness_threshold
    async with verifying:
        verdict = await anyio.to_thread.run_sync(audit_record, tenant.planning, view, public_pem,
                                                 tenant.audit_witnesses, threshold)  # fmt: skip
    return verdict.as_json()


class CosignatureRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cosignature: str = Field(max_length=500, pattern=NO_CONTROL_CHARACTERS,
                             description="A witness's note signature line (c2sp.org/"
                                         "tlog-cosignature) over the checkpoint.")  # fmt: skip


@router.post("/checkpoints/{size}/cosignatures", status_code=201,
             summary="Keep a configured witness's cosignature of a checkpoint",
             responses=problems(400, 401, 403, 404, 413, 422, 503),
             dependencies=[Depends(allow(frozenset({Role.ADMIN}),
                                         "add a witness's cosignature"))])  # fmt: skip
async def post_cosignature(request: Request, size: Annotated[int, Path(ge=1, le=2**62)],
                           body: CosignatureRequest) -> dict[str, Any]:  # fmt: skip
    """The checkpoint of ``size`` events signed with the service's key, as a note with
    every cosignature it now carries."""
    log, signer = _log(request), _signer(request)
    witnesses = tenant_of(request).audit_witnesses

    def add() -> dict[str, Any]:
        checkpoint = log.at_size(size, signer.key_id)
        if checkpoint is None or checkpoint.key_id != signer.key_id or checkpoint.origin is None:
            raise proofs.NotInCheckpoint(f"no signed note of {size} events under this key")
        try:
            cosignature = notes.Signature.parse(body.cosignature.strip() + "\n")
        except notes.NoteError as error:
            raise CosignatureNotValid(str(error)) from None
        public = witnesses.get(cosignature.name)
        if public is None:
            raise CosignatureNotValid(f"{cosignature.name} is not a configured witness")
        if notes.cosignature_time(checkpoint.text(), cosignature, cosignature.name,
                                  public) is None:  # fmt: skip
            raise CosignatureNotValid(
                f"the cosignature does not hold under {cosignature.name}'s key"
            )
        log.add_cosignature(checkpoint, cosignature)
        return checkpoint.as_json(log.cosignatures(checkpoint))

    return await anyio.to_thread.run_sync(add)


@router.get("/public-key", summary="The key checkpoints are signed with")
async def get_public_key(request: Request) -> dict[str, str]:
    signer = _signer(request)
    return {"key_id": signer.key_id, "public_key": signer.public_pem(), "origin": signer.origin,
            "vkey": signer.vkey()}  # fmt: skip


@router.get("/proof/{position}", summary="Proof that the event at a position is in a "
            "checkpoint, unaltered")  # fmt: skip
async def get_inclusion_proof(
    request: Request,
    position: Annotated[int, Path(ge=1, le=2**62)],
    checkpoint: Annotated[int | None, Query(ge=1, le=2**62, description="The checkpoint's "
                                            "size; the latest if not given.")] = None,
) -> dict[str, Any]:  # fmt: skip
    log, key_id = _log(request), _signer(request).key_id

    def prove() -> dict[str, Any]:
        signed = _checkpoint(log, checkpoint, key_id)
        document = proofs.inclusion(log.view, position, signed)
        return {**document, "checkpoint": signed.as_json(log.cosignatures(signed))}

    return await anyio.to_thread.run_sync(prove)


@router.get("/consistency", summary="Proof that a later checkpoint extends an earlier one")
async def get_consistency_proof(
    request: Request,
    old: Annotated[int, Query(alias="from", ge=1, le=2**62, description="The earlier size.")],
    new: Annotated[int, Query(alias="to", ge=1, le=2**62, description="The later size.")],
) -> dict[str, Any]:  # fmt: skip
    log, key_id = _log(request), _signer(request).key_id

    def prove() -> dict[str, Any]:
        return proofs.consistency(log.view, _checkpoint(log, old, key_id),
                                  _checkpoint(log, new, key_id))  # fmt: skip

    return await anyio.to_thread.run_sync(prove)


Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
# a filter is a line of text: PostgreSQL refuses NUL, and no control character belongs
Text = Annotated[str | None, Query(min_length=1, max_length=100, pattern=NO_CONTROL_CHARACTERS)]
From = Annotated[Instant | None, Query(alias="from", description="Recorded at or after.")]
To = Annotated[Instant | None, Query(alias="to", description="Recorded before.")]
FLAGS = frozenset({"backdated", "adverse", "complaint_told"})
DECIDERS = [Depends(allow(DECISION_READERS, "read decisions across plans"))]


async def decisions_read(request: Request, projections: Projections, access: AccessLog,
                         filters: DecisionFilters, limit: int, offset: int
                         ) -> AuditRowsPublic:  # fmt: skip
    """A page of the decision log, once it has every decision recorded so far; the plans
    it shows are logged as read."""
    await caught_up_on_its_own(request, projections, "decision_log")
    view = projections.runner("decision_log").view
    found = await anyio.to_thread.run_sync(partial(decisions, view, filters, limit, offset))
    listed = sorted({UUID(str(r["plan_id"])) for r in found.rows if r["plan_id"]})
    withheld = await access.withheld(listed)  # restricted to staff not including the reader
    plans = [plan_id for plan_id in listed if plan_id not in withheld]
    asked = ", ".join(f"{k}={v}" for k, v in vars(filters).items() if v not in (None, False))
    await access.read_async("decisions", plans, None, asked or None)
    rows = [{k: bool(v) if k in FLAGS else v for k, v in r.items()} for r in found.rows
            if not r["plan_id"] or UUID(str(r["plan_id"])) not in withheld]  # fmt: skip
    total = found.total - (len(found.rows) - len(rows))  # less this page's withheld rows
    return AuditRowsPublic(rows=rows, total=total, limit=limit, offset=offset,
                           position=found.position)  # fmt: skip


@router.get("/decisions", summary="Decisions across every plan, by who, role, type, level "
            "and period", dependencies=DECIDERS)  # fmt: skip
async def get_decisions(
    request: Request, projections: ProjectionsDep, access: Logged,
    actor: Text = None, role: Annotated[Role | None, Query()] = None,
    type: Annotated[str | None, Query(max_length=100, pattern=NO_CONTROL_CHARACTERS,
                                       description="Plan.Returned, say.")] = None,
    team: Text = None, authority_level: Text = None,
    reason: Annotated[ReturnReason | None, Query(description="A return reason.")] = None,
    plan: Annotated[UUID | None, Query()] = None, person: Text = None,
    recorded_from: From = None, recorded_to: To = None,
    missing_right_to_complain: Annotated[bool, Query(description=(
        "Only adverse decisions whose telling of the right to complain is not recorded "
        "(COMP-1)."))] = False,
    limit: Limit = 100, offset: Offset = 0,
) -> AuditRowsPublic:  # fmt: skip
    filters = DecisionFilters(
        actor=actor, role=role.value if role else None, type=type, team=team,
        authority_level=authority_level, reason=reason.value if reason else None,
        plan_id=str(plan) if plan else None, person_ref=person, recorded_from=recorded_from,
        recorded_to=recorded_to, missing_right_to_complain=missing_right_to_complain,
    )  # fmt: skip
    return await decisions_read(request, projections, access, filters, limit, offset)


@router.get("/returns", summary="Every return, by reason (RET-1)", dependencies=DECIDERS)
async def get_returns(
    request: Request, projections: ProjectionsDep, access: Logged,
    reason: Annotated[ReturnReason | None, Query(description="A return reason.")] = None,
    recorded_from: From = None, recorded_to: To = None, limit: Limit = 100, offset: Offset = 0,
) -> AuditRowsPublic:  # fmt: skip
    filters = DecisionFilters(type=RETURNED, reason=reason.value if reason else None,
                              recorded_from=recorded_from, recorded_to=recorded_to)  # fmt: skip
    return await decisions_read(request, projections, access, filters, limit, offset)


@router.get("/declined-shares", summary="Every share declined (SHR-5)", dependencies=DECIDERS)
async def get_declined_shares(
    request: Request, projections: ProjectionsDep, access: Logged,
    recorded_from: From = None, recorded_to: To = None, limit: Limit = 100, offset: Offset = 0,
) -> AuditRowsPublic:  # fmt: skip
    filters = DecisionFilters(type=SHARE_DECLINED, recorded_from=recorded_from,
                              recorded_to=recorded_to)  # fmt: skip
    return await decisions_read(request, projections, access, filters, limit, offset)


@router.get("/sign-offs", summary="Sign-offs by the authority level relied on (SIGN-7)",
            dependencies=DECIDERS)  # fmt: skip
async def get_sign_offs(
    request: Request, projections: ProjectionsDep, access: Logged,
    authority_level: Text = None, recorded_from: From = None, recorded_to: To = None,
    limit: Limit = 100, offset: Offset = 0,
) -> AuditRowsPublic:  # fmt: skip
    filters = DecisionFilters(type=SIGNED_OFF, authority_level=authority_level,
                              recorded_from=recorded_from, recorded_to=recorded_to)  # fmt: skip
    return await decisions_read(request, projections, access, filters, limit, offset)


@router.get("/adverse-untold", summary="Adverse decisions with no record that the person was "
            "told of their right to complain (COMP-1)", dependencies=DECIDERS)  # fmt: skip
async def get_adverse_untold(
    request: Request, projections: ProjectionsDep, access: Logged,
    recorded_from: From = None, recorded_to: To = None, limit: Limit = 100, offset: Offset = 0,
) -> AuditRowsPublic:  # fmt: skip
    filters = DecisionFilters(missing_right_to_complain=True, recorded_from=recorded_from,
                              recorded_to=recorded_to)  # fmt: skip
    return await decisions_read(request, projections, access, filters, limit, offset)


@router.get("/access", summary="The access log: who read whose records, when and why",
            dependencies=[Depends(allow(ACCESS_READERS, "read the access log"))])  # fmt: skip
async def get_access(
    request: Request, projections: ProjectionsDep,
    plan: Annotated[UUID | None, Query()] = None, person: Text = None, reader: Text = None,
    read_from: Annotated[Instant | None, Query(alias="from")] = None,
    read_to: Annotated[Instant | None, Query(alias="to")] = None,
    limit: Limit = 100, offset: Offset = 0,
) -> AuditRowsPublic:  # fmt: skip
    """Reading the access log is not itself logged: it holds no one's care records."""
    await caught_up_on_its_own(request, projections, "access_log")
    view = projections.runner("access_log").view
    filters = AccessFilters(str(plan) if plan else None, person, reader, read_from, read_to)
    found = await anyio.to_thread.run_sync(partial(reads, view, filters, limit, offset))
    return AuditRowsPublic(rows=found.rows, total=found.total, limit=limit, offset=offset,
                           position=found.position)  # fmt: skip
