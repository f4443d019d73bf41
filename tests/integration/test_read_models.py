"""Every read model, kept by the batched runner in its own tracked tables on SQLite and on
PostgreSQL, holds exactly the rows a pure fold over the event history gives: for random
decisions on several plans, caught up at random moments in batches of random size."""

import threading
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import CarePlanning
from domain.policy import DEFAULT_SCHEME
from projections.facts import PlanFacts
from projections.queues import WorkQueues
from projections.rows import ReadModel
from projections.runner import Runner, catch_up_together
from projections.view import View
from tests import builders as b
from tests.integration.conftest import Store, sqlite_env
from tests.postgres_server import PostgresServer
from tests.projected import folded, tables_of, view_tables
from tests.steps import STEPS, TEAMS, open_case, take

MODELS: tuple[ReadModel, ...] = (WorkQueues(DEFAULT_SCHEME), PlanFacts())

decisions = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(sorted(STEPS)),
              st.sampled_from(["later", "each", "together"])),
    min_size=1, max_size=40,
)  # fmt: skip
# A plan mostly walks forward; seed each plan with the usual beginning so that random
# steps reach the later states often.
BEGINNING = ("indicative", "draft", "submit")


def check(store: Store, views_env: dict[str, str], steps: list[tuple[int, str, str]],
          batch_size: int) -> dict[str, Any]:  # fmt: skip
    planning = CarePlanning(env=store.env, directory=b.directory)
    views = [View(m, views_env) for m in MODELS]
    runners = [Runner(planning, v, batch_size) for v in views]
    try:
        cases = [open_case(planning, TEAMS[i % 2]) for i in range(3)]
        for case in cases[:2]:
            for step in BEGINNING:
                take(case, step)
        taken = 0
        for index, step, catch_up in steps:
            taken += take(cases[index], step)
            if catch_up == "each":
                for runner in runners:
                    runner.catch_up()
            elif catch_up == "together":  # one pass over the log for every read model
                catch_up_together(runners)
        catch_up_together(runners)
        for model, view in zip(MODELS, views, strict=True):
            assert view_tables(view) == tables_of(folded(model, planning), model)
            assert view.position() == planning.recorder.max_notification_id()
        return {"taken": taken}
    finally:
        for view in views:
            view.close()
        planning.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=decisions, batch_size=st.integers(1, 9))
def test_views_on_sqlite_equal_the_fold_of_the_history(
    tmp_path_factory: Any, steps: list[tuple[int, str, str]], batch_size: int
) -> None:
    folder: Path = tmp_path_factory.mktemp("views")
    store = Store("sqlite", sqlite_env(folder / "careledger.sqlite"))
    check(store, sqlite_env(folder / "views.sqlite"), steps, batch_size)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=decisions, batch_size=st.integers(1, 9))
def test_views_on_postgres_equal_the_fold_of_the_history(
    postgres_server: PostgresServer, steps: list[tuple[int, str, str]], batch_size: int
) -> None:
    store = Store("postgres", postgres_server.env(postgres_server.new_schema()))
    views_env = postgres_server.env(postgres_server.new_schema())
    check(store, views_env, steps, batch_size)


def test_several_processes_opening_the_views_at_once_all_get_them(
    postgres_server: PostgresServer,
) -> None:
    """API workers start together and each creates the views' tables if missing; the
    loser of that race waits and opens what the winner made."""
    views_env = postgres_server.env(postgres_server.new_schema())
    barrier = threading.Barrier(6)
    opened: list[int] = []

    def open_view() -> None:
        barrier.wait()
        view = View(MODELS[1], views_env)
        opened.append(view.position())
        view.close()

    threads = [threading.Thread(target=open_view) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert opened == [0] * 6
