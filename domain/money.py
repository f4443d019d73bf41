"""Money is ``Decimal`` pounds with pence; amounts are per week unless a frequency says
otherwise."""

from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def pence(amount: Decimal) -> Decimal:
    """Round to whole pence, halves away from zero."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def has_at_most_pence(amount: Decimal) -> bool:
    """True when the amount has no fraction of a penny."""
    return amount == amount.quantize(PENNY) if amount.is_finite() else False


class Frequency(Enum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"
    ANNUALLY = "annually"

    @property
    def per_week(self) -> Decimal:
        """How many of these periods fall in one week."""
        return _PER_WEEK[self]


_PER_WEEK = {
    Frequency.WEEKLY: Decimal(1),
    Frequency.FORTNIGHTLY: Decimal(1) / Decimal(2),
    Frequency.FOUR_WEEKLY: Decimal(1) / Decimal(4),
    Frequency.MONTHLY: Decimal(12) / Decimal(52),
    Frequency.ANNUALLY: Decimal(1) / Decimal(52),
}


def weekly(amount: Decimal, frequency: Frequency) -> Decimal:
    """The weekly equivalent of an amount paid at ``frequency``, in whole pence."""
    return pence(amount * frequency.per_week)
