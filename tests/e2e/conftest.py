"""A real server: ``careledger serve`` in a subprocess on a free port, with its own
SQLite file and its log captured."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from tests.postgres_server import PostgresServer

BIN = Path(sys.executable).parent


@dataclass
class Server:
    base_url: str
    port: int
    sqlite_path: Path
    log_path: Path

    store_env: dict[str, str] = field(default_factory=dict)  # the library's, to read it

    def log_lines(self) -> list[str]:
        return self.log_path.read_text().splitlines()


def child_processes(pid: int) -> dict[int, bytes]:
    """Each child process of ``pid`` (started by any of its threads), with its command
    line."""
    return {int(child): Path(f"/proc/{child}/cmdline").read_bytes()
            for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until_up(base_url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start in time")


def store_settings(
    store: str, home: Path, request: pytest.FixtureRequest
) -> tuple[dict[str, str], dict[str, str]]:
    """The server's store, as its settings and as the library's own variables: an SQLite
    file, or a schema of its own on the test cluster."""
    if store == "sqlite":
        path = str(home / "careledger.sqlite")
        return (
            {"CARELEDGER_STORE": "sqlite", "CARELEDGER_SQLITE_PATH": path},
            {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path},
        )
    postgres: PostgresServer = request.getfixturevalue("postgres_server")
    schema = f"e2e_{home.name.replace('-', '_')}"
    settings = {
        "CARELEDGER_STORE": "postgres",
        "CARELEDGER_POSTGRES_PORT": str(postgres.port),
        "CARELEDGER_POSTGRES_USER": "postgres",
        "CARELEDGER_POSTGRES_SCHEMA": schema,
    }
    return settings, postgres.env(schema)


@contextmanager
def running_server(store: str, home: Path, request: pytest.FixtureRequest,
                   **settings_env: str) -> Iterator[Server]:  # fmt: skip
    """``careledger serve`` on a free port with a store of its own (and any further
    ``CARELEDGER_*`` settings given)."""
    port = free_port()
    settings, store_env = store_settings(store, home, request)
    # development keys, unless the test configures its own
    development = [] if "CARELEDGER_DEVELOPMENT" in settings_env else ["--development"]
    running = Server(f"http://127.0.0.1:{port}", port, home / "careledger.sqlite",
                     home / "server.log", store_env)  # fmt: skip
    env = {
        **os.environ,
        **settings,
        "CARELEDGER_LOG_FORMAT": "json",
        "CARELEDGER_JWT_SECRET": TEST_SECRET,
        # a read asked to see a decision waits for it as long as a busy machine needs
        "CARELEDGER_READ_YOUR_WRITES_SECONDS": "60",
        "CARELEDGER_SHRED_LOG_FILE": str(home / "apart" / "shred-log.jsonl"),
        **settings_env,
    }
    with running.log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(BIN / "careledger"), "serve", "--port", str(port), *development],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(running.base_url, process)
            yield running
        finally:
            process.terminate()
            process.wait(timeout=60)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Server]:  # fmt: skip
    """One server per store for the whole run, shared by the end-to-end tests."""
    with running_server(request.param, tmp_path_factory.mktemp("server"), request) as running:
        yield running


class Api:
    """A client that speaks as one actor at a time."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)

    def post(
        self,
        path: str,
        actor: tuple[str, ...],
        body: dict[str, Any] | None = None,
        version: int | str | None = None,
    ) -> httpx.Response:
        headers = actor_headers(actor)
        if version is not None:
            headers["If-Match"] = f'"{version}"' if isinstance(version, int) else version
        return self.http.post(path, json=body or {}, headers=headers)

    def get(self, path: str, actor: tuple[str, ...] = ("staff-3001", "auditor")) -> httpx.Response:
        return self.http.get(path, headers=actor_headers(actor))


TEST_SECRET = "careledger-test-secret-0123456789abcdef"


AUTHORITY = "demo-council"  # the servers' (CARELEDGER_AUTHORITY's default)


def token_for(actor: tuple[str, ...], secret: str = TEST_SECRET, **claims: object) -> str:
    """A bearer token for (id, role) or (id, role, authority level)."""
    now = datetime.now(UTC)
    payload: dict[str, object] = {
        "iss": "careledger", "aud": "careledger-api", "iat": now,
        "exp": now + timedelta(hours=1), "sub": actor[0], "roles": [actor[1]],
        "authority": AUTHORITY, **claims,
    }  # fmt: skip
    if len(actor) > 2:
        payload["authority_level"] = actor[2]
    return jwt.encode(payload, secret, algorithm="HS256")


def actor_headers(actor: tuple[str, ...]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(actor)}"}


@pytest.fixture
def api(server: Server) -> Iterator[Api]:
    client = Api(server.base_url)
    yield client
    client.http.close()
