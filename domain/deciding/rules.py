"""What a signer must record to sign a plan off (SIGN-2..4, DP-1, DP-2, DP-4)."""

from domain.budget import Costing
from domain.deciding import (
    Answer,
    CheckOutcome,
    ConditionKind,
    DirectPaymentDecision,
    ReturnReason,
    SignOffCriteria,
    SignOffQuestion,
)
from domain.errors import Failure
from domain.paying.rules import care_home_costing_failures
from domain.rules.text import blank, repeated


def criteria_failures(criteria: SignOffCriteria) -> list[Failure]:
    """SIGN-2: all three criteria met, each with the signer's reasoning."""
    failures = []
    for name, judgement in criteria.named().items():
        if not judgement.met:
            failures.append(
                Failure(
                    "SIGN-2",
                    f"criteria.{name}",
                    "is not met; a plan that fails a criterion is returned, not signed off",
                )
            )
        if blank(judgement.reasoning):
            failures.append(Failure("SIGN-2", f"criteria.{name}.reasoning", "must not be blank"))
    return failures


def preferences_failures(preferences_and_wellbeing: str) -> list[Failure]:
    """SIGN-3: how the person's reasonable preferences and wellbeing were considered."""
    if blank(preferences_and_wellbeing):
        return [
            Failure(
                "SIGN-3",
                "preferences_and_wellbeing",
                "how the person's reasonable preferences and wellbeing were taken into "
                "account is not recorded",
            )
        ]
    return []


def answers_failures(answers: tuple[Answer, ...]) -> list[Failure]:
    """SIGN-4: each of the eleven questions answered once."""
    asked = [a.question for a in answers]
    failures = [
        Failure("SIGN-4", "answers", f"the question {question} is answered more than once")
        for question in repeated(q.value for q in asked)
    ]
    missing = [q.value for q in SignOffQuestion if q not in asked]
    if missing:
        failures.append(Failure("SIGN-4", "answers", f"unanswered: {', '.join(missing)}"))
    return failures


def direct_payment_failures(
    costing: Costing, decision: DirectPaymentDecision | None
) -> list[Failure]:
    """DP-1 checks before a direct payment is agreed, DP-2 conditions, DP-4 comparison."""
    if not costing.split.includes_direct_payment:
        if decision is not None:
            return [
                Failure("DP-1", "direct_payment", "the plan proposes no direct payment to check")
            ]
        return []
    if decision is None:
        return [
            Failure(
                "DP-1",
                "direct_payment",
                "the plan includes a direct payment; the four checks must be recorded",
            )
        ]
    failures = _check_failures(decision)
    failures += care_home_costing_failures(costing, decision.checks.care_home_within_four_weeks)
    failures += _condition_failures(decision)
    proposal = costing.direct_payment
    if proposal is not None and proposal.buys_commissionable_services:
        comparison = decision.comparison
        if comparison is None:
            failures.append(
                Failure(
                    "DP-4",
                    "direct_payment.comparison",
                    "the direct payment buys a service the authority could commission; "
                    "the comparison with commissioning it must be recorded",
                )
            )
        else:
            failures += [
                Failure("DP-4", f"direct_payment.comparison.{name}", "must not be blank")
                for name in ("flexibility", "wellbeing_impact")
                if blank(getattr(comparison, name))
            ]
    return failures


def _check_failures(decision: DirectPaymentDecision) -> list[Failure]:
    checks = decision.checks
    failures = []
    for name, outcome in checks.named().items():
        if outcome is not CheckOutcome.NOT_MET:
            continue
        if name == "no_household_relative_paid" and not blank(checks.household_relative_agreement):
            continue  # a recorded prior agreement allows paying a household relative
        failures.append(
            Failure(
                "DP-1",
                f"direct_payment.checks.{name}",
                "is not met, so the direct payment cannot be agreed",
            )
        )
    return failures


def _condition_failures(decision: DirectPaymentDecision) -> list[Failure]:
    failures = []
    for i, condition in enumerate(decision.conditions):
        field = f"direct_payment.conditions[{i}]"
        if blank(condition.detail):
            failures.append(Failure("DP-2", f"{field}.detail", "must not be blank"))
        if condition.kind is ConditionKind.MORE_FREQUENT_REVIEWS and not (
            condition.review_interval_months and 1 <= condition.review_interval_months < 12
        ):
            failures.append(
                Failure(
                    "DP-2",
                    f"{field}.review_interval_months",
                    "more frequent reviews need an interval of 1 to 11 months",
                )
            )
    return failures


def questions_failures(questions: tuple[str, ...]) -> list[Failure]:
    """SIGN-5: a request for information says what is needed, question by question."""
    if not questions or any(blank(q) for q in questions):
        return [
            Failure("SIGN-5", "questions", "say what information is needed, question by question")
        ]
    return []


def response_failures(response: str) -> list[Failure]:
    """SIGN-5: information provided answers the request."""
    return [Failure("SIGN-5", "response", "must answer the request")] if blank(response) else []


def return_failures(
    reasons: tuple[ReturnReason, ...],
    explanation: str,
    suggested_steps: tuple[str, ...],
    right_to_complain: bool,
) -> list[Failure]:
    """RET-1: a return gives its reasons, explains them and suggests steps to resolve
    them; the person is told of their right to complain (COMP-1)."""
    failures = []
    if not reasons:
        failures.append(Failure("RET-1", "reasons", "at least one reason is required"))
    if blank(explanation):
        failures.append(Failure("RET-1", "explanation", "the reasons must be explained"))
    if not suggested_steps:
        failures.append(
            Failure("RET-1", "suggested_steps", "at least one step to resolve them is required")
        )
    failures += [
        Failure("RET-1", f"suggested_steps[{i}]", "must not be blank")
        for i, step in enumerate(suggested_steps)
        if blank(step)
    ]
    if not right_to_complain:
        failures.append(
            Failure(
                "COMP-1",
                "right_to_complain",
                "the person must be told of their right to complain about a return",
            )
        )
    return failures
