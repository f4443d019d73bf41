"""The personal budget of a plan: indicative, proposed and agreed (BUD-1..16).

Every event records the plan version it was decided with, so the budget as it stood at
any plan version can be rebuilt. The plan's decisions check; these methods record.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.budget import Costing
from domain.budget.rules import contributions_failures
from domain.deciding import Contributions
from domain.drafting import IndicativeMethod
from domain.errors import refuse_if
from domain.events import copy_aggregate, register_explicit_topic
from domain.kinds import PlanBasis, PlanKind

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
    """One per plan (BUD-1)."""

    TOPIC = "careledger:PersonalBudget"

    class Event(Aggregate.Event):
        TOPIC = "careledger:PersonalBudget.Event"

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            register_explicit_topic(cls)

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, PersonalBudget)
            self.evolve(aggregate)

        def evolve(self, budget: "PersonalBudget") -> None:
            """How this event changes the budget."""

    class Created(Event, Aggregate.Created):
        """Never recorded: a budget's first event is ``PersonalBudget.Opened``."""

        TOPIC = "careledger:PersonalBudget.Created"

    class Decision(Event):
        TOPIC = "careledger:PersonalBudget.Decision"
        actor: Actor
        occurred_at: datetime
        plan_version: int

    @staticmethod
    def create_id(plan_id: UUID) -> UUID:
        return uuid5(BUDGET_NAMESPACE, plan_id.hex)

    def __init__(self, plan_id: UUID, kind: PlanKind, basis: PlanBasis) -> None:
        self.plan_id = plan_id
        self.kind = kind
        self.basis = basis
        self.indicative: Indicative | None = None
        self.proposed: Costing | None = None
        self.agreed: Agreed | None = None
        self.agreements: tuple[Agreed, ...] = ()  # every budget agreed, ``agreed`` last

    def __deepcopy__(self, memo: dict[int, Any]) -> "PersonalBudget":
        return copy_aggregate(self)

    @classmethod
    def open(
        cls, plan_id: UUID, kind: PlanKind, basis: PlanBasis, actor: Actor, when: datetime
    ) -> "PersonalBudget":
        return cls._create(
            Opened,
            id=cls.create_id(plan_id),
            actor=actor,
            occurred_at=when,
            plan_version=1,
            plan_id=plan_id,
            kind=kind,
            basis=basis,
        )

    def set_indicative(
        self,
        indicative: Indicative,
        actor: Actor,
        when: datetime,
        plan_version: int,
    ) -> None:
        self.trigger_event(
            IndicativeSet,
            actor=actor,
            occurred_at=when,
            plan_version=plan_version,
            weekly_amount=indicative.weekly_amount,
            method=indicative.method,
            cost_assumptions=indicative.cost_assumptions,
        )

    def propose(self, costing: Costing, actor: Actor, when: datetime, plan_version: int) -> None:
        self.trigger_event(
            ProposedCosted,
            actor=actor,
            occurred_at=when,
            plan_version=plan_version,
            costing=costing,
            weekly_cost=costing.weekly_cost,
            total_plan_cost=costing.total_plan_cost,
        )

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
        self.trigger_event(
            FinalAgreed,
            actor=actor,
            occurred_at=when,
            plan_version=plan_version,
            costing=costing,
            cost=costing.weekly_cost,
            contributions=contributions,
            total_plan_cost=costing.total_plan_cost,
        )

    @property
    def proposed_weekly(self) -> Decimal | None:
        return None if self.proposed is None else self.proposed.weekly_cost

    @property
    def indicative_weekly(self) -> Decimal | None:
        return None if self.indicative is None else self.indicative.weekly_amount


class Opened(PersonalBudget.Decision, PersonalBudget.Created):
    TOPIC = "careledger:PersonalBudget.Opened"
    class_version = 1
    plan_id: UUID
    kind: PlanKind
    basis: PlanBasis


class IndicativeSet(PersonalBudget.Decision):
    TOPIC = "careledger:PersonalBudget.IndicativeSet"
    class_version = 1
    weekly_amount: Decimal
    method: IndicativeMethod
    cost_assumptions: tuple[str, ...]

    def evolve(self, budget: PersonalBudget) -> None:
        budget.indicative = Indicative(self.weekly_amount, self.method, self.cost_assumptions)


class ProposedCosted(PersonalBudget.Decision):
    TOPIC = "careledger:PersonalBudget.ProposedCosted"
    class_version = 1
    costing: Costing
    weekly_cost: Decimal
    total_plan_cost: Decimal

    def evolve(self, budget: PersonalBudget) -> None:
        budget.proposed = self.costing


class FinalAgreed(PersonalBudget.Decision):
    TOPIC = "careledger:PersonalBudget.FinalAgreed"
    class_version = 1
    costing: Costing
    cost: Decimal
    contributions: Contributions
    total_plan_cost: Decimal

    def evolve(self, budget: PersonalBudget) -> None:
        budget.agreed = Agreed(self.cost, self.contributions, self.costing, self.plan_version)
        budget.agreements = (*budget.agreements, budget.agreed)
