"""The batched runner against real stores: a runner that finds its batch already recorded
changes nothing and carries on; runners racing on the same views apply each event once;
a read model that fails stops alone and says why; an error that is not a race is raised,
not retried for ever."""

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from audit.integrity import IntegrityLedger
from domain.application import CarePlanning
from domain.drafting.decisions import Submitted
from domain.policy import DEFAULT_SCHEME, Policy
from projections.catalogue import read_models
from projections.rows import ReadModel, Rows
from projections.runner import Projections, Runner, catch_up_together
from projections.view import View
from tests.integration.conftest import OpenPlanning, sqlite_env
from tests.lives import care_plan_life, direct_payment_life, self_funder_life
from tests.projected import folded, tables_of, view_tables

MODELS = read_models(Policy(delegation=DEFAULT_SCHEME))


def lives(planning: CarePlanning, times: int = 2) -> None:
    for _ in range(times):
        care_plan_life(planning)
        direct_payment_life(planning)
        self_funder_life(planning)


def test_a_batch_another_runner_recorded_first_changes_nothing(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    lives(planning, 1)
    model = MODELS[1]
    first = Runner(planning, View(model, views_env), batch_size=5)
    stale = Runner(planning, View(model, views_env), batch_size=5)
    stored = planning.recorder.select_notifications(start=None, limit=10_000,
                                                    topics=model.topics)  # fmt: skip
    events = [planning.mapper.to_domain_event(n) for n in stored]
    first_end, second_end = stored[4].id, stored[8].id
    assert first.advance(events[:5], 0, first_end)  # the first batch: the position inserted
    assert not stale.advance(events[:5], 0, first_end)  # the same batch again: refused whole
    assert first.advance(events[5:9], first_end, second_end)  # a later one: position moved
    assert not stale.advance(events[5:9], first_end, second_end)
    assert stale.conflicts == 2
    assert stale.failures == 0
    first.catch_up()
    assert view_tables(first.view) == tables_of(folded(model, planning), model)
    first.view.close()
    stale.view.close()


def test_runners_racing_on_the_same_views_apply_every_event_once(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    lives(planning)
    runners = [[Runner(planning, View(m, views_env), batch_size=3 + i) for m in MODELS]
               for i in range(4)]  # fmt: skip
    barrier = threading.Barrier(len(runners))
    errors: list[BaseException] = []

    def race(mine: list[Runner]) -> None:
        barrier.wait()
        try:
            catch_up_together(mine) if len(errors) % 2 else [r.catch_up() for r in mine]
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=race, args=(mine,)) for mine in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    for model, runner in zip(MODELS, runners[0], strict=True):
        assert view_tables(runner.view) == tables_of(folded(model, planning), model)
        assert runner.view.position() == planning.recorder.max_notification_id()
    for mine in runners:
        for runner in mine:
            runner.view.close()


class Faulty:
    """A read model that fails on the second submission it sees, as a bug would."""

    def __init__(self, model: ReadModel, error: Exception) -> None:
        self.model, self.error = model, error
        self.name, self.tables, self.topics = model.name, model.tables, model.topics
        self.submissions = 0

    def apply(self, event: Any, rows: Rows) -> None:
        if isinstance(event, Submitted):
            self.submissions += 1
            if self.submissions == 2:
                raise self.error
        self.model.apply(event, rows)


def test_a_failing_read_model_stops_alone_and_says_why(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    lives(planning)
    faulty = Faulty(MODELS[0], AssertionError("no plan p-1 in the queues"))
    projections = Projections(planning, [faulty, MODELS[1]], views_env, batch_size=4)
    with pytest.raises(AssertionError):
        projections.catch_up()
    top = planning.recorder.max_notification_id()
    healthy, broken = projections.runner(MODELS[1].name), projections.runner(MODELS[0].name)
    assert healthy.view.position() == top
    assert view_tables(healthy.view) == tables_of(folded(MODELS[1], planning), MODELS[1])
    assert 0 < broken.view.position() < top
    [lag] = [lag for lag in projections.lags() if lag.name == MODELS[0].name]
    assert lag.failures == 1
    assert lag.last_error is not None
    assert lag.last_error.startswith("AssertionError after position")
    projections.stop()


def test_an_integrity_error_that_is_not_a_race_is_raised_not_retried(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    lives(planning, 1)
    runner = Runner(planning, View(Faulty(MODELS[1], IntegrityError("a NULL key")), views_env))
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            runner.catch_up()
        except BaseException as error:  # reported below
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the runner retried the same batch for ever"
    assert [type(e) for e in outcome] == [IntegrityError]
    assert runner.failures == 1
    runner.view.close()


def test_a_follower_sees_decisions_another_process_records_without_being_told(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """No nudge crosses processes: a follower looks at the log's latest position every
    few milliseconds, so a decision recorded elsewhere reaches the views in well under
    the full-pass interval (here a minute)."""
    follower_app, elsewhere = open_planning(), open_planning()
    projections = Projections(follower_app, MODELS, views_env)
    first_pass = threading.Event()
    projections.after_catch_up.append(first_pass.set)
    projections.start(interval=60)
    try:
        runner = projections.runner(MODELS[0].name)
        assert first_pass.wait(timeout=60)  # from here, only a look at the log wakes it
        lives(elsewhere, 1)
        top = runner.top()
        assert top > 0
        assert runner.wait_for(top, timeout=60)
        assert view_tables(runner.view) == tables_of(folded(MODELS[0], elsewhere), MODELS[0])
    finally:
        projections.stop()


def test_a_follower_whose_read_model_fails_retries_each_interval_not_each_decision(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """Decisions keep coming while a read model fails on every pass: the follower tries
    again once an interval, not as soon as it sees each new decision."""
    planning = open_planning()

    class AlwaysFaulty(Faulty):
        def apply(self, event: Any, rows: Rows) -> None:
            if isinstance(event, Submitted):
                raise self.error
            self.model.apply(event, rows)

    broken = AlwaysFaulty(MODELS[0], AssertionError("a bug"))
    projections = Projections(planning, [broken, MODELS[1]], views_env)
    care_plan_life(planning)
    projections.start(interval=0.4)
    began = time.monotonic()
    try:
        while time.monotonic() - began < 1.5:  # a decision every few milliseconds
            care_plan_life(planning)
    finally:
        projections.stop()
    seconds = time.monotonic() - began
    assert 1 <= projections.failures <= seconds / 0.4 + 2


def test_read_models_commit_unsynced_and_the_integrity_record_synced(tmp_path: Path) -> None:
    """Rebuildable read models (rows and position committed together) skip the disk sync
    at each commit; the integrity record, which holds the signed checkpoints, does not."""
    env = sqlite_env(tmp_path / "views.sqlite")
    rebuildable, evidence = View(MODELS[0], env), View(IntegrityLedger(), env)

    def synchronous(view: View) -> int:
        with view.recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute("PRAGMA synchronous")
            return int(cursor.fetchone()[0])

    assert synchronous(rebuildable) == 1  # NORMAL
    assert synchronous(evidence) == 2  # FULL, SQLite's default
    rebuildable.close()
    evidence.close()
