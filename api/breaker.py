"""When the event store stops answering, say so at once (503, ``Retry-After``) instead of
holding every request through the store library's own retries; let one request through
every few seconds to find out whether it is back."""

import json
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

RETRY_AFTER_SECONDS = 2
PROBE_WINDOW_SECONDS = 60.0
# what never touches the store, the documentation's own scripts and styles included
UNGUARDED = ("/healthz", "/docs", "/openapi.json", "/redoc", "/metrics", "/static-offline-docs")


class StoreHealth:
    """Closed (0) lets everything through; open until a time refuses; a probe is the one
    request let through when that time passes."""

    def __init__(self) -> None:
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._open_until > 0

    def admit(self) -> tuple[bool, bool]:
        """(let through, as the probe)."""
        with self._lock:
            if self._open_until == 0:
                return True, False
            now = time.monotonic()
            if now < self._open_until:
                return False, False
            self._open_until = now + PROBE_WINDOW_SECONDS
            return True, True

    def failed(self) -> None:
        with self._lock:
            self._open_until = time.monotonic() + RETRY_AFTER_SECONDS

    def answered(self) -> None:
        with self._lock:
            self._open_until = 0.0


class StoreBreaker:
    def __init__(self, app: ASGIApp, health: StoreHealth) -> None:
        self.app = app
        self.health = health

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNGUARDED):
            await self.app(scope, receive, send)
            return
        admitted, probe = self.health.admit()
        if not admitted:
            await _unavailable(scope, send)
            return
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if probe and status != 503:
                self.health.answered()
            elif probe:
                self.health.failed()


async def _unavailable(scope: Scope, send: Send) -> None:
    body = json.dumps(
        {
            "type": "urn:careledger:problem:store-unavailable",
            "title": "The event store is unavailable; retry",
            "status": 503,
            "detail": "the event store is not answering; nothing was recorded by this request",
            "instance": scope["path"],
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
