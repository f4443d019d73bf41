"""Bodies for reviews and monitoring (REV-2, REV-3, REV-5)."""

from api.schemas.common import CommandBody, DomainBody, Line, OccurredAt, Ref, Text
from api.schemas.instants import Day
from domain.reviewing import Monitoring, ReviewOutcome, ReviewReason
from domain.reviewing.decisions import ArrangeMonitoring, CompleteReview, RequestUnplannedReview


class AskForReviewRequest(CommandBody):
    command = RequestUnplannedReview
    requested_by: Ref
    reason: ReviewReason
    detail: Text = ""
    occurred_at: OccurredAt = None


class ReviewRequest(CommandBody):
    command = CompleteReview
    outcome: ReviewOutcome
    summary: Text = ""
    next_review_on: Day
    occurred_at: OccurredAt = None


class MonitoringIn(DomainBody):
    domain = Monitoring
    what: Line = ""
    who: Line = ""
    how_often: Line = ""


class MonitoringRequest(CommandBody):
    command = ArrangeMonitoring
    monitoring: MonitoringIn
    occurred_at: OccurredAt = None
