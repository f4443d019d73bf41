"""Bodies for direct payments after sign-off (DP-6..8)."""

from api.schemas.common import CommandBody, DomainBody, OccurredAt, Ref, Text
from api.schemas.instants import Day
from domain.paying import CareHomeStay, NecessityGround, PayeeNecessity
from domain.paying.decisions import (
    RecordCareHomeStay,
    RecordPayeeNecessity,
    ReviewDirectPayment,
    StartDirectPayment,
)


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
