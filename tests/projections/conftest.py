"""An in-memory application on a clock the test moves, for read models' durations."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from domain.application import CarePlanning
from tests import builders as b


class Clock:
    """Starts thirty days ago (decisions may not be dated in the future) and moves on
    only when told."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC) - timedelta(days=30)

    def __call__(self) -> datetime:
        return self.now

    def after(self, **elapsed: float) -> None:
        self.now += timedelta(**elapsed)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(clock: Clock) -> Iterator[CarePlanning]:
    app = CarePlanning(
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock, directory=b.directory
    )
    yield app
    app.close()
