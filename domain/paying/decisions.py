"""Direct payments after sign-off: payees it is necessary to pay (DP-6), care-home stays
(DP-7) and the review schedule (DP-8, REV-4)."""

from dataclasses import dataclass
from datetime import date, datetime

from domain.actors import Actor
from domain.errors import refuse_if
from domain.paying import CareHomeStay, PayeeNecessity
from domain.paying.rules import (
    care_home_failures,
    direct_payment_review_due,
    first_payment_failures,
    necessity_failures,
    payment_review_failures,
)
from domain.plan.aggregate import LIVE, STATE_MACHINE, Plan
from domain.plan.context import Context


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
    failures += necessity_failures(necessity, payee)
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
    failures += first_payment_failures(
        agreed is not None and agreed.costing.split.includes_direct_payment,
        plan.direct_payment_first_paid_on,
    )
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
    failures += payment_review_failures(plan.direct_payment_first_paid_on, command.summary)
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
