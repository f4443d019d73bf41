"""Bodies for telling people of decisions, and copies given."""

from typing import Annotated

from pydantic import Field

from api.schemas.common import CommandBody, OccurredAt, Ref
from domain.notifying import ContactMethod, CopyFormat, CopyRecipient, Recipient
from domain.notifying.decisions import IssueCopy, TellOfDecision

Version = Annotated[int, Field(ge=1, le=1_000_000)]


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
