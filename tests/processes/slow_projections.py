"""A projection process for kill tests: the real runner and read models, each event
taking a few milliseconds longer, touching a marker file when it has applied a given
number of events (part-way through a batch) so the test knows when to kill it.

    python -m tests.processes.slow_projections STORE_ENV_JSON VIEWS_ENV_JSON MARKER COUNT
"""

import json
import sys
import time
from pathlib import Path
from typing import Any

from domain.application import CarePlanning
from domain.policy import DEFAULT_SCHEME, Policy
from projections.catalogue import read_models
from projections.rows import ReadModel, Rows
from projections.runner import Runner
from projections.view import View
from tests import builders as b

BATCH = 25


class Slow:
    """The read model, slowed down; the marker appears after ``count`` events in all."""

    seen = 0  # across every read model of the process

    def __init__(self, model: ReadModel, marker: Path, count: int) -> None:
        self.model, self.marker, self.count = model, marker, count
        self.name, self.tables, self.topics = model.name, model.tables, model.topics

    def apply(self, event: Any, rows: Rows) -> None:
        self.model.apply(event, rows)
        Slow.seen += 1
        time.sleep(0.002)
        if Slow.seen == self.count:
            self.marker.touch()
            time.sleep(60)  # the test kills the process here, rows written, not committed


def main(store_env: dict[str, str], views_env: dict[str, str], marker: Path, count: int
         ) -> None:  # fmt: skip
    planning = CarePlanning(env=store_env, directory=b.directory)
    models = read_models(Policy(delegation=DEFAULT_SCHEME))
    runners = [Runner(planning, View(Slow(m, marker, count), views_env), BATCH)
               for m in models]  # fmt: skip
    for runner in runners:
        runner.catch_up()
    marker.with_suffix(".done").touch()


if __name__ == "__main__":
    main(json.loads(sys.argv[1]), json.loads(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
