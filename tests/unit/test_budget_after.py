"""The budget after sign-off: challenges (BUD-14, COMP-2) and an independent budget for a
self-funder (BUD-12)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.application import CarePlanning
from domain.budget_after import ChallengeOutcome, Challenger
from domain.budget_after.decisions import AnswerChallenge, ChallengeBudget, RecordIndependentBudget
from domain.budget_after.rules import independent_budget_failures
from domain.drafting import Need, NeedMetBy
from domain.errors import RuleBroken
from domain.kinds import PlanBasis, PlanStatus
from tests import builders as b
from tests.conftest import PlanInProgress, start

P = b.PRACTITIONER


def test_a_challenge_to_the_budget_is_recorded_and_answered(
    signed_off_plan: PlanInProgress,
) -> None:  # BUD-14, COMP-1, COMP-2
    signed_off_plan.decide(ChallengeBudget(P, "ch-1", Challenger.ADVOCATE, "too few hours"))

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(AnswerChallenge(P, "ch-1", ChallengeOutcome.NOT_UPHELD, "enough"))
    signed_off_plan.decide(AnswerChallenge(P, "ch-1", ChallengeOutcome.NOT_UPHELD, "enough",
                                           right_to_complain=True))  # fmt: skip

    assert refused.value.obligations == ("COMP-1",)
    assert signed_off_plan.plan.status is PlanStatus.SIGNED_OFF
    assert signed_off_plan.plan.notices[-1].right_to_complain
    assert signed_off_plan.plan.open_challenges == frozenset()


def test_a_challenge_never_withdraws_the_plan_in_force(signed_off_plan: PlanInProgress) -> None:
    in_force = signed_off_plan.version  # COMP-2

    signed_off_plan.decide(ChallengeBudget(P, "ch-1", Challenger.PERSON, "not enough"))

    assert signed_off_plan.plan.signed_off_version == in_force
    assert signed_off_plan.budget.agreed is not None


def test_an_independent_budget_is_for_a_self_funders_unmet_eligible_needs(
    planning: CarePlanning,
) -> None:  # BUD-12
    duty = start(planning)
    self_funder = start(planning, basis=PlanBasis.SELF_FUNDER_REQUEST)
    for case in (duty, self_funder):
        case.decide(b.indicative())
        case.decide(b.record_draft())
    independent = RecordIndependentBudget(P, Decimal("95.00"), ("N2",), "she arranges meals")

    with pytest.raises(RuleBroken) as not_self_funder:
        duty.decide(independent)
    with pytest.raises(RuleBroken) as met_by_authority:
        self_funder.decide(replace(independent, need_refs=("N1",)))
    self_funder.decide(independent)

    assert not_self_funder.value.obligations == ("BUD-12",)
    assert met_by_authority.value.obligations == ("BUD-12",)
    assert self_funder.plan.independent_budget == Decimal("95.00")


def test_an_independent_budget_is_only_for_eligible_needs() -> None:  # BUD-12
    ineligible = Need("N7", "company in the evenings", False, NeedMetBy.NOT_MET)
    eligible = Need("N8", "help to cook", True, NeedMetBy.NOT_MET)

    def failures(*refs: str) -> list[tuple[str, str]]:
        basis, needs = PlanBasis.SELF_FUNDER_REQUEST, (ineligible, eligible)
        found = independent_budget_failures(Decimal("95.00"), refs, "meals", basis, needs)
        return [(f.obligation, f.field) for f in found]

    assert failures("N7") == [("BUD-12", "need_refs")]
    assert failures("N8") == []
