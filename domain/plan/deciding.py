"""The sign-off decision: return with reasons (RET-1, RET-3, COMP-1) or sign off and
agree the final budget (SIGN-1..6, DP-1..5, BUD-3..5, BUD-9)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.actors import Actor
from domain.errors import refuse_if
from domain.grounds import Notice, Recipient, ReturnReason
from domain.kinds import PlanStatus
from domain.plan.aggregate import LastReturn, Plan
from domain.plan.context import Context
from domain.rules.authority import SIGNERS, require_role
from domain.rules.budget import contributions_failures
from domain.rules.returns import return_failures
from domain.rules.sign_off import (
    answers_failures,
    criteria_failures,
    direct_payment_failures,
    preferences_failures,
)
from domain.sign_off import Answer, Contributions, DirectPaymentDecision, SignOffCriteria

# --- return with reasons --------------------------------------------------------------


@dataclass(frozen=True)
class ReturnPlan:
    actor: Actor
    reasons: tuple[ReturnReason, ...]
    explanation: str
    suggested_steps: tuple[str, ...]
    notify: Recipient
    right_to_complain: bool
    occurred_at: datetime | None = None


class Returned(Plan.Decision):
    TOPIC = "careledger:Plan.Returned"
    class_version = 1
    round: int
    reasons: tuple[ReturnReason, ...]
    explanation: str
    suggested_steps: tuple[str, ...]
    returned_to: str
    notice: Notice

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.RETURNED
        plan.last_return = LastReturn(self.round, self.reasons, self.suggested_steps)
        plan.notices = (*plan.notices, self.notice)


def return_to_practitioner(plan: Plan, command: ReturnPlan, ctx: Context) -> None:
    decision = "return the plan"
    plan.require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-1")
    require_role(command.actor, decision, SIGNERS, "SIGN-6")
    failures = plan.timing(command.occurred_at, ctx.now) + plan.independence(command.actor)
    failures += return_failures(
        command.reasons, command.explanation, command.suggested_steps, command.right_to_complain
    )
    refuse_if(decision, failures)
    assert plan.submitted_by is not None
    plan.record(
        Returned,
        actor=command.actor,
        occurred_at=ctx.when(command),
        round=plan.round,
        reasons=command.reasons,
        explanation=command.explanation,
        suggested_steps=command.suggested_steps,
        returned_to=plan.submitted_by,
        notice=Notice("returned", plan.next_version, command.notify, right_to_complain=True),
    )


# --- sign-off -------------------------------------------------------------------------


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


class SignedOff(Plan.Decision):
    TOPIC = "careledger:Plan.SignedOff"
    class_version = 1
    round: int
    criteria: SignOffCriteria
    preferences_and_wellbeing: str
    answers: tuple[Answer, ...]
    direct_payment: DirectPaymentDecision | None
    final_weekly: Decimal
    notice: Notice

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.SIGNED_OFF
        plan.signed_off_version = self.originator_version
        plan.notices = (*plan.notices, self.notice)


def sign_off(plan: Plan, command: SignOff, ctx: Context) -> None:
    """Checks the plan and the final budget together, then records both: the application
    saves them in one transaction."""
    decision = "sign off the plan"
    plan.require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-1")
    require_role(command.actor, decision, SIGNERS, "SIGN-6")
    budget = ctx.budget
    costing = budget.proposed
    assert costing is not None  # a submitted plan always has one (CNT-1)
    failures = plan.timing(command.occurred_at, ctx.now) + plan.independence(command.actor)
    failures += criteria_failures(command.criteria)
    failures += preferences_failures(command.preferences_and_wellbeing)
    failures += answers_failures(command.answers)
    failures += direct_payment_failures(costing, command.direct_payment)
    failures += contributions_failures(
        command.contributions.person,
        command.contributions.authority,
        costing.weekly_cost,
        plan.kind,
        plan.basis,
    )
    refuse_if(decision, failures)
    plan.record(
        SignedOff,
        actor=command.actor,
        occurred_at=ctx.when(command),
        round=plan.round,
        criteria=command.criteria,
        preferences_and_wellbeing=command.preferences_and_wellbeing,
        answers=command.answers,
        direct_payment=command.direct_payment,
        final_weekly=costing.weekly_cost,
        notice=Notice("signed_off", plan.next_version, command.notify, right_to_complain=False),
    )
    budget.agree_final(command.contributions, command.actor, ctx.when(command), plan.version)
