"""The budget after sign-off: sufficiency challenges (BUD-14, COMP-1, COMP-2) and an
independent personal budget for a self-funder (BUD-12)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.actors import Actor
from domain.challenges import ChallengeOutcome, Challenger
from domain.draft import NeedMetBy
from domain.errors import Failure, refuse_if
from domain.kinds import PlanBasis
from domain.notifying import Notice, Recipient
from domain.plan.aggregate import LIVE, STATE_MACHINE, Plan
from domain.plan.context import Context
from domain.rules.budget import amount_failures
from domain.rules.text import blank


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
    if blank(command.challenge_ref) or command.challenge_ref in plan.open_challenges:
        failures.append(Failure("BUD-14", "challenge_ref", "needs a ref not already open"))
    if blank(command.grounds):
        failures.append(Failure("BUD-14", "grounds", "must not be blank"))
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
    if command.challenge_ref not in plan.open_challenges:
        failures.append(Failure("BUD-14", "challenge_ref", "no open challenge has this ref"))
    if blank(command.response):
        failures.append(Failure("BUD-14", "response", "must not be blank"))
    unresolved = command.outcome is not ChallengeOutcome.UPHELD
    if unresolved and not command.right_to_complain:
        failures.append(
            Failure("COMP-1", "right_to_complain", "an unresolved disagreement is told with the "
                    "right to complain")
        )  # fmt: skip
    refuse_if(decision, failures)
    plan.record(
        ChallengeAnswered,
        actor=command.actor,
        occurred_at=ctx.when(command),
        challenge_ref=command.challenge_ref,
        outcome=command.outcome,
        response=command.response,
        notice=Notice("challenge_answered", plan.next_version, command.notify, unresolved),
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
    failures += amount_failures(command.weekly_amount, "weekly_amount", "BUD-12")
    if plan.basis is not PlanBasis.SELF_FUNDER_REQUEST:
        failures.append(Failure("BUD-12", "basis", "an independent budget is for a self-funder"))
    draft = plan.draft
    if not command.need_refs:
        failures.append(Failure("BUD-12", "need_refs", "name the eligible needs it is for"))
    for ref in command.need_refs:
        need = draft.need(ref) if draft else None
        if need is None or not need.eligible or need.met_by is NeedMetBy.AUTHORITY:
            failures.append(
                Failure("BUD-12", "need_refs", f"{ref!r} is not an eligible need left unmet "
                        "by the authority")
            )  # fmt: skip
    if blank(command.explanation):
        failures.append(Failure("BUD-12", "explanation", "must not be blank"))
    refuse_if(decision, failures)
    plan.record(
        IndependentBudgetRecorded,
        actor=command.actor,
        occurred_at=ctx.when(command),
        weekly_amount=command.weekly_amount,
        need_refs=command.need_refs,
        explanation=command.explanation,
    )
