"""A care and support plan or a carer's support plan (KIND-1): its state, and the base of
its events. Each decision lives in a feature module beside this one: a function that
checks and refuses, and an event whose ``evolve`` only mutates, since it runs again on
every replay."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.amending import AmendmentInProgress, AmendmentRequest
from domain.deciding import Reduction, ReturnReason
from domain.drafting import Draft, PreparedBy
from domain.errors import DecisionNotAllowed, Failure
from domain.events import copy_aggregate, register_explicit_topic
from domain.involvement import BestInterests, CapacityFinding, CapacityMatter, Party, PartyKind
from domain.kinds import PlanBasis, PlanKind, PlanStatus
from domain.lifecycle import InterimService, UnmetNeedsExplanation
from domain.notifying import CopyDue, CopyIssued, Notice
from domain.paying import CareHomeStay, PayeeNecessity
from domain.reviewing import CompletedReview, Monitoring
from domain.rules.authority import independence_failures
from domain.rules.timing import occurred_at_failures
from domain.sharing import ShareRequest, SharingPreference

STATE_MACHINE = "DESIGN-state-machine"
LIVE = frozenset(set(PlanStatus) - {PlanStatus.ENDED})


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
        self.signed_off_versions: tuple[int, ...] = ()
        # telling people, copies and sharing (NOT-1..5, SHR-1..5)
        self.notices: tuple[Notice, ...] = ()
        self.copies_due: tuple[CopyDue, ...] = ()
        self.copies: tuple[CopyIssued, ...] = ()
        self.share_requests: tuple[ShareRequest, ...] = ()
        self.sharing_preferences: tuple[SharingPreference, ...] = ()
        # involvement and capacity (INV-1..4)
        self.parties: tuple[Party, ...] = ()
        self.capacity: tuple[CapacityFinding, ...] = ()
        self.best_interests: tuple[BestInterests, ...] = ()
        # amendments (AMD-1..5)
        self.amendment_requests: tuple[AmendmentRequest, ...] = ()
        self.consulted_on: frozenset[str] = frozenset()
        self.amendment: AmendmentInProgress | None = None
        # reviews (REV-1..5) and direct payments (DP-6..8)
        self.services_start_on: date | None = None
        self.next_review_on: date | None = None
        self.last_review: CompletedReview | None = None
        self.open_review_requests = 0
        self.monitoring: tuple[Monitoring, ...] = ()
        self.payee_necessity: tuple[PayeeNecessity, ...] = ()
        self.care_home_stays: tuple[CareHomeStay, ...] = ()
        self.direct_payment_review_months = 12
        self.direct_payment_first_paid_on: date | None = None
        self.direct_payment_review_due_on: date | None = None
        # budget after sign-off (BUD-12, BUD-14)
        self.open_challenges: frozenset[str] = frozenset()
        self.independent_budget: Decimal | None = None
        # every lower budget signed off, by the plan version that signed it off, and when
        # it takes effect (BUD-15)
        self.reductions: tuple[tuple[int, Reduction], ...] = ()
        # the rest of its life (LIFE-1..4, SIGN-10)
        self.paused_from: PlanStatus | None = None
        self.interim_services: tuple[InterimService, ...] = ()
        self.unmet_needs_explained: tuple[UnmetNeedsExplanation, ...] = ()
        self.combined_with: tuple[str, ...] = ()

    def __deepcopy__(self, memo: dict[int, Any]) -> "Plan":
        return copy_aggregate(self)

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
        involved = [(p.ref, p.kind.value.replace("_", " ")) for p in self.parties]
        return independence_failures(actor, self.submitters, self.preparers, involved)

    def lacks_capacity(self, matter: CapacityMatter) -> bool:
        """Capacity is presumed; the latest finding for this decision says otherwise."""
        findings = [f for f in self.capacity if f.matter is matter]
        return bool(findings) and not findings[-1].has_capacity

    def has_best_interests_decision(self, matter: CapacityMatter) -> bool:
        return any(b.matter is matter for b in self.best_interests)

    def party(self, ref: str, kind: PartyKind | None = None) -> Party | None:
        return next(
            (p for p in self.parties if p.ref == ref and (kind is None or p.kind is kind)), None
        )

    def parties_of(self, kind: PartyKind) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.kind is kind)

    def carer_refs(self) -> tuple[str, ...]:
        """Every carer involved, in one list: recorded as involved (INV-1) or named in the
        draft as meeting some of the person's needs (CNT-4), first-seen order."""
        named = (c.carer_ref for c in self.draft.carers) if self.draft else ()
        involved = (p.ref for p in self.parties_of(PartyKind.CARER))
        return tuple(dict.fromkeys((*involved, *named)))

    def require_signed_off(self, decision: str, rule: str) -> int:
        """The version in force; refuses when the plan was never signed off."""
        if self.signed_off_version is None or self.status is PlanStatus.ENDED:
            raise DecisionNotAllowed(
                decision, self.status.value, ("signed off at least once",), rule
            )
        return self.signed_off_version
