"""Direct payments after sign-off: payees it is necessary to pay (DP-6), care-home stays
(DP-7) and the review schedule (DP-8, REV-4)."""

from dataclasses import dataclass
from datetime import date, datetime

from domain.actors import Actor
from domain.costing import PayeeRelationship
from domain.direct_payments import CareHomeStay, PayeeNecessity
from domain.errors import Failure, refuse_if
from domain.plan.aggregate import LIVE, STATE_MACHINE, Plan
from domain.plan.context import Context
from domain.rules.direct_payments import care_home_failures
from domain.rules.schedule import direct_payment_review_due
from domain.rules.text import blank


@dataclass(frozen=True)
class RecordPayeeNecessity:
    actor: Actor
    necessity: PayeeNecessity
    occurred_at: datetime | None = None


class PayeeNecessityRecorded(Plan.Decision):
    TOPIC = "careledger:Plan.PayeeNecessityRecorded"
    class_version = 1
    necessity: PayeeNecessity

    def evolve(self, plan: Plan) -> None:
        plan.payee_necessity = (*plan.payee_necessity, self.necessity)


def record_payee_necessity(plan: Plan, command: RecordPayeeNecessity, ctx: Context) -> None:
    """DP-6: the authority decides that paying a partner or household relative is
    necessary, for care or for managing the payment."""
    decision = "record that paying a relative is necessary"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    necessity = command.necessity
    costing = ctx.budget.proposed
    proposal = costing.direct_payment if costing else None
    payee = (
        next((p for p in proposal.payees if p.ref == necessity.payee_ref), None)
        if proposal
        else None
    )
    failures = plan.timing(command.occurred_at, ctx.now)
    if payee is None:
        failures.append(
            Failure("DP-6", "necessity.payee_ref", "no such payee in the proposed direct payment")
        )
    elif payee.relationship not in (
        PayeeRelationship.SPOUSE_OR_PARTNER,
        PayeeRelationship.CLOSE_RELATIVE,
    ):
        failures.append(
            Failure("DP-6", "necessity.payee_ref", "only a partner or close relative needs this")
        )
    failures += [
        Failure("DP-6", f"necessity.{name}", "must not be blank")
        for name in ("explanation", "decided_by")
        if blank(getattr(necessity, name))
    ]
    refuse_if(decision, failures)
    plan.record(
        PayeeNecessityRecorded,
        actor=command.actor,
        occurred_at=ctx.when(command),
        necessity=necessity,
    )


@dataclass(frozen=True)
class RecordCareHomeStay:
    actor: Actor
    stay: CareHomeStay
    occurred_at: datetime | None = None


class CareHomeStayRecorded(Plan.Decision):
    TOPIC = "careledger:Plan.CareHomeStayRecorded"
    class_version = 1
    stay: CareHomeStay

    def evolve(self, plan: Plan) -> None:
        plan.care_home_stays = (*plan.care_home_stays, self.stay)


def record_care_home_stay(plan: Plan, command: RecordCareHomeStay, ctx: Context) -> None:
    decision = "record a care-home stay"
    plan.require_signed_off(decision, "DP-7")
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += care_home_failures((*plan.care_home_stays, command.stay))
    refuse_if(decision, failures)
    plan.record(
        CareHomeStayRecorded, actor=command.actor, occurred_at=ctx.when(command), stay=command.stay
    )


@dataclass(frozen=True)
class StartDirectPayment:
    actor: Actor
    first_paid_on: date
    occurred_at: datetime | None = None


class DirectPaymentStarted(Plan.Decision):
    TOPIC = "careledger:Plan.DirectPaymentStarted"
    class_version = 1
    first_paid_on: date
    review_due_on: date

    def evolve(self, plan: Plan) -> None:
        plan.direct_payment_first_paid_on = self.first_paid_on
        plan.direct_payment_review_due_on = self.review_due_on


def start_direct_payment(plan: Plan, command: StartDirectPayment, ctx: Context) -> None:
    decision = "record the first direct payment"
    plan.require_signed_off(decision, "DP-8")
    agreed = ctx.budget.agreed
    failures = plan.timing(command.occurred_at, ctx.now)
    if agreed is None or not agreed.costing.split.includes_direct_payment:
        failures.append(Failure("DP-8", "first_paid_on", "the plan in force has no direct payment"))
    if plan.direct_payment_first_paid_on is not None:
        failures.append(Failure("DP-8", "first_paid_on", "the first payment is already recorded"))
    refuse_if(decision, failures)
    plan.record(
        DirectPaymentStarted,
        actor=command.actor,
        occurred_at=ctx.when(command),
        first_paid_on=command.first_paid_on,
        review_due_on=direct_payment_review_due(
            command.first_paid_on, True, plan.direct_payment_review_months
        ),
    )


@dataclass(frozen=True)
class ReviewDirectPayment:
    actor: Actor
    summary: str
    occurred_at: datetime | None = None


class DirectPaymentReviewed(Plan.Decision):
    TOPIC = "careledger:Plan.DirectPaymentReviewed"
    class_version = 1
    summary: str
    next_due_on: date

    def evolve(self, plan: Plan) -> None:
        plan.direct_payment_review_due_on = self.next_due_on


def review_direct_payment(plan: Plan, command: ReviewDirectPayment, ctx: Context) -> None:
    decision = "record a direct-payment review"
    plan.require_signed_off(decision, "DP-8")
    when = ctx.when(command)
    failures = plan.timing(command.occurred_at, ctx.now)
    if plan.direct_payment_first_paid_on is None:
        failures.append(Failure("DP-8", "summary", "no direct payment has been made yet"))
    if blank(command.summary):
        failures.append(Failure("DP-8", "summary", "must not be blank"))
    refuse_if(decision, failures)
    plan.record(
        DirectPaymentReviewed,
        actor=command.actor,
        occurred_at=when,
        summary=command.summary,
        next_due_on=direct_payment_review_due(
            when.date(), False, plan.direct_payment_review_months
        ),
    )
