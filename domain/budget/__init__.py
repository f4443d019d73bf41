"""The personal budget (BUD-1..16): the money side of a plan, in one place. This module
holds its values (costed line items, how the budget is managed, amounts paid beside the
budget, a direct-payment proposal); ``rules`` every check on amounts, costings,
contributions and reductions, each naming its obligation (drafting, sign-off and the
budget after sign-off call them); ``aggregate`` the PersonalBudget aggregate that records
the indicative, proposed and agreed budget. Its tests are
``tests/unit/test_budget.py``. The values keep their class names wherever they
live: stored events name them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from domain.money import ZERO, Frequency, pence, weekly


class LineCategory(Enum):
    SERVICE = "service"
    CONTINGENCY = "contingency"  # contingency costs count in the plan's cost (CNT-3)
    EMPLOYER_COST = "employer_cost"  # costs of employing personal assistants (DP-3)
    EQUIPMENT = "equipment"
    REPLACEMENT_CARE = "replacement_care"  # care for the person so their carer has a break


class ProviderType(Enum):
    HOME_CARE_AGENCY = "home_care_agency"
    PERSONAL_ASSISTANT = "personal_assistant"
    DAY_SERVICE = "day_service"
    RESIDENTIAL_CARE = "residential_care"
    NURSING_CARE = "nursing_care"
    SHORT_BREAK = "short_break"
    COMMUNITY_SERVICE = "community_service"
    ASSISTIVE_TECHNOLOGY = "assistive_technology"
    OTHER = "other"


@dataclass(frozen=True)
class LineItem:
    """One costed line of the plan (BUD-16): units at a unit cost, per ``frequency``."""

    service: str
    provider_type: ProviderType
    units: Decimal
    unit_cost: Decimal
    frequency: Frequency = Frequency.WEEKLY
    category: LineCategory = LineCategory.SERVICE
    need_refs: tuple[str, ...] = ()
    provided_on: date | None = None  # for equipment and works (CNT-7)

    @property
    def weekly_cost(self) -> Decimal:
        return weekly(self.units * self.unit_cost, self.frequency)


class ManagementMethod(Enum):
    AUTHORITY_MANAGED = "authority_managed"
    DIRECT_PAYMENT = "direct_payment"
    INDIVIDUAL_SERVICE_FUND = "individual_service_fund"
    MIXED = "mixed"


@dataclass(frozen=True)
class ManagementSplit:
    """How the weekly budget is managed (BUD-11): the parts add up to the budget."""

    authority_managed: Decimal = ZERO
    direct_payment: Decimal = ZERO
    individual_service_fund: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.authority_managed + self.direct_payment + self.individual_service_fund

    @property
    def method(self) -> ManagementMethod | None:
        parts = {
            ManagementMethod.AUTHORITY_MANAGED: self.authority_managed,
            ManagementMethod.DIRECT_PAYMENT: self.direct_payment,
            ManagementMethod.INDIVIDUAL_SERVICE_FUND: self.individual_service_fund,
        }
        used = [m for m, amount in parts.items() if amount > 0]
        if not used:
            return None
        return used[0] if len(used) == 1 else ManagementMethod.MIXED

    @property
    def includes_direct_payment(self) -> bool:
        return self.direct_payment > 0


class BesideKind(Enum):
    """Amounts recorded beside the personal budget, never inside it (BUD-6..8)."""

    THIRD_PARTY_TOP_UP = "third_party_top_up"
    PERSON_PAID_ACTIVITY = "person_paid_activity"
    NHS_JOINT_FUNDING = "nhs_joint_funding"
    OTHER_PUBLIC_MONEY = "other_public_money"
    ARRANGEMENT_FEE = "arrangement_fee"
    FREE_REABLEMENT = "free_reablement"


@dataclass(frozen=True)
class BesideBudget:
    kind: BesideKind
    description: str
    weekly_amount: Decimal
    paid_by: str
    duration_weeks: int | None = None


class PayeeRelationship(Enum):
    NOT_RELATED = "not_related"
    SPOUSE_OR_PARTNER = "spouse_or_partner"
    CLOSE_RELATIVE = "close_relative"
    OTHER_RELATIVE = "other_relative"


@dataclass(frozen=True)
class DirectPaymentPayee:
    """Someone the direct payment will pay for care; ``same_household`` is ``None`` when
    it is not yet known."""

    ref: str
    relationship: PayeeRelationship
    same_household: bool | None


@dataclass(frozen=True)
class DirectPaymentProposal:
    """The needs a direct payment meets, how often it is paid, and what it buys (DP-5)."""

    need_refs: tuple[str, ...]
    payment_frequency: Frequency
    recipient_ref: str
    employs_personal_assistants: bool = False
    buys_commissionable_services: bool = False
    payees: tuple[DirectPaymentPayee, ...] = ()


@dataclass(frozen=True)
class Costing:
    """The proposed cost of a draft plan."""

    line_items: tuple[LineItem, ...]
    split: ManagementSplit
    beside_budget: tuple[BesideBudget, ...] = ()
    direct_payment: DirectPaymentProposal | None = None

    @property
    def weekly_cost(self) -> Decimal:
        """The personal budget the draft proposes: every line item, nothing beside."""
        return pence(sum((item.weekly_cost for item in self.line_items), ZERO))

    @property
    def beside_total(self) -> Decimal:
        return pence(sum((b.weekly_amount for b in self.beside_budget), ZERO))

    @property
    def total_plan_cost(self) -> Decimal:
        """Personal budget plus what others pay beside it (BUD-6)."""
        return self.weekly_cost + self.beside_total

    def lines_in(self, category: LineCategory) -> tuple[LineItem, ...]:
        return tuple(item for item in self.line_items if item.category is category)
