"""Reviews and monitoring of a plan in force (REV-1..5): one feature in one place. This
module holds its values; ``rules`` every check it makes, each naming its obligation;
``decisions`` its commands, events and the functions that decide them. Its request bodies
are ``api/schemas/reviewing.py``; its tests ``tests/unit/test_reviewing.py``. The values
keep their class names wherever they live: stored events name them."""

from dataclasses import dataclass
from datetime import date
from enum import Enum


class ReviewReason(Enum):
    """Why an unplanned review was asked for (REV-3)."""

    NOT_WORKING = "not_working"
    NEEDS_CHANGED = "needs_changed"
    CIRCUMSTANCES_CHANGED = "circumstances_changed"
    INFORMAL_SUPPORT_CHANGED = "informal_support_changed"
    OTHER = "other"


class ReviewOutcome(Enum):
    NO_CHANGE = "no_change"
    AMEND = "amend"
    REASSESS = "reassess"


@dataclass(frozen=True)
class CompletedReview:
    plan_version: int
    reviewed_on: date
    outcome: ReviewOutcome


@dataclass(frozen=True)
class Monitoring:
    """What is monitored, by whom, how often (REV-5)."""

    what: str
    who: str
    how_often: str
