"""Timeline and as-of latency on an SQLite store of 1,000 and of ``--audit-events``
events, in the process, without HTTP: a plan's timeline (its history with each step
placed in the store by the decision log), and the plan as it stood at an instant (the
decision log's index on plan and recorded time, then the plan and budget loaded at the
versions it names). ``python -m tests.bench.timeline HOME EVENTS`` prints JSON."""

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from audit.decision_log import DecisionLog
from audit.person_records import plan_as_of, plan_steps
from projections.runner import Projections
from store.application import ServicePlanning
from tests import builders as b
from tests.bench.baseline import sqlite_env
from tests.bench.big_store import big_store, plan_ids
from tests.bench.rebuild import peak_mb

READS = 300  # timelines and as-of reads timed, each of a plan chosen at random
WARM = 20  # reads first, untimed: the caches a running service has warm


def percentile(took: list[float], fraction: float) -> float:
    ordered = sorted(took)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def measure(home: Path, events: int) -> dict[str, Any]:
    env = big_store(events, home / f"events-{events}.sqlite")
    planning = ServicePlanning(env=env, directory=b.directory)
    projections = Projections(planning, [DecisionLog()], sqlite_env(home / f"log-{events}.sqlite"),
                              batch_size=1000)  # fmt: skip
    runner = projections.runner("decision_log")
    began = time.perf_counter()
    indexed = runner.rebuild()
    index_seconds = time.perf_counter() - began
    log = runner.view
    plans = plan_ids(env, 500, seed=1)
    chooser = random.Random(2)
    timeline: list[float] = []
    as_of: list[float] = []
    for i in range(WARM + READS):
        plan_id = chooser.choice(plans)
        began = time.perf_counter()
        steps, _ = plan_steps(planning, log, plan_id)
        took = time.perf_counter() - began
        instant = chooser.choice(steps).recorded_at
        began = time.perf_counter()
        plan, _budget = plan_as_of(planning, log, plan_id, instant)
        took_as_of = time.perf_counter() - began
        assert plan.id == plan_id
        if i >= WARM:
            timeline.append(took)
            as_of.append(took_as_of)
    projections.stop()
    planning.close()
    return {"events": events, "indexed": indexed, "index_seconds": index_seconds,
            "timeline_p50": percentile(timeline, 0.5), "timeline_p99": percentile(timeline, 0.99),
            "as_of_p50": percentile(as_of, 0.5), "as_of_p99": percentile(as_of, 0.99)}  # fmt: skip


def main() -> None:
    home, events = Path(sys.argv[1]), int(sys.argv[2])
    result = measure(home, events)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
