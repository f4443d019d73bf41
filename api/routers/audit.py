"""The integrity record for auditors: signed checkpoints, the public key they are signed
with, and proofs an auditor can check offline (`careledger audit verify-proof`)."""

from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request

from api.dependencies import allow
from api.openapi import problems
from audit import proofs
from audit.checkpoints import Checkpoint, CheckpointLog, Signer
from domain.actors import Role

AUDIT_READERS = frozenset({Role.AUDITOR, Role.COMPLAINT_HANDLER, Role.ADMIN})

router = APIRouter(
    prefix="/audit",
    tags=["audit"],
    dependencies=[Depends(allow(AUDIT_READERS, "read the integrity record"))],
    responses=problems(401, 403, 404, 422, 503),
)


def _log(request: Request) -> CheckpointLog:
    log: CheckpointLog = request.app.state.checkpoint_log
    return log


def _signer(request: Request) -> Signer:
    signer: Signer = request.app.state.audit_signer
    return signer


def _checkpoint(log: CheckpointLog, size: int | None) -> Checkpoint:
    found = log.latest() if size is None else log.at_size(size)
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
    return {"key_id": signer.key_id, "public_key": signer.public_pem(),
            "checkpoints": [c.as_json() for c in recent]}  # fmt: skip


@router.get("/public-key", summary="The key checkpoints are signed with")
async def get_public_key(request: Request) -> dict[str, str]:
    signer = _signer(request)
    return {"key_id": signer.key_id, "public_key": signer.public_pem()}


@router.get("/proof/{position}", summary="Proof that the event at a position is in a "
            "checkpoint, unaltered")  # fmt: skip
async def get_inclusion_proof(
    request: Request,
    position: Annotated[int, Path(ge=1, le=2**62)],
    checkpoint: Annotated[int | None, Query(ge=1, le=2**62, description="The checkpoint's "
                                            "size; the latest if not given.")] = None,
) -> dict[str, Any]:  # fmt: skip
    log = _log(request)

    def prove() -> dict[str, Any]:
        return proofs.inclusion(log.view, position, _checkpoint(log, checkpoint))

    return await anyio.to_thread.run_sync(prove)


@router.get("/consistency", summary="Proof that a later checkpoint extends an earlier one")
async def get_consistency_proof(
    request: Request,
    old: Annotated[int, Query(alias="from", ge=1, le=2**62, description="The earlier size.")],
    new: Annotated[int, Query(alias="to", ge=1, le=2**62, description="The later size.")],
) -> dict[str, Any]:  # fmt: skip
    log = _log(request)

    def prove() -> dict[str, Any]:
        return proofs.consistency(log.view, _checkpoint(log, old), _checkpoint(log, new))

    return await anyio.to_thread.run_sync(prove)
