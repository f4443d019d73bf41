"""Reviews and monitoring after sign-off (REV-2, REV-3, REV-5); the first review date is
set at sign-off (REV-1)."""

from dataclasses import dataclass
from datetime import date, datetime

from domain.actors import Actor
from domain.errors import refuse_if
from domain.plan.aggregate import Plan
from domain.plan.context import Context
from domain.reviewing import CompletedReview, Monitoring, ReviewOutcome, ReviewReason
from domain.reviewing.rules import (
    completed_review_failures,
    monitoring_failures,
    review_request_failures,
)


@dataclass(frozen=True)
class RequestUnplannedReview:
    """Anyone may ask for a review outside the schedule (REV-3)."""

    actor: Actor
    requested_by: str
    reason: ReviewReason
    detail: str
    occurred_at: datetime | None = None


class UnplannedReviewRequested(Plan.Decision):
    TOPIC = "careledger:Plan.UnplannedReviewRequested"
    class_version = 1
    requested_by: str
    reason: ReviewReason
    detail: str

    def evolve(self, plan: Plan) -> None:
        plan.open_review_requests += 1


def request_unplanned_review(plan: Plan, command: RequestUnplannedReview, ctx: Context) -> None:
    decision = "record a request for a review"
    plan.require_signed_off(decision, "REV-3")
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += review_request_failures(command.requested_by, command.detail)
    refuse_if(decision, failures)
    plan.record(
        UnplannedReviewRequested,
        actor=command.actor,
        occurred_at=ctx.when(command),
        requested_by=command.requested_by,
        reason=command.reason,
        detail=command.detail,
    )


@dataclass(frozen=True)
class CompleteReview:
    actor: Actor
    outcome: ReviewOutcome
    summary: str
    next_review_on: date
    occurred_at: datetime | None = None


class ReviewCompleted(Plan.Decision):
    TOPIC = "careledger:Plan.ReviewCompleted"
    class_version = 1
    review: CompletedReview
    summary: str
    next_review_on: date

    def evolve(self, plan: Plan) -> None:
        plan.last_review = self.review
        plan.next_review_on = self.next_review_on
        plan.open_review_requests = 0


def complete_review(plan: Plan, command: CompleteReview, ctx: Context) -> None:
    decision = "record a completed review"
    plan.require_signed_off(decision, "REV-2")
    when = ctx.when(command)
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += completed_review_failures(when.date(), command.next_review_on, command.summary)
    refuse_if(decision, failures)
    plan.record(
        ReviewCompleted,
        actor=command.actor,
        occurred_at=when,
        review=CompletedReview(plan.next_version, when.date(), command.outcome),
        summary=command.summary,
        next_review_on=command.next_review_on,
    )


@dataclass(frozen=True)
class ArrangeMonitoring:
    actor: Actor
    monitoring: Monitoring
    occurred_at: datetime | None = None


class MonitoringArranged(Plan.Decision):
    TOPIC = "careledger:Plan.MonitoringArranged"
    class_version = 1
    monitoring: Monitoring

    def evolve(self, plan: Plan) -> None:
        plan.monitoring = (*plan.monitoring, self.monitoring)


def arrange_monitoring(plan: Plan, command: ArrangeMonitoring, ctx: Context) -> None:
    decision = "record monitoring arrangements"
    plan.require_signed_off(decision, "REV-5")
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += monitoring_failures(command.monitoring)
    refuse_if(decision, failures)
    plan.record(
        MonitoringArranged,
        actor=command.actor,
        occurred_at=ctx.when(command),
        monitoring=command.monitoring,
    )
