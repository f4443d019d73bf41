"""What each read model's rows were written by: a fingerprint of its tables (names,
columns, keys, integer columns, indexes), the events it follows and how they are handed
to it, and its ``rules_version``, which a read model raises when it writes different
rows for the same events. A follower that finds a read
model's fingerprint changed since its rows were written empties it, and its pass rebuilds
it from the first event: a release that changes a read model needs no step by hand. The
integrity record is evidence: it is not emptied by itself, but held, and says so, until
`careledger projections rebuild integrity` is run on purpose.

A store whose read models were written before fingerprints were kept takes the current
ones as its own."""

import hashlib
from datetime import datetime

from projections.rows import ReadModel, Table, utc_iso
from projections.sql import SqlRows
from projections.view import SERVICE_PREFIX, View, create_tables

SHAPES = Table("shapes", ("read_model", "shape", "recorded_at"), ("read_model",))


def shape_of(model: ReadModel) -> str:
    fed = [f"{how} {getattr(model, how, False)}" for how in ("raw", "positioned")]
    described = [f"rules {getattr(model, 'rules_version', 1)}", ",".join(sorted(model.topics)),
                 *fed]  # fmt: skip
    for table in model.tables:
        described.append("|".join([
            table.name, ",".join(table.columns), ",".join(table.key),
            ",".join(sorted(table.integers)), ";".join(",".join(i) for i in table.indexes),
        ]))  # fmt: skip
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:16]


class ShapeChanged(Exception):
    """Evidence whose read model has changed: rebuilt only on purpose."""


class Shapes:
    """The fingerprints recorded, in the views' store (``view`` is any view there)."""

    def __init__(self, view: View) -> None:
        self.view = view
        create_tables(view, SERVICE_PREFIX, SHAPES)

    def recorded(self, name: str) -> str | None:
        with self.view.reading() as reading:
            row = SqlRows(reading.cursor, self.view.dialect, SERVICE_PREFIX).get(SHAPES, (name,))
        return None if row is None else str(row["shape"])

    def record(self, name: str, shape: str, now: datetime) -> None:
        with self.view.recorder.datastore.transaction(commit=True) as cursor:
            rows = SqlRows(cursor, self.view.dialect, SERVICE_PREFIX)
            rows.put(SHAPES, {"read_model": name, "shape": shape, "recorded_at": utc_iso(now)})
            rows.flush()
