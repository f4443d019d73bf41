"""Rows in SQL tables, for SQLite and PostgreSQL alike, written through a cursor inside
the transaction that also records the tracking position."""

from collections.abc import Iterable
from typing import Any

from projections.rows import Row, Table, Value


def quoted(columns: Iterable[str]) -> str:
    """Column names as a list for a statement: ``"a", "b"``."""
    return ", ".join(f'"{c}"' for c in columns)


class SqlDialect:
    """What differs between the two stores: placeholders and column types."""

    def __init__(self, placeholder: str, integer_type: str, schema: str | None) -> None:
        self.placeholder = placeholder
        self.integer_type = integer_type
        self.schema = schema

    def qualified(self, prefix: str, table: Table) -> str:
        name = f"{prefix}_{table.name}"
        return f'"{self.schema}"."{name}"' if self.schema else f'"{name}"'

    def create(self, prefix: str, table: Table) -> list[str]:
        columns = ", ".join(
            f'"{c}" {self.integer_type if c in table.integers else "TEXT"}' for c in table.columns
        )
        keys = quoted(table.key)
        name = self.qualified(prefix, table)
        statements = [f"CREATE TABLE IF NOT EXISTS {name} ({columns}, PRIMARY KEY ({keys}))"]
        for index in table.indexes:
            index_name = f"{prefix}_{table.name}_{'_'.join(index)}"
            cols = quoted(index)
            statements.append(f'CREATE INDEX IF NOT EXISTS "{index_name}" ON {name} ({cols})')
        return statements

    def drop(self, prefix: str, table: Table) -> str:
        return f"DROP TABLE IF EXISTS {self.qualified(prefix, table)}"


SQLITE = SqlDialect("?", "INTEGER", None)


def postgres(schema: str) -> SqlDialect:
    return SqlDialect("%s", "BIGINT", schema)


class SqlRows:
    """A read model's rows through a cursor, for one batch. Rows read or written are kept
    in memory and written back together (``flush``), so a plan touched by many events of
    a batch costs one read and one write; a ``select`` writes back first."""

    def __init__(self, cursor: Any, dialect: SqlDialect, prefix: str) -> None:
        self.cursor = cursor
        self.dialect = dialect
        self.prefix = prefix
        self._statements: dict[tuple[str, str], str] = {}
        self._known: dict[tuple[str, tuple[Value, ...]], Row | None] = {}  # None: no row
        self._dirty: dict[tuple[str, tuple[Value, ...]], Table] = {}

    def _name(self, table: Table) -> str:
        return self.dialect.qualified(self.prefix, table)

    def _where(self, columns: tuple[str, ...] | list[str]) -> str:
        p = self.dialect.placeholder
        return " AND ".join(f'"{c}" = {p}' for c in columns)

    def _statement(self, kind: str, table: Table) -> str:
        cached = self._statements.get((kind, table.name))
        if cached is not None:
            return cached
        p, name = self.dialect.placeholder, self._name(table)
        cols = quoted(table.columns)
        if kind == "get":
            statement = f"SELECT {cols} FROM {name} WHERE {self._where(table.key)}"
        elif kind == "put":
            keys = quoted(table.key)
            others = [c for c in table.columns if c not in table.key]
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in others)
            action = f"DO UPDATE SET {updates}" if others else "DO NOTHING"
            values = ", ".join([p] * len(table.columns))
            statement = (
                f"INSERT INTO {name} ({cols}) VALUES ({values}) ON CONFLICT ({keys}) {action}"
            )
        else:
            statement = f"DELETE FROM {name} WHERE {self._where(table.key)}"
        self._statements[(kind, table.name)] = statement
        return statement

    def _rows(self, table: Table) -> list[Row]:
        return [as_row(table, r) for r in self.cursor.fetchall()]

    def get(self, table: Table, key: tuple[Value, ...]) -> Row | None:
        known = self._known.get((table.name, key), ...)
        if known is ...:
            self.cursor.execute(self._statement("get", table), key)
            rows = self._rows(table)
            known = rows[0] if rows else None
            self._known[(table.name, key)] = known
        return None if known is None else dict(known)

    def put(self, table: Table, row: Row) -> None:
        full = {c: row.get(c) for c in table.columns}
        key = table.key_of(full)
        self._known[(table.name, key)] = full
        self._dirty[(table.name, key)] = table

    def delete(self, table: Table, key: tuple[Value, ...]) -> None:
        self._known[(table.name, key)] = None
        self._dirty[(table.name, key)] = table

    def flush(self) -> None:
        """Writes back every row changed since the last flush."""
        upserts: dict[str, list[tuple[Value, ...]]] = {}
        deletes: dict[str, list[tuple[Value, ...]]] = {}
        tables: dict[str, Table] = {}
        for (name, key), table in self._dirty.items():
            tables[name] = table
            row = self._known[(name, key)]
            if row is None:
                deletes.setdefault(name, []).append(key)
            else:
                upserts.setdefault(name, []).append(tuple(row[c] for c in table.columns))
        for name, keys in deletes.items():
            self.cursor.executemany(self._statement("delete", tables[name]), keys)
        for name, values in upserts.items():
            self.cursor.executemany(self._statement("put", tables[name]), values)
        self._dirty.clear()

    def select(self, table: Table, **equals: Value) -> list[Row]:
        self.flush()
        cols = quoted(table.columns)
        where = f" WHERE {self._where(list(equals))}" if equals else ""
        self.cursor.execute(f"SELECT {cols} FROM {self._name(table)}{where}",
                            tuple(equals.values()))  # fmt: skip
        return self._rows(table)

    def delete_where(self, table: Table, **equals: Value) -> None:
        self.flush()
        where = f" WHERE {self._where(list(equals))}" if equals else ""
        self.cursor.execute(f"DELETE FROM {self._name(table)}{where}", tuple(equals.values()))
        for known in [k for k in self._known if k[0] == table.name]:
            del self._known[known]


def as_row(table: Table, fetched: Any) -> Row:
    if isinstance(fetched, dict):
        return {c: fetched[c] for c in table.columns}
    return {c: fetched[i] for i, c in enumerate(table.columns)}


def values_of(fetched: Any) -> tuple[Any, ...]:
    """A fetched row's values in order, from SQLite's rows or PostgreSQL's dicts."""
    return tuple(fetched.values()) if isinstance(fetched, dict) else tuple(fetched)
