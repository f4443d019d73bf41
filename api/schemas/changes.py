"""Bodies for amendments, reviews, direct payments and the budget after sign-off."""

from api.schemas.common import CommandBody, DomainBody, Line, Money, OccurredAt, Ref, Refs, Text
from api.schemas.instants import Day
from domain.amendment import AmendmentRequest, AmendmentRequester, SignOffRoute
from domain.challenges import ChallengeOutcome, Challenger
from domain.direct_payments import CareHomeStay, NecessityGround, PayeeNecessity
from domain.notifying import Recipient
from domain.plan.amending import ConsultPerson, DecideAmendment, RequestAmendment
from domain.plan.budget_after import AnswerChallenge, ChallengeBudget, RecordIndependentBudget
from domain.plan.paying import (
    RecordCareHomeStay,
    RecordPayeeNecessity,
    ReviewDirectPayment,
    StartDirectPayment,
)
from domain.plan.reviewing import ArrangeMonitoring, CompleteReview, RequestUnplannedReview
from domain.review import Monitoring, ReviewOutcome, ReviewReason


class AmendmentRequestIn(DomainBody):
    domain = AmendmentRequest
    ref: Ref
    requested_by: AmendmentRequester
    requester_ref: Ref
    summary: Text = ""
    changes_management_method: bool = False


class AskToAmendRequest(CommandBody):
    command = RequestAmendment
    request: AmendmentRequestIn
    occurred_at: OccurredAt = None


class ConsultationRequest(CommandBody):
    command = ConsultPerson
    path_ref = "request_ref"
    consulted: Recipient = Recipient.PERSON
    view: Text = ""
    occurred_at: OccurredAt = None


class AmendmentDecisionRequest(CommandBody):
    command = DecideAmendment
    path_ref = "request_ref"
    agree: bool
    reasons: Text = ""
    route: SignOffRoute | None = None
    circulate_to_original_recipients: bool = True
    circulation_note: Text = ""
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = False
    occurred_at: OccurredAt = None


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


class PayeeNecessityIn(DomainBody):
    domain = PayeeNecessity
    payee_ref: Ref
    ground: NecessityGround
    explanation: Text = ""
    decided_by: Ref


class PayeeNecessityRequest(CommandBody):
    command = RecordPayeeNecessity
    necessity: PayeeNecessityIn
    occurred_at: OccurredAt = None


class CareHomeStayIn(DomainBody):
    domain = CareHomeStay
    starts_on: Day
    ends_on: Day
    funded_by_direct_payment: bool = True


class CareHomeStayRequest(CommandBody):
    command = RecordCareHomeStay
    stay: CareHomeStayIn
    occurred_at: OccurredAt = None


class DirectPaymentStartRequest(CommandBody):
    command = StartDirectPayment
    first_paid_on: Day
    occurred_at: OccurredAt = None


class DirectPaymentReviewRequest(CommandBody):
    command = ReviewDirectPayment
    summary: Text = ""
    occurred_at: OccurredAt = None


class ChallengeRequest(CommandBody):
    command = ChallengeBudget
    challenge_ref: Ref
    challenger: Challenger
    grounds: Text = ""
    occurred_at: OccurredAt = None


class ChallengeAnswerRequest(CommandBody):
    command = AnswerChallenge
    path_ref = "challenge_ref"
    outcome: ChallengeOutcome
    response: Text = ""
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = False
    occurred_at: OccurredAt = None


class IndependentBudgetRequest(CommandBody):
    command = RecordIndependentBudget
    weekly_amount: Money
    need_refs: Refs = ()
    explanation: Text = ""
    occurred_at: OccurredAt = None
