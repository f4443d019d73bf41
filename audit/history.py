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
    """One sentence of what was decided and by whom (ids and roles only)."""
    role = words(event.actor.role).replace("sign off", "sign-off")
    who = f"{role.capitalize()} {event.actor.id}"
    describe = SUMMARIES.get(type(event))
    what = describe(event) if describe else event_type(event)
    return f"{who}: {what}."
