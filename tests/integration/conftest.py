"""A real store per test, on SQLite (a file) and on PostgreSQL (a schema of its own)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from store.application import ServicePlanning
from tests import builders as b

OpenPlanning = Callable[[], ServicePlanning]


def sqlite_env(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


@dataclass(frozen=True)
class Store:
    name: str
    env: dict[str, str]


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        return Store("sqlite", sqlite_env(tmp_path / "careledger.sqlite"))
    server = request.getfixturevalue("postgres_server")
    return Store("postgres", server.env(server.new_schema()))


@pytest.fixture
def open_planning(store: Store) -> Iterator[OpenPlanning]:
    """Opens application instances on the same store, as the service opens them; closes
    them all after."""
    opened: list[ServicePlanning] = []

    def open_one() -> ServicePlanning:
        app = ServicePlanning(env=store.env, directory=b.directory)
        opened.append(app)
        return app

    yield open_one
    for app in opened:
        app.close()


@pytest.fixture
def views_env(store: Store, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """Where read models keep their tables: beside the store (a file, or a schema)."""
    if store.name == "sqlite":
        return sqlite_env(tmp_path / "views.sqlite")
    server = request.getfixturevalue("postgres_server")
    return dict(server.env(server.new_schema()))
