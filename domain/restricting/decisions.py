"""Restricting a person's records, and lifting the restriction: one ``RecordRestriction``
per person, whose events name who may reach the records and why (DESIGN-restricted).
Its events are in the store like any decision, so the integrity record covers them."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.errors import DecisionNotAllowed, refuse_if
from domain.events import copy_aggregate, register_explicit_topic
from domain.restricting import RULE
from domain.restricting.rules import keeper_failures, named_failures, reason_failures

RESTRICTION_NAMESPACE = uuid5(NAMESPACE_URL, "urn:careledger:record-restriction")


@dataclass(frozen=True)
class Restrict:
    """Restrict a person's records to the staff ``named`` (or change who is named)."""

    actor: Actor
    person_ref: str
    named: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Lift:
    actor: Actor
    person_ref: str
    reason: str


class RecordRestriction(Aggregate):
    """Whether a person's records are restricted, and to whom."""

    TOPIC = "careledger:RecordRestriction"

    class Event(Aggregate.Event):
        TOPIC = "careledger:RecordRestriction.Event"

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            register_explicit_topic(cls)

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, RecordRestriction)
            self.evolve(aggregate)

        def evolve(self, restriction: "RecordRestriction") -> None:
            """How this event changes the restriction."""

    class Created(Event, Aggregate.Created):
        """Never recorded: a restriction's first event is ``RecordRestriction.Restricted``."""

        TOPIC = "careledger:RecordRestriction.Created"

    def __init__(self, person_ref: str) -> None:
        self.person_ref = person_ref
        self.named: frozenset[str] | None = None  # None: not restricted (now)

    def __deepcopy__(self, memo: dict[int, Any]) -> "RecordRestriction":
        return copy_aggregate(self)

    @staticmethod
    def create_id(person_ref: str) -> UUID:
        return uuid5(RESTRICTION_NAMESPACE, person_ref)


class Restricted(RecordRestriction.Event):
    TOPIC = "careledger:RecordRestriction.Restricted"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    named: tuple[str, ...]
    reason: str

    def evolve(self, restriction: RecordRestriction) -> None:
        restriction.named = frozenset(self.named)


class FirstRestricted(Restricted, RecordRestriction.Created):
    """The first restriction of a person's records, which opens their ``RecordRestriction``."""

    TOPIC = "careledger:RecordRestriction.FirstRestricted"
    class_version = 1
    person_ref: str


class Lifted(RecordRestriction.Event):
    TOPIC = "careledger:RecordRestriction.Lifted"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    reason: str

    def evolve(self, restriction: RecordRestriction) -> None:
        restriction.named = None


def restrict(current: RecordRestriction | None, command: Restrict,
             now: datetime) -> RecordRestriction:  # fmt: skip
    """The restriction with ``command`` applied (a new one for a person never restricted)."""
    named = tuple(command.named)
    refuse_if("restrict the records", [
        *keeper_failures(command.actor, current.named if current else None),
        *named_failures(named), *reason_failures(command.reason),
    ])  # fmt: skip
    if current is None:
        return RecordRestriction._create(
            FirstRestricted, id=RecordRestriction.create_id(command.person_ref),
            person_ref=command.person_ref, actor=command.actor, occurred_at=now,
            named=named, reason=command.reason,
        )  # fmt: skip
    current.trigger_event(Restricted, actor=command.actor, occurred_at=now, named=named,
                          reason=command.reason)  # fmt: skip
    return current


def lift(current: RecordRestriction | None, command: Lift, now: datetime) -> RecordRestriction:
    if current is None or current.named is None:
        raise DecisionNotAllowed("lift the restriction", "not restricted", ["restricted"], RULE)
    refuse_if(
        "lift the restriction",
        [*keeper_failures(command.actor, current.named), *reason_failures(command.reason)],
    )
    current.trigger_event(Lifted, actor=command.actor, occurred_at=now, reason=command.reason)
    return current
