"""One rebuild, measured in a process of its own so its peak memory is its own; prints
JSON. ``python -m tests.bench.rebuild MODE STORE_ENV VIEWS_ENV [LIMIT]``.

MODE: ``batched`` (our runner, every read model), ``per-event`` (the library's
``Projection``, one transaction per event, fed by polling), ``library-runner`` (the
library's ``ProjectionRunner``; PostgreSQL only)."""

import json
import sys
import time
from pathlib import Path
from typing import Any

from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.projection import ProjectionRunner
from eventsourcing.utils import Environment

from domain.application import CarePlanning
from domain.policy import Policy
from projections.catalogue import read_models
from projections.library import library_projection, library_view
from projections.runner import Projections
from projections.view import UPSTREAM
from store.application import ServicePlanning
from tests import builders as b


def batched(store: dict[str, str], views: dict[str, str]) -> dict[str, Any]:
    planning = ServicePlanning(env=store, directory=b.directory)
    top = planning.recorder.max_notification_id() or 0
    projections = Projections(planning, read_models(Policy()), views, batch_size=1000)
    began = time.perf_counter()
    applied = projections.rebuild()
    seconds = time.perf_counter() - began
    projections.stop()
    return {"positions": top, "applied": applied, "seconds": seconds}


def one(store: dict[str, str], views: dict[str, str], name: str) -> dict[str, Any]:
    """One read model rebuilt alone (``careledger projections rebuild NAME``)."""
    planning = ServicePlanning(env=store, directory=b.directory)
    top = planning.recorder.max_notification_id() or 0
    projections = Projections(planning, read_models(Policy()), views, batch_size=1000)
    began = time.perf_counter()
    applied = projections.runner(name).rebuild()
    seconds = time.perf_counter() - began
    projections.stop()
    return {"positions": top, "applied": applied, "seconds": seconds}


def per_event(store: dict[str, str], views: dict[str, str], limit: int) -> dict[str, Any]:
    planning = ServicePlanning(env=store, directory=b.directory)
    applied, began = 0, time.perf_counter()
    for model in read_models(Policy()):
        own = {**views, "SQLITE_DBNAME": f"{views['SQLITE_DBNAME']}.{model.name}"}
        factory: Any = InfrastructureFactory.construct(Environment(model.name, own))
        view = factory.tracking_recorder(library_view(model, on_postgres=False))
        projection = library_projection(model)(view)
        start = 0
        while start < limit:
            batch = planning.recorder.select_notifications(
                start=start, limit=500, stop=limit, topics=projection.topics,
                inclusive_of_start=False)  # fmt: skip
            if not batch:
                break
            for n in batch:
                projection.process_event(planning.mapper.to_domain_event(n),
                                         Tracking(UPSTREAM, n.id))  # fmt: skip
                applied += 1
            start = batch[-1].id
    return {"positions": limit, "applied": applied, "seconds": time.perf_counter() - began}


def library_runner(store: dict[str, str], views: dict[str, str]) -> dict[str, Any]:
    planning = ServicePlanning(env=store, directory=b.directory)
    top = planning.recorder.max_notification_id() or 0
    models = read_models(Policy())
    # The runner's position is the last event it processed: the last of the model's topics.
    last = {m.name: planning.recorder.select_notifications(
        start=None, limit=top, topics=m.topics)[-1].id for m in models}  # fmt: skip
    planning.close()
    began = time.perf_counter()
    for model in models:
        projection = library_projection(model)
        with ProjectionRunner(application_class=CarePlanning, projection_class=projection,
                              view_class=library_view(model, on_postgres=True),
                              env={**store, **{f"{model.name.upper()}_{k}": v
                                               for k, v in views.items()}}) as runner:  # fmt: skip
            runner.wait(last[model.name], timeout=3600)
    return {"positions": top, "applied": None, "seconds": time.perf_counter() - began}


def peak_mb() -> float:
    """This process's resident high-water mark (``ru_maxrss`` would carry over the
    parent's from before ``exec``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    mode, store, views = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    if mode == "batched":
        result = batched(store, views)
    elif mode in ("work_queues", "plan_facts"):
        result = one(store, views, mode)
    elif mode == "per-event":
        result = per_event(store, views, limit)
    else:
        result = library_runner(store, views)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
