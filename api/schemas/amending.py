"""Bodies for amending a signed-off plan (AMD-1..5)."""

from api.schemas.common import CommandBody, DomainBody, OccurredAt, Ref, Text
from domain.amending import AmendmentRequest, AmendmentRequester, SignOffRoute
from domain.amending.decisions import ConsultPerson, DecideAmendment, RequestAmendment
from domain.notifying import Recipient


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
