"""The budget after sign-off: sufficiency challenges (BUD-14, COMP-1, COMP-2) and an
independent personal budget for a self-funder (BUD-12)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.actors import Actor
from domain.budget_after import ChallengeOutcome, Challenger
from domain.budget_after.rules import (
    answer_failures,
    challenge_failures,
    independent_budget_failures,
    unresolved,
)
from domain.errors import refuse_if
from domain.notifying import Notice, Recipient
from domain.plan.aggregate import LIVE, STATE_MACHINE, Plan
from domain.plan.context import Context


@dataclass(frozen=True)
class ChallengeBudget:
    actor: Actor
    challenge_ref: str
    challenger: Challenger
    grounds: str
    occurred_at: datetime | None = None


class BudgetChallenged(Plan.Decision):
    """A challenge never withdraws the plan in force (COMP-2)."""

    TOPIC = "careledger:Plan.BudgetChallenged"
    class_version = 1
    challenge_ref: str
    challenger: Challenger
    grounds: str
    agreed_weekly: Decimal

    def evolve(self, plan: Plan) -> None:
        plan.open_challenges = plan.open_challenges | {self.challenge_ref}


def challenge_budget(plan: Plan, command: ChallengeBudget, ctx: Context) -> None:
    decision = "record a challenge to the budget"
    plan.require_signed_off(decision, "BUD-14")
    agreed = ctx.budget.agreed
    assert agreed is not None  # a signed-off plan has its agreed budget
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += challenge_failures(command.challenge_ref, command.grounds, plan.open_challenges)
    refuse_if(decision, failures)
    plan.record(
        BudgetChallenged,
        actor=command.actor,
        occurred_at=ctx.when(command),
        challenge_ref=command.challenge_ref,
        challenger=command.challenger,
        grounds=command.grounds,
        agreed_weekly=agreed.cost,
    )


@dataclass(frozen=True)
class AnswerChallenge:
    actor: Actor
    challenge_ref: str
    outcome: ChallengeOutcome
    response: str
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = False
    occurred_at: datetime | None = None


class ChallengeAnswered(Plan.Decision):
    TOPIC = "careledger:Plan.ChallengeAnswered"
    class_version = 1
    challenge_ref: str
    outcome: ChallengeOutcome
    response: str
    notice: Notice

    def evolve(self, plan: Plan) -> None:
        plan.open_challenges = plan.open_challenges - {self.challenge_ref}
        plan.notices = (*plan.notices, self.notice)


def answer_challenge(plan: Plan, command: AnswerChallenge, ctx: Context) -> None:
    decision = "answer a challenge to the budget"
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += answer_failures(
        command.challenge_ref in plan.open_challenges,
        command.response,
        command.outcome,
        command.right_to_complain,
    )
    refuse_if(decision, failures)
    plan.record(
        ChallengeAnswered,
        actor=command.actor,
        occurred_at=ctx.when(command),
        challenge_ref=command.challenge_ref,
        outcome=command.outcome,
        response=command.response,
        notice=Notice(
            "challenge_answered",
            plan.next_version,
            command.notify,
            right_to_complain=unresolved(command.outcome),
        ),
    )


@dataclass(frozen=True)
class RecordIndependentBudget:
    actor: Actor
    weekly_amount: Decimal
    need_refs: tuple[str, ...]
    explanation: str
    occurred_at: datetime | None = None


class IndependentBudgetRecorded(Plan.Decision):
    TOPIC = "careledger:Plan.IndependentBudgetRecorded"
    class_version = 1
    weekly_amount: Decimal
    need_refs: tuple[str, ...]
    explanation: str

    def evolve(self, plan: Plan) -> None:
        plan.independent_budget = self.weekly_amount


def record_independent_budget(plan: Plan, command: RecordIndependentBudget, ctx: Context) -> None:
    """BUD-12: for a self-funder with eligible needs the authority is not meeting."""
    decision = "record an independent personal budget"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += independent_budget_failures(
        command.weekly_amount,
        command.need_refs,
        command.explanation,
        plan.basis,
        plan.draft.needs if plan.draft else (),
    )
    refuse_if(decision, failures)
    plan.record(
        IndependentBudgetRecorded,
        actor=command.actor,
        occurred_at=ctx.when(command),
        weekly_amount=command.weekly_amount,
        need_refs=command.need_refs,
        explanation=command.explanation,
    )
