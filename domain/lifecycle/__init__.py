"""The rest of a plan's life: safeguarding pauses (LIFE-2), interim services (SIGN-10),
unmet needs (LIFE-4), combining plans (LIFE-1) and ending a plan (LIFE-3). One feature in
one place: this module holds its values; ``rules`` every check it makes, each naming its
obligation; ``decisions`` its commands, events and the functions that decide them. Its
request bodies are ``api/schemas/lifecycle.py``; its tests ``tests/unit/test_lifecycle.py``.
The values keep their class names wherever they live: stored events name them."""

from dataclasses import dataclass
from datetime import date
from enum import Enum


class SafeguardingOption(Enum):
    CONTINUE_ALONGSIDE = "continue_alongside"
    PAUSE = "pause"
    PAUSE_WITH_INTERIM_SUPPORT = "pause_with_interim_support"


class EndReason(Enum):
    NEEDS_MET_ELSEWHERE = "needs_met_elsewhere"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    MOVED_AWAY = "moved_away"
    PERSON_DECLINED = "person_declined"
    DIED = "died"
    OTHER = "other"


class OtherPlanKind(Enum):
    CARER_SUPPORT = "carer_support"
    HEALTH = "health"
    HOUSING = "housing"
    OTHER = "other"


class PartyRole(Enum):
    PERSON = "person"
    CARER = "carer"
    CHILD = "child"
    OTHER = "other"


class AgreementBasis(Enum):
    AGREED = "agreed"
    BEST_INTERESTS = "best_interests"


@dataclass(frozen=True)
class PartyAgreement:
    """A party's agreement to combining plans (LIFE-1)."""

    party_ref: str
    role: PartyRole
    basis: AgreementBasis
    has_capacity: bool = True


@dataclass(frozen=True)
class OtherPlan:
    kind: OtherPlanKind
    ref: str


@dataclass(frozen=True)
class InterimService:
    description: str
    started_on: date
    need_refs: tuple[str, ...]


@dataclass(frozen=True)
class UnmetNeedsExplanation:
    """The written, personal explanation for needs the authority will not meet (LIFE-4)."""

    need_refs: tuple[str, ...]
    explanation: str
    prevention_advice: str
    given_on: date
