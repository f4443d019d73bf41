"""The decisions' shortcut answers a decision that goes through, as its route would, and
hands everything else, body and all, to the routes, having stored nothing."""

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from api.main import create_app
from api.settings import Settings
from api.shortcut import Shortcut
from tests.e2e.conftest import TEST_SECRET, token_for

ME = ("staff-1001", "practitioner")
START = {"kind": "care_and_support", "basis": "duty", "person_ref": "person-9000",
         "team": "team-a"}  # fmt: skip
INDICATIVE = {"weekly_amount": "300.00", "method": "resource_allocation_system",
              "cost_assumptions": ["ten hours of home care"], "shared_with": "person",
              "shared_how": "by letter"}  # fmt: skip


class Routes:
    """Stands in for the routes: records what it was handed, answers 299."""

    def __init__(self) -> None:
        self.handed: list[tuple[str, bytes]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        self.handed.append((scope["path"], body))
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})


class Harness:
    def __init__(self, home: Path) -> None:
        self.app = create_app(Settings(store="sqlite", sqlite_path=home / "s.sqlite",
                                       jwt_secret=TEST_SECRET, log_level="warning",
                                       projections="external",
                                       audit_dev_key_file=home / "key.pem"))  # fmt: skip
        self.routes = Routes()
        self.shortcut = Shortcut(self.routes)
        self.loop = asyncio.new_event_loop()
        self.lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self.lifespan.__aenter__())

    def post(self, path: str, body: bytes | dict[str, Any],
             **headers: str) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent = {"authorization": f"Bearer {token_for(ME)}", "content-type": "application/json",
                **{k.replace("_", "-"): v for k, v in headers.items()}}  # fmt: skip
        scope = {"type": "http", "method": "POST", "path": path, "app": self.app,
                 "headers": [(k.encode(), v.encode()) for k, v in sent.items()]}  # fmt: skip
        chunks = [raw[:10], raw[10:]]  # the body in two messages

        async def receive() -> Message:
            chunk = chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

        answer: dict[str, Any] = {"body": b""}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
            else:
                answer["body"] += message.get("body", b"")

        self.loop.run_until_complete(self.shortcut(scope, receive, send))
        return answer["status"], answer["headers"], answer["body"]

    def events(self) -> int:
        return int(self.app.state.planning.recorder.max_notification_id() or 0)

    def close(self) -> None:
        self.loop.run_until_complete(self.lifespan.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    running = Harness(tmp_path)
    yield running
    running.close()


def _started(harness: Harness) -> tuple[str, int]:
    status, _, body = harness.post("/plans", START)
    assert status == 201
    answer = json.loads(body)
    return answer["plan_id"], answer["version"]


def test_a_plan_started_and_a_decision_that_goes_through_are_answered_here(
    harness: Harness,
) -> None:
    status, headers, body = harness.post("/plans", START)
    plan_id = json.loads(body)["plan_id"]

    assert status == 201
    assert headers["location"] == f"/plans/{plan_id}"
    status, headers, body = harness.post(f"/plans/{plan_id}/indicative-budget", INDICATIVE,
                                         if_match='"1"')  # fmt: skip

    assert status == 200
    assert json.loads(body) == {"plan_id": plan_id, "version": 2, "status": "started"}
    assert headers["etag"] == '"2"'
    assert int(headers["x-position"]) == harness.events()
    assert harness.routes.handed == []


def test_a_keyed_retry_is_answered_as_the_first_was(harness: Harness) -> None:
    plan_id, version = _started(harness)
    path = f"/plans/{plan_id}/indicative-budget"
    first = harness.post(path, INDICATIVE, if_match=f'"{version}"', idempotency_key="retry-1")
    stored = harness.events()

    again = harness.post(path, INDICATIVE, if_match=f'"{version}"', idempotency_key="retry-1")

    assert again[0] == first[0] == 200
    assert json.loads(again[2]) == json.loads(first[2])
    assert harness.events() == stored
    assert harness.routes.handed == []


@pytest.mark.parametrize(
    ("why", "change"),
    [
        ("no token", {"authorization": ""}),
        ("not a bearer token", {"authorization": "Basic abc"}),
        ("a token that does not verify", {"authorization": "Bearer not.a.token"}),
        (
            "a role the route does not admit",
            {"authorization": f"Bearer {token_for(('staff-2001', 'auditor'))}"},
        ),
        ("an acting role the token does not grant", {"x_acting_role": "auditor"}),
        ("no If-Match", {"if_match": None}),
        ("a malformed If-Match", {"if_match": '"v2"'}),
        ("an Idempotency-Key out of pattern", {"idempotency_key": "-bad key"}),
        ("not JSON", {"body": b"{not json"}),
        ("a body its model refuses", {"body": {**INDICATIVE, "weekly_amount": "lots"}}),
        ("another content type", {"content_type": "text/plain"}),
        ("a stale version", {"if_match": '"7"'}),
        ("a decision its rules refuse", {"body": {**INDICATIVE, "weekly_amount": "-1.00"}}),
    ],
)
def test_anything_out_of_order_goes_to_the_routes_with_its_body(
    harness: Harness, why: str, change: dict[str, Any]
) -> None:
    plan_id, version = _started(harness)
    path = f"/plans/{plan_id}/indicative-budget"
    body = change.pop("body", INDICATIVE)
    headers = {"if_match": f'"{version}"', **change}
    stored = harness.events()

    status, _, _ = harness.post(path, body, **{k: v for k, v in headers.items() if v is not None})

    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    assert status == 299, why
    assert harness.routes.handed == [(path, raw)]
    assert harness.events() == stored


def test_other_requests_pass_by_untouched(harness: Harness) -> None:
    for path in ("/plans/not-a-uuid/indicative-budget", "/audit/verify", "/plans/x/y/z"):
        status, _, _ = harness.post(path, INDICATIVE)
        assert status == 299
    assert [path for path, _ in harness.routes.handed] == [
        "/plans/not-a-uuid/indicative-budget", "/audit/verify", "/plans/x/y/z"]  # fmt: skip


def test_a_ref_in_the_path_is_read_as_its_route_reads_it() -> None:
    shortcut = Shortcut(Routes())
    plan = "0b7f2c4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"

    def posted(path: str) -> dict[str, str]:
        return {"type": "http", "method": "POST", "path": path}

    target = shortcut._target(posted(f"/plans/{plan}/share-requests/req-1.a:b/decision"))
    too_long = shortcut._target(posted(f"/plans/{plan}/share-requests/{'r' * 65}/decision"))

    assert target is not None
    assert (str(target.plan_id), target.ref) == (plan, "req-1.a:b")
    assert too_long is None
