"""Every refusal as RFC 9457 ``application/problem+json``, from one table. Routers never
catch: exceptions travel here."""

import re
from functools import singledispatch
from typing import Any

import structlog
from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.breaker import RETRY_AFTER_SECONDS
from audit.log_queries import NoRecords
from audit.proofs import NotInCheckpoint
from domain.errors import (
    ComplaintExists,
    ComplaintNotFound,
    DecisionNotAllowed,
    NothingInForce,
    NothingToErase,
    NotPermitted,
    OutOfScope,
    PlanNotFound,
    RecordRestricted,
    RecordsErased,
    RequestKeyReused,
    RuleBroken,
    StaleVersion,
    VersionNotFound,
)
from domain.rules.authority import CROSS_TEAM_GROUNDS

log = structlog.get_logger("careledger.api")

PROBLEM_JSON = "application/problem+json"


class ApiError(Exception):
    """A request the API refuses before it reaches the domain."""


class Unauthenticated(ApiError):
    pass


class PreconditionRequired(ApiError):
    pass


class PositionNotRecorded(ApiError):
    """``after`` names a position the event log has not reached: no decision has it."""

    def __init__(self, wanted: int, top: int) -> None:
        super().__init__(f"after={wanted} is beyond the event log's latest position, {top}")


# Reads of personal records are logged with who, what, when and why (design.md, API).
ACCESS_LOG = "DESIGN-access-log"


class PurposeRefused(ApiError):
    """The purpose of a read, as the access log must keep it, is missing or unreadable."""


class PurposeRequired(PurposeRefused):
    """A read that must state its purpose (a timeline, a chronology) did not."""

    def __init__(self, what: str) -> None:
        super().__init__(f"state why you are reading the {what} in the X-Purpose header; "
                         "it is kept in the access log")  # fmt: skip


class PurposeNotText(PurposeRefused):
    """X-Purpose is not UTF-8 text."""

    def __init__(self) -> None:
        super().__init__("X-Purpose must be UTF-8 text")


class CrossTeamNotValid(ApiError):
    """X-Cross-Team names no ground the service knows."""

    def __init__(self, given: str) -> None:
        super().__init__(f"X-Cross-Team is one of {', '.join(CROSS_TEAM_GROUNDS)}, not "
                         f"{given[:40]!r}; say why in X-Purpose")  # fmt: skip


class OtherAuthority(ApiError):
    """The token is for another authority's staff: this service keeps none of its records."""

    def __init__(self, named: str, ours: str) -> None:
        super().__init__(f"DESIGN-scope: the token is for {named[:64]!r}; this service keeps the "
                         f"records of {ours}")  # fmt: skip


class ReadModelBehind(ApiError):
    """A read asked to see a decision the read model has not reached in time."""

    def __init__(self, name: str, wanted: int, reached: int) -> None:
        super().__init__(f"the {name} read model has reached position {reached}, not yet "
                         f"{wanted}; retry shortly")  # fmt: skip
        self.name, self.wanted, self.reached = name, wanted, reached


class CosignatureNotValid(ApiError):
    """A witness's cosignature that is not a signature line, not a configured witness's,
    or does not hold over the checkpoint."""

    def __init__(self, why: str) -> None:
        super().__init__(f"DESIGN-witness: {why}")


