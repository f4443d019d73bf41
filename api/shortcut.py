"""A shortcut for decisions that go through: the commands' own routes, minus FastAPI's
per-request machinery, which costs more than the decision itself.

It serves ``POST /plans`` and ``POST /plans/{plan_id}/...`` (the routes of
``api.routers.plan_decisions``) only when everything is in order: a bearer token that
verifies, a role the route admits, a well-formed ``If-Match`` (and ``Idempotency-Key``
when sent), a JSON body its model accepts, and a decision the application records. It
checks each with the same functions and models as the routes, and answers with the same
response. At the first thing out of order it hands the request, body and all, to the
routes, which answer it as they always have; a decision refused by its rules stored
nothing, and is made again there for its answer. The OpenAPI document, the errors and
every other endpoint are the routes' alone.

It sits inside the request log, the body limit and the store breaker, like the routes.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import TokenError, TokenKeys, actor_from_claims
from api.dependencies import version_in
from api.desk import DecisionDesk
from api.idempotency import request_key
from api.routers.plan_decisions import ROUTES, decided, roles_for
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN, CommandBody
from api.schemas.planning import StartPlanRequest
from domain.actors import Actor, Role
from domain.application import CarePlanning, DecisionRequest
from domain.rules.authority import PLANNERS

_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
_REF = f"[A-Za-z0-9][A-Za-z0-9._:-]{{0,{REF_MAX_LENGTH - 1}}}"  # REF_PATTERN, at most so long
_KEY = re.compile(REF_PATTERN)
_JSON = (b"application/json", b"application/json; charset=utf-8")

Answer = Callable[[Scope, Receive, Send], Any]


@dataclass(frozen=True)
class _Target:
    """What a path asks for: its body, the roles admitted, the plan (None: a new one)
    and the ref from the path."""

    body: type[CommandBody]
    roles: frozenset[Role]
    plan_id: UUID | None = None
    ref: str | None = None


class Shortcut:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.routes = [
            (re.compile(f"^/plans/({_UUID})/{_tail(route.path)}$"), route.body,
             roles_for(route).roles)
            for route in ROUTES
        ]  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = self._target(scope)
        if target is None:
            await self.app(scope, receive, send)
            return
        body, ended = await _read_body(receive)
        answer = None if ended else await self._answer(scope, target, body)
        if answer is None:
            await self.app(scope, _replaying(body, ended, receive), send)
            return
        await answer(scope, receive, send)

    def _target(self, scope: Scope) -> _Target | None:
        if scope["type"] != "http" or scope["method"] != "POST":
            return None
        path: str = scope["path"]
        if path == "/plans":
            return _Target(StartPlanRequest, PLANNERS)
        if not path.startswith("/plans/"):
            return None
        for pattern, body, roles in self.routes:
            matched = pattern.match(path)
            if matched is not None:
                ref = matched.group(2) if pattern.groups > 1 else None
                return _Target(body, roles, UUID(matched.group(1)), ref)
        return None

    async def _answer(self, scope: Scope, target: _Target, body: bytes) -> Answer | None:
        """The decision's response, or None at the first thing out of order."""
        state = scope["app"].state
        headers = _first_of_each(scope["headers"])
        actor = _actor(state.token_keys, headers, target.roles)
        if actor is None or headers.get(b"content-type", b"").lower() not in _JSON:
            return None
        try:
            parsed = target.body.model_validate(json.loads(body))
        except (ValueError, ValidationError):  # not JSON, or not a valid body
            return None
        given = headers.get(b"idempotency-key")
        key_given = None if given is None else given.decode("latin-1")
        if key_given is not None and (len(key_given) > REF_MAX_LENGTH or not _KEY.match(key_given)):
            return None
        key = request_key(key_given, scope["path"], parsed, actor)
        scope.setdefault("state", {})["actor"] = actor  # for the request log
        desk: DecisionDesk = state.desk
        try:
            command = parsed.to_command(actor, target.ref)
            if target.plan_id is None:
                planning: CarePlanning = state.planning
                started = await desk.run(partial(planning.start_plan, command, key))
                return decided(started, 201, Location=f"/plans/{started.plan_id}")
            version = _version(headers)
            if version is None:
                return None
            decision = DecisionRequest(target.plan_id, version, command, key)
            return decided(await desk.decide(decision))
        except Exception:  # refused, or the store failed: nothing was stored
            return None


def _tail(route_path: str) -> str:
    return re.escape(route_path).replace(re.escape("{ref}"), f"({_REF})")


def _actor(keys: TokenKeys, headers: dict[bytes, bytes], roles: frozenset[Role]) -> Actor | None:
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    acting = headers.get(b"x-acting-role")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        actor = actor_from_claims(
            keys.verify(token.strip()), None if acting is None else acting.decode("latin-1")
        )
    except TokenError:
        return None
    return actor if actor.role in roles else None


def _version(headers: dict[bytes, bytes]) -> int | None:
    given = headers.get(b"if-match")
    return None if given is None else version_in(given.decode("latin-1"))


def _first_of_each(raw: list[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    """Each header's first value, as the routes read them."""
    headers: dict[bytes, bytes] = {}
    for name, value in raw:
        headers.setdefault(name, value)
    return headers


async def _read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The body, and the message that ended it early (a disconnect), if one did."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None


def _replaying(body: bytes, ended: Message | None, receive: Receive) -> Receive:
    """A receive that gives the routes the body already read, then what comes after."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
    if ended is not None:
        pending = [{"type": "http.request", "body": body, "more_body": True}, ended]

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay
