"""When each person's care ended, for retention (KEEP-1): every plan's start and end, so
that a person whose every plan has ended, the retention period ago, is listed as due."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.calendar import add_months
from domain.lifecycle import EndReason
from domain.lifecycle import decisions as lifecycle
from domain.personal_data import erasing
from domain.plan import starting
from projections.rows import ByEventClass, Row, Rows, Table, utc_iso
from projections.sql import as_row, quoted
from projections.view import View

CARE = Table("care", ("plan_id", "person_ref", "team", "started_at", "ended_at", "reason"),
             ("plan_id",), indexes=(("person_ref",),))  # fmt: skip


class Retention(ByEventClass):
    name = "retention"
    tables: tuple[Table, ...] = (CARE,)

    def __init__(self) -> None:
        self.handle({starting.Started: self._started, lifecycle.PlanEnded: self._ended,
                     erasing.Recorded: self._erased})  # fmt: skip

    def _started(self, e: starting.Started, rows: Rows) -> None:
        rows.put(CARE, {"plan_id": str(e.originator_id), "person_ref": e.person_ref,
                        "team": e.team, "started_at": utc_iso(e.occurred_at)})  # fmt: skip

    def _ended(self, e: lifecycle.PlanEnded, rows: Rows) -> None:
        row = rows.get(CARE, (str(e.originator_id),))
        assert row is not None, f"no plan {e.originator_id} in the retention read model"
        rows.put(CARE, {**row, "ended_at": utc_iso(e.occurred_at), "reason": e.reason.value})

    def _erased(self, e: erasing.Recorded, rows: Rows) -> None:
        """An erased person's plans are no longer kept, so no longer due (KEEP-2)."""
        for stream in e.streams:
            rows.delete(CARE, (str(stream),))


@dataclass(frozen=True)
class Due:
    """A person whose records are due to be destroyed, and why."""

    person_ref: str
    plans: int
    care_ended_on: date  # the day their last plan ended
    died: bool  # a plan of theirs ended because they died
    keep_until: date  # the last day the records are kept
    plan_ids: tuple[UUID, ...]


def due(view: View, years: int, today: date) -> tuple[list[Due], int]:
    """People whose every plan ended ``years`` or more before ``today``, longest ended
    first; and the view's position they were read at."""
    table = view.dialect.qualified(view.model.name, CARE)
    with view.reading() as rows:
        position = view.position_in(rows)
        rows.cursor.execute(f"SELECT {quoted(CARE.columns)} FROM {table}")
        care = [as_row(CARE, r) for r in rows.cursor.fetchall()]
    people: dict[str, list[Row]] = {}
    for row in care:
        people.setdefault(str(row["person_ref"]), []).append(row)
    found = []
    for person, plans in people.items():
        if any(not p["ended_at"] for p in plans):
            continue  # care goes on
        ended = max(date.fromisoformat(str(p["ended_at"])[:10]) for p in plans)
        keep_until = add_months(ended, 12 * years)
        if keep_until < today:
            died = any(p["reason"] == EndReason.DIED.value for p in plans)
            ids = tuple(sorted(UUID(str(p["plan_id"])) for p in plans))
            found.append(Due(person, len(plans), ended, died, keep_until, ids))
    return sorted(found, key=lambda d: (d.care_ended_on, d.person_ref)), position
