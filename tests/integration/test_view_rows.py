"""A read model's rows written back together at the end of a batch: every row put,
changed (nulls too) and deleted in a batch is as it should be after, on SQLite and on
PostgreSQL."""

from dataclasses import dataclass
from typing import Any

from projections.rows import Rows, Table
from projections.view import View

VISITS = Table("visits", ("person", "week", "hours", "minutes"), ("person", "week"),
               integers=frozenset({"week", "minutes"}))  # fmt: skip
MANY = 250
GONE = 130


@dataclass
class Visits:
    name: str = "visits_model"
    tables: tuple[Table, ...] = (VISITS,)
    topics: tuple[str, ...] = ()

    def apply(self, event: Any, rows: Rows) -> None:
        raise AssertionError(f"fed no events here, but {event} for {rows}")


def _all(view: View) -> dict[tuple[Any, ...], Any]:
    with view.reading() as rows:
        return {(r["person"], r["week"]): (r["hours"], r["minutes"]) for r in rows.select(VISITS)}


def test_many_rows_put_changed_and_deleted_in_batches(views_env: dict[str, str]) -> None:
    view = View(Visits(), views_env)
    people = [(f"person-{n % 7}", n) for n in range(MANY)]

    with view.batch(0, 1) as rows:
        for person, week in people:
            rows.put(VISITS, {"person": person, "week": week, "hours": "10", "minutes": None})
    with view.batch(1, 2) as rows:
        for person, week in people[:GONE]:
            rows.delete(VISITS, (person, week))
        for person, week in people[-20:]:
            rows.put(VISITS, {"person": person, "week": week, "hours": None, "minutes": 45})

    expected: dict[tuple[str, int], tuple[str | None, int | None]]
    expected = dict.fromkeys(people[GONE:], ("10", None))
    expected.update(dict.fromkeys(people[-20:], (None, 45)))
    assert _all(view) == expected
    assert view.position() == 2
    view.close()
