"""Who is involved in planning, and capacity and best-interests findings (INV-1..4).

One feature in one place: this module holds its values; ``rules`` every check it makes,
each naming its obligation; ``decisions`` its commands, events and the functions that
decide them. Its request bodies are ``api/schemas/involvement.py``; its tests
``tests/unit/test_involvement.py``. The values keep their class names: stored events name
them."""

from dataclasses import dataclass
from enum import Enum


class PartyKind(Enum):
    CARER = "carer"
    REPRESENTATIVE = "representative"
    FAMILY_OR_FRIEND = "family_or_friend"
    INDEPENDENT_ADVOCATE = "independent_advocate"
    SERVICE_PROVIDER = "service_provider"
    JOINT_ORGANISATION = "joint_organisation"
    OTHER = "other"


class InvolvementBasis(Enum):
    """Why someone is involved."""

    PERSON_ASKED = "person_asked"  # the person (or, on a carer's plan, the carer) asked
    CONSENT = "consent"  # the person consented
    CARER = "carer"  # a carer of the person, involved as of right in a care plan
    WELFARE_INTEREST = "welfare_interest"  # interested in the welfare of a person lacking capacity
    ADVOCACY = "advocacy"  # an independent advocate arranged by the authority (INV-3)
    JOINT_PLANNING = "joint_planning"  # another organisation planning jointly (NOT-4)


@dataclass(frozen=True)
class Party:
    ref: str
    kind: PartyKind
    basis: InvolvementBasis


class CapacityMatter(Enum):
    """The decision a capacity finding is about: capacity is decision-specific."""

    INVOLVEMENT = "involvement"
    SHARING = "sharing"
    COMBINING_PLANS = "combining_plans"
    MANAGING_DIRECT_PAYMENT = "managing_direct_payment"
    CARE_AND_SUPPORT = "care_and_support"


@dataclass(frozen=True)
class CapacityFinding:
    """A recorded lack (or confirmation) of capacity for one decision (INV-4); capacity
    is presumed where nothing is recorded."""

    matter: CapacityMatter
    has_capacity: bool
    assessed_by: str
    reasons: str


@dataclass(frozen=True)
class BestInterests:
    """A best-interests decision for a person lacking capacity for it (INV-4)."""

    matter: CapacityMatter
    decision: str
    decided_by: str
    consulted: tuple[str, ...] = ()
