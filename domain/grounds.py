"""Grounds recorded with submissions, returns and budget-setting decisions."""

from dataclasses import dataclass
from datetime import date
from enum import Enum

from domain.notifying import ContactMethod


@dataclass(frozen=True)
class Justification:
    """Why a proposed budget above the indicative amount is right (CNT-5)."""

    strengths_based_approach: str
    options_explored: str
    rationale: str
    prevention_options: str


class ReturnReason(Enum):
    """Why a plan is not signed off (RET-1)."""

    NOT_APPROPRIATE_OR_PROPORTIONATE = "not_appropriate_or_proportionate"
    NOT_BEST_USE_OF_RESOURCES = "not_best_use_of_resources"
    INSUFFICIENT_INFORMATION = "insufficient_information"


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
