"""A day or an instant in a request is written out in ISO 8601: pydantic alone would also
read a number as seconds since 1970 (``?to=0`` as 1 January 1970)."""

from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from api.schemas.instants import Day, Instant

DAY: TypeAdapter[date] = TypeAdapter(Day)
INSTANT: TypeAdapter[datetime] = TypeAdapter(Instant)


@pytest.mark.parametrize("given", ["0", "1700000000", " 12.5 ", 0, 1700000000, 1.5])
def test_a_number_is_not_a_day_or_an_instant(given: object) -> None:
    with pytest.raises(ValidationError, match="ISO 8601"):
        DAY.validate_python(given)
    with pytest.raises(ValidationError, match="ISO 8601"):
        INSTANT.validate_python(given)


def test_days_and_instants_written_out_are_read_and_instants_kept_in_utc() -> None:
    assert DAY.validate_python("2026-03-01") == date(2026, 3, 1)
    assert INSTANT.validate_python("2026-03-01T12:00+01:00") == datetime(2026, 3, 1, 11, 0,
                                                                          tzinfo=UTC)  # fmt: skip


@pytest.mark.parametrize("given", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_a_day_outside_the_years_a_record_concerns_is_refused(given: str) -> None:
    with pytest.raises(ValidationError, match="1900 to 2199"):
        DAY.validate_python(given)
    with pytest.raises(ValidationError, match="1900 to 2199"):
        INSTANT.validate_python(f"{given}T12:00Z")


def test_an_instant_that_leaves_the_range_in_utc_is_refused() -> None:
    with pytest.raises(ValidationError, match="1900 to 2199"):
        INSTANT.validate_python("0001-01-01T00:30+01:00")
    assert DAY.validate_python("2199-12-31") == date(2199, 12, 31)
