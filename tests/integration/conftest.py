"""A real SQLite file per test."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domain.application import CarePlanning

OpenPlanning = Callable[[], CarePlanning]


def sqlite_env(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "careledger.sqlite"


@pytest.fixture
def open_planning(sqlite_path: Path) -> Iterator[OpenPlanning]:
    """Opens application instances on the same SQLite file; closes them all after."""
    opened: list[CarePlanning] = []

    def open_one() -> CarePlanning:
        app = CarePlanning(env=sqlite_env(sqlite_path))
        opened.append(app)
        return app

    yield open_one
    for app in opened:
        app.close()
