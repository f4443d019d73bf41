"""Each read model as the library's own ``Projection``, over the same views: its
``process_event`` writes one view transaction per event with the library's tracking
record, so the library's ``ProjectionRunner`` can keep it on PostgreSQL (the runner
cannot follow SQLite). The service uses the batched runner instead, many events per
transaction; this path is kept for comparison (``make bench``) and for anyone who wants
the library's runner and its LISTEN/NOTIFY subscription."""

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