# exception class -> (status, problem type, title)
PROBLEMS: dict[type[Exception], tuple[int, str, str]] = {
    Unauthenticated: (401, "unauthenticated", "Who is acting is not known"),
    NotPermitted: (403, "not-permitted", "This role may not make this decision"),
    OtherAuthority: (403, "other-authority", "The token is for another authority"),
    OutOfScope: (403, "out-of-scope", "Another team's plan"),
    RecordRestricted: (403, "restricted-record", "A restricted record"),
    PlanNotFound: (404, "plan-not-found", "No such plan"),
    ComplaintNotFound: (404, "complaint-not-found", "No such complaint"),
    VersionNotFound: (404, "version-not-found", "No such version of the plan"),
    NothingInForce: (404, "nothing-in-force", "No signed-off version is in force"),
    NotInCheckpoint: (404, "not-in-record", "Not in the integrity record"),
    NoRecords: (404, "no-records", "Nothing is recorded for this"),
    NothingToErase: (404, "nothing-to-erase", "No key is held for that person"),
    RecordsErased: (410, "records-erased", "The person's records have been erased"),
    StaleVersion: (409, "stale-version", "The plan has changed since that version"),
    ComplaintExists: (409, "complaint-exists", "A complaint with that reference exists"),
    DecisionNotAllowed: (409, "decision-not-allowed", "Not allowed in the plan's state"),
    RuleBroken: (422, "rule-broken", "The decision breaks a rule"),
    RequestKeyReused: (422, "idempotency-key-reused", "That key was used for another request"),
    PositionNotRecorded: (422, "position-not-recorded", "No decision has that position"),
    PurposeRequired: (422, "purpose-required", "The purpose of the read is required"),
    PurposeNotText: (422, "purpose-not-text", "The purpose of the read is not text"),
    CrossTeamNotValid: (422, "cross-team-not-valid", "No such ground for cross-team access"),
    CosignatureNotValid: (422, "cosignature-not-valid", "The cosignature is not accepted"),
    PreconditionRequired: (428, "if-match-required", "If-Match with the plan's version needed"),
    OperationalError: (503, "store-unavailable", "The event store is unavailable; retry"),
    InterfaceError: (503, "store-unavailable", "The event store is unavailable; retry"),
    ReadModelBehind: (503, "read-model-behind", "The read model has not caught up yet"),
}


def problem(
    request: Request,
    status: int,
    kind: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body = {
        "type": f"urn:careledger:problem:{kind}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extensions,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


@singledispatch
def extensions(_exc: Exception) -> dict[str, Any]:
    return {}


@extensions.register
def _(exc: RuleBroken) -> dict[str, Any]:
    return {
        "obligations": list(exc.obligations),
        "errors": [
            {"obligation": f.obligation, "field": f.field, "message": f.message}
            for f in exc.failures
        ],
    }


@extensions.register
def _(exc: PurposeRefused) -> dict[str, Any]:
    return {"errors": [{"obligation": ACCESS_LOG, "field": "X-Purpose", "message": str(exc)}]}


@extensions.register
def _(exc: DecisionNotAllowed) -> dict[str, Any]:
    return {"obligation": exc.obligation, "plan_status": exc.status, "allowed_from": exc.allowed}


@extensions.register
def _(exc: NotPermitted) -> dict[str, Any]:
    return {"obligation": exc.obligation, "role": exc.role, "allowed_roles": exc.allowed}


@extensions.register
def _(exc: StaleVersion) -> dict[str, Any]:
    return {"expected_version": exc.expected, "current_version": exc.actual}


async def known_error(request: Request, exc: Exception) -> JSONResponse:
    status, kind, title = next(v for k, v in PROBLEMS.items() if isinstance(exc, k))
    headers = None
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, ReadModelBehind):
        return problem(request, status, kind, title, str(exc), {"Retry-After": "1"},
                       read_model=exc.name, position=exc.reached, after=exc.wanted)  # fmt: skip
    if status == 503:
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        log.warning("store.unavailable", error_type=type(exc).__name__)
        request.app.state.store_health.failed()
        detail = "the event store did not answer; nothing was recorded by this request"
        return problem(request, status, kind, title, detail, headers)
    return problem(request, status, kind, title, str(exc), headers, **extensions(exc))


def _field(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc[1:] if loc and loc[0] == "body" else loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "body"


async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return problem(request, 400, "malformed-json", "The body is not JSON", "malformed JSON")
    listed = [
        {"obligation": None, "field": _field(tuple(e["loc"])), "message": e["msg"]} for e in errors
    ]
    fields = ", ".join(item["field"] or "body" for item in listed)
    return problem(
        request, 422, "invalid-request", "The request is not valid", f"check: {fields}",
        errors=listed,
    )  # fmt: skip


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    detail = str(exc.detail)
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:  # every method the path takes, not only its first route's
        headers = {**(headers or {}), "Allow": ", ".join(_methods_of(request))}
    return problem(request, exc.status_code, "http", detail, detail, headers)


def _methods_of(request: Request) -> list[str]:
    """The methods the request's path takes, by the OpenAPI document (HEAD with GET)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)),
                        request.url.path):  # fmt: skip
            methods |= {m.upper() for m in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("http.unhandled_error", error_type=type(exc).__name__)
    return problem(request, 500, "internal", "Internal error", "the error has been logged")


def register_problem_handlers(app: FastAPI) -> None:
    for exc_class in PROBLEMS:
        app.add_exception_handler(exc_class, known_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
