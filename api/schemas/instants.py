"""An instant a query names (``as_of``, ``from``, ``to``): with a UTC offset, and one UTC
can represent (``0001-01-01T00:30+01:00`` cannot be)."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the instant is out of range in UTC") from None


Instant = Annotated[AwareDatetime, AfterValidator(_in_utc)]
