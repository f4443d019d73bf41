"""A load generator: client threads on keep-alive connections, each deciding on a plan
of its own, one decision after another, timing each."""

import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class LoadResult:
    decisions: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.decisions / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


class Client:
    def __init__(self, base_url: str, token: str) -> None:
        parts = urlsplit(base_url)
        self.conn = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=60
        )
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(self, path: str, body: dict[str, Any], version: int | None = None) -> tuple[int, Any]:
        headers = dict(self.headers)
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        self.conn.request("POST", path, json.dumps(body), headers)
        response = self.conn.getresponse()
        return response.status, json.loads(response.read() or b"null")


START = {"kind": "care_and_support", "basis": "duty", "person_ref": "person-9000",
         "team": "bench-team"}  # fmt: skip
INDICATIVE = {"weekly_amount": "300.00", "method": "resource_allocation_system",
              "cost_assumptions": ["ten hours of home care"], "shared_with": "person",
              "shared_how": "by letter"}  # fmt: skip


def run_load(base_url: str, token: str, clients: int, per_client: int) -> LoadResult:
    """Each client starts a plan, then sets its indicative budget ``per_client`` times:
    one decision, two events (plan and budget), each time."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    ready = threading.Barrier(clients + 1)

    def work(i: int) -> None:
        client = Client(base_url, token)
        status, body = client.post("/plans", START)
        assert status == 201, body
        plan_id, version = body["plan_id"], body["version"]
        ready.wait()
        for _ in range(per_client):
            started = time.perf_counter()
            status, body = client.post(f"/plans/{plan_id}/indicative-budget", INDICATIVE, version)
            latencies[i].append((time.perf_counter() - started) * 1000)
            if status == 200:
                version = body["version"]
            else:
                errors[i] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - began
    done = [lat for per in latencies for lat in per]
    return LoadResult(len(done) - sum(errors), seconds, done, sum(errors))
