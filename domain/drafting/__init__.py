"""Drafting a plan and submitting it for sign-off (CNT-1..6, KIND-2, BUD-2, RET-4): one
feature in one place. This module holds its values (what a draft says: needs, outcomes,
contingency, carers, advice and review; and the grounds a submission records); ``rules``
every check it makes, each naming its obligation; ``decisions`` its commands, events and
the functions that decide them. Its request bodies are ``api/schemas/drafting.py``; its
tests ``tests/unit/test_drafting.py``. The values keep their class names wherever they
live: stored events name them."""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from domain.notifying import ContactMethod


class NeedMetBy(Enum):
    """Who meets a need identified by the assessment (CNT-1)."""

    AUTHORITY = "authority"
    CARER = "carer"
    INFORMAL_SUPPORT = "informal_support"
    OTHER_SERVICE = "other_service"
    NOT_MET = "not_met"


@dataclass(frozen=True)
class Need:
    """A need identified by the assessment, whether it is eligible, and who meets it."""

    ref: str
    description: str
    eligible: bool
    met_by: NeedMetBy
    how_met: str = ""


class OutcomeArea(Enum):
    """For a carer, the areas of life their outcomes and wishes cover (CNT-2)."""

    DAILY_LIFE = "daily_life"
    CARING = "caring"
    WORK = "work"
    EDUCATION = "education"
    RECREATION = "recreation"


@dataclass(frozen=True)
class Outcome:
    """An outcome the person wants, linked to the needs it answers (CNT-2)."""

    ref: str
    description: str
    need_refs: tuple[str, ...]
    area: OutcomeArea = OutcomeArea.DAILY_LIFE


@dataclass(frozen=True)
class ContingencyEntry:
    """A risk to the plan and how it is managed (CNT-3)."""

    risk: str
    likely_harm: str
    proactive_measures: str
    reactive_measures: str


@dataclass(frozen=True)
class CarerInvolvement:
    """A carer who meets some needs: whether they are willing and to what extent (CNT-4)."""

    carer_ref: str
    willing: bool
    extent: str
    need_refs: tuple[str, ...]


class AccessibleFormat(Enum):
    PICTURE = "picture"
    AUDIO = "audio"
    VIDEO = "video"
    EASY_READ = "easy_read"
    BRAILLE = "braille"
    OTHER = "other"


@dataclass(frozen=True)
class AccessibleOriginal:
    """An accessible-format original of the plan and where it is kept (CNT-6)."""

    format: AccessibleFormat
    location: str


class PreparerKind(Enum):
    """Who prepared the draft; delegated planning is signed off like any other (SIGN-8)."""

    PRACTITIONER = "practitioner"
    PERSON = "person"
    REPRESENTATIVE = "representative"
    CARER = "carer"
    THIRD_PARTY = "third_party"


@dataclass(frozen=True)
class PreparedBy:
    kind: PreparerKind
    ref: str


@dataclass(frozen=True)
class ReplacementCare:
    """On a carer's plan: care given to the cared-for person so the carer can have a
    break, described here and costed only on the cared-for person's plan (BUD-10)."""

    description: str
    cared_for_plan_ref: str


@dataclass(frozen=True)
class Draft:
    """The content of a draft plan. Money lives in the budget's ``Costing``."""

    needs: tuple[Need, ...]
    outcomes: tuple[Outcome, ...]
    contingency: tuple[ContingencyEntry, ...]
    prevention_advice: str
    review_arrangements: str
    carers: tuple[CarerInvolvement, ...] = ()
    accessible_originals: tuple[AccessibleOriginal, ...] = field(default=())
    replacement_care: tuple[ReplacementCare, ...] = ()

    def need(self, ref: str) -> Need | None:
        return next((n for n in self.needs if n.ref == ref), None)

    @property
    def need_refs(self) -> frozenset[str]:
        return frozenset(n.ref for n in self.needs)

    def needs_met_by(self, who: NeedMetBy) -> tuple[Need, ...]:
        return tuple(n for n in self.needs if n.met_by is who)


# --- the grounds a submission records ----------------------------------------------


@dataclass(frozen=True)
class Justification:
    """Why a proposed budget above the indicative amount is right (CNT-5)."""

    strengths_based_approach: str
    options_explored: str
    rationale: str
    prevention_options: str


class IndicativeMethod(Enum):
    """How an indicative budget was calculated (BUD-2)."""

    RESOURCE_ALLOCATION_SYSTEM = "resource_allocation_system"
    CASE_COSTING = "case_costing"
    BANDED_RATES = "banded_rates"
    OTHER = "other"


@dataclass(frozen=True)
class Timeframe:
    """On resubmission, the new timeframe for sign-off given to the person (RET-4)."""

    decision_expected_by: date
    told_how: ContactMethod
