"""Grounds recorded with submissions, returns and budget-setting decisions."""

from enum import Enum


class ReturnReason(Enum):
    """Why a plan is not signed off (RET-1)."""

    NOT_APPROPRIATE_OR_PROPORTIONATE = "not_appropriate_or_proportionate"
    NOT_BEST_USE_OF_RESOURCES = "not_best_use_of_resources"
    INSUFFICIENT_INFORMATION = "insufficient_information"
