"""Bodies for what a carer may see, requests to share and their decisions
(``domain.sharing``)."""

from api.schemas.common import CommandBody, DomainBody, Line, Lines, OccurredAt, Ref, Text
from domain.notifying import ContactMethod, CopyFormat, CopyRecipient, Recipient
from domain.sharing import (
    CarerCopy,
    Requester,
    ShareBasis,
    ShareException,
    ShareOutcome,
    ShareRequest,
    SharingPreference,
)
from domain.sharing.decisions import DecideShare, RecordSharingPreference, RequestShare


class SharingPreferenceIn(DomainBody):
    domain = SharingPreference
    carer_ref: Ref
    carer_copy: CarerCopy
    withheld_sections: Lines = ()


class SharingPreferenceRequest(CommandBody):
    command = RecordSharingPreference
    preference: SharingPreferenceIn
    occurred_at: OccurredAt = None


class ShareRequestIn(DomainBody):
    domain = ShareRequest
    ref: Ref
    recipient: CopyRecipient
    recipient_ref: Ref
    requested_by: Requester


class AskToShareRequest(CommandBody):
    command = RequestShare
    request: ShareRequestIn
    occurred_at: OccurredAt = None


class ShareDecisionRequest(CommandBody):
    """Share in full or in part, or decline (SHR-1..5); the request is named in the path."""

    command = DecideShare
    path_ref = "request_ref"
    outcome: ShareOutcome
    basis: ShareBasis
    method: ContactMethod = ContactMethod.LETTER
    format: CopyFormat = CopyFormat.STANDARD
    omitted_sections: Lines = ()
    exception: ShareException | None = None
    line_manager_ref: Line = ""
    reasons: Text = ""
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = False
    occurred_at: OccurredAt = None
