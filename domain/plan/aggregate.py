"""A care and support plan or a carer's support plan (KIND-1): its state, and the base of
its events. Each decision lives in a feature module beside this one: a function that
checks and refuses, and an event whose ``evolve`` only mutates, since it runs again on
every replay."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.draft import Draft, PreparedBy
from domain.errors import DecisionNotAllowed, Failure
from domain.events import register_explicit_topic
from domain.grounds import Notice, ReturnReason
from domain.kinds import PlanBasis, PlanKind, PlanStatus
from domain.rules.authority import independence_failures
from domain.rules.timing import occurred_at_failures

STATE_MACHINE = "DESIGN-state-machine"


@dataclass(frozen=True)
class LastReturn:
    round: int
    reasons: tuple[ReturnReason, ...]
    suggested_steps: tuple[str, ...]


class Plan(Aggregate):
    TOPIC = "careledger:Plan"

    class Event(Aggregate.Event):
        TOPIC = "careledger:Plan.Event"

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            register_explicit_topic(cls)

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Plan)
            self.evolve(aggregate)

        def evolve(self, plan: "Plan") -> None:
            """How this event changes the plan."""

    class Created(Event, Aggregate.Created):
        """Never recorded: declared so the library does not define one that borrows the
        ``Event`` topic. A plan's first event is ``Plan.Started``."""

        TOPIC = "careledger:Plan.Created"

    class Decision(Event):
        """A decision: who made it, and when it happened in the world."""

        TOPIC = "careledger:Plan.Decision"
        actor: Actor
        occurred_at: datetime

    def __init__(
        self, kind: PlanKind, basis: PlanBasis, person_ref: str, team: str, occurred_at: datetime
    ) -> None:
        self.kind = kind
        self.basis = basis
        self.person_ref = person_ref
        self.team = team
        self.started_at = occurred_at
        self.status = PlanStatus.STARTED
        self.indicative_shared = False
        self.draft: Draft | None = None
        self.prepared_by: PreparedBy | None = None
        self.preparers: frozenset[str] = frozenset()
        self.revision = 0
        self.round = 0
        self.submitted_by: str | None = None
        self.submitters: frozenset[str] = frozenset()
        self.open_questions: tuple[str, ...] = ()
        self.last_return: LastReturn | None = None
        self.signed_off_version: int | None = None
        self.notices: tuple[Notice, ...] = ()

    # --- helpers for the decisions -----------------------------------------------------

    @property
    def next_version(self) -> int:
        return self.version + 1

    def record(self, event_class: type["Plan.Event"], **fields: Any) -> None:
        self.trigger_event(event_class, **fields)

    def require_status(self, decision: str, allowed: Iterable[PlanStatus], rule: str) -> None:
        allowed = frozenset(allowed)
        if self.status not in allowed:
            raise DecisionNotAllowed(decision, self.status.value, (s.value for s in allowed), rule)

    def timing(self, occurred_at: datetime | None, now: datetime) -> list[Failure]:
        return occurred_at_failures(occurred_at, now, self.started_at)

    def independence(self, actor: Actor) -> list[Failure]:
        return independence_failures(actor, self.submitters, self.preparers)
