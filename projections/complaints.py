"""The complaints read model: each complaint's clock as it stands, for the complaints queue
(CMP-6): those still to be acknowledged or answered, soonest due first, overdue marked."""

from domain.complaining import ComplaintStatus
from domain.complaining import decisions as complaining
from domain.complaining.clock import day_in_england
from domain.personal_data import erasing
from projections.erasure import erase_columns
from projections.rows import ByEventClass, Row, Rows, Table, utc_iso

COMPLAINTS = Table(
    "complaints",
    ("complaint_ref", "complaint_id", "person_ref", "plan_id", "team", "complainant",
     "status", "received_at", "received_on", "acknowledge_by", "acknowledged_at",
     "acknowledged_late", "response_due", "respond_by_latest", "extensions", "answered_at",
     "answered_late", "outcome", "due", "handler"),
    ("complaint_id",),
    frozenset({"acknowledged_late", "answered_late", "extensions"}),
    indexes=(("complaint_ref",), ("status", "due"), ("person_ref",)),
)  # fmt: skip


class Complaints(ByEventClass):
    name = "complaints"
    tables: tuple[Table, ...] = (COMPLAINTS,)

    def __init__(self) -> None:
        self.handle({
            complaining.Received: self._received,
            complaining.Acknowledged: self._acknowledged,
            complaining.Extended: self._extended,
            complaining.Answered: self._answered,
            complaining.Withdrawn: self._withdrawn,
            erasing.Recorded: self._erased,
        })  # fmt: skip

    def _erased(self, e: erasing.Recorded, rows: Rows) -> None:
        erase_columns(rows, COMPLAINTS, "complaint_id", map(str, e.streams), ("person_ref",))

    def _row(self, rows: Rows, event: complaining.Complaint.Event) -> Row:
        found = rows.get(COMPLAINTS, (str(event.originator_id),))
        assert found is not None, f"no complaint {event.originator_id} in the read model"
        return found

    def _received(self, e: complaining.Received, rows: Rows) -> None:
        rows.put(COMPLAINTS, {
            "complaint_ref": e.complaint_ref, "complaint_id": str(e.originator_id),
            "person_ref": e.person_ref, "plan_id": str(e.plan_id) if e.plan_id else "",
            "team": e.team or "", "complainant": e.complainant.value,
            "status": ComplaintStatus.RECEIVED.value, "received_at": utc_iso(e.received_at),
            "received_on": day_in_england(e.received_at).isoformat(),
            "acknowledge_by": e.acknowledge_by.isoformat(), "acknowledged_late": 0,
            "respond_by_latest": e.respond_by_latest.isoformat(), "extensions": 0,
            "answered_late": 0, "due": e.acknowledge_by.isoformat(), "handler": e.actor.id,
        })  # fmt: skip

    def _acknowledged(self, e: complaining.Acknowledged, rows: Rows) -> None:
        rows.put(COMPLAINTS, {
            **self._row(rows, e), "status": ComplaintStatus.ACKNOWLEDGED.value,
            "acknowledged_at": utc_iso(e.occurred_at), "acknowledged_late": int(e.late),
            "response_due": e.response_due_on.isoformat(), "due": e.response_due_on.isoformat(),
        })  # fmt: skip

    def _extended(self, e: complaining.Extended, rows: Rows) -> None:
        row = self._row(rows, e)
        rows.put(COMPLAINTS, {
            **row, "response_due": e.response_due_on.isoformat(),
            "due": e.response_due_on.isoformat(), "extensions": int(row["extensions"] or 0) + 1,
        })  # fmt: skip

    def _answered(self, e: complaining.Answered, rows: Rows) -> None:
        rows.put(COMPLAINTS, {
            **self._row(rows, e), "status": ComplaintStatus.ANSWERED.value,
            "answered_at": utc_iso(e.occurred_at), "answered_late": int(e.late),
            "outcome": e.outcome.value, "due": "",
        })  # fmt: skip

    def _withdrawn(self, e: complaining.Withdrawn, rows: Rows) -> None:
        rows.put(COMPLAINTS, {**self._row(rows, e), "status": ComplaintStatus.WITHDRAWN.value,
                              "due": ""})  # fmt: skip
