"""Liveness and readiness."""

from datetime import UTC, datetime
from typing import Any

import structlog
from fastapi import APIRouter, Request

from api.tenants import Tenant
from domain.application import CarePlanning
from projections.heartbeat import Follower, unfollowed
from projections.runner import Projections

router = APIRouter(tags=["health"])
log = structlog.get_logger("careledger.health")


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The event store answers; how far behind each read model is; who keeps them",
    description="`followers`: each process keeping read models up to date, as it last said "
    "(about once a second while it runs). `stale` means it has not said so for ten "
    "seconds: stopped, or stuck in a pass. `unfollowed`: the read models no live follower "
    "keeps. Being ready does not depend on them: decisions are recorded whatever the read "
    "models' state. Where the deployment serves several authorities, each one's read "
    "models and followers are under `authorities` (without its position).",
)
def readyz(request: Request) -> dict[str, Any]:
    tenants: dict[str, Tenant] = request.app.state.tenants
    if len(tenants) == 1:
        tenant = next(iter(tenants.values()))
        return {"status": "ready", **readiness(tenant.planning, tenant.projections)}
    # each authority's read models' lags, not its position: a count of its events would
    # tell anyone how busy another council is
    return {"status": "ready", "authorities": {
        name: {k: v for k, v in readiness(t.planning, t.projections).items() if k != "position"}
        for name, t in sorted(tenants.items())}}  # fmt: skip


def readiness(planning: CarePlanning, projections: Projections) -> dict[str, Any]:
    """One authority's store position, read models' lags and followers."""
    lags = projections.lags()
    now = datetime.now(UTC)
    try:
        followers: list[Follower] | None = projections.heartbeats.followers()
    except Exception as error:  # readiness does not depend on them
        log.warning("readyz.followers_unread", error_type=type(error).__name__)
        followers = None
    missing = unfollowed(list(projections.runners), followers or [], now)
    return {
        "position": planning.recorder.max_notification_id() or 0,
        "read_models": {
            lag.name: {
                "events_behind": lag.events_behind,
                "seconds_behind": lag.seconds_behind,
                "failures": lag.failures,
            }
            for lag in lags
        },
        "followers": None if followers is None else [f.as_json(now) for f in followers],
        "unfollowed": None if followers is None else missing,
    }
