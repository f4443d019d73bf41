"""Sharing a copy of a plan with others, and declining to (SHR-1..5): one feature in one
place. This module holds its values; ``rules`` every check it makes, each naming its
obligation; ``decisions`` its commands, events and the functions that decide them. Its
request bodies are ``api/schemas/sharing.py``; its tests ``tests/unit/test_sharing.py``.
The values keep their class names wherever they live: stored events name them."""

from dataclasses import dataclass
from enum import Enum

from domain.notifying import CopyRecipient


class Requester(Enum):
    """Who asked for a copy to go to someone."""

    PERSON = "person"  # the person whose plan it is (the carer, on a carer's plan)
    REPRESENTATIVE = "representative"
    PRACTITIONER = "practitioner"  # the authority, e.g. to a service provider
    OTHER = "other"


class ShareBasis(Enum):
    """The lawful basis a share records (SHR-5)."""

    CONSENT = "consent"
    BEST_INTERESTS = "best_interests"
    CARER_DEFAULT = "carer_default"
    JOINT_PLANNING = "joint_planning"
    REQUEST = "request"


class ShareException(Enum):
    """The only grounds for not sharing as the person asked (SHR-3)."""

    LACKS_CAPACITY_NOT_IN_BEST_INTERESTS = "lacks_capacity_not_in_best_interests"
    RISK_OF_ABUSE_OR_NEGLECT = "risk_of_abuse_or_neglect"


class ShareOutcome(Enum):
    FULL = "full"
    PARTIAL = "partial"
    DECLINE = "decline"


@dataclass(frozen=True)
class ShareRequest:
    ref: str
    recipient: CopyRecipient
    recipient_ref: str
    requested_by: Requester


class CarerCopy(Enum):
    """What the person (with capacity) wants a carer to receive (SHR-1)."""

    FULL = "full"
    PARTS_ONLY = "parts_only"
    NO_COPY = "no_copy"


@dataclass(frozen=True)
class SharingPreference:
    carer_ref: str
    carer_copy: CarerCopy
    withheld_sections: tuple[str, ...] = ()
