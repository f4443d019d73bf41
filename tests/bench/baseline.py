"""The raw library, measured in the same run: what saving events costs with no HTTP,
no validation and no rules."""

import time
from pathlib import Path
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event


class Counter(Aggregate):
    @event("Counted")
    def count(self) -> None:
        pass


class Raw(Application[UUID]):
    name = "raw"


def raw_saves_per_second(env: dict[str, str], saves: int) -> float:
    """One event per save, on existing aggregates, as a decision on a plan is."""
    app = Raw(env)
    counters = [Counter() for _ in range(10)]
    app.save(*counters)
    began = time.perf_counter()
    for i in range(saves):
        counter = counters[i % len(counters)]
        counter.count()
        app.save(counter)
    seconds = time.perf_counter() - began
    app.close()
    return saves / seconds


def sqlite_env(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
