"""A read model's tables and tracking position in a store of the library's own kind: a
tracking recorder (SQLite or PostgreSQL) that also creates the read model's tables, so
rows and position are always written in one transaction.

Each view tracks its own position under its own key, so several views may share one
database file or schema. A batch first moves the position on from where it started, and
only then changes rows: a second runner working on the same batch waits for the first,
finds the position gone and changes nothing."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from eventsourcing.persistence import InfrastructureFactory, PersistenceError
from eventsourcing.postgres import PostgresFactory, PostgresTrackingRecorder
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteDatastore,
    SQLiteTrackingRecorder,
)
from eventsourcing.utils import Environment, strtobool
from psycopg.sql import SQL, Composed

from projections.rows import ReadModel, Table
from projections.sql import SQLITE, SqlDialect, SqlRows, postgres

UPSTREAM = "careledger"  # the application whose notification log the views follow
SERVICE_PREFIX = "projections"  # the tables the runners keep for themselves


class PositionTaken(Exception):
    """Another runner has moved the view on since this batch began."""


class SQLiteView(SQLiteTrackingRecorder):
    model: ClassVar[ReadModel]

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        if not getattr(self.model, "keeps_evidence", False):
            _sync_at_checkpoints(datastore.pool)
        super().__init__(datastore, **kwargs)

    @property
    def dialect(self) -> SqlDialect:
        return SQLITE

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        for table in self.model.tables:
            statements += SQLITE.create(self.model.name, table)
        return statements


def _sync_at_checkpoints(pool: SQLiteConnectionPool) -> None:
    """Each new connection commits without waiting for the disk (``synchronous=NORMAL``;
    the write-ahead log is synced at its checkpoints). A read model's rows and position
    are committed together, so a power cut can only take it back a few batches, still
    whole, and its runner applies them again. The event store itself, and any read
    model that ``keeps_evidence`` (the integrity record and its signed checkpoints), keep
    the default: synced at every commit."""
    connect = pool._create_connection

    def connect_unsynced() -> SQLiteConnection:
        connection = connect()
        connection.cursor().execute("PRAGMA synchronous=NORMAL")  # outside a transaction
        return connection

    pool._create_connection = connect_unsynced  # type: ignore[method-assign]


class PostgresView(PostgresTrackingRecorder):
    model: ClassVar[ReadModel]

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        for table in self.model.tables:
            for statement in self.dialect.create(self.model.name, table):
                self.sql_create_statements.append(Composed([SQL(statement)]))

    @property
    def dialect(self) -> SqlDialect:
        return postgres(self.datastore.schema)


class View:
    """A read model in its store: its position, a batch to write in, and its rows to read."""

    def __init__(self, model: ReadModel, env: dict[str, str]) -> None:
        self.model = model
        factory: Any = InfrastructureFactory.construct(Environment(model.name, env))
        on_postgres = isinstance(factory, PostgresFactory)
        base: type[Any] = PostgresView if on_postgres else SQLiteView
        view_class = type(f"{model.name}_view", (base,), {"model": model})
        try:
            self.recorder: Any = factory.tracking_recorder(view_class)
        except PersistenceError:  # another process created the same tables at that moment
            time.sleep(0.2)
            self.recorder = factory.tracking_recorder(view_class)
        self.dialect: SqlDialect = self.recorder.dialect
        self.creates_tables = strtobool(env.get("CREATE_TABLE", "y"))  # as the library does
        self.key = f"{UPSTREAM}:{model.name}"
        self._tracking = self._tracking_table()

    def position(self) -> int:
        return int(self.recorder.max_tracking_id(self.key) or 0)

    @contextmanager
    def batch(self, start: int, position: int) -> Iterator[SqlRows]:
        """Rows to change, committed with the new ``position`` or not at all. The view
        must still be at ``start``; if another runner has moved it, ``PositionTaken``."""
        p = self.dialect.placeholder
        with self.recorder.datastore.transaction(commit=True) as cursor:
            if start == 0:  # a second runner's insert breaks the key: an IntegrityError
                cursor.execute(f"INSERT INTO {self._tracking} (application_name, "
                               f"notification_id) VALUES ({p}, {p})",
                               (self.key, position))  # fmt: skip
            else:
                cursor.execute(f"UPDATE {self._tracking} SET notification_id = {p} "
                               f"WHERE application_name = {p} AND notification_id = {p} "
                               "RETURNING notification_id",
                               (position, self.key, start))  # fmt: skip
                if cursor.fetchone() is None:
                    raise PositionTaken(f"{self.model.name} is no longer at {start}")
            rows = SqlRows(cursor, self.dialect, self.model.name)
            yield rows
            rows.flush()

    @contextmanager
    def reading(self) -> Iterator[SqlRows]:
        """Rows to read, all as of one moment (a snapshot: on PostgreSQL a repeatable-read
        transaction, on SQLite a read transaction in WAL mode), with ``position_in``."""
        with self.recorder.datastore.transaction(commit=False) as cursor:
            if isinstance(self.recorder, PostgresTrackingRecorder):
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield SqlRows(cursor, self.dialect, self.model.name)

    def position_in(self, rows: SqlRows) -> int:
        """The view's position as of the snapshot ``rows`` reads."""
        p = self.dialect.placeholder
        rows.cursor.execute(f"SELECT notification_id FROM {self._tracking} "
                            f"WHERE application_name = {p}", (self.key,))  # fmt: skip
        found = rows.cursor.fetchone()
        if found is None:
            return 0
        return int(found["notification_id"] if isinstance(found, dict) else found[0])

    def reset(self) -> None:
        """Empty tables and no position: the view rebuilds from the first event."""
        with self.recorder.datastore.transaction(commit=True) as cursor:
            for table in self.model.tables:
                cursor.execute(self.dialect.drop(self.model.name, table))
            cursor.execute(f"DELETE FROM {self._tracking} WHERE application_name = "
                           f"{self.dialect.placeholder}", (self.key,))  # fmt: skip
        self.recorder.create_table()

    def _tracking_table(self) -> str:
        if isinstance(self.recorder, PostgresTrackingRecorder):
            return f'"{self.dialect.schema}"."{self.recorder.tracking_table_name}"'
        return "tracking"

    def close(self) -> None:
        self.recorder.datastore.close()


def create_tables(view: View, prefix: str, *tables: Table) -> None:
    """``tables`` in the view's store, if not there: small tables of the service's own beside
    the read models. Not where ``CREATE_TABLE`` says no (a role without the right to
    create them, say): they are then made by a process that may, such as `careledger
    serve` or `careledger projections run` with ``CARELEDGER_CREATE_TABLES=true``. On
    PostgreSQL two processes creating the same table at one moment can collide; the
    second tries again once the first has."""
    if not view.creates_tables:
        return
    for attempt in range(2):
        try:
            with view.recorder.datastore.transaction(commit=True) as cursor:
                for table in tables:
                    for statement in view.dialect.create(prefix, table):
                        cursor.execute(statement)
            return
        except Exception:
            if attempt:
                raise
            time.sleep(0.2)
