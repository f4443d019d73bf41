"""Projection figures: a rebuild of every read model from a log of about 100,000 events,
by our batched runner and by the library's own per-event path, on SQLite and on
PostgreSQL, each in a process of its own (events/s and peak memory)."""

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from domain.policy import Policy
from projections.catalogue import read_models
from store.application import ServicePlanning
from tests import builders as b
from tests.lives import care_plan_life, direct_payment_life, self_funder_life

ROOT = Path(__file__).resolve().parents[2]


def make_log(events: int) -> list[Any]:
    """Whole lives of plans, every kind of decision, until there are ``events``."""
    planning = ServicePlanning(
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, directory=b.directory
    )
    while (planning.recorder.max_notification_id() or 0) < events:
        care_plan_life(planning)
        direct_payment_life(planning)
        self_funder_life(planning)
    log = list(planning.recorder.select_notifications(start=None, limit=events))
    planning.close()
    return log


def load(log: list[Any], env: dict[str, str]) -> None:
    planning = ServicePlanning(env=env, directory=b.directory)
    for i in range(0, len(log), 2000):
        planning.recorder.insert_events(log[i : i + 2000])
    planning.close()


def applied_by_models(log: list[Any], limit: int | None = None) -> int:
    """How many of the log's events the read models take (the topics they follow)."""
    topics = [set(m.topics) for m in read_models(Policy())]
    return sum(1 for n in log[:limit] for t in topics if n.topic in t)


def _start(mode: str, store: dict[str, str], views: dict[str, str], limit: int
           ) -> subprocess.Popen[str]:  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "tests.bench.rebuild", mode, json.dumps(store),
         json.dumps(views), str(limit)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def _result(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = process.communicate(timeout=3600)
    assert process.returncode == 0, out
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def measure(mode: str, store: dict[str, str], views: dict[str, str], limit: int = 0
            ) -> dict[str, Any]:  # fmt: skip
    return _result(_start(mode, store, views, limit))


def measure_apart(names: list[str], store: dict[str, str], views: dict[str, str]
                  ) -> dict[str, Any]:  # fmt: skip
    """Each read model rebuilt by a process of its own, all at once (as production runs
    one ``careledger projections run NAME`` per read model): the wall time of all."""
    began = time.perf_counter()
    results = [_result(p) for p in [_start(n, store, views, 0) for n in names]]
    return {"positions": results[0]["positions"], "seconds": time.perf_counter() - began,
            "peak_mb": max(r["peak_mb"] for r in results)}  # fmt: skip


def rate(result: dict[str, Any]) -> float:
    return float(result["positions"]) / float(result["seconds"])
