"""Rows a read model keeps, and a store for them: in memory (a pure fold over events) or
in SQL tables (a tracked view). The same ``apply`` runs against either."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol

Value = str | int | None
Row = dict[str, Value]


def utc_iso(moment: datetime) -> str:
    """A time as read models keep it: in UTC, whatever offset it came with, so that times
    sort and compare as text."""
    return moment.astimezone(UTC).isoformat()


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    integers: frozenset[str] = field(default_factory=frozenset)
    indexes: tuple[tuple[str, ...], ...] = ()

    def key_of(self, row: Row) -> tuple[Value, ...]:
        if len(self.key) == 1:
            return (row[self.key[0]],)
        return tuple([row[c] for c in self.key])


class Rows(Protocol):
    def get(self, table: Table, key: tuple[Value, ...]) -> Row | None: ...

    def put(self, table: Table, row: Row) -> None: ...

    def delete(self, table: Table, key: tuple[Value, ...]) -> None: ...

    def select(self, table: Table, **equals: Value) -> list[Row]: ...

    def delete_where(self, table: Table, **equals: Value) -> None: ...


class MemoryRows:
    """Rows in dictionaries: what a read model holds after folding events in memory."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[tuple[Value, ...], Row]] = {}

    def _table(self, table: Table) -> dict[tuple[Value, ...], Row]:
        return self.tables.setdefault(table.name, {})

    def get(self, table: Table, key: tuple[Value, ...]) -> Row | None:
        row = self._table(table).get(key)
        return dict(row) if row is not None else None

    def put(self, table: Table, row: Row) -> None:
        full = {c: row.get(c) for c in table.columns}
        self._table(table)[table.key_of(full)] = full

    def delete(self, table: Table, key: tuple[Value, ...]) -> None:
        self._table(table).pop(key, None)

    def select(self, table: Table, **equals: Value) -> list[Row]:
        return [
            dict(row)
            for row in self._table(table).values()
            if all(row.get(c) == v for c, v in equals.items())
        ]

    def delete_where(self, table: Table, **equals: Value) -> None:
        for row in self.select(table, **equals):
            self.delete(table, table.key_of(row))

    def all(self, table: Table) -> list[Row]:
        return sorted(self.select(table), key=lambda r: tuple(str(v) for v in table.key_of(r)))


class Positioned(NamedTuple):
    """A decoded event with its position in the log, for a read model that records
    where each event is (one that sets ``positioned = True``)."""

    position: int
    event: Any


class ByEventClass:
    """A read model whose ``apply`` hands each event to the handler for its class; the
    topics it follows are those classes' topics."""

    topics: tuple[str, ...]

    def handle(self, handlers: dict[type[Any], Callable[[Any, "Rows"], None]]) -> None:
        self._handlers = handlers
        self.topics = tuple(cls.TOPIC for cls in handlers)

    def apply(self, event: Any, rows: "Rows") -> None:
        self._handlers[type(event)](event, rows)


class ReadModel(Protocol):
    """A read model: its tables, the events it follows, and how each changes its rows."""

    name: str
    tables: tuple[Table, ...]
    topics: tuple[str, ...]

    def apply(self, event: Any, rows: Rows) -> None: ...


def fold(model: ReadModel, events: Iterable[Any]) -> MemoryRows:
    """The read model's rows, computed in memory from the events alone."""
    rows = MemoryRows()
    wanted = set(model.topics)
    for event in events:
        if type(event).TOPIC in wanted:
            model.apply(event, rows)
    return rows
