"""Bodies for the budget after sign-off: challenges (BUD-14) and an independent
budget (BUD-12)."""

from api.schemas.common import CommandBody, Money, OccurredAt, Ref, Refs, Text
from domain.budget_after import ChallengeOutcome, Challenger
from domain.budget_after.decisions import AnswerChallenge, ChallengeBudget, RecordIndependentBudget
from domain.notifying import Recipient


class ChallengeRequest(CommandBody):
    command = ChallengeBudget
    challenge_ref: Ref
    challenger: Challenger
    grounds: Text = ""
    occurred_at: OccurredAt = None


class ChallengeAnswerRequest(CommandBody):
    command = AnswerChallenge
    path_ref = "challenge_ref"
    outcome: ChallengeOutcome
    response: Text = ""
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = False
    occurred_at: OccurredAt = None


class IndependentBudgetRequest(CommandBody):
    command = RecordIndependentBudget
    weekly_amount: Money
    need_refs: Refs = ()
    explanation: Text = ""
    occurred_at: OccurredAt = None
