"""Helpers for read-model tests: every recorded event in order, a read model's rows
folded from them, and its rows in a view, table by table, to compare."""

from typing import Any

from domain.application import CarePlanning
from projections.rows import MemoryRows, ReadModel, Row, Table, fold
from projections.view import View


def recorded_events(planning: CarePlanning) -> list[Any]:
    notifications = planning.recorder.select_notifications(start=None, limit=1_000_000)
    return [planning.mapper.to_domain_event(n) for n in notifications]


def folded(model: ReadModel, planning: CarePlanning) -> MemoryRows:
    return fold(model, recorded_events(planning))


def rows_of(rows: MemoryRows, table: Table, **equals: Any) -> list[Row]:
    return sorted(rows.select(table, **equals), key=lambda r: str(table.key_of(r)))


def tables_of(rows: MemoryRows, model: ReadModel) -> dict[str, list[Row]]:
    return {t.name: rows.all(t) for t in model.tables}


def view_tables(view: View) -> dict[str, list[Row]]:
    """What the view holds, read from one snapshot, in the form ``tables_of`` gives."""
    copied = MemoryRows()
    with view.reading() as rows:
        for table in view.model.tables:
            for row in rows.select(table):
                copied.put(table, row)
    return tables_of(copied, view.model)
