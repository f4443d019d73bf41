"""The complaint clock: days counted as the authority counts them, in England's time,
with working days skipping weekends and England's bank holidays."""

from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from domain.calendar import add_months

ENGLAND = ZoneInfo("Europe/London")
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 3  # CMP-2
RESPONSE_LONGSTOP_MONTHS = 6  # CMP-3, CMP-4
LATE_AFTER_MONTHS = 12  # CMP-1


def day_in_england(instant: datetime) -> date:
    """The day an instant fell on in England: what the regulations' days count."""
    return instant.astimezone(ENGLAND).date()


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_after(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if working_day(current):
            count -= 1
    return current


def acknowledge_by(received_on: date) -> date:
    """The last day to acknowledge: three working days after the day received (CMP-2)."""
    return working_days_after(received_on, ACKNOWLEDGE_WITHIN_WORKING_DAYS)


def longstop(received_on: date) -> date:
    """The last day of the six months beginning with the day received: a response later
    than this needs the complainant's agreement, or a written reason (CMP-3, CMP-4). It
    ends the day before the same date six months on or, where that month has no such
    date, on that month's last day."""
    same_date = add_months(received_on, RESPONSE_LONGSTOP_MONTHS)
    if same_date.day < received_on.day:  # no such date: the month's last day ends it
        return same_date
    return same_date - timedelta(days=1)


def made_late(matter_known_on: date, received_on: date) -> bool:
    """Whether the complaint came more than twelve months after the matter, or after the
    complainant learnt of it (CMP-1)."""
    return received_on > add_months(matter_known_on, LATE_AFTER_MONTHS)
