"""Bodies for drafting a plan: the indicative budget, a draft (its content and costing)
and a submission for sign-off."""

from typing import Any

from pydantic import Field

from api.schemas.common import (
    MAX_ITEMS,
    CommandBody,
    DomainBody,
    Line,
    Lines,
    Money,
    OccurredAt,
    Quantity,
    Ref,
    Refs,
    Text,
)
from api.schemas.instants import Day
from domain.actors import Actor
from domain.budget import (
    BesideBudget,
    BesideKind,
    Costing,
    DirectPaymentPayee,
    DirectPaymentProposal,
    LineCategory,
    LineItem,
    ManagementSplit,
    PayeeRelationship,
    ProviderType,
)
from domain.drafting import (
    AccessibleFormat,
    AccessibleOriginal,
    CarerInvolvement,
    ContingencyEntry,
    Draft,
    IndicativeMethod,
    Justification,
    Need,
    NeedMetBy,
    Outcome,
    OutcomeArea,
    PreparedBy,
    PreparerKind,
    ReplacementCare,
    Timeframe,
)
from domain.drafting.decisions import RecordDraft, SetIndicativeBudget, Submit
from domain.money import ZERO, Frequency
from domain.notifying import ContactMethod, Recipient


class NeedIn(DomainBody):
    ref: Ref
    description: Text
    eligible: bool
    met_by: NeedMetBy
    how_met: Text = ""

    domain = Need


class OutcomeIn(DomainBody):
    ref: Ref
    description: Text
    need_refs: Refs = ()
    area: OutcomeArea = OutcomeArea.DAILY_LIFE

    domain = Outcome


class ContingencyIn(DomainBody):
    risk: Text
    likely_harm: Text
    proactive_measures: Text
    reactive_measures: Text

    domain = ContingencyEntry


class CarerIn(DomainBody):
    carer_ref: Ref
    willing: bool
    extent: Text
    need_refs: Refs = ()

    domain = CarerInvolvement


class AccessibleOriginalIn(DomainBody):
    format: AccessibleFormat
    location: Line

    domain = AccessibleOriginal


class ReplacementCareIn(DomainBody):
    """On a carer's plan: care for the cared-for person, costed on their plan (BUD-10)."""

    domain = ReplacementCare
    description: Line
    cared_for_plan_ref: Ref


class DraftIn(DomainBody):
    needs: tuple[NeedIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    outcomes: tuple[OutcomeIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    contingency: tuple[ContingencyIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    prevention_advice: Text = ""
    review_arrangements: Text = ""
    carers: tuple[CarerIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    accessible_originals: tuple[AccessibleOriginalIn, ...] = Field(default=(), max_length=10)
    replacement_care: tuple[ReplacementCareIn, ...] = Field(default=(), max_length=10)

    domain = Draft


class LineItemIn(DomainBody):
    service: Line
    provider_type: ProviderType
    units: Quantity
    unit_cost: Money
    frequency: Frequency = Frequency.WEEKLY
    category: LineCategory = LineCategory.SERVICE
    need_refs: Refs = ()
    provided_on: Day | None = Field(default=None, description="For equipment (CNT-7).")

    domain = LineItem


class SplitIn(DomainBody):
    authority_managed: Money = ZERO
    direct_payment: Money = ZERO
    individual_service_fund: Money = ZERO

    domain = ManagementSplit


class BesideIn(DomainBody):
    kind: BesideKind
    description: Line
    weekly_amount: Money
    paid_by: Line
    duration_weeks: int | None = Field(default=None, ge=1, le=520)

    domain = BesideBudget


class PayeeIn(DomainBody):
    ref: Ref
    relationship: PayeeRelationship
    same_household: bool | None = None

    domain = DirectPaymentPayee


class DirectPaymentProposalIn(DomainBody):
    need_refs: Refs = ()
    payment_frequency: Frequency = Frequency.FOUR_WEEKLY
    recipient_ref: Ref
    employs_personal_assistants: bool = False
    buys_commissionable_services: bool = False
    payees: tuple[PayeeIn, ...] = Field(default=(), max_length=20)

    domain = DirectPaymentProposal


class CostingIn(DomainBody):
    line_items: tuple[LineItemIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    split: SplitIn = SplitIn()
    beside_budget: tuple[BesideIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    direct_payment: DirectPaymentProposalIn | None = None

    domain = Costing


class PreparedByIn(DomainBody):
    kind: PreparerKind
    ref: Ref

    domain = PreparedBy


class RecordDraftRequest(CommandBody):
    draft: DraftIn
    costing: CostingIn
    prepared_by: PreparedByIn | None = Field(
        default=None, description="Who prepared it (SIGN-8); omitted means the recorder."
    )
    occurred_at: OccurredAt = None

    command = RecordDraft

    def command_fields(self, actor: Actor, ref: str | None) -> dict[str, Any]:
        fields = super().command_fields(actor, ref)
        if self.prepared_by is None:
            fields["prepared_by"] = PreparedBy(PreparerKind.PRACTITIONER, actor.id)
        return fields


class IndicativeBudgetRequest(CommandBody):
    weekly_amount: Money
    method: IndicativeMethod
    cost_assumptions: Lines = ()
    shared_with: Recipient = Recipient.PERSON
    shared_how: Line = ""
    occurred_at: OccurredAt = None

    command = SetIndicativeBudget


class JustificationIn(DomainBody):
    strengths_based_approach: Text = ""
    options_explored: Text = ""
    rationale: Text = ""
    prevention_options: Text = ""

    domain = Justification


class TimeframeIn(DomainBody):
    decision_expected_by: Day
    told_how: ContactMethod

    domain = Timeframe


class SubmitRequest(CommandBody):
    justification: JustificationIn | None = Field(
        default=None, description="Required when the proposed budget exceeds the indicative."
    )
    timeframe: TimeframeIn | None = Field(
        default=None, description="On resubmission, the timeframe given to the person (RET-4)."
    )
    occurred_at: OccurredAt = None

    command = Submit
