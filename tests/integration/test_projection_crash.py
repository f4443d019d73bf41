"""A projection process killed with SIGKILL part-way through a batch leaves each view as
its tracking position says; restarted, it carries on, and the views end equal to a
rebuild from scratch. On an SQLite file and on PostgreSQL, with a real separate process."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from domain.application import CarePlanning
from domain.policy import DEFAULT_SCHEME, Policy
from projections.catalogue import read_models
from projections.rows import fold
from projections.runner import Runner
from projections.view import View
from tests import builders as b
from tests.integration.conftest import Store, sqlite_env
from tests.lives import care_plan_life, direct_payment_life, self_funder_life
from tests.projected import tables_of, view_tables

ROOT = Path(__file__).resolve().parents[2]
MODELS = read_models(Policy(delegation=DEFAULT_SCHEME))
BATCH = 25
# Where each run is killed, counting the events it has applied: part-way through its
# third batch, then its sixth; the third run finishes the work queues (192 events of
# these lives) and is killed part-way through the plan facts.
KILL_AT = (2 * BATCH + 12, 5 * BATCH + 7, 4 * BATCH + 2)


def start(store_env: dict[str, str], views_env: dict[str, str], marker: Path, count: int = 0
          ) -> subprocess.Popen[bytes]:  # fmt: skip
    marker.unlink(missing_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.processes.slow_projections", json.dumps(store_env),
         json.dumps(views_env), str(marker), str(count)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def kill_mid_batch(process: subprocess.Popen[bytes], marker: Path) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, "the projection process ended before it was killed"
        assert time.monotonic() < deadline, "the projection process never got going"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def crash_and_resume(store_env: dict[str, str], views_env: dict[str, str], home: Path) -> None:
    planning = CarePlanning(env=store_env, directory=b.directory)
    for _ in range(6):
        care_plan_life(planning)
        direct_payment_life(planning)
        self_funder_life(planning)
    stored = planning.recorder.select_notifications(start=None, limit=100_000)
    events = [planning.mapper.to_domain_event(n) for n in stored]
    top = stored[-1].id
    marker = home / "marker"
    positions: list[int] = []
    for count in KILL_AT:
        kill_mid_batch(start(store_env, views_env, marker, count), marker)
        for model in MODELS:  # consistent with its position after every kill
            view = View(model, views_env)
            position = view.position()
            positions.append(position)
            upto = [e for e, n in zip(events, stored, strict=True) if n.id <= position]
            assert view_tables(view) == tables_of(fold(model, upto), model), (model.name, position)
            view.close()
    assert len({p for p in positions if 0 < p < top}) >= 2  # kills landed part-way

    finished = start(store_env, views_env, marker)
    assert finished.wait(timeout=120) == 0
    for model in MODELS:
        view = View(model, views_env)
        assert view.position() == top
        resumed = view_tables(view)
        Runner(planning, view).rebuild()
        assert resumed == view_tables(view) == tables_of(fold(model, events), model)
        view.close()
    planning.close()


def test_a_killed_projection_process_resumes_exactly_once_on_sqlite(tmp_path: Path) -> None:
    crash_and_resume(sqlite_env(tmp_path / "events.sqlite"), sqlite_env(tmp_path / "views.sqlite"),
                     tmp_path)  # fmt: skip


def test_a_killed_projection_process_resumes_exactly_once_on_postgres(
    tmp_path: Path, postgres_server: Any
) -> None:
    store = Store("postgres", postgres_server.env(postgres_server.new_schema()))
    views_env = postgres_server.env(postgres_server.new_schema())
    crash_and_resume(store.env, views_env, tmp_path)


_ = pytest
