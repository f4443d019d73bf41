"""A complaint handler's timeline: every decision on a plan and its budget (or on all of a
person's plans), in order, each with who made it, at which authority level, when it
happened and when it was recorded, what it said in plain words, the days since the step
before, and, for a decision the person had to be told of, whether and when they were
told and whether of their right to complain (RET-3, NOT-1, COMP-1)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from audit.history import HistoryEntry, authority_level, entry
from domain.notifying import Notice
from domain.notifying import decisions as notifying
from projections.notice_keys import notice_key

SECONDS_A_DAY = 86_400


@dataclass(frozen=True)
class Telling:
    """A decision the person had to be told of, and whether they were."""

    recipient: str  # who was to be told: the person, their representative, carer, ...
    right_to_complain_due: bool  # an adverse decision: they must hear of it (COMP-1)
    told_at: datetime | None
    told_by: str | None
    method: str | None
    reasons_explained: bool
    right_to_complain_explained: bool


@dataclass(frozen=True)
class Step:
    plan_id: UUID
    position: int | None  # in the store; none until the decision log has reached it
    type: str
    aggregate: str
    version: int
    plan_version: int
    actor_id: str
    role: str
    on_behalf_of: str | None
    authority_level: str | None
    recorded_at: datetime
    occurred_at: datetime
    backdated: bool
    days_since_previous: float | None  # by when each happened; negative if backdated
    summary: str
    telling: Telling | None
    grounds: dict[str, Any]


Positions = Mapping[tuple[str, int], int]  # (aggregate id, version) -> position


def plan_timeline(plan_id: UUID, events: Iterable[Any], positions: Positions) -> list[Step]:
    """The steps of one plan in the order they were decided."""
    steps = _steps(plan_id, list(events), positions)
    return _with_gaps(steps)


def person_timeline(plans: Iterable[list[Step]]) -> list[Step]:
    """Several plans' steps merged in the order they happened (recorded order breaking
    ties), the gaps taken again across plans."""
    merged = [s for steps in plans for s in steps]
    merged.sort(key=lambda s: (s.occurred_at, s.recorded_at, str(s.plan_id), s.version))
    return _with_gaps(merged)


def _steps(plan_id: UUID, events: list[Any], positions: Positions) -> list[Step]:
    steps: list[Step] = []
    owed: dict[str, int] = {}  # notice key -> index of the step that owes it
    for event in events:
        done = entry(event)
        telling = None
        notice: Notice | None = getattr(event, "notice", None) or getattr(
            event, "advocate_notice", None
        )
        if isinstance(event, notifying.PersonNotified):
            at = owed.pop(notice_key(event.notice), None)
            due = steps[at].telling if at is not None else None
            if at is not None and due is not None:
                steps[at] = replace(steps[at], telling=_told(due, event))
        elif notice is not None:
            owed[notice_key(notice)] = len(steps)
            telling = Telling(notice.recipient.value, notice.right_to_complain, None, None,
                              None, False, False)  # fmt: skip
        steps.append(_step(plan_id, event, done, positions, telling))
    return steps


def _told(owed: Telling, event: notifying.PersonNotified) -> Telling:
    return replace(owed, told_at=event.occurred_at, told_by=event.actor.id,
                   method=event.method.value, reasons_explained=event.reasons_explained,
                   right_to_complain_explained=event.right_to_complain_explained)  # fmt: skip


def _step(plan_id: UUID, event: Any, done: HistoryEntry, positions: Positions,
          telling: Telling | None) -> Step:  # fmt: skip
    return Step(
        plan_id=plan_id,
        position=positions.get((str(event.originator_id), event.originator_version)),
        type=done.type,
        aggregate=done.aggregate,
        version=done.version,
        plan_version=done.plan_version,
        actor_id=done.actor.id,
        role=done.actor.role.value,
        on_behalf_of=done.actor.on_behalf_of,
        authority_level=authority_level(event),
        recorded_at=done.recorded_at,
        occurred_at=done.occurred_at,
        backdated=done.backdated,
        days_since_previous=None,
        summary=done.summary,
        telling=telling,
        grounds=done.grounds,
    )


def _with_gaps(steps: list[Step]) -> list[Step]:
    gapped: list[Step] = []
    for i, step in enumerate(steps):
        days = None
        if i:
            seconds = (step.occurred_at - steps[i - 1].occurred_at).total_seconds()
            days = round(seconds / SECONDS_A_DAY, 2)
        gapped.append(replace(step, days_since_previous=days))
    return gapped
