"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, started on
a free loopback port, trusted local connections, removed afterwards. Needs the server
binaries (Debian's ``postgresql`` package; ``.ci/run`` installs it)."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import psycopg

SUPERUSER = "postgres"


def _bindir() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError(
        "PostgreSQL server binaries not found: install Debian's postgresql package (.ci/run does)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    bindir: Path
    home: Path
    port: int

    @property
    def data(self) -> Path:
        return self.home / "data"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    @classmethod
    def start(cls) -> "PostgresServer":
        home = Path(tempfile.mkdtemp(prefix="careledger-pg-"))
        server = cls(_bindir(), home, _free_port())
        if os.geteuid() == 0:
            shutil.chown(home, SUPERUSER)
        server._run("initdb", "-D", str(server.data), "-U", SUPERUSER, "--auth=trust",
                    "--encoding=UTF8", "--no-sync")  # fmt: skip
        server.resume()
        return server

    def resume(self) -> None:
        """Start (or start again) the server process on the same port and data."""
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.home} -c fsync=on "
            "-c max_connections=300"
        )  # several servers, workers and read models at once
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.home / "server.log"), "-w", "start")  # fmt: skip
        self._wait()

    def crash(self) -> None:
        """Stop the server process at once, as a power cut would."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def _wait(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.home, ignore_errors=True)

    def dsn(self, dbname: str = "careledger") -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={dbname}"

    def create_database(self, name: str = "careledger") -> None:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def new_schema(self) -> str:
        """A fresh, empty schema: each test gets its own store."""
        schema = f"test_{uuid4().hex[:12]}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return schema

    def env(self, schema: str) -> dict[str, str]:
        """The library's own settings for a store in ``schema``."""
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": "careledger",
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": SUPERUSER,
            "POSTGRES_PASSWORD": "",
            "POSTGRES_SCHEMA": schema,
        }
