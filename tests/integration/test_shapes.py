"""A read model whose tables or rules change between releases is emptied and rebuilt by
the follower's next pass, with no step by hand; the integrity record, being evidence, is
held and says so until it is rebuilt on purpose."""

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from structlog.testing import capture_logs

from audit.integrity import IntegrityLedger
from domain.application import CarePlanning
from domain.policy import DEFAULT_SCHEME, Policy
from projections.catalogue import read_models
from projections.rows import ReadModel, Rows
from projections.runner import Projections
from projections.shapes import SHAPES, shape_of
from tests.integration.conftest import OpenPlanning
from tests.lives import care_plan_life
from tests.projected import folded, tables_of, view_tables

QUEUES = read_models(Policy(delegation=DEFAULT_SCHEME))[0]


class Changed:
    """``model`` as a later release has it: its first table with one more column (each row
    noting the event that last wrote it), or only its rules version raised."""

    def __init__(self, model: ReadModel, new_column: bool = True) -> None:
        self.model, self.new_column = model, new_column
        self.name, self.topics = model.name, model.topics
        first, *rest = model.tables
        wider = replace(first, columns=(*first.columns, "noted")) if new_column else first
        self.tables = (wider, *rest)
        self.rules_version = getattr(model, "rules_version", 1) + 1

    def apply(self, event: Any, rows: Rows) -> None:
        self.model.apply(event, _Noting(rows, self.tables[0]) if self.new_column else rows)


class _Noting:
    def __init__(self, rows: Rows, table: Any) -> None:
        self.rows, self.table = rows, table

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rows, name)

    def put(self, table: Any, row: dict[str, Any]) -> None:
        if table.name == self.table.name:
            table, row = self.table, {**row, "noted": "yes"}
        self.rows.put(table, row)


def _caught_up(open_planning: OpenPlanning, views_env: dict[str, str],
               *models: ReadModel) -> tuple[CarePlanning, Projections]:  # fmt: skip
    """A store holding a plan's life, and ``models`` as this release keeps them, caught up
    (the caller stops them)."""
    planning = open_planning()
    care_plan_life(planning)
    before = Projections(planning, list(models), views_env)
    before.catch_up()
    return planning, before


def test_shapes_tell_tables_rules_and_events_apart() -> None:
    assert shape_of(QUEUES) == shape_of(read_models(Policy(delegation=DEFAULT_SCHEME))[0])
    assert shape_of(Changed(QUEUES)) != shape_of(QUEUES)
    assert shape_of(Changed(QUEUES, new_column=False)) != shape_of(QUEUES)
    assert shape_of(Changed(QUEUES, new_column=False)) != shape_of(Changed(QUEUES))

    def fed(**how: Any) -> Any:
        rules = getattr(QUEUES, "rules_version", 1)
        return SimpleNamespace(**{"tables": QUEUES.tables, "topics": QUEUES.topics,
                                  "rules_version": rules, **how})  # fmt: skip

    assert shape_of(fed()) == shape_of(QUEUES)
    assert shape_of(fed(topics=tuple(reversed(QUEUES.topics)))) == shape_of(QUEUES)  # order
    assert shape_of(fed(topics=QUEUES.topics[1:])) != shape_of(QUEUES)
    assert shape_of(fed(raw=True)) != shape_of(QUEUES)
    assert shape_of(fed(positioned=True)) != shape_of(QUEUES)


def test_a_read_model_whose_tables_changed_is_rebuilt_by_the_next_pass(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning, before = _caught_up(open_planning, views_env, QUEUES)
    top = before.runner(QUEUES.name).view.position()
    before.stop()

    later = Changed(QUEUES)
    after = Projections(planning, [later], views_env)
    try:
        assert after.catch_up() > 0  # from the first event again: the old table had no column
        view = after.runner(QUEUES.name).view
        assert view.position() == top
        assert view_tables(view) == tables_of(folded(later, planning), later)
        assert all(r["noted"] == "yes" for r in view_tables(view)[later.tables[0].name])
        assert after.shapes.recorded(QUEUES.name) == shape_of(later)
    finally:
        after.stop()

    again = Projections(planning, [later], views_env)  # the next start: nothing to redo
    try:
        assert again.catch_up() == 0
    finally:
        again.stop()


def test_a_read_model_whose_rules_changed_drops_rows_the_old_rules_wrote(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning, before = _caught_up(open_planning, views_env, QUEUES)
    table = QUEUES.tables[0]
    with before.runner(QUEUES.name).view.batch(top := before.runner(QUEUES.name).view.position(),
                                                top) as rows:  # fmt: skip
        stray = dict.fromkeys(table.columns, None) | dict.fromkeys(table.key, "stray")
        rows.put(table, {**stray, **dict.fromkeys(table.integers, 0)})
    before.stop()

    later = Changed(QUEUES, new_column=False)
    after = Projections(planning, [later], views_env)
    try:
        after.catch_up()
        assert view_tables(after.runner(QUEUES.name).view) == tables_of(
            folded(QUEUES, planning), QUEUES)  # fmt: skip
    finally:
        after.stop()


def test_a_changed_integrity_record_is_held_until_rebuilt_on_purpose(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    ledger = IntegrityLedger()
    planning, before = _caught_up(open_planning, views_env, ledger, QUEUES)
    kept = view_tables(before.runner("integrity").view)
    before.stop()

    later = Changed(ledger, new_column=False)
    later.raw, later.keeps_evidence = True, True  # type: ignore[attr-defined]
    care_plan_life(planning)
    after = Projections(planning, [later, QUEUES], views_env)
    checkpoints: list[int] = []
    after.after_catch_up.append(lambda: checkpoints.append(1))
    try:
        after.catch_up()
        [held] = after.awaiting_rebuild()
        assert "run `careledger projections rebuild integrity`" in str(held)
        assert checkpoints == []  # no checkpoint of a record held back
        after._beat_now_and_then()
        [said] = after.heartbeats.followers()
        assert said.failing
        assert said.last_error == str(held)
        integrity = after.runner("integrity")
        assert view_tables(integrity.view) == kept  # neither emptied nor moved on
        assert integrity.failures == 1
        queues = after.runner(QUEUES.name)
        assert queues.view.position() == queues.top()  # the others go on
        after.catch_up()
        assert len(after.awaiting_rebuild()) == 1
        assert integrity.failures == 1  # said once

        after.rebuild()  # on purpose
        assert after.awaiting_rebuild() == []
        assert checkpoints == [1]
        assert after.catch_up() == 0
        assert integrity.view.position() == integrity.top()
        assert after.shapes.recorded("integrity") == shape_of(later)
    finally:
        after.stop()


def test_without_the_right_to_create_tables_the_fingerprints_wait_and_the_rest_goes_on(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """CARELEDGER_CREATE_TABLES=false, on a store whose fingerprint table no process that
    may create it has made yet: the read models are followed all the same."""
    planning, before = _caught_up(open_planning, views_env, QUEUES)
    with before.shapes.view.recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP TABLE {before.shapes.view.dialect.qualified('projections', SHAPES)}")
    before.stop()
    care_plan_life(planning)

    after = Projections(planning, [QUEUES], {**views_env, "CREATE_TABLE": "n"})
    try:
        with capture_logs() as logs:
            assert after.catch_up() > 0
            after.catch_up()
        assert [e["event"] for e in logs] == ["projections.shapes_unread"]  # once
        runner = after.runner(QUEUES.name)
        assert runner.view.position() == runner.top()
        with pytest.raises(Exception, match="shapes"):
            after.shapes.recorded(QUEUES.name)  # still not made
    finally:
        after.stop()
