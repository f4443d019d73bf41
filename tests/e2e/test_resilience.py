"""Several API workers on one PostgreSQL: racing clients, a worker killed mid-load, the
database restarted under load. Decisions are whole or absent, never lost or doubled."""

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.breaker import RETRY_AFTER_SECONDS
from api.demo.bodies import sign_off
from api.demo.cases import CASES, SIGNER
from tests.e2e.conftest import (
    BIN,
    TEST_SECRET,
    actor_headers,
    child_processes,
    free_port,
    wait_until_up,
)
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.e2e

ME = ("staff-1001", "practitioner")


class Workers:
    def __init__(self, postgres: PostgresServer, home: Path, count: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.schema = postgres.new_schema()
        env = {
            **os.environ,
            "CARELEDGER_STORE": "postgres",
            "CARELEDGER_POSTGRES_PORT": str(postgres.port),
            "CARELEDGER_POSTGRES_USER": "postgres",
            "CARELEDGER_POSTGRES_SCHEMA": self.schema,
            "CARELEDGER_POSTGRES_POOL_SIZE": "4",
            "CARELEDGER_JWT_SECRET": TEST_SECRET,
            "CARELEDGER_LOG_LEVEL": "warning",
            "CARELEDGER_POSTGRES_CONNECT_TIMEOUT_SECONDS": "1",
            "CARELEDGER_READ_YOUR_WRITES_SECONDS": "60",
        }
        self.log_path = home / f"workers-{self.port}.log"
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [str(BIN / "careledger"), "serve", "--port", str(self.port), "--development",
             "--workers", str(count)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            for _ in range(1 + 3 * count):  # every worker answering, not only the first
                wait_until_up(self.url, self.process)
        except RuntimeError as error:  # with what the server said, for the failure report
            self.stop()
            tail = self.log_path.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"{error}; the server's log ends:\n{tail}") from error

    def children(self) -> list[int]:
        """The API workers (uvicorn spawns them), not the read models' follower."""
        return [pid for pid, line in child_processes(self.process.pid).items()
                if b"spawn_main" in line]  # fmt: skip

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


@pytest.fixture
def workers(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[Workers]:
    running = Workers(postgres_server, tmp_path, 3)
    yield running
    running.stop()


def post(client: httpx.Client, path: str, actor: tuple[str, ...], body: dict[str, Any],
         version: int | None = None) -> httpx.Response:  # fmt: skip
    headers = actor_headers(actor)
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    return client.post(path, json=body, headers=headers)


def submitted_plan(client: httpx.Client) -> tuple[str, int]:
    """The first worked example up to its first submission (version 4)."""
    steps = CASES[0].steps
    plan_id = post(client, "/plans", ME, steps[0].body).json()["plan_id"]
    version = 1
    for step in steps[1:4]:
        version = post(client, f"/plans/{plan_id}/{step.path}", ME, step.body,
                       version).json()["version"]  # fmt: skip
    return plan_id, version


def history(client: httpx.Client, plan_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/plans/{plan_id}/history", headers=actor_headers(ME))
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def test_many_clients_racing_on_one_version_store_exactly_one_decision(
    workers: Workers,
) -> None:
    client = httpx.Client(base_url=workers.url, timeout=30)
    plan_id, version = submitted_plan(client)
    body = sign_off("35.00", "136.50")

    def attempt(_: int) -> int:
        with httpx.Client(base_url=workers.url, timeout=30) as own:
            return post(own, f"/plans/{plan_id}/sign-off", SIGNER, body, version).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(attempt, range(32)))

    assert statuses.count(200) == 1
    assert statuses.count(409) == 31
    events = history(client, plan_id)
    assert [e["type"] for e in events].count("Plan.SignedOff") == 1
    assert [e["type"] for e in events].count("PersonalBudget.FinalAgreed") == 1
    assert max(e["version"] for e in events if e["aggregate"] == "plan") == version + 1


def test_the_total_events_equal_the_successful_commands(
    workers: Workers, postgres_server: PostgresServer
) -> None:
    def one_plan(_: int) -> int:
        """Start, set the budget, draft, submit, sign off: 5 decisions, 9 events."""
        with httpx.Client(base_url=workers.url, timeout=30) as own:
            plan_id, version = submitted_plan(own)
            post(own, f"/plans/{plan_id}/sign-off", SIGNER, sign_off("35.00", "136.50"),
                 version).raise_for_status()  # fmt: skip
            return len(history(own, plan_id))

    with ThreadPoolExecutor(8) as pool:
        per_plan = list(pool.map(one_plan, range(24)))

    import psycopg

    with psycopg.connect(postgres_server.dsn()) as conn:
        stored = list(conn.execute(f'SELECT notification_id, topic FROM "{workers.schema}"'
                                   ".careledger_events ORDER BY 1"))  # fmt: skip
    ids = [i for i, _ in stored]
    reads = [topic for _, topic in stored if topic.startswith("careledger:RecordsRead")]
    assert per_plan == [9] * 24
    assert len(reads) == 24  # each plan's history read, in the access log
    assert len(ids) == sum(per_plan) + len(reads)
    assert ids == list(range(ids[0], ids[0] + len(ids)))  # no gap, no duplicate


def test_a_worker_killed_mid_load_leaves_no_partial_decision(workers: Workers) -> None:
    client = httpx.Client(base_url=workers.url, timeout=30)
    plans = [submitted_plan(client) for _ in range(12)]
    body = sign_off("35.00", "136.50")

    def sign(plan: tuple[str, int]) -> str:
        with httpx.Client(base_url=workers.url, timeout=30) as own:
            for _ in range(20):
                try:
                    r = post(own, f"/plans/{plan[0]}/sign-off", SIGNER, body, plan[1])
                except httpx.TransportError:
                    time.sleep(0.2)
                    continue
                if r.status_code in (200, 409):
                    return "signed" if r.status_code == 200 else "already"
                time.sleep(0.2)
            return "gave up"

    with ThreadPoolExecutor(12) as pool:
        pending = [pool.submit(sign, plan) for plan in plans]
        time.sleep(0.05)
        os.kill(workers.children()[0], signal.SIGKILL)
        outcomes = [f.result() for f in pending]

    assert "gave up" not in outcomes
    for plan_id, _ in plans:
        kinds = [e["type"] for e in history(client, plan_id)]
        assert kinds.count("Plan.SignedOff") == 1  # whole: never lost, never doubled
        assert kinds.count("PersonalBudget.FinalAgreed") == 1  # and never without its budget


def test_clients_get_503_while_postgres_restarts_then_the_service_recovers(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    single = Workers(postgres_server, tmp_path, 1)
    client = httpx.Client(base_url=single.url, timeout=60)
    plan_id, version = submitted_plan(client)
    outage: list[tuple[int, str | None, float]] = []

    def read() -> httpx.Response:
        return client.get(f"/plans/{plan_id}", headers=actor_headers(ME))

    try:
        postgres_server.crash()
        for _ in range(4):
            started = time.monotonic()
            r = read()
            outage.append((r.status_code, r.headers.get("Retry-After"),
                           time.monotonic() - started))  # fmt: skip
    finally:
        postgres_server.resume()
    back = time.monotonic()  # the server accepts connections again
    deadline = back + 60
    while (status := read().status_code) != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    recovered_in = time.monotonic() - back
    # the pooled connections the restart dropped are replaced for decisions too
    decided = post(client, f"/plans/{plan_id}/sign-off", SIGNER,
                   sign_off("35.00", "136.50"), version)  # fmt: skip
    single.stop()

    assert {(code, retry) for code, retry, _ in outage} == {(503, "2")}
    # each refused within the connect timeout (2 s), the first too; the rest at once
    assert max(took for _, _, took in outage) < 3.0, outage
    assert min(took for _, _, took in outage) < 1.0
    # served again once the breaker lets a request through (every 2 s), not held by
    # the pool's reconnection backoff
    assert recovered_in < 3.0 + RETRY_AFTER_SECONDS, recovered_in
    assert status == 200  # recovered without restarting the service
    assert decided.status_code == 200, decided.text
