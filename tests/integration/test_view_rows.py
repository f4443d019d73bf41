"""A read model's rows written back together at the end of a batch: every row put,
changed (nulls too) and deleted in a batch is as it should be after, on SQLite and on
PostgreSQL."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from projections.rows import MemoryRows, Rows, Table
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


def test_a_select_in_a_batch_sees_the_batchs_own_changes(views_env: dict[str, str]) -> None:
    """Rows put, changed and deleted earlier in the batch count, as they do for rows held
    in memory given the same steps."""
    view, memory = View(Visits(), views_env), MemoryRows()

    def both(step: Callable[[Rows], None], rows: Rows) -> None:
        step(rows)
        step(memory)

    def put(person: str, week: int, hours: str | None) -> Callable[[Rows], None]:
        return lambda rows: rows.put(VISITS, {"person": person, "week": week, "hours": hours,
                                              "minutes": None})  # fmt: skip

    def seen(rows: Rows, **equals: Any) -> list[tuple[Any, ...]]:
        return sorted((r["person"], r["week"], r["hours"]) for r in rows.select(VISITS, **equals))

    with view.batch(0, 1) as rows:  # stored before the batch below
        for week in (1, 2, 3):
            both(put("ann", week, "10"), rows)
        both(put("bob", 1, "10"), rows)
    with view.batch(1, 2) as rows:
        both(put("ann", 4, "10"), rows)  # new in this batch
        both(put("ann", 2, "5"), rows)  # changed, still ann's
        both(lambda r: r.delete(VISITS, ("ann", 3)), rows)  # stored, deleted
        both(put("cat", 1, "10"), rows)
        both(lambda r: r.delete(VISITS, ("cat", 1)), rows)  # new, then deleted
        for equals in ({"person": "ann"}, {"hours": "10"}, {"hours": "5"}, {}):
            assert seen(rows, **equals) == seen(memory, **equals), equals
        assert seen(rows, person="ann") == [("ann", 1, "10"), ("ann", 2, "5"), ("ann", 4, "10")]
        assert seen(rows, hours="10") == [("ann", 1, "10"), ("ann", 4, "10"), ("bob", 1, "10")]
    view.close()
