"""One log line per HTTP request, with a request id echoed back as ``X-Request-ID``."""

import os
import random
import re
import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

log = structlog.get_logger("careledger.http")
# a generator of its own, seeded from the system, again in a forked child: nothing that
# seeds the shared one makes ids repeat
_ids = random.Random()
os.register_at_fork(after_in_child=_ids.seed)


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"")
        given_id = given.decode("latin-1")
        # ids that only need to be distinct: 128 random bits, without a system call each
        request_id = given_id if _REQUEST_ID.match(given_id) else f"{_ids.getrandbits(128):032x}"
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        bound = structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            actor = scope.get("state", {}).get("actor")
            try:
                log.info(
                    "http.request",
                    method=scope["method"],
                    path=loggable_path(scope["path"]),
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    actor_id=actor.id if actor else None,
                    actor_role=actor.role.value if actor else None,
                )
            finally:
                structlog.contextvars.reset_contextvars(**bound)


# A path segment the log keeps as sent: what a route's own segments, ids and references
# look like. Anything else (a name or an NHS number where a person's reference belongs)
# is refused by the route, and replaced here, so that it never reaches the log.
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def loggable_path(path: str) -> str:
    segments = path.split("/")
    return "/".join(s if not s or _SAFE_SEGMENT.fullmatch(s) else "{withheld}" for s in segments)
