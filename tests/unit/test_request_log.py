"""The request log gives each request an id: the caller's ``X-Request-ID`` when it is
well formed, a new one otherwise; echoed in the response and bound to every log line the
request writes, and to nothing after it."""

import asyncio
import re
from typing import Any

import structlog
from starlette.types import Message, Receive, Scope, Send

from api.middleware import RequestLog, loggable_path


class App:
    """Answers 204 and notes what was bound to the log while it ran."""

    def __init__(self) -> None:
        self.bound: list[dict[str, Any]] = []

    async def __call__(self, _scope: Scope, _receive: Receive, send: Send) -> None:
        self.bound.append(structlog.contextvars.get_contextvars())
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def _request(app: RequestLog, *headers: tuple[bytes, bytes]) -> dict[bytes, bytes]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    async def request() -> None:
        await app(scope, receive, send)
        # awaited in this task's own context: what the request bound must be gone
        assert structlog.contextvars.get_contextvars() == {}

    scope = {"type": "http", "method": "GET", "path": "/healthz", "headers": list(headers)}
    asyncio.run(request())
    return dict(sent[0]["headers"])


def test_a_well_formed_request_id_is_echoed_and_bound_to_the_request_s_log_lines() -> None:
    inner = App()

    headers = _request(RequestLog(inner), (b"x-request-id", b"caller-42.a_b"))

    assert headers[b"x-request-id"] == b"caller-42.a_b"
    assert inner.bound == [{"request_id": "caller-42.a_b"}]


def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one_each_time() -> None:
    inner = App()
    log = RequestLog(inner)

    given = [_request(log)[b"x-request-id"],
             _request(log, (b"x-request-id", b"has spaces"))[b"x-request-id"],
             _request(log, (b"x-request-id", b"x" * 65))[b"x-request-id"]]  # fmt: skip

    assert all(re.fullmatch(rb"[0-9a-f]{32}", g) for g in given)
    assert len(set(given)) == 3
    assert [b["request_id"].encode() for b in inner.bound] == given


def test_a_path_segment_that_is_not_a_reference_never_reaches_the_log() -> None:
    # what a person's reference might be mistaken for: a name, an NHS number
    assert loggable_path("/people/John Smith NHS 485 777 3456/timeline") == (
        "/people/{withheld}/timeline")  # fmt: skip
    assert loggable_path("/people/person-7001/chronology") == "/people/person-7001/chronology"
    assert loggable_path(f"/plans/{'a' * 65}") == "/plans/{withheld}"
