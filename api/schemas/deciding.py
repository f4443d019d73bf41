"""Bodies for deciding on a submitted plan: information requests, returns and sign-off."""

from typing import Any

from pydantic import Field

from api.schemas.common import (
    CommandBody,
    DomainBody,
    Line,
    Lines,
    Money,
    OccurredAt,
    Ref,
    Refs,
    RequestBody,
    Text,
)
from api.schemas.instants import Day
from domain.actors import Actor
from domain.deciding import (
    Agreement,
    Answer,
    AnswerValue,
    CheckOutcome,
    CommissioningComparison,
    ConditionKind,
    Contributions,
    CostComparison,
    DirectPaymentChecks,
    DirectPaymentCondition,
    DirectPaymentDecision,
    Judgement,
    PanelDecision,
    Reduction,
    ReturnReason,
    SignOffCriteria,
    SignOffQuestion,
)
from domain.deciding.decisions import ProvideInformation, RequestInformation, ReturnPlan, SignOff
from domain.notifying import Recipient


class AskForInformationRequest(CommandBody):
    questions: Lines = ()
    occurred_at: OccurredAt = None

    command = RequestInformation


class InformationRequest(CommandBody):
    response: Text = ""
    evidence_refs: Refs = ()
    occurred_at: OccurredAt = None

    command = ProvideInformation


class ReturnRequest(CommandBody):
    reasons: tuple[ReturnReason, ...] = Field(default=(), max_length=3)
    explanation: Text = ""
    suggested_steps: Lines = ()
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = Field(
        default=False,
        description="Confirms the person will be told of their right to complain (COMP-1).",
    )
    occurred_at: OccurredAt = None

    command = ReturnPlan


class JudgementIn(DomainBody):
    met: bool
    reasoning: Text = ""

    domain = Judgement


class CriteriaIn(DomainBody):
    appropriate_and_proportionate: JudgementIn
    clear_outcomes_for_review: JudgementIn
    best_use_of_resources: JudgementIn

    domain = SignOffCriteria


class AnswerIn(RequestBody):
    answer: AnswerValue
    comment: Line = ""


class ChecksIn(DomainBody):
    recipient_can_manage: CheckOutcome
    no_household_relative_paid: CheckOutcome
    care_home_within_four_weeks: CheckOutcome
    no_rehabilitation_order: CheckOutcome
    household_relative_agreement: Line = ""

    domain = DirectPaymentChecks


class ConditionIn(DomainBody):
    kind: ConditionKind
    detail: Line = ""
    review_interval_months: int | None = Field(default=None, ge=1, le=60)

    domain = DirectPaymentCondition


class ComparisonIn(DomainBody):
    authority_cost: CostComparison
    flexibility: Text = ""
    wellbeing_impact: Text = ""

    domain = CommissioningComparison


class DirectPaymentDecisionIn(DomainBody):
    checks: ChecksIn
    conditions: tuple[ConditionIn, ...] = Field(default=(), max_length=20)
    comparison: ComparisonIn | None = None

    domain = DirectPaymentDecision


class ContributionsIn(DomainBody):
    person: Money
    authority: Money

    domain = Contributions


class PanelIn(DomainBody):
    members: Refs
    decision_ref: Ref

    domain = PanelDecision


class AgreementIn(DomainBody):
    with_person: bool
    with_preparer: bool = False
    note: Text = ""

    domain = Agreement


class ReductionIn(DomainBody):
    explanation: Text = ""
    notice_given_on: Day
    takes_effect_on: Day

    domain = Reduction


class SignOffRequest(CommandBody):
    criteria: CriteriaIn
    preferences_and_wellbeing: Text = ""
    answers: dict[SignOffQuestion, AnswerIn] = Field(
        default_factory=dict, description="An answer to each of the eleven questions (SIGN-4)."
    )
    contributions: ContributionsIn
    notify: Recipient = Recipient.PERSON
    services_start_on: Day
    first_review_on: Day = Field(description="No later than 8 weeks after the start (REV-1).")
    direct_payment: DirectPaymentDecisionIn | None = None
    agreement: AgreementIn | None = Field(default=None, description="SIGN-9, where reached.")
    panel: PanelIn | None = Field(default=None, description="For a panel's decision (SIGN-7).")
    reduction: ReductionIn | None = Field(
        default=None, description="When the budget of an amended plan falls (BUD-15)."
    )
    occurred_at: OccurredAt = None

    command = SignOff

    def command_fields(self, actor: Actor, ref: str | None) -> dict[str, Any]:
        fields = super().command_fields(actor, ref)
        fields["answers"] = tuple(
            Answer(question, given.answer, given.comment)
            for question, given in self.answers.items()
        )
        return fields
