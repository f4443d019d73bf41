"""Who is involved in planning, and capacity (INV-1..4)."""

import pytest

from domain.application import CarePlanning
from domain.errors import RuleBroken
from domain.involvement import (
    BestInterests,
    CapacityFinding,
    CapacityMatter,
    InvolvementBasis,
    Party,
    PartyKind,
)
from domain.involvement.decisions import RecordBestInterests, RecordCapacity, RecordInvolvement
from domain.kinds import PlanKind
from tests import builders as b
from tests.conftest import PlanInProgress, start

FRIEND = "friend-0007"


def involve(kind: PartyKind, basis: InvolvementBasis, ref: str = FRIEND) -> RecordInvolvement:
    return RecordInvolvement(b.PRACTITIONER, Party(ref, kind, basis))


def lacks_capacity(matter: CapacityMatter) -> RecordCapacity:
    return RecordCapacity(
        b.PRACTITIONER, CapacityFinding(matter, False, "staff-0101", "could not weigh it up")
    )


def test_a_carer_is_involved_in_a_care_plan_as_of_right(started_plan: PlanInProgress) -> None:
    started_plan.decide(involve(PartyKind.CARER, InvolvementBasis.CARER))  # INV-1

    assert started_plan.plan.parties[0].basis is InvolvementBasis.CARER


def test_with_capacity_nobody_else_is_involved_without_consent(
    started_plan: PlanInProgress,
) -> None:  # INV-1
    with pytest.raises(RuleBroken) as refused:
        started_plan.decide(involve(PartyKind.FAMILY_OR_FRIEND, InvolvementBasis.WELFARE_INTEREST))
    started_plan.decide(involve(PartyKind.FAMILY_OR_FRIEND, InvolvementBasis.CONSENT))

    assert refused.value.obligations == ("INV-1",)


def test_without_capacity_someone_interested_in_their_welfare_is_involved(
    started_plan: PlanInProgress,
) -> None:  # INV-1, INV-4
    started_plan.decide(lacks_capacity(CapacityMatter.INVOLVEMENT))

    started_plan.decide(involve(PartyKind.FAMILY_OR_FRIEND, InvolvementBasis.WELFARE_INTEREST))

    assert started_plan.plan.parties[0].ref == FRIEND


def test_only_a_carer_is_involved_as_a_carer(started_plan: PlanInProgress) -> None:  # INV-1
    with pytest.raises(RuleBroken):
        started_plan.decide(involve(PartyKind.FAMILY_OR_FRIEND, InvolvementBasis.CARER))


@pytest.mark.parametrize("basis", [InvolvementBasis.CARER, InvolvementBasis.WELFARE_INTEREST])
def test_a_carers_plan_involves_others_only_if_the_carer_asks_or_consents(
    planning: CarePlanning, basis: InvolvementBasis
) -> None:  # INV-2
    case = start(planning, PlanKind.CARER_SUPPORT)

    with pytest.raises(RuleBroken) as refused:
        case.decide(involve(PartyKind.FAMILY_OR_FRIEND, basis))
    case.decide(involve(PartyKind.FAMILY_OR_FRIEND, InvolvementBasis.PERSON_ASKED))

    assert refused.value.obligations == ("INV-2",)


def test_an_arranged_independent_advocate_is_recorded(started_plan: PlanInProgress) -> None:
    started_plan.decide(involve(PartyKind.INDEPENDENT_ADVOCATE, InvolvementBasis.ADVOCACY))  # INV-3

    with pytest.raises(RuleBroken) as refused:
        started_plan.decide(involve(PartyKind.FAMILY_OR_FRIEND, InvolvementBasis.ADVOCACY, "x-1"))

    assert started_plan.plan.parties_of(PartyKind.INDEPENDENT_ADVOCATE)
    assert refused.value.obligations == ("INV-3",)


def test_capacity_is_presumed_until_a_finding_says_otherwise(
    started_plan: PlanInProgress,
) -> None:  # INV-4
    before = started_plan.plan.lacks_capacity(CapacityMatter.SHARING)

    started_plan.decide(lacks_capacity(CapacityMatter.SHARING))

    assert before is False
    assert started_plan.plan.lacks_capacity(CapacityMatter.SHARING) is True
    assert started_plan.plan.lacks_capacity(CapacityMatter.INVOLVEMENT) is False


def test_a_capacity_finding_says_who_assessed_it_and_why(started_plan: PlanInProgress) -> None:
    finding = CapacityFinding(CapacityMatter.SHARING, False, " ", "")

    with pytest.raises(RuleBroken) as refused:  # INV-4
        started_plan.decide(RecordCapacity(b.PRACTITIONER, finding))

    assert {f.field for f in refused.value.failures} == {"finding.assessed_by", "finding.reasons"}


def test_a_best_interests_decision_needs_a_recorded_lack_of_capacity(
    started_plan: PlanInProgress,
) -> None:  # INV-4
    decision = BestInterests(CapacityMatter.SHARING, "share with provider", "staff-0101")

    with pytest.raises(RuleBroken) as refused:
        started_plan.decide(RecordBestInterests(b.PRACTITIONER, decision))
    started_plan.decide(lacks_capacity(CapacityMatter.SHARING))
    started_plan.decide(RecordBestInterests(b.PRACTITIONER, decision))

    assert refused.value.obligations == ("INV-4",)
    assert started_plan.plan.best_interests == (decision,)
