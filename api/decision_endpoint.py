"""The one endpoint every decision goes through, success or refusal.

Each is a plain ASGI route (``api.routers.plan_decisions``), not a FastAPI path
operation: FastAPI's routing, dependency solving and exit stacks cost a worker more than
the decision itself. It reads the request in a fixed order: first the decision checks
given to ``create_app`` (each may refuse by raising); who is acting (401) and whether
their role may make the decision (403); the ``If-Match`` version (428 without it); then
the path, the headers' form and the body together (one 422 naming every field at fault,
400 for a body that is not JSON). The decision is then made once, by group commit. A
refusal is raised to the app's problem handlers, as from any endpoint.
"""

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

import orjson
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope, Send

from api.access import PURPOSE_MAX, cross_team_reason
from api.dependencies import authenticated
from api.errors import PreconditionRequired
from api.group_commit import GroupCommit
from api.idempotency import request_key
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN, CommandBody
from api.tenants import tenant_of
from domain.actors import Role
from domain.application import CarePlanning, DecisionRequest, Recorded
from domain.errors import NotPermitted

ETAG_PATTERN = r'^\s*"?([1-9][0-9]{0,8})"?\s*$'
# matched whole (``fullmatch``): ``$`` alone would let a trailing line break through
_ETAG = re.compile(ETAG_PATTERN)
_REF = re.compile(REF_PATTERN)
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_JSON_TYPES = re.compile(r"^application/(?:[\w.+-]+\+)?json\s*(?:;.*)?$", re.IGNORECASE)

# A check every decision passes before its own: it refuses by raising (an exception the
# problem handlers know, such as ``NotPermitted``).
DecisionCheck = Callable[[Request], Awaitable[None]]


@dataclass(frozen=True)
class DecisionEndpoint:
    """One decision's endpoint: its body, the roles admitted (``rule`` names the duty
    that admits them) and, for a decision on an existing plan, the path it is under."""

    body: type[CommandBody]
    roles: frozenset[Role]
    what: str
    rule: str = "DESIGN-roles"
    on_plan: bool = True
    has_ref: bool = False
    checks: tuple[DecisionCheck, ...] = ()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        for check in self.checks:
            await check(request)
        try:
            response = await self.answer(request)
        except ClientDisconnect:  # the body never came whole: over the limit (BodyLimit
            return  # answers 413), or the client has gone and no one is listening
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        actor = authenticated(request)
        if actor.role not in self.roles:
            raise NotPermitted(self.what, actor.role.value, (r.value for r in self.roles),
                               self.rule)  # fmt: skip
        headers = request.headers
        if_match = headers.get("if-match")
        if self.on_plan and if_match is None:
            raise PreconditionRequired(
                "send If-Match with the plan version the decision is made on"
            )
        errors: list[dict[str, Any]] = []
        plan_id = self._plan_id(request, errors)
        ref = self._ref(request, errors)
        version = _version(if_match, errors) if self.on_plan and if_match is not None else None
        key_given = _idempotency_key(headers.get("idempotency-key"), errors)
        purpose = headers.get("x-purpose")
        if purpose is not None and len(purpose) > PURPOSE_MAX:
            errors.append(_error(("header", "x-purpose"), f"at most {PURPOSE_MAX} characters",
                                 purpose[:40]))  # fmt: skip
        parsed = _body(self.body, headers.get("content-type"), await request.body(), errors)
        if errors or parsed is None:
            raise RequestValidationError(errors)
        cross_team = cross_team_reason(headers.get("x-cross-team"), purpose)
        key = request_key(key_given, request.url.path, parsed, actor)
        command = parsed.to_command(actor, ref) if self.has_ref else parsed.to_command(actor)
        group_commit: GroupCommit = tenant_of(request).group_commit
        if not self.on_plan:
            planning: CarePlanning = tenant_of(request).planning
            started = await group_commit.run(partial(planning.start_plan, command, key,
                                                     cross_team))  # fmt: skip
            return decided(started, 201, Location=f"/plans/{started.plan_id}")
        assert plan_id is not None  # or errors were raised
        assert version is not None
        return decided(await group_commit.decide(
            DecisionRequest(plan_id, version, command, key, cross_team)))  # fmt: skip

    def _plan_id(self, request: Request, errors: list[dict[str, Any]]) -> UUID | None:
        if not self.on_plan:
            return None
        given: str = request.path_params["plan_id"]
        if not _UUID.fullmatch(given):  # UUID() would also take braces, prefixes, no hyphens
            errors.append(_error(("path", "plan_id"), "Input should be a valid UUID", given))
            return None
        return UUID(given)

    def _ref(self, request: Request, errors: list[dict[str, Any]]) -> str | None:
        if not self.has_ref:
            return None
        given: str = request.path_params["ref"]
        if len(given) > REF_MAX_LENGTH or not _REF.fullmatch(given):
            errors.append(_error(("path", "ref"), _REF_MESSAGE, given))
            return None
        return given


