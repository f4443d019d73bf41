"""The kinds of plan, the basis on which it is made, and where it stands."""

from enum import Enum


class PlanKind(Enum):
    """KIND-1: a plan for an adult with needs, or a support plan for a carer."""

    CARE_AND_SUPPORT = "care_and_support"
    CARER_SUPPORT = "carer_support"


class PlanBasis(Enum):
    """KIND-2: why the authority is making the plan."""

    DUTY = "duty"  # eligible needs the authority must meet
    POWER = "power"  # needs the authority chooses to meet though not eligible
    SELF_FUNDER_REQUEST = "self_funder_request"  # a self-funder asked for a plan


class PlanStatus(Enum):
    STARTED = "started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    INFORMATION_REQUESTED = "information_requested"
    RETURNED = "returned"
    SIGNED_OFF = "signed_off"
    AMENDING = "amending"  # an agreed amendment, not yet drafted; the signed-off version holds
    PAUSED = "paused"  # planning paused for a safeguarding enquiry (LIFE-2)
    ENDED = "ended"
