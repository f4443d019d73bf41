"""Bodies for involvement and capacity, telling people, copies and sharing."""

from typing import Annotated

from pydantic import Field

from api.schemas.common import CommandBody, DomainBody, Line, Lines, OccurredAt, Ref, Refs, Text
from domain.correspondence import ContactMethod, CopyFormat, CopyRecipient
from domain.grounds import Recipient
from domain.involvement import (
    BestInterests,
    CapacityFinding,
    CapacityMatter,
    InvolvementBasis,
    Party,
    PartyKind,
)
from domain.plan.involvement import RecordBestInterests, RecordCapacity, RecordInvolvement
from domain.plan.notifying import IssueCopy, TellOfDecision
from domain.plan.sharing import DecideShare, RecordSharingPreference, RequestShare
from domain.sharing import (
    CarerCopy,
    Requester,
    ShareBasis,
    ShareException,
    ShareOutcome,
    ShareRequest,
    SharingPreference,
)

Version = Annotated[int, Field(ge=1, le=1_000_000)]


class PartyIn(DomainBody):
    domain = Party
    ref: Ref
    kind: PartyKind
    basis: InvolvementBasis


class InvolvementRequest(CommandBody):
    command = RecordInvolvement
    party: PartyIn
    occurred_at: OccurredAt = None


class CapacityFindingIn(DomainBody):
    domain = CapacityFinding
    matter: CapacityMatter
    has_capacity: bool
    assessed_by: Ref
    reasons: Text = ""


class CapacityRequest(CommandBody):
    command = RecordCapacity
    finding: CapacityFindingIn
    occurred_at: OccurredAt = None


class BestInterestsIn(DomainBody):
    domain = BestInterests
    matter: CapacityMatter
    decision: Text = ""
    decided_by: Ref
    consulted: Refs = ()


class BestInterestsRequest(CommandBody):
    command = RecordBestInterests
    decision: BestInterestsIn
    occurred_at: OccurredAt = None


class NotificationRequest(CommandBody):
    """That someone was told of the decision recorded at ``plan_version``."""

    command = TellOfDecision
    plan_version: Version
    told: Recipient = Recipient.PERSON
    method: ContactMethod
    reasons_explained: bool = False
    right_to_complain_explained: bool = False
    occurred_at: OccurredAt = None


class CopyRequest(CommandBody):
    command = IssueCopy
    plan_version: Version
    recipient: CopyRecipient
    recipient_ref: Ref
    method: ContactMethod
    format: CopyFormat = CopyFormat.STANDARD
    occurred_at: OccurredAt = None


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
