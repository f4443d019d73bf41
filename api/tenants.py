"""The authorities a running service serves (decision 0011): for each, its application,
its read models, its integrity record's checkpoints and its group commit, opened from its
own settings; and which one a request is for (its token's ``authority`` claim)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from starlette.requests import HTTPConnection

from api.group_commit import GroupCommit
from api.service import audit_signer, audit_witnesses, open_planning, open_projections
from api.settings import Settings
from audit.checkpoints import CheckpointLog, Signer
from domain.application import CarePlanning
from projections.runner import Projections


@dataclass
class Tenant:
    """One authority's records and what keeps them."""

    authority: str
    settings: Settings
    planning: CarePlanning
    projections: Projections
    checkpoint_log: CheckpointLog
    group_commit: GroupCommit
    audit_signer: Signer
    audit_witnesses: dict[str, Ed25519PublicKey]
    pages: dict[str, Any] = field(default_factory=dict)  # the pages' state (verify runs)

    def wake_projections(self, _recordings: object) -> None:
        """Something was recorded: the read models catch up now (kept in this process)."""
        self.projections.wake()

    def close(self) -> None:
        self.group_commit.close()
        self.projections.stop()
        self.planning.close()


def open_tenant(settings: Settings) -> Tenant:
    signer = audit_signer(settings)  # its key read once
    planning = open_planning(settings)
    try:
        projections = open_projections(planning, settings, (), signer)
    except Exception:
        planning.close()
        raise
    return Tenant(
        authority=settings.authority, settings=settings, planning=planning,
        projections=projections,
        checkpoint_log=CheckpointLog(projections.runner("integrity").view),
        group_commit=GroupCommit(planning, settings.decision_threads),
        audit_signer=signer, audit_witnesses=audit_witnesses(settings),
    )  # fmt: skip


def open_tenants(settings: Sequence[Settings]) -> dict[str, Tenant]:
    opened: dict[str, Tenant] = {}
    try:
        for each in settings:
            opened[each.authority] = open_tenant(each)
    except Exception:
        for tenant in opened.values():
            tenant.close()
        raise
    return opened


def tenant_of(connection: HTTPConnection) -> Tenant:
    """The tenant of the request's authority, as its token or session named it (which
    ``authenticated`` has checked); before that, the deployment's only one."""
    found: Tenant | None = getattr(connection.state, "tenant", None)
    if found is not None:
        return found
    tenants: dict[str, Tenant] = connection.app.state.tenants
    if len(tenants) == 1:
        return next(iter(tenants.values()))
    raise LookupError("the request's authority is not known yet: authenticate it first")
