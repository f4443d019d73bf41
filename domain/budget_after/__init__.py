"""The budget after sign-off: challenges to whether it is enough (BUD-14) and an
independent personal budget for a self-funder (BUD-12). One feature in one place: this
module holds its values; ``rules`` every check it makes, each naming its obligation;
``decisions`` its commands, events and the functions that decide them. Its request bodies
are ``api/schemas/budget_after.py``; its tests ``tests/unit/test_budget_after.py``. The
values keep their class names wherever they live: stored events name them."""

from enum import Enum


class Challenger(Enum):
    PERSON = "person"
    REPRESENTATIVE = "representative"
    ADVOCATE = "advocate"


class ChallengeOutcome(Enum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