_REF_MESSAGE = (f"at most {REF_MAX_LENGTH} characters, matching {REF_PATTERN}: letters, "
                "digits and . _ : -, starting with a letter or digit")  # fmt: skip


def _version(if_match: str, errors: list[dict[str, Any]]) -> int | None:
    """The plan version an ``If-Match`` names, or None with the reason added to ``errors``."""
    matched = _ETAG.fullmatch(if_match)
    if matched is None:
        weak = if_match.lstrip().startswith("W/")
        errors.append(_error(("header", "if-match"), _WEAK_MESSAGE if weak else _IF_MATCH_MESSAGE,
                             if_match))  # fmt: skip
        return None
    return int(matched.group(1))


_IF_MATCH_MESSAGE = 'the plan version the decision is made on, as in its ETag: "3"'
# If-Match compares entity tags strongly (RFC 9110, 13.1.1): a weak one never matches
_WEAK_MESSAGE = 'a weak entity tag (W/) never matches in If-Match: send the ETag as given, "3"'


def _idempotency_key(given: str | None, errors: list[dict[str, Any]]) -> str | None:
    if given is not None and (len(given) > REF_MAX_LENGTH or not _REF.fullmatch(given)):
        errors.append(_error(("header", "Idempotency-Key"), _REF_MESSAGE, given))
        return None
    return given


def _body(model: type[CommandBody], content_type: str | None, raw: bytes,
          errors: list[dict[str, Any]]) -> CommandBody | None:  # fmt: skip
    """The body as its model, or None with the reasons added to ``errors``. A body that
    is not JSON is refused as a whole (400), as the problem handlers answer it."""
    if not raw:
        errors.append({"type": "missing", "loc": ("body",), "msg": "Field required",
                       "input": None})  # fmt: skip
        return None
    if content_type is None or not _JSON_TYPES.match(content_type):
        errors.append(_error(("body",), "send the body as application/json", None))
        return None
    try:
        given = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, or nested too deep
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body", 0),
                                       "msg": "JSON decode error", "input": {},
                                       "ctx": {"error": str(exc)}}]) from None  # fmt: skip
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        errors.extend({**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False))
        return None


def _error(loc: tuple[str, ...], message: str, given: Any) -> dict[str, Any]:
    return {"type": "value_error", "loc": loc, "msg": message, "input": given}


def decided(recorded: Recorded, status: int = 200, **headers: str) -> Response:
    """The answer to a decision (``DecisionPublic``), its new version as the ETag and its
    place in the event log as ``X-Position`` (pass it as ``after`` to a queue or report to
    see the decision there). The body is three plain fields, written directly."""
    body = orjson.dumps({"plan_id": str(recorded.plan_id), "version": recorded.version,
                         "status": recorded.status.value})  # fmt: skip
    return Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={
            "ETag": f'"{recorded.version}"',
            "X-Position": str(recorded.position),
            **headers,
        },
    )
