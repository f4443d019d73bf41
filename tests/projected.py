"""Helpers for read-model tests: every recorded event in order, and a read model's rows
folded from them."""

from typing import Any

from domain.application import CarePlanning
from projections.rows import MemoryRows, ReadModel, Row, Table, fold


def recorded_events(planning: CarePlanning) -> list[Any]:
    notifications = planning.recorder.select_notifications(start=None, limit=1_000_000)
    return [planning.mapper.to_domain_event(n) for n in notifications]


def folded(model: ReadModel, planning: CarePlanning) -> MemoryRows:
    return fold(model, recorded_events(planning))


def rows_of(rows: MemoryRows, table: Table, **equals: Any) -> list[Row]:
    return sorted(rows.select(table, **equals), key=lambda r: str(table.key_of(r)))
