"""A person's records as auditors and complaint handlers read them, from the store and
the decision log together: a plan's or a person's timeline, a chronology checked
against the latest signed checkpoint, and a plan as it stood at an instant. The API and
the command line both read through here."""

from datetime import UTC, datetime
from uuid import UUID

from audit.checkpoints import CheckpointLog, key_id_of_pem, signature_holds
from audit.chronology import Chronology, check_steps
from audit.integrity import head_of
from audit.log_queries import NoRecords, plans_of, positions_of, versions_at
from audit.timeline import Step, person_timeline, plan_timeline
from domain.application import CarePlanning
from domain.budget.aggregate import PersonalBudget
from domain.plan.aggregate import Plan
from projections.view import View

CHECKPOINTS_LOOKED_AT = 100  # the latest checkpoints a chronology looks among


def plan_steps(planning: CarePlanning, log: View, plan_id: UUID) -> tuple[list[Step], str]:
    """The plan's timeline, and whose plan it is."""
    events = planning.history(plan_id)
    return plan_timeline(plan_id, events, positions_of(log, plan_id)), events[0].person_ref


def person_steps(planning: CarePlanning, log: View, person_ref: str
                 ) -> tuple[list[Step], list[UUID]]:  # fmt: skip
    """The timeline across all the person's plans, and those plans."""
    plan_ids = plans_of(log, person_ref)
    if not plan_ids:
        raise NoRecords(f"no plan is recorded for {person_ref}")
    return person_timeline(plan_steps(planning, log, p)[0] for p in plan_ids), plan_ids


def chronology_of(planning: CarePlanning, checkpoints: CheckpointLog, public_pem: str,
                  subject: str, steps: list[Step]) -> Chronology:  # fmt: skip
    """The steps checked against the latest checkpoint whose signature holds under the
    service's key. A later one that does not hold (forged, or signed with a key since
    rotated out: the service signs a new one under its key soon after) is passed over,
    and counted; and so is any among them whose root the record no longer gives."""
    recent = checkpoints.recent(CHECKPOINTS_LOOKED_AT)
    signed = [c for c in recent if signature_holds(c, public_pem)]  # newest first
    with checkpoints.view.reading() as rows:
        recorded, reached = int(head_of(rows)["size"] or 0), checkpoints.view.position_in(rows)
    stored = planning.recorder.max_notification_id() or 0
    # a record that has reached the store's last position holds every event stored: one
    # signed over more than that is evidence of loss, not a checkpoint to check against
    lost = [c for c in signed if c.size > recorded] if reached >= stored else []
    usable = [c for c in signed if c not in lost]
    held = usable[0] if usable else None
    passed = [c for c in (recent[: recent.index(held)] if held is not None else recent)
              if c not in lost]  # fmt: skip
    ours = key_id_of_pem(public_pem)
    forged = sum(1 for c in passed if c.key_id == ours)
    checked = check_steps(planning, checkpoints.view, steps, public_pem, held)
    broken = len(checkpoints.broken_among(usable))
    return Chronology(subject, datetime.now(UTC), steps, checked, held, len(passed), forged,
                      broken, len(lost), stored if lost else None)  # fmt: skip


def plan_as_of(planning: CarePlanning, log: View, plan_id: UUID, instant: datetime
               ) -> tuple[Plan, PersonalBudget]:  # fmt: skip
    """The plan and its budget as recorded by ``instant``."""
    found = versions_at(log, plan_id, instant)
    if found.plan_version is None:
        planning.plan(plan_id)  # no such plan at all: PlanNotFound
        raise NoRecords(f"plan {plan_id} had not been started at {instant.isoformat()}")
    return (planning.plan(plan_id, found.plan_version),
            planning.budget(plan_id, found.plan_version))  # fmt: skip
