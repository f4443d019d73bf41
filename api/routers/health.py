"""Liveness and readiness."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter

from api.dependencies import PlanningDep, ProjectionsDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The event store answers; how far behind each read model is; who keeps them",
    description="`followers`: each process keeping read models up to date, as it last said "
    "(about once a second while it runs). `stale` means it has not said so for ten "
    "seconds: stopped, or stuck in a pass. Being ready does not depend on them: decisions "
    "are recorded whatever the read models' state.",
)
def readyz(planning: PlanningDep, projections: ProjectionsDep) -> dict[str, Any]:
    lags = projections.lags()
    now = datetime.now(UTC)
    return {
        "status": "ready",
        "position": planning.recorder.max_notification_id() or 0,
        "read_models": {
            lag.name: {
                "events_behind": lag.events_behind,
                "seconds_behind": lag.seconds_behind,
                "failures": lag.failures,
            }
            for lag in lags
        },
        "followers": [f.as_json(now) for f in projections.heartbeats.followers()],
    }
