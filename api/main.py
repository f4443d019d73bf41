"""The FastAPI application: ``create_app`` wires settings, the service (``api.service``),
logging and routers."""

import gc
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, cast

import structlog
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi_offline import FastAPIOffline

from api.auth import TokenKeys
from api.breaker import StoreBreaker, StoreHealth
from api.decision_endpoint import DecisionCheck
from api.errors import register_problem_handlers
from api.limits import BodyLimit
from api.logging import configure_logging
from api.middleware import RequestLog
from api.openapi import install_openapi
from api.pages import routes as pages
from api.routers import (
    audit,
    complaints,
    health,
    plan_decisions,
    plan_queries,
    read_models,
    restrictions,
    retention,
    timelines,
)
from api.settings import Settings
from api.tenants import open_tenants
from api.tenants_file import authority_settings

log = structlog.get_logger("careledger.api")


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
        authorities = authority_settings(settings)
        app.state.tenants = tenants = open_tenants(list(authorities.values()))
        if settings.projections != "external":
            for tenant in tenants.values():
                tenant.planning.listeners.append(tenant.wake_projections)
                tenant.projections.start(settings.projection_poll_seconds)
        # What start-up made (modules, schemas, the app) lives as long as the process:
        # kept out of the garbage collector's full passes, which would otherwise walk it
        # all and hold up every decision in flight
        gc.collect()
        gc.freeze()
        log.info("auth.token_keys", algorithm=token_keys.algorithm, source=token_keys.source,
                 authorities=sorted(tenants))  # fmt: skip
        try:
            yield
        finally:
            gc.unfreeze()  # what this app made may go, should another start in the process
            for tenant in tenants.values():
                tenant.close()

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
    app.include_router(restrictions.router)
    app.include_router(complaints.router)
    app.include_router(retention.router)
    app.include_router(pages.router)
    app.include_router(read_models.router)
    app.include_router(audit.router)
    app.include_router(health.router)
    store_health = StoreHealth()
    app.state.store_health = store_health
    app.add_middleware(StoreBreaker, health=store_health)
    app.add_middleware(BodyLimit)
    app.add_middleware(RequestLog)
    return app
