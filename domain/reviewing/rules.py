"""When a plan is reviewed (REV-1, REV-2), and what a review, a request for one or
monitoring records (REV-2, REV-3, REV-5)."""

from datetime import date

from domain.calendar import add_months, add_weeks
from domain.errors import Failure
from domain.reviewing import Monitoring
from domain.rules.text import blank

# A new or revised plan's first review falls six to eight weeks after it starts (REV-1).
FIRST_REVIEW_WINDOW_WEEKS = (6, 8)
REVIEW_MONTHS = 12


def first_review_failures(services_start_on: date, first_review_on: date) -> list[Failure]:
    """REV-1: the first review falls in the window six to eight weeks after the plan (new
    or revised) starts."""
    earliest, latest = (add_weeks(services_start_on, w) for w in FIRST_REVIEW_WINDOW_WEEKS)
    if earliest <= first_review_on <= latest:
        return []
    return [
        Failure(
            "REV-1",
            "first_review_on",
            f"must fall six to eight weeks after the start on {services_start_on}: from "
            f"{earliest} to {latest}",
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


def review_request_failures(requested_by: str, detail: str) -> list[Failure]:
    """REV-3: a request for a review says who asked and why."""
    given = {"requested_by": requested_by, "detail": detail}
    return [
        Failure("REV-3", name, "must not be blank") for name, text in given.items() if blank(text)
    ]


def completed_review_failures(
    reviewed_on: date, next_review_on: date, summary: str
) -> list[Failure]:
    """REV-2: a review records what was found, and when the next one falls."""
    failures = next_review_failures(reviewed_on, next_review_on)
    if blank(summary):
        failures.append(Failure("REV-2", "summary", "must not be blank"))
    return failures


def monitoring_failures(monitoring: Monitoring) -> list[Failure]:
    """REV-5: monitoring says what is watched, by whom and how often."""
    return [
        Failure("REV-5", f"monitoring.{name}", "must not be blank")
        for name in ("what", "who", "how_often")
        if blank(getattr(monitoring, name))
    ]
