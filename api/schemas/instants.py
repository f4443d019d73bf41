"""Days and instants a request names (``as_of``, ``from``, ``to``, ``occurred_at``):
written out in ISO 8601, and an instant with a UTC offset and one UTC can represent
(``0001-01-01T00:30+01:00`` cannot be)."""

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


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the instant is out of range in UTC") from None


Day = Annotated[date, BeforeValidator(_written_out)]
Instant = Annotated[AwareDatetime, BeforeValidator(_written_out), AfterValidator(_in_utc)]
