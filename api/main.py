"""The FastAPI application: ``create_app`` wires settings, store, logging and routers."""

import functools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, cast

import structlog
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi_offline import FastAPIOffline

from api.auth import TokenKeys
from api.breaker import StoreBreaker, StoreHealth
from api.decision_endpoint import DecisionCheck
from api.desk import DecisionDesk
from api.errors import register_problem_handlers
from api.limits import BodyLimit
from api.logging import configure_logging, log_decisions
from api.middleware import RequestLog
from api.openapi import install_openapi
from api.policy_file import load_policy
from api.routers import audit, health, plan_decisions, plan_queries, read_models, timelines
from api.settings import Settings
from audit.access_log import AccessLog
from audit.checkpoints import CheckpointLog, Signer
from audit.decision_log import DecisionLog
from audit.integrity import IntegrityLedger
from domain.application import CarePlanning
from projections.catalogue import read_models as service_models
from projections.runner import Projections
from store.application import ServicePlanning


def open_planning(settings: Settings) -> CarePlanning:
    settings.prepare_store()
    planning = ServicePlanning(
        env=settings.eventsourcing_env(), policy=load_policy(settings.policy_file)
    )
    planning.listeners.append(log_decisions)
    return planning


def open_projections(planning: CarePlanning, settings: Settings,
                     names: Sequence[str] = ()) -> Projections:  # fmt: skip
    """The read models, the integrity record and the audit logs (those named, or all), on
    the configured views store: the runner keeps them all the same way."""
    models = (*service_models(planning.policy), IntegrityLedger(), DecisionLog(), AccessLog())
    unknown = set(names) - {m.name for m in models}
    if unknown:
        known = ", ".join(m.name for m in models)
        raise ValueError(f"no read model {', '.join(sorted(unknown))}; there are {known}")
    chosen = [m for m in models if not names or m.name in names]
    projections = Projections(planning, chosen, settings.views_env(),
                              settings.projection_batch_size)  # fmt: skip
    if "integrity" in projections.runners:
        log = CheckpointLog(projections.runner("integrity").view)
        signer = audit_signer(settings)

        def checkpoint_when_due() -> None:
            now = datetime.now(UTC)
            every_events, every_seconds = (settings.checkpoint_every_events,
                                           settings.checkpoint_every_seconds)  # fmt: skip
            if log.due(every_events, every_seconds, now, signer.key_id):
                log.take(signer, now)

        projections.after_catch_up.append(checkpoint_when_due)
    return projections


def audit_signer(settings: Settings) -> Signer:
    if settings.audit_signing_key_file is not None:
        return Signer.from_file(settings.audit_signing_key_file)
    _warn_development_key(str(settings.audit_dev_key_file))
    return Signer.development(settings.audit_dev_key_file)


@functools.cache
def _warn_development_key(path: str) -> None:
    """Once a process: checkpoints signed with a development key prove little."""
    structlog.get_logger().warning("audit.development_key", key_file=path)


def create_app(
    settings: Settings | None = None, decision_checks: Sequence[DecisionCheck] = ()
) -> FastAPI:
    """The service. ``decision_checks`` run before every decision's own checks, on the
    one path each decision takes (``api.decision_endpoint``)."""
    settings = settings or Settings()
    configure_logging(settings.log_format, settings.log_level)

    token_keys = TokenKeys.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.token_keys = token_keys
        app.state.settings = settings
        app.state.audit_signer = audit_signer(settings)
        app.state.planning = planning = open_planning(settings)
        app.state.projections = projections = open_projections(planning, settings)
        app.state.checkpoint_log = CheckpointLog(projections.runner("integrity").view)
        app.state.desk = desk = DecisionDesk(planning, settings.decision_threads)
        if settings.projections != "external":
            planning.listeners.append(lambda _recordings: projections.nudge())
            projections.start(settings.projection_poll_seconds)
        try:
            yield
        finally:
            desk.close()
            projections.stop()
            planning.close()

    # the interactive documentation's scripts served by the app, not from a CDN: /docs
    # works offline
    app = FastAPIOffline(
        title="Careledger",
        version="0.1.0",
        summary="Care-plan and personal-budget decisions under the Care Act 2014, "
        "recorded as immutable events.",
        lifespan=lifespan,
        # no OpenTelemetry here: with it on, FastAPI asks for its providers every request
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    register_problem_handlers(app)

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/docs")

    for path, endpoint in plan_decisions.decision_routes(decision_checks):  # first: the busiest
        # an ASGI endpoint, which Starlette's Route serves as it is
        app.add_route(path, cast(Any, endpoint), methods=["POST"], name=endpoint.body.__name__)
    install_openapi(app, plan_decisions.body_models(), plan_decisions.decision_operations())
    app.include_router(plan_queries.router)
    app.include_router(timelines.router)
    app.include_router(read_models.router)
    app.include_router(audit.router)
    app.include_router(health.router)
    store_health = StoreHealth()
    app.state.store_health = store_health
    app.add_middleware(StoreBreaker, health=store_health)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestLog)
    return app
