"""Liveness and readiness."""

from typing import Any

from fastapi import APIRouter

from api.dependencies import PlanningDep, ProjectionsDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The event store answers; how far behind each read model is")
def readyz(planning: PlanningDep, projections: ProjectionsDep) -> dict[str, Any]:
    lags = projections.lags()
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
    }
