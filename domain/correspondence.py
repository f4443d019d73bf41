"""Telling people of decisions and giving them copies (NOT-1..5, RET-3)."""

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
