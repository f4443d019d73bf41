"""The access log as auditors query it: one row per plan a read showed, with who read it,
in which role, what, when and why, and whose records they were. The entries themselves
are events in the store."""

from domain.access import Logged
from domain.complaining import decisions as complaining
from domain.personal_data import erasing
from domain.plan.starting import Started
from projections.erasure import erase_columns
from projections.rows import Positioned, Rows, Table, utc_iso

ACCESS = Table(
    "reads",
    ("position", "plan_id", "person_ref", "at", "reader_id", "role", "team", "what",
     "detail", "purpose"),
    ("position", "plan_id"),
    frozenset({"position"}),
    indexes=(("plan_id", "position"), ("person_ref", "position"), ("reader_id", "position")),
)  # fmt: skip
# Whose each plan is, so that a read of several people's plans (an auditor's list) is
# found under each person; and whose each complaint is, so that an erasure finds the reads
# of a person who had only complaints.
PEOPLE = Table("people", ("plan_id", "person_ref"), ("plan_id",))
NO_PLAN = ""  # a read of a person's records that showed no plan


class AccessLog:
    name = "access_log"
    tables: tuple[Table, ...] = (ACCESS, PEOPLE)
    topics: tuple[str, ...] = (Logged.TOPIC, Started.TOPIC, complaining.Received.TOPIC,
                               erasing.Recorded.TOPIC)  # fmt: skip
    positioned = True

    def apply(self, fed: Positioned, rows: Rows) -> None:
        if isinstance(fed.event, erasing.Recorded):
            self._erased(fed.event, rows)
            return
        if isinstance(fed.event, Started | complaining.Received):
            rows.put(PEOPLE, {"plan_id": str(fed.event.originator_id),
                              "person_ref": fed.event.person_ref})  # fmt: skip
            return
        event: Logged = fed.event
        reader, read = event.reader, event.read
        for plan_id in read.plan_ids or (NO_PLAN,):
            person = read.person_ref
            if person is None and plan_id != NO_PLAN:
                whose = rows.get(PEOPLE, (str(plan_id),))
                person = str(whose["person_ref"]) if whose else None
            rows.put(ACCESS, {
                "position": fed.position, "plan_id": str(plan_id),
                "person_ref": person, "at": utc_iso(event.timestamp),
                "reader_id": reader.id, "role": reader.role.value, "team": reader.team,
                "what": read.what, "detail": read.detail, "purpose": event.purpose,
            })  # fmt: skip

    @staticmethod
    def _erased(event: erasing.Recorded, rows: Rows) -> None:
        """An erased person (KEEP-2): every read of their records keeps who read, when and
        in which role; whose records, what of them and why read as erased."""
        people = {str(whose["person_ref"]) for s in event.streams
                  if (whose := rows.get(PEOPLE, (str(s),))) is not None}  # fmt: skip
        personal = ("person_ref", "what", "detail", "purpose")
        erase_columns(rows, ACCESS, "person_ref", people, personal)
        erase_columns(rows, PEOPLE, "person_ref", people, ("person_ref",))
