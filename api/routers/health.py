"""Liveness and readiness."""

from typing import Any

from fastapi import APIRouter

from api.dependencies import PlanningDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The event store answers")
def readyz(planning: PlanningDep) -> dict[str, Any]:
    return {"status": "ready", "position": planning.recorder.max_notification_id() or 0}
