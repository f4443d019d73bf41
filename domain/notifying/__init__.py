"""Telling people of decisions and giving them copies of the plan (NOT-1..5, RET-3,
COMP-1): one feature in one place. This module holds its values; ``rules`` every check it
makes, each naming its obligation; ``decisions`` its commands, events and the functions
that decide them. Its request bodies are ``api/schemas/notifying.py``; its tests
``tests/unit/test_notifying.py``. The values keep their class names wherever they live:
stored events name them."""

from dataclasses import dataclass
from enum import Enum


class ContactMethod(Enum):
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    VIDEO_CALL = "video_call"
    SECURE_PORTAL = "secure_portal"


class CopyFormat(Enum):
    """The format of a copy; anything but standard is an accessible format (NOT-2)."""

    STANDARD = "standard"
    LARGE_PRINT = "large_print"
    EASY_READ = "easy_read"
    BRAILLE = "braille"
    AUDIO = "audio"
    TRANSLATED = "translated"
    OTHER_ACCESSIBLE = "other_accessible"


class CopyRecipient(Enum):
    PERSON = "person"
    REPRESENTATIVE = "representative"
    CARER = "carer"
    ADVOCATE = "advocate"
    JOINT_ORGANISATION = "joint_organisation"
    SERVICE_PROVIDER = "service_provider"
    OTHER = "other"


class Extent(Enum):
    FULL = "full"
    PARTIAL = "partial"


@dataclass(frozen=True)
class CopyDue:
    """A copy of a signed-off version that someone is owed, and the duty behind it."""

    plan_version: int
    recipient: CopyRecipient
    recipient_ref: str
    obligation: str


@dataclass(frozen=True)
class CopyIssued:
    """Which version went to whom, how and in what format (NOT-5)."""

    plan_version: int
    recipient: CopyRecipient
    recipient_ref: str
    method: ContactMethod
    format: CopyFormat
    extent: Extent = Extent.FULL
    omitted_sections: tuple[str, ...] = ()


class Recipient(Enum):
    """Who is to be told of a decision."""

    PERSON = "person"
    REPRESENTATIVE = "representative"
    CARER = "carer"
    ADVOCATE = "advocate"


@dataclass(frozen=True)
class Notice:
    """A decision the person (or their representative or carer) is still to be told of.

    ``right_to_complain`` is set for adverse decisions: the notice must tell them of it
    (COMP-1).
    """

    decision: str
    plan_version: int
    recipient: Recipient
    right_to_complain: bool
