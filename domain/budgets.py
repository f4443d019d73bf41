"""The personal budget of a plan: indicative, proposed and agreed (BUD-1..16)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.commands import SetIndicativeBudget
from domain.costing import Costing
from domain.errors import refuse_if
from domain.grounds import IndicativeMethod
from domain.kinds import PlanBasis, PlanKind
from domain.rules.budget import contributions_failures
from domain.sign_off import Contributions

# Budget ids derive from their plan's random id, never from a person's identifier.
BUDGET_NAMESPACE = UUID("6f1c2a52-5d0b-4a47-9a8e-1c3f0e2b7d41")


@dataclass(frozen=True)
class Indicative:
    weekly_amount: Decimal
    method: IndicativeMethod
    cost_assumptions: tuple[str, ...]


@dataclass(frozen=True)
class Agreed:
    cost: Decimal
    contributions: Contributions
    costing: Costing
    plan_version: int


class PersonalBudget(Aggregate):
    """One per plan (BUD-1). Every event records the plan version it was decided with,
    so the budget as it stood at any plan version can be rebuilt."""

    TOPIC = "careledger:PersonalBudget"

    class Event(Aggregate.Event):
        TOPIC = "careledger:PersonalBudget.Event"

    class Created(Event, Aggregate.Created):
        """Never recorded: declared so the library does not define one that borrows the
        ``Event`` topic. The first event is ``Opened``."""

        TOPIC = "careledger:PersonalBudget.Created"

    class Decision(Event):
        TOPIC = "careledger:PersonalBudget.Decision"
        actor: Actor
        occurred_at: datetime
        plan_version: int

    class Opened(Decision, Aggregate.Created):
        TOPIC = "careledger:PersonalBudget.Opened"
        class_version = 1
        plan_id: UUID
        kind: PlanKind
        basis: PlanBasis

    class IndicativeSet(Decision):
        TOPIC = "careledger:PersonalBudget.IndicativeSet"
        class_version = 1
        weekly_amount: Decimal
        method: IndicativeMethod
        cost_assumptions: tuple[str, ...]

    class ProposedCosted(Decision):
        TOPIC = "careledger:PersonalBudget.ProposedCosted"
        class_version = 1
        costing: Costing
        weekly_cost: Decimal
        total_plan_cost: Decimal

    class FinalAgreed(Decision):
        TOPIC = "careledger:PersonalBudget.FinalAgreed"
        class_version = 1
        costing: Costing
        cost: Decimal
        contributions: Contributions
        total_plan_cost: Decimal

    @staticmethod
    def create_id(plan_id: UUID) -> UUID:
        return uuid5(BUDGET_NAMESPACE, plan_id.hex)

    @event(Opened)
    def __init__(
        self,
        actor: Actor,
        occurred_at: datetime,
        plan_version: int,
        plan_id: UUID,
        kind: PlanKind,
        basis: PlanBasis,
    ) -> None:
        self.plan_id = plan_id
        self.kind = kind
        self.basis = basis
        self.indicative: Indicative | None = None
        self.proposed: Costing | None = None
        self.agreed: Agreed | None = None

    def set_indicative(
        self, command: SetIndicativeBudget, when: datetime, plan_version: int
    ) -> None:
        """Checked by the plan, which decides when it may change (BUD-2)."""
        self._indicative_set(
            actor=command.actor,
            occurred_at=when,
            plan_version=plan_version,
            weekly_amount=command.weekly_amount,
            method=command.method,
            cost_assumptions=command.cost_assumptions,
        )

    @event(IndicativeSet)
    def _indicative_set(
        self,
        actor: Actor,
        occurred_at: datetime,
        plan_version: int,
        weekly_amount: Decimal,
        method: IndicativeMethod,
        cost_assumptions: tuple[str, ...],
    ) -> None:
        self.indicative = Indicative(weekly_amount, method, cost_assumptions)

    def propose(self, costing: Costing, actor: Actor, when: datetime, plan_version: int) -> None:
        """Checked by the plan with the draft it belongs to."""
        self._proposed_costed(
            actor=actor,
            occurred_at=when,
            plan_version=plan_version,
            costing=costing,
            weekly_cost=costing.weekly_cost,
            total_plan_cost=costing.total_plan_cost,
        )

    @event(ProposedCosted)
    def _proposed_costed(
        self,
        actor: Actor,
        occurred_at: datetime,
        plan_version: int,
        costing: Costing,
        weekly_cost: Decimal,
        total_plan_cost: Decimal,
    ) -> None:
        self.proposed = costing

    def agree_final(
        self, contributions: Contributions, actor: Actor, when: datetime, plan_version: int
    ) -> None:
        """The final budget is the cost of the draft, split by who pays (BUD-3..5, BUD-9)."""
        costing = self.proposed
        if costing is None:
            raise ValueError("no proposed costing to agree")  # the plan refuses this first
        refuse_if(
            "agree the final budget",
            contributions_failures(
                contributions.person,
                contributions.authority,
                costing.weekly_cost,
                self.kind,
                self.basis,
            ),
        )
        self._final_agreed(
            actor=actor,
            occurred_at=when,
            plan_version=plan_version,
            costing=costing,
            cost=costing.weekly_cost,
            contributions=contributions,
            total_plan_cost=costing.total_plan_cost,
        )

    @event(FinalAgreed)
    def _final_agreed(
        self,
        actor: Actor,
        occurred_at: datetime,
        plan_version: int,
        costing: Costing,
        cost: Decimal,
        contributions: Contributions,
        total_plan_cost: Decimal,
    ) -> None:
        self.agreed = Agreed(cost, contributions, costing, plan_version)

    @property
    def proposed_weekly(self) -> Decimal | None:
        return None if self.proposed is None else self.proposed.weekly_cost

    @property
    def indicative_weekly(self) -> Decimal | None:
        return None if self.indicative is None else self.indicative.weekly_amount
