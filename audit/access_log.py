"""The access log as auditors query it: one row per plan a read showed, with who read it,
in which role, what, when and why. The entries themselves are events in the store."""

from audit.decision_log import iso
from domain.access import Logged
from projections.rows import Positioned, Rows, Table

ACCESS = Table(
    "reads",
    ("position", "plan_id", "person_ref", "at", "reader_id", "role", "team", "what",
     "detail", "purpose"),
    ("position", "plan_id"),
    frozenset({"position"}),
    indexes=(("plan_id", "position"), ("person_ref", "position"), ("reader_id", "position")),
)  # fmt: skip
NO_PLAN = ""  # a read of a person's records that showed no plan


class AccessLog:
    name = "access_log"
    tables: tuple[Table, ...] = (ACCESS,)
    topics: tuple[str, ...] = (Logged.TOPIC,)
    positioned = True

    def apply(self, fed: Positioned, rows: Rows) -> None:
        event: Logged = fed.event
        reader, read = event.reader, event.read
        for plan_id in read.plan_ids or (NO_PLAN,):
            rows.put(ACCESS, {
                "position": fed.position, "plan_id": str(plan_id),
                "person_ref": read.person_ref, "at": iso(event.timestamp),
                "reader_id": reader.id, "role": reader.role.value, "team": reader.team,
                "what": read.what, "detail": read.detail, "purpose": event.purpose,
            })  # fmt: skip
