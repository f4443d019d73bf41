"""Amending a signed-off plan (AMD-1..5): one feature in one place. This module holds its
values; ``rules`` every check it makes, each naming its obligation; ``decisions`` its
commands, events and the functions that decide them. Its request bodies are
``api/schemas/amending.py``; its tests ``tests/unit/test_amending.py``. The values keep
their class names wherever they live: stored events name them."""

from dataclasses import dataclass
from enum import Enum


class AmendmentRequester(Enum):
    PERSON = "person"
    REPRESENTATIVE = "representative"
    CARER = "carer"
    PRACTITIONER = "practitioner"
    OTHER = "other"


class SignOffRoute(Enum):
    """How an amended plan is signed off again, in proportion to the change (AMD-2)."""

    LIGHT = "light"
    FULL = "full"


@dataclass(frozen=True)
class AmendmentRequest:
    ref: str
    requested_by: AmendmentRequester
    requester_ref: str
    summary: str
    changes_management_method: bool = False


@dataclass(frozen=True)
class AmendmentInProgress:
    """An agreed amendment being drafted; the signed-off version stays in force (COMP-2)."""

    request_ref: str
    route: SignOffRoute
    circulate_to_original_recipients: bool
