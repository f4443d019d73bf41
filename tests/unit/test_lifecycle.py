"""The rest of a plan's life: safeguarding pauses, interim services, unmet needs,
combined plans and ending a plan (LIFE-1..4, SIGN-10, COMP-2), and replacement care
(BUD-10)."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from domain.application import CarePlanning
from domain.budget import LineCategory, LineItem, ProviderType
from domain.drafting import Need, NeedMetBy, ReplacementCare
from domain.errors import DecisionNotAllowed, RuleBroken
from domain.kinds import PlanKind, PlanStatus
from domain.lifecycle import (
    AgreementBasis,
    EndReason,
    InterimService,
    OtherPlan,
    OtherPlanKind,
    PartyAgreement,
    PartyRole,
    SafeguardingOption,
    UnmetNeedsExplanation,
)
from domain.lifecycle.decisions import (
    CombinePlans,
    DecideSafeguarding,
    EndPlan,
    ExplainUnmetNeeds,
    ResumePlanning,
    StartInterimServices,
)
from domain.lifecycle.rules import explanation_failures
from domain.notifying import ContactMethod
from tests import builders as b
from tests.conftest import PlanInProgress, start

P = b.PRACTITIONER

RESPITE = LineItem(
    "a sitting service so the carer can go out",
    ProviderType.SHORT_BREAK,
    Decimal("4"),
    Decimal("20.00"),
    category=LineCategory.REPLACEMENT_CARE,
)


def with_line(item: LineItem) -> object:
    costing = b.costing()
    lines = (*costing.line_items, item)
    total = replace(costing, line_items=lines).weekly_cost
    split = replace(costing.split, authority_managed=total)
    return b.record_draft(replace(costing, line_items=lines, split=split))


def test_replacement_care_is_costed_on_the_cared_for_persons_plan_only(
    planning: CarePlanning,
) -> None:  # BUD-10
    carers_plan = start(planning, PlanKind.CARER_SUPPORT)
    cared_for = start(planning, PlanKind.CARE_AND_SUPPORT)

    with pytest.raises(RuleBroken) as refused:
        carers_plan.decide(with_line(RESPITE))
    described = replace(b.draft(), replacement_care=(ReplacementCare(RESPITE.service, "plan-77"),))
    carers_plan.decide(b.record_draft(the_draft=described))
    cared_for.decide(with_line(RESPITE))

    assert refused.value.obligations == ("BUD-10",)
    assert carers_plan.budget.proposed_weekly == Decimal("255.00")
    assert cared_for.budget.proposed_weekly == Decimal("335.00")


def test_a_safeguarding_pause_records_who_decided_and_resumes_where_it_stopped(
    drafted_plan: PlanInProgress,
) -> None:  # LIFE-2
    with pytest.raises(RuleBroken) as refused:
        drafted_plan.decide(DecideSafeguarding(P, SafeguardingOption.PAUSE, (), "enquiry"))
    drafted_plan.decide(DecideSafeguarding(P, SafeguardingOption.PAUSE_WITH_INTERIM_SUPPORT,
                                           ("staff-0101", "sg-lead-4", "person-000123"),
                                           "enquiry into the neighbour"))  # fmt: skip
    paused = drafted_plan.plan.status
    with pytest.raises(DecisionNotAllowed):
        drafted_plan.decide(b.submit())
    drafted_plan.decide(ResumePlanning(P, "enquiry closed"))

    assert refused.value.obligations == ("LIFE-2",)
    assert paused is PlanStatus.PAUSED
    assert drafted_plan.plan.status is PlanStatus.DRAFT


def test_planning_may_continue_alongside_a_safeguarding_enquiry(
    drafted_plan: PlanInProgress,
) -> None:  # LIFE-2
    drafted_plan.decide(DecideSafeguarding(P, SafeguardingOption.CONTINUE_ALONGSIDE,
                                           ("staff-0101",), "low risk"))  # fmt: skip

    drafted_plan.decide(b.submit())

    assert drafted_plan.plan.status is PlanStatus.SUBMITTED


def test_interim_services_are_recorded_while_sign_off_is_pending(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-10
    service = InterimService("emergency home care", b.today(), ("N1",))

    submitted_plan.decide(StartInterimServices(P, service, "no care at home at all"))
    submitted_plan.decide(b.sign_off())

    assert submitted_plan.plan.interim_services == (service,)
    with pytest.raises(DecisionNotAllowed):
        submitted_plan.decide(StartInterimServices(P, service, "too late: signed off"))


def test_needs_the_authority_will_not_meet_are_explained_before_submission(
    drafted_plan: PlanInProgress,
) -> None:  # LIFE-4
    garden = Need("N4", "help with the garden", True, NeedMetBy.NOT_MET)
    drafted_plan.decide(
        b.record_draft(the_draft=replace(b.draft(), needs=(*b.draft().needs, garden)))
    )
    explanation = UnmetNeedsExplanation(("N4",), "not a need the authority meets for you",
                                        "the gardening club", b.today())  # fmt: skip

    with pytest.raises(RuleBroken) as refused:
        drafted_plan.decide(b.submit())
    with pytest.raises(RuleBroken) as not_unmet:
        drafted_plan.decide(ExplainUnmetNeeds(P, replace(explanation, need_refs=("N1",)),
                                              ContactMethod.LETTER))  # fmt: skip
    drafted_plan.decide(ExplainUnmetNeeds(P, explanation, ContactMethod.LETTER))
    drafted_plan.decide(b.submit())

    assert refused.value.obligations == ("LIFE-4",)
    assert not_unmet.value.obligations == ("LIFE-4",)


def agreed(ref: str, role: PartyRole, basis: AgreementBasis = AgreementBasis.AGREED,
           capacity: bool = True) -> PartyAgreement:  # fmt: skip
    return PartyAgreement(ref, role, basis, capacity)


@pytest.mark.parametrize(
    "agreements",
    [
        (agreed("carer-0001", PartyRole.CARER),),
        (
            agreed("person-000123", PartyRole.PERSON),
            agreed("child-01", PartyRole.CHILD, capacity=False),
        ),
        (agreed("person-000123", PartyRole.PERSON, AgreementBasis.BEST_INTERESTS, False),),
    ],
    ids=["person did not agree", "child without capacity agreed", "no lack of capacity"],
)
def test_combining_plans_needs_everyones_agreement_or_best_interests(
    started_plan: PlanInProgress, agreements: tuple[PartyAgreement, ...]
) -> None:  # LIFE-1
    with pytest.raises(RuleBroken) as refused:
        started_plan.decide(CombinePlans(P, (OtherPlan(OtherPlanKind.CARER_SUPPORT, "plan-9"),),
                                         agreements))  # fmt: skip

    assert refused.value.obligations == ("LIFE-1",)


def test_plans_combine_when_the_person_agrees_and_a_child_is_decided_for(
    started_plan: PlanInProgress,
) -> None:  # LIFE-1
    agreements = (
        agreed("person-000123", PartyRole.PERSON),
        agreed("child-01", PartyRole.CHILD, AgreementBasis.BEST_INTERESTS, False),
    )

    started_plan.decide(CombinePlans(P, (OtherPlan(OtherPlanKind.CARER_SUPPORT, "plan-9"),),
                                     agreements))  # fmt: skip

    assert started_plan.plan.combined_with == ("plan-9",)


def test_ending_a_plan_records_advice_in_writing_and_alternatives(
    signed_off_plan: PlanInProgress,
) -> None:  # LIFE-3
    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(EndPlan(P, EndReason.NEEDS_MET_ELSEWHERE, "see the new provider"))
    signed_off_plan.decide(EndPlan(P, EndReason.NEEDS_MET_ELSEWHERE, "see the new provider",
                                   b.today() - timedelta(days=1) + timedelta(days=1), True,
                                   "the housing provider's support"))  # fmt: skip

    assert {f.field for f in refused.value.failures} == {
        "confirmed_in_writing_on", "alternative_services_in_place"}  # fmt: skip
    assert signed_off_plan.plan.status is PlanStatus.ENDED


def test_an_explanation_of_unmet_needs_gives_prevention_advice() -> None:  # LIFE-4
    garden = Need("N4", "help with the garden", True, NeedMetBy.NOT_MET)
    explanation = UnmetNeedsExplanation(("N4",), "not a need the authority meets for you",
                                        "the gardening club", b.today())  # fmt: skip

    failures = explanation_failures(replace(explanation, prevention_advice=" "), (garden,))

    assert [(f.obligation, f.field) for f in failures] == [
        ("LIFE-4", "explanation.prevention_advice")
    ]
    assert explanation_failures(explanation, (garden,)) == []
