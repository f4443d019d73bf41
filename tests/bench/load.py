"""A load generator: clients on keep-alive connections, each deciding on a plan of its
own, one decision after another, timing each.

It shares the machine's cores with the service, so it is made to cost little: one event
loop for every client, requests built from bytes made once, and of each response only
the status line, ``Content-Length`` and the body read. The service's responses always
carry a length, so anything else is an error here, not a case to handle.
"""

import asyncio
import json
import statistics
import time
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import uvloop

TIMEOUT_SECONDS = 60  # a server that stops answering fails the run, not hangs it


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


def median_round(results: list[LoadResult]) -> LoadResult:
    """The round of median rate (of an odd number), with the latencies and the errors
    of every round."""
    middle = sorted(results, key=lambda result: result.rate)[len(results) // 2]
    latencies = [latency for result in results for latency in result.latencies_ms]
    return LoadResult(middle.decisions, middle.seconds, latencies,
                      sum(result.errors for result in results))  # fmt: skip


START = {"kind": "care_and_support", "basis": "duty", "person_ref": "person-9000",
         "team": "bench-team"}  # fmt: skip
INDICATIVE = {"weekly_amount": "300.00", "method": "resource_allocation_system",
              "cost_assumptions": ["ten hours of home care"], "shared_with": "person",
              "shared_how": "by letter"}  # fmt: skip


class Connection(asyncio.Protocol):
    """One keep-alive connection with at most one request outstanding."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.received = bytearray()
        self.answer: asyncio.Future[tuple[int, bytes]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.received += data
        response = self._response()
        if response is not None and self.answer is not None and not self.answer.done():
            self.answer.set_result(response)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(exc or ConnectionError("the server closed the connection"))

    async def request(self, data: bytes) -> tuple[int, bytes]:
        assert self.transport is not None
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(data)
        return await asyncio.wait_for(self.answer, TIMEOUT_SECONDS)

    def _response(self) -> tuple[int, bytes] | None:
        """The status and body of the response received whole, if it has been."""
        end = self.received.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(self.received[:end]).lower()
        at = head.find(b"\r\ncontent-length:")
        if at < 0:
            raise ValueError(f"a response without Content-Length: {head[:200]!r}")
        line_end = head.find(b"\r\n", at + 2)
        length = int(head[at + 17 : line_end if line_end >= 0 else len(head)])
        whole = end + 4 + length
        if len(self.received) < whole:
            return None
        body = bytes(self.received[end + 4 : whole])
        del self.received[:whole]
        return int(head[9:12]), body


class Requests:
    """The bytes of each request a client sends, made once."""

    def __init__(self, host: str, token: str) -> None:
        self.head = (f"Host: {host}\r\nAuthorization: Bearer {token}\r\n"
                     "Content-Type: application/json\r\n").encode()  # fmt: skip
        self.start = self._post(b"/plans", b"", json.dumps(START).encode())
        self.indicative = json.dumps(INDICATIVE).encode()

    def decide(self, plan_id: str, version: int) -> bytes:
        return self._post(f"/plans/{plan_id}/indicative-budget".encode(),
                          b'If-Match: "%d"\r\n' % version, self.indicative)  # fmt: skip

    def _post(self, path: bytes, extra: bytes, body: bytes) -> bytes:
        return (b"POST %s HTTP/1.1\r\n%s%sContent-Length: %d\r\n\r\n%s"
                % (path, self.head, extra, len(body), body))  # fmt: skip


def run_load(base_url: str, token: str, clients: int, per_client: int) -> LoadResult:
    """Each client starts a plan, then sets its indicative budget ``per_client`` times:
    one decision, two events (plan and budget), each time."""
    return uvloop.run(_load(base_url, token, clients, per_client))


async def _load(base_url: str, token: str, clients: int, per_client: int) -> LoadResult:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = Requests(f"{host}:{port}", token)
    loop = asyncio.get_running_loop()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    connections: list[Connection] = []
    plans: list[tuple[str, int]] = []
    for _ in range(clients):
        _, connection = await loop.create_connection(Connection, host, port)
        status, body = await connection.request(requests.start)
        assert status == 201, body
        started: dict[str, Any] = json.loads(body)
        connections.append(connection)
        plans.append((started["plan_id"], started["version"]))

    async def work(i: int) -> None:
        connection, (plan_id, version) = connections[i], plans[i]
        for _ in range(per_client):
            began = time.perf_counter()
            status, body = await connection.request(requests.decide(plan_id, version))
            latencies[i].append((time.perf_counter() - began) * 1000)
            if status == 200:
                version = json.loads(body)["version"]
            else:
                errors[i] += 1

    began = time.perf_counter()
    await asyncio.gather(*(work(i) for i in range(clients)))
    seconds = time.perf_counter() - began
    for connection in connections:
        assert connection.transport is not None
        connection.transport.close()
    done = [lat for per in latencies for lat in per]
    return LoadResult(len(done) - sum(errors), seconds, done, sum(errors))
