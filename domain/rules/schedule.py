"""Review dates (REV-1, REV-2) and the direct-payment review schedule (DP-8, REV-4)."""

from datetime import date

from domain.calendar import add_months, add_weeks
from domain.errors import Failure

FIRST_REVIEW_WEEKS = 8
REVIEW_MONTHS = 12
FIRST_DIRECT_PAYMENT_REVIEW_MONTHS = 6


def first_review_failures(services_start_on: date, first_review_on: date) -> list[Failure]:
    """REV-1: the first review falls no later than eight weeks after the plan starts."""
    latest = add_weeks(services_start_on, FIRST_REVIEW_WEEKS)
    if services_start_on <= first_review_on <= latest:
        return []
    return [
        Failure(
            "REV-1",
            "first_review_on",
            f"must fall between the start on {services_start_on} and {latest}, eight weeks on",
        )
    ]


def next_review_failures(reviewed_on: date, next_review_on: date) -> list[Failure]:
    """REV-2: a stable plan is reviewed again within twelve months."""
    latest = add_months(reviewed_on, REVIEW_MONTHS)
    if reviewed_on < next_review_on <= latest:
        return []
    return [
        Failure(
            "REV-2",
            "next_review_on",
            f"must fall after {reviewed_on} and no later than {latest}, twelve months on",
        )
    ]


def direct_payment_review_due(from_day: date, first: bool, condition_months: int | None) -> date:
    """DP-8: within six months of the first payment, then at least every twelve; a
    more-frequent-reviews condition (DP-2, REV-4) shortens either."""
    months = FIRST_DIRECT_PAYMENT_REVIEW_MONTHS if first else REVIEW_MONTHS
    if condition_months is not None:
        months = min(months, condition_months)
    return add_months(from_day, months)
