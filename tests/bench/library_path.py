"""The library's own way to keep a read model, for comparison: its ``Projection`` with
``process_event`` writing one view transaction per event, each with its own tracking
record. On PostgreSQL its ``ProjectionRunner`` drives it; on SQLite, which the runner
cannot follow, a loop over the notification log does."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.rows import ReadModel
from projections.sql import SqlRows
from projections.view import PostgresView, SQLiteView


def library_projection(model: ReadModel) -> type[Projection[Any]]:
    class PerEvent(Projection[Any]):
        name = model.name
        topics = tuple(model.topics)

        @singledispatchmethod
        def process_event(self, domain_event: Any, tracking: Tracking) -> None:
            view = self.view
            with view.datastore.transaction(commit=True) as cursor:
                rows = SqlRows(cursor, view.dialect, model.name)
                model.apply(domain_event, rows)
                rows.flush()
                view._insert_tracking(cursor, tracking)

    return PerEvent


def library_view(model: ReadModel, on_postgres: bool) -> type[Any]:
    base: type[Any] = PostgresView if on_postgres else SQLiteView
    return type(f"{model.name}_library_view", (base,), {"model": model})
