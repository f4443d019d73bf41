"""Direct payments after sign-off: who may be paid (DP-6), care-home stays (DP-7) and the
review schedule (DP-8). One feature in one place: this module holds its values; ``rules``
every check it makes about direct payments, each naming its obligation (sign-off calls
them too); ``decisions`` its commands, events and the functions that decide them. Its
request bodies are ``api/schemas/paying.py``; its tests ``tests/unit/test_paying.py``.
The values keep their class names wherever they live: stored events name them."""

from dataclasses import dataclass
from datetime import date
from enum import Enum


class NecessityGround(Enum):
    """Why paying a partner or household relative is necessary (DP-6)."""

    FOR_CARE = "for_care"
    FOR_MANAGING_THE_PAYMENT = "for_managing_the_payment"


@dataclass(frozen=True)
class PayeeNecessity:
    payee_ref: str
    ground: NecessityGround
    explanation: str
    decided_by: str


@dataclass(frozen=True)
class CareHomeStay:
    """A stay in a care home; only those a direct payment funds count against DP-7."""

    starts_on: date
    ends_on: date
    funded_by_direct_payment: bool = True

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1
