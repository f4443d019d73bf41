"""The complaint record: a complaint about a person's care and support planning, with the
clock the social-care complaints regulations set (the Local Authority Social Services and
National Health Service Complaints (England) Regulations 2009), kept as events like every
decision, so the integrity record covers it.

A complaint is received, acknowledged (with a response period, agreed or set), perhaps
extended, and answered with the right to go to the Local Government and Social Care
Ombudsman; or withdrawn. Its values are here, its checks in ``rules.py``, its clock in
``clock.py``, its decisions and events in ``decisions.py``; its tests are
``tests/unit/test_complaining.py`` and ``tests/e2e/test_complaints.py``. The rules are
CMP-1 to CMP-6 in docs/obligations.md.
"""

from dataclasses import dataclass
from enum import Enum

REF_MAX = 64
TEXT_MAX = 4000
ACTIONS_MAX = 50
CONCERNS_MAX = 200


class ComplaintStatus(Enum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


OPEN = frozenset({ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED})


class Complainant(Enum):
    """Who made the complaint."""

    PERSON = "person"
    REPRESENTATIVE = "representative"
    CARER = "carer"
    ADVOCATE = "advocate"
    OTHER = "other"


class AcknowledgedBy(Enum):
    """How the acknowledgement was given: the regulations allow either."""

    WRITING = "writing"
    ORALLY = "orally"


class PeriodBasis(Enum):
    """How the response period came to be (CMP-3)."""

    AGREED = "agreed"  # with the complainant, when handling was discussed
    SET = "set"  # by the authority, the complainant having declined to discuss it


class ComplaintOutcome(Enum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly-upheld"
    NOT_UPHELD = "not-upheld"


@dataclass(frozen=True)
class EntryRef:
    """A timeline entry the complaint concerns: the plan's or its budget's event at a
    version."""

    aggregate: str  # "plan" or "budget"
    version: int
