"""Bodies for involvement and capacity, telling people and copies."""

from typing import Annotated

from pydantic import Field

from api.schemas.common import CommandBody, DomainBody, OccurredAt, Ref, Refs, Text
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
