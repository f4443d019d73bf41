"""Days and instants a request names (``as_of``, ``from``, ``to``, ``occurred_at``):
written out in ISO 8601, an instant with a UTC offset, and both within the years a care
record can concern (1900 to 2199): a review date reckoned from 9999-12-31, or a decision
made in the year 1, is a slip, not a record."""

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator

_NUMBER = re.compile(r"^\s*[-+]?[0-9]+(?:\.[0-9]*)?\s*$")


def _written_out(value: object) -> object:
    """Pydantic also reads a number, or a string of digits, as seconds since 1970: a
    request that sends one has not written a day or an instant."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        raise ValueError("write it in ISO 8601 (2026-03-01, or 2026-03-01T12:00Z)")
    return value


FIRST_YEAR, LAST_YEAR = 1900, 2199
_OUT_OF_RANGE = f"must fall in the years {FIRST_YEAR} to {LAST_YEAR}"


def _in_range(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(_OUT_OF_RANGE)
    return day


def _in_utc(moment: datetime) -> datetime:
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(_OUT_OF_RANGE) from None
    _in_range(in_utc.date())
    return in_utc


Day = Annotated[date, BeforeValidator(_written_out), AfterValidator(_in_range)]
Instant = Annotated[AwareDatetime, BeforeValidator(_written_out), AfterValidator(_in_utc)]
