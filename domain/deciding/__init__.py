"""Deciding on a submitted plan: asking for information (SIGN-5), returning it with
reasons (RET-1..3) or signing it off with the final budget (SIGN-1..10, DP-1..4, BUD-3).
One feature in one place: this module holds its values (what a return and a sign-off
record); ``rules`` every check it makes, each naming its obligation; ``decisions`` its
commands, events and the functions that decide them. Its request bodies are
``api/schemas/deciding.py``; its tests ``tests/unit/test_deciding.py``. The values keep
their class names wherever they live: stored events name them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum


@dataclass(frozen=True)
class Judgement:
    met: bool
    reasoning: str


@dataclass(frozen=True)
class SignOffCriteria:
    """The three criteria every signed-off plan must meet (SIGN-2)."""

    appropriate_and_proportionate: Judgement
    clear_outcomes_for_review: Judgement
    best_use_of_resources: Judgement

    def named(self) -> dict[str, Judgement]:
        return {
            "appropriate_and_proportionate": self.appropriate_and_proportionate,
            "clear_outcomes_for_review": self.clear_outcomes_for_review,
            "best_use_of_resources": self.best_use_of_resources,
        }


class SignOffQuestion(Enum):
    """The eleven questions every sign-off answers, so every decision asks the same
    things (SIGN-4)."""

    INVOLVEMENT = "involvement"
    WELLBEING = "wellbeing"
    CLEAR_OUTCOMES = "clear_outcomes"
    ACHIEVING_OUTCOMES = "achieving_outcomes"
    INDEPENDENCE_CHOICE_CONTROL = "independence_choice_control"
    PREVENTION = "prevention"
    STRENGTHS_APPROACH = "strengths_approach"
    BEST_USE_OF_RESOURCES = "best_use_of_resources"
    PROPORTIONATE_INTENSITY = "proportionate_intensity"
    APPROPRIATE_TYPE = "appropriate_type"
    PROPORTIONATE_CONTINGENCY = "proportionate_contingency"


class AnswerValue(Enum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Answer:
    question: SignOffQuestion
    answer: AnswerValue
    comment: str = ""


class CheckOutcome(Enum):
    """A direct-payment check: a concern still allows the payment, with conditions."""

    SATISFIED = "satisfied"
    CONCERN = "concern"
    NOT_MET = "not_met"


@dataclass(frozen=True)
class DirectPaymentChecks:
    """The four checks before a direct payment is agreed (DP-1)."""

    recipient_can_manage: CheckOutcome
    no_household_relative_paid: CheckOutcome
    care_home_within_four_weeks: CheckOutcome
    no_rehabilitation_order: CheckOutcome
    household_relative_agreement: str = ""

    def named(self) -> dict[str, CheckOutcome]:
        return {
            "recipient_can_manage": self.recipient_can_manage,
            "no_household_relative_paid": self.no_household_relative_paid,
            "care_home_within_four_weeks": self.care_home_within_four_weeks,
            "no_rehabilitation_order": self.no_rehabilitation_order,
        }


class ConditionKind(Enum):
    """Conditions that may be attached to an agreed direct payment (DP-2)."""

    NAMED_PERSON_MAY_NOT_PROVIDE_CARE = "named_person_may_not_provide_care"
    MORE_FREQUENT_REVIEWS = "more_frequent_reviews"
    INFORMATION_AT_SET_TIMES = "information_at_set_times"


@dataclass(frozen=True)
class DirectPaymentCondition:
    kind: ConditionKind
    detail: str
    review_interval_months: int | None = None


class CostComparison(Enum):
    AUTHORITY_CHEAPER = "authority_cheaper"
    SAME = "same"
    AUTHORITY_DEARER = "authority_dearer"


@dataclass(frozen=True)
class CommissioningComparison:
    """A direct payment buying a traditional service, compared with the authority
    commissioning it (DP-4)."""

    authority_cost: CostComparison
    flexibility: str
    wellbeing_impact: str


@dataclass(frozen=True)
class DirectPaymentDecision:
    checks: DirectPaymentChecks
    conditions: tuple[DirectPaymentCondition, ...] = ()
    comparison: CommissioningComparison | None = None


@dataclass(frozen=True)
class Contributions:
    """The final budget split by who pays (BUD-3): they add up to the cost exactly."""

    person: Decimal
    authority: Decimal

    @property
    def total(self) -> Decimal:
        return self.person + self.authority


@dataclass(frozen=True)
class PanelDecision:
    """An approval panel's decision: who sat and its reference (SIGN-7)."""

    members: tuple[str, ...]
    decision_ref: str


@dataclass(frozen=True)
class AuthorityRelied:
    """The level a sign-off relied on and the rule that allowed it (SIGN-7)."""

    level: str
    limit: str
    rule: str
    panel: PanelDecision | None = None


@dataclass(frozen=True)
class Agreement:
    """Agreement reached with the person, and any third party who prepared the plan
    (SIGN-9)."""

    with_person: bool
    with_preparer: bool
    note: str = ""


@dataclass(frozen=True)
class Reduction:
    """How a lower budget still meets eligible needs, and the notice given (BUD-15)."""

    explanation: str
    notice_given_on: date
    takes_effect_on: date


class ReturnReason(Enum):
    """Why a plan is not signed off (RET-1)."""

    NOT_APPROPRIATE_OR_PROPORTIONATE = "not_appropriate_or_proportionate"
    NOT_BEST_USE_OF_RESOURCES = "not_best_use_of_resources"
    INSUFFICIENT_INFORMATION = "insufficient_information"
