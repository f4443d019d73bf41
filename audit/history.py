"""A plan's decision history: each event with who, when it happened, when it was
recorded, its grounds, and a sentence saying what was decided."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from audit.json_data import json_data
from audit.summaries import SUMMARIES, words
from domain.actors import Actor
from domain.budget.aggregate import PersonalBudget
from domain.deciding import decisions as deciding
from domain.events import event_type
from domain.personal_data import is_erased, personal_fields

# A recording made this long after the event it records is marked as backdated.
BACKDATED_AFTER = timedelta(minutes=5)

_COMMON = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "actor",
     "occurred_at", "plan_version"}
)  # fmt: skip


@dataclass(frozen=True)
class HistoryEntry:
    type: str
    aggregate: str
    version: int
    plan_version: int
    actor: Actor
    recorded_at: datetime
    occurred_at: datetime
    backdated: bool
    summary: str
    grounds: dict[str, Any]


def history_entries(events: Iterable[Any]) -> list[HistoryEntry]:
    return [entry(e) for e in events]


def entry(event: Any) -> HistoryEntry:
    is_budget = isinstance(event, PersonalBudget.Decision)
    return HistoryEntry(
        type=event_type(event),
        aggregate="budget" if is_budget else "plan",
        version=event.originator_version,
        plan_version=event.plan_version if is_budget else event.originator_version,
        actor=event.actor,
        recorded_at=event.timestamp,
        occurred_at=event.occurred_at,
        backdated=event.timestamp - event.occurred_at > BACKDATED_AFTER,
        summary=summary(event),
        grounds={k: json_data(v) for k, v in vars(event).items() if k not in _COMMON},
    )


def authority_level(event: Any) -> str | None:
    """The level a sign-off relied on (SIGN-7); for any other decision, the actor's own."""
    if isinstance(event, deciding.SignedOff):
        return event.authority.level
    level: str | None = event.actor.authority_level
    return level


def summary(event: Any) -> str:
    """One sentence of what was decided and by whom (ids and roles only); of an erased
    record, what kind of decision it was and by whom (KEEP-2)."""
    if any(is_erased(getattr(event, f, None)) for f in personal_fields(type(event))):
        return erased_summary(event.actor.role.value, event.actor.id, event_type(event))
    describe = SUMMARIES.get(type(event))
    what = describe(event) if describe else event_type(event)
    return f"{_who(event.actor.role.value, event.actor.id)}: {what}."


def erased_summary(role: str, actor_id: str, kind: str) -> str:
    """The sentence for a decision whose details were erased: its kind, and by whom."""
    return f"{_who(role, actor_id)}: {kind} (its details erased)."


def _who(role: str, actor_id: str) -> str:
    named = words(role).replace("sign off", "sign-off")
    return f"{named.capitalize()} {actor_id}"
