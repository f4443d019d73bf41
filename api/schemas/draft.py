"""The body of ``POST /plans/{id}/draft``: the draft's content and its costing."""

from pydantic import Field

from api.schemas.common import (
    MAX_ITEMS,
    DomainBody,
    Line,
    Money,
    OccurredAt,
    Quantity,
    Ref,
    Refs,
    RequestBody,
    Text,
)
from domain.actors import Actor
from domain.costing import (
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
from domain.draft import (
    AccessibleFormat,
    AccessibleOriginal,
    CarerInvolvement,
    ContingencyEntry,
    Draft,
    Need,
    NeedMetBy,
    Outcome,
    OutcomeArea,
    PreparedBy,
    PreparerKind,
)
from domain.money import ZERO, Frequency
from domain.plan.drafting import RecordDraft


class NeedIn(DomainBody):
    ref: Ref
    description: Text
    eligible: bool
    met_by: NeedMetBy
    how_met: Text = ""

    def to_domain(self) -> Need:
        return Need(**self.domain_fields())


class OutcomeIn(DomainBody):
    ref: Ref
    description: Text
    need_refs: Refs = ()
    area: OutcomeArea = OutcomeArea.DAILY_LIFE

    def to_domain(self) -> Outcome:
        return Outcome(**self.domain_fields())


class ContingencyIn(DomainBody):
    risk: Text
    likely_harm: Text
    proactive_measures: Text
    reactive_measures: Text

    def to_domain(self) -> ContingencyEntry:
        return ContingencyEntry(**self.domain_fields())


class CarerIn(DomainBody):
    carer_ref: Ref
    willing: bool
    extent: Text
    need_refs: Refs = ()

    def to_domain(self) -> CarerInvolvement:
        return CarerInvolvement(**self.domain_fields())


class AccessibleOriginalIn(DomainBody):
    format: AccessibleFormat
    location: Line

    def to_domain(self) -> AccessibleOriginal:
        return AccessibleOriginal(**self.domain_fields())


class DraftIn(DomainBody):
    needs: tuple[NeedIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    outcomes: tuple[OutcomeIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    contingency: tuple[ContingencyIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    prevention_advice: Text = ""
    review_arrangements: Text = ""
    carers: tuple[CarerIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    accessible_originals: tuple[AccessibleOriginalIn, ...] = Field(default=(), max_length=10)

    def to_domain(self) -> Draft:
        return Draft(**self.domain_fields())


class LineItemIn(DomainBody):
    service: Line
    provider_type: ProviderType
    units: Quantity
    unit_cost: Money
    frequency: Frequency = Frequency.WEEKLY
    category: LineCategory = LineCategory.SERVICE
    need_refs: Refs = ()

    def to_domain(self) -> LineItem:
        return LineItem(**self.domain_fields())


class SplitIn(DomainBody):
    authority_managed: Money = ZERO
    direct_payment: Money = ZERO
    individual_service_fund: Money = ZERO

    def to_domain(self) -> ManagementSplit:
        return ManagementSplit(**self.domain_fields())


class BesideIn(DomainBody):
    kind: BesideKind
    description: Line
    weekly_amount: Money
    paid_by: Line
    duration_weeks: int | None = Field(default=None, ge=1, le=520)

    def to_domain(self) -> BesideBudget:
        return BesideBudget(**self.domain_fields())


class PayeeIn(DomainBody):
    ref: Ref
    relationship: PayeeRelationship
    same_household: bool | None = None

    def to_domain(self) -> DirectPaymentPayee:
        return DirectPaymentPayee(**self.domain_fields())


class DirectPaymentProposalIn(DomainBody):
    need_refs: Refs = ()
    payment_frequency: Frequency = Frequency.FOUR_WEEKLY
    recipient_ref: Ref
    employs_personal_assistants: bool = False
    buys_commissionable_services: bool = False
    payees: tuple[PayeeIn, ...] = Field(default=(), max_length=20)

    def to_domain(self) -> DirectPaymentProposal:
        return DirectPaymentProposal(**self.domain_fields())


class CostingIn(DomainBody):
    line_items: tuple[LineItemIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    split: SplitIn = SplitIn()
    beside_budget: tuple[BesideIn, ...] = Field(default=(), max_length=MAX_ITEMS)
    direct_payment: DirectPaymentProposalIn | None = None

    def to_domain(self) -> Costing:
        return Costing(**self.domain_fields())


class PreparedByIn(DomainBody):
    kind: PreparerKind
    ref: Ref

    def to_domain(self) -> PreparedBy:
        return PreparedBy(**self.domain_fields())


class RecordDraftRequest(RequestBody):
    draft: DraftIn
    costing: CostingIn
    prepared_by: PreparedByIn | None = Field(
        default=None, description="Who prepared it (SIGN-8); omitted means the recorder."
    )
    occurred_at: OccurredAt = None

    def to_command(self, actor: Actor) -> RecordDraft:
        prepared_by = (
            self.prepared_by.to_domain()
            if self.prepared_by
            else PreparedBy(PreparerKind.PRACTITIONER, actor.id)
        )
        return RecordDraft(
            actor=actor, prepared_by=prepared_by, **self.domain_fields("prepared_by")
        )
