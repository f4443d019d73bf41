"""Challenges to whether a final budget is enough (BUD-14)."""

from enum import Enum


class Challenger(Enum):
    PERSON = "person"
    REPRESENTATIVE = "representative"
    ADVOCATE = "advocate"


class ChallengeOutcome(Enum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
