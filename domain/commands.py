"""Commands: what an actor asks the system to record. ``occurred_at`` is when it
happened in the world; ``None`` means now."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.actors import Actor
from domain.costing import Costing
from domain.draft import Draft, PreparedBy
from domain.grounds import IndicativeMethod, Justification, Recipient, ReturnReason
from domain.kinds import PlanBasis, PlanKind
from domain.sign_off import Answer, Contributions, DirectPaymentDecision, SignOffCriteria


@dataclass(frozen=True)
class StartPlan:
    actor: Actor
    kind: PlanKind
    basis: PlanBasis
    person_ref: str
    team: str
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class SetIndicativeBudget:
    """Set the indicative budget and share it with the person (BUD-2)."""

    actor: Actor
    weekly_amount: Decimal
    method: IndicativeMethod
    cost_assumptions: tuple[str, ...]
    shared_with: Recipient
    shared_how: str
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class RecordDraft:
    actor: Actor
    draft: Draft
    costing: Costing
    prepared_by: PreparedBy
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Submit:
    actor: Actor
    justification: Justification | None = None
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class RequestInformation:
    actor: Actor
    questions: tuple[str, ...]
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class ProvideInformation:
    actor: Actor
    response: str
    evidence_refs: tuple[str, ...] = ()
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class ReturnPlan:
    actor: Actor
    reasons: tuple[ReturnReason, ...]
    explanation: str
    suggested_steps: tuple[str, ...]
    notify: Recipient
    right_to_complain: bool
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class SignOff:
    actor: Actor
    criteria: SignOffCriteria
    preferences_and_wellbeing: str
    answers: tuple[Answer, ...]
    contributions: Contributions
    notify: Recipient
    direct_payment: DirectPaymentDecision | None = None
    occurred_at: datetime | None = None
