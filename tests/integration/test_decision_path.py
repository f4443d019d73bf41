"""Every decision takes one path, whether it goes through or is refused: a check added to
it applies to both, each request reaches group commit at most once, and what is out
of order is refused with the problem that names it, storing nothing."""

import gc
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import Request

from api.decision_endpoint import DecisionCheck
from api.errors import Unauthenticated
from api.main import create_app
from api.settings import Settings
from tests.e2e.conftest import TEST_SECRET, free_port, token_for

ME = ("staff-1001", "practitioner")
START = {"kind": "care_and_support", "basis": "duty", "person_ref": "person-9000",
         "team": "team-a"}  # fmt: skip
INDICATIVE = {"weekly_amount": "300.00", "method": "resource_allocation_system",
              "cost_assumptions": ["ten hours of home care"], "shared_with": "person",
              "shared_how": "by letter"}  # fmt: skip


class Service:
    """The app served over HTTP on loopback, on a real SQLite file, with a count of the
    requests that reached group commit."""

    def __init__(self, home: Path, checks: list[DecisionCheck]) -> None:
        settings = Settings(store="sqlite", sqlite_path=home / "s.sqlite", jwt_secret=TEST_SECRET,
                            log_level="warning", projections="external",
                            audit_dev_key_file=home / "key.pem")  # fmt: skip
        self.app = create_app(settings, decision_checks=checks)
        port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(self.app, port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        self.committing = 0
        (self.tenant,) = self.app.state.tenants.values()
        group_commit = self.tenant.group_commit
        for name in ("decide", "run"):
            setattr(group_commit, name, self._counted(getattr(group_commit, name)))

    def close(self) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(timeout=60)

    def _counted(self, call: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(*args: Any) -> Any:
            self.committing += 1
            return await call(*args)

        return counted

    def post(self, path: str, body: Any, **headers: str | None) -> Any:
        sent = {"authorization": f"Bearer {token_for(ME)}", "content-type": "application/json",
                **{k.replace("_", "-"): v for k, v in headers.items()}}  # fmt: skip
        content = body if isinstance(body, bytes) else None
        given = {k: v for k, v in sent.items() if v is not None}
        return self.client.post(path, content=content, json=None if content else body,
                                headers=given)  # fmt: skip

    def events(self) -> int:
        return int(self.tenant.planning.recorder.max_notification_id() or 0)

    def started(self) -> str:
        response = self.post("/plans", START)
        assert response.status_code == 201, response.text
        plan_id: str = response.json()["plan_id"]
        return plan_id


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    running = Service(tmp_path, [])
    yield running
    running.close()


async def refuse_everyone(request: Request) -> None:
    raise Unauthenticated(f"refused by an added check: {request.url.path}")


def test_a_check_added_to_the_decisions_refuses_one_that_would_go_through(
    tmp_path: Path, service: Service
) -> None:
    plan_id = service.started()
    checked = Service(tmp_path, [refuse_everyone])  # the same store
    stored = service.events()

    started = checked.post("/plans", START)
    decided = checked.post(f"/plans/{plan_id}/indicative-budget", INDICATIVE, if_match='"1"')
    checked.close()

    assert (started.status_code, decided.status_code) == (401, 401)
    assert "added check" in decided.json()["detail"]
    assert service.events() == stored
    assert checked.committing == 0
    assert service.post(f"/plans/{plan_id}/indicative-budget", INDICATIVE,
                        if_match='"1"').status_code == 200  # fmt: skip


def test_a_decision_that_goes_through_answers_its_version_and_position(
    service: Service,
) -> None:
    plan_id = service.started()

    response = service.post(f"/plans/{plan_id}/indicative-budget", INDICATIVE, if_match='"1"')

    assert response.status_code == 200
    assert response.json() == {"plan_id": plan_id, "version": 2, "status": "started"}
    assert response.headers["etag"] == '"2"'
    assert int(response.headers["x-position"]) == service.events()
    assert service.committing == 2


def test_what_start_up_made_is_kept_out_of_full_garbage_collections(service: Service) -> None:
    """A full collection walked every module and schema, holding every decision in flight
    for tens of milliseconds."""
    assert service.post("/plans", START).status_code == 201

    assert gc.get_freeze_count() > 10_000


def test_a_plan_started_is_answered_201_with_its_location(service: Service) -> None:
    response = service.post("/plans", START)

    assert response.status_code == 201
    assert response.headers["location"] == f"/plans/{response.json()['plan_id']}"


def test_a_keyed_retry_is_answered_as_the_first_was_and_stores_nothing(service: Service) -> None:
    plan_id = service.started()
    path = f"/plans/{plan_id}/indicative-budget"
    first = service.post(path, INDICATIVE, if_match='"1"', idempotency_key="retry-1")
    stored = service.events()

    again = service.post(path, INDICATIVE, if_match='"1"', idempotency_key="retry-1")

    assert again.status_code == first.status_code == 200
    assert again.json() == first.json()
    assert service.events() == stored


@pytest.mark.parametrize(
    ("why", "change", "status", "kind", "fields"),
    [
        ("no token", {"authorization": None}, 401, "unauthenticated", None),
        ("not a bearer token", {"authorization": "Basic abc"}, 401, "unauthenticated", None),
        ("a token that does not verify", {"authorization": "Bearer not.a.token"}, 401,
         "unauthenticated", None),
        ("a role the decision does not admit",
         {"authorization": f"Bearer {token_for(('staff-2001', 'auditor'))}"}, 403,
         "not-permitted", None),
        ("an acting role the token does not grant", {"x_acting_role": "auditor"}, 401,
         "unauthenticated", None),
        ("no If-Match", {"if_match": None}, 428, "if-match-required", None),
        ("a malformed If-Match", {"if_match": '"v2"'}, 422, "invalid-request",
         ["header.if-match"]),
        ("an Idempotency-Key out of pattern", {"idempotency_key": "-bad key"}, 422,
         "invalid-request", ["header.Idempotency-Key"]),
        ("not JSON", {"body": b"{not json"}, 400, "malformed-json", None),
        ("no body", {"body": b""}, 422, "invalid-request", ["body"]),
        ("a body its model refuses", {"body": {**INDICATIVE, "weekly_amount": "lots"}}, 422,
         "invalid-request", ["weekly_amount"]),
        ("another content type", {"content_type": "text/plain"}, 422, "invalid-request",
         ["body"]),
        ("a stale version", {"if_match": '"7"'}, 409, "stale-version", None),
        ("a decision its rules refuse", {"body": {**INDICATIVE, "weekly_amount": "-1.00"}}, 422,
         "rule-broken", None),
    ],
)  # fmt: skip
def test_anything_out_of_order_is_refused_naming_it_and_stores_nothing(
    service: Service, why: str, change: dict[str, Any], status: int, kind: str,
    fields: list[str] | None,
) -> None:  # fmt: skip
    plan_id = service.started()
    decided_before, stored = service.committing, service.events()
    body = change.pop("body", INDICATIVE)

    response = service.post(f"/plans/{plan_id}/indicative-budget", body,
                            **{"if_match": '"1"', **change})  # fmt: skip

    assert response.status_code == status, (why, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == f"urn:careledger:problem:{kind}"
    if fields is not None:
        assert [e["field"] for e in response.json()["errors"]] == fields
    assert service.events() == stored
    decided_once = kind in ("stale-version", "rule-broken")
    assert service.committing - decided_before == (1 if decided_once else 0), why


def test_every_field_at_fault_is_named_in_one_answer(service: Service) -> None:
    plan_id = service.started()
    path = f"/plans/{plan_id}/share-requests/{'r' * 65}/decision"

    response = service.post(path, {"unexpected": 1}, if_match='"nope"', idempotency_key="-bad")

    fields = [e["field"] for e in response.json()["errors"]]
    assert response.status_code == 422
    assert fields[:3] == ["path.ref", "header.if-match", "header.Idempotency-Key"]
    assert "unexpected" in fields


def test_a_plan_id_that_is_not_a_uuid_is_422_naming_it(service: Service) -> None:
    response = service.post("/plans/not-a-uuid/indicative-budget", INDICATIVE, if_match='"1"')

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["path.plan_id"]


@pytest.mark.parametrize(
    "given",
    ["{12345678-1234-5678-1234-567812345678}", "urn:uuid:12345678-1234-5678-1234-567812345678",
     "12345678123456781234567812345678", "12345678_1234_5678_1234_567812345678"],
)  # fmt: skip
def test_a_plan_id_not_written_as_a_uuid_is_refused_however_uuid_would_read_it(
    service: Service, given: str
) -> None:
    response = service.post(f"/plans/{given}/indicative-budget", INDICATIVE, if_match='"1"')

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["path.plan_id"]


def test_a_ref_with_a_line_break_at_its_end_is_refused(service: Service) -> None:
    plan_id = service.started()

    response = service.post(f"/plans/{plan_id}/share-requests/req-1%0A/decision", {},
                            if_match='"1"')  # fmt: skip

    assert response.status_code == 422
    assert "path.ref" in [e["field"] for e in response.json()["errors"]]


def test_a_body_nested_too_deep_to_read_is_malformed_json(service: Service) -> None:
    plan_id = service.started()

    response = service.post(f"/plans/{plan_id}/indicative-budget", b"[" * 100_000,
                            if_match='"1"')  # fmt: skip

    assert response.status_code == 400
    assert response.json()["type"] == "urn:careledger:problem:malformed-json"


def test_if_match_on_starting_a_plan_is_not_read(service: Service) -> None:
    response = service.post("/plans", START, if_match="not a version")

    assert response.status_code == 201


def test_a_streamed_body_over_the_limit_is_413_and_stores_nothing(service: Service) -> None:
    plan_id = service.started()
    stored = service.events()

    def chunks() -> Iterator[bytes]:
        yield b'{"weekly_amount": "1.00", "cost_assumptions": ["'
        for _ in range(300):
            yield b"x" * 1024
        yield b'"]}'

    response = service.client.post(
        f"/plans/{plan_id}/indicative-budget", content=chunks(),
        headers={"authorization": f"Bearer {token_for(ME)}", "if-match": '"1"',
                 "content-type": "application/json"},
    )  # fmt: skip

    assert response.status_code == 413
    assert response.json()["type"] == "urn:careledger:problem:body-too-large"
    assert service.events() == stored
