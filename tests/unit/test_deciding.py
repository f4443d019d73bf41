"""Deciding on a submitted plan: asking for information (SIGN-5), returning it with
reasons (RET-1..4, COMP-1) and signing it off (SIGN-1..10, DP-1..5, BUD-3)."""

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

import pytest

from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.budget import Costing, LineItem, ManagementSplit, ProviderType
from domain.deciding import (
    CheckOutcome,
    CommissioningComparison,
    ConditionKind,
    CostComparison,
    DirectPaymentCondition,
    Judgement,
    ReturnReason,
)
from domain.deciding import decisions as deciding
from domain.deciding.rules import (
    answers_failures,
    criteria_failures,
    direct_payment_failures,
    return_failures,
)
from domain.drafting import PreparedBy, PreparerKind
from domain.drafting import decisions as drafting
from domain.errors import DecisionNotAllowed, Failure, NotPermitted, RuleBroken
from domain.kinds import PlanStatus
from domain.money import Frequency
from domain.notifying import Recipient
from tests import builders as b
from tests.conftest import PlanInProgress, drafted, start, submitted


def fields(failures: Sequence[Failure]) -> set[str]:
    return {f.field for f in failures}


def test_a_signed_off_plan_has_its_agreed_budget_saved_with_it(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-1, BUD-3
    recorded = submitted_plan.decide(b.sign_off())

    plan, budget = submitted_plan.plan, submitted_plan.budget
    assert plan.status is PlanStatus.SIGNED_OFF
    assert plan.signed_off_version == recorded.version
    assert budget.agreed is not None
    assert budget.agreed.plan_version == recorded.version
    assert budget.agreed.contributions.total == budget.agreed.cost


def test_only_a_submitted_plan_can_be_signed_off(drafted_plan: PlanInProgress) -> None:  # SIGN-1
    with pytest.raises(DecisionNotAllowed) as refused:
        drafted_plan.decide(b.sign_off())

    assert refused.value.obligation == "SIGN-1"


def test_a_signed_off_plan_cannot_be_signed_off_again(
    signed_off_plan: PlanInProgress,
) -> None:  # SIGN-1
    before = signed_off_plan.event_count()

    with pytest.raises(DecisionNotAllowed) as refused:
        signed_off_plan.decide(b.sign_off())

    assert refused.value.obligation == "SIGN-1"
    assert signed_off_plan.event_count() == before


def test_only_a_submitted_plan_can_be_returned(signed_off_plan: PlanInProgress) -> None:  # SIGN-1
    with pytest.raises(DecisionNotAllowed) as refused:
        signed_off_plan.decide(b.return_plan())

    assert refused.value.obligation == "SIGN-1"


def test_all_three_criteria_must_be_met_with_reasons() -> None:  # SIGN-2
    criteria = replace(
        b.criteria(),
        best_use_of_resources=Judgement(False, "a cheaper service is available"),
        clear_outcomes_for_review=Judgement(True, ""),
    )

    failures = criteria_failures(criteria)

    assert fields(failures) == {
        "criteria.best_use_of_resources",
        "criteria.clear_outcomes_for_review.reasoning",
    }


def test_sign_off_records_the_persons_preferences_and_wellbeing(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-3
    with pytest.raises(RuleBroken) as refused:
        submitted_plan.decide(replace(b.sign_off(), preferences_and_wellbeing=" "))

    assert refused.value.obligations == ("SIGN-3",)


def test_every_one_of_the_eleven_questions_is_answered() -> None:  # SIGN-4
    answered = b.answers()

    assert answers_failures(answered) == []
    missing = answers_failures(answered[:9])
    assert len(missing) == 1
    assert "proportionate_contingency" in missing[0].message
    assert "appropriate_type" in missing[0].message


def test_a_question_answered_twice_is_refused() -> None:  # SIGN-4
    answered = (*b.answers(), b.answers()[0])

    assert [f.obligation for f in answers_failures(answered)] == ["SIGN-4"]


def test_the_answers_are_recorded_with_the_decision(signed_off_plan: PlanInProgress) -> None:
    signed = [e for e in signed_off_plan.planning.history(signed_off_plan.plan_id)
              if e.__class__.__name__ == "SignedOff"]  # fmt: skip

    assert len(signed[0].answers) == 11  # SIGN-4
    assert signed[0].criteria == b.criteria()  # SIGN-2


def test_the_submitter_cannot_sign_their_own_plan(planning: CarePlanning) -> None:  # SIGN-6
    case = start(planning)
    case.decide(b.indicative())
    case.decide(b.record_draft())
    case.decide(replace(b.submit(), actor=b.OTHER_PRACTITIONER))
    same_person_as_signer = Actor(
        b.OTHER_PRACTITIONER.id, Role.SIGN_OFF_OFFICER, None, "team_manager"
    )

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off(signer=same_person_as_signer))

    assert refused.value.obligations == ("SIGN-6",)
    assert "submitted" in refused.value.failures[0].message


def test_whoever_prepared_the_plan_cannot_sign_it(planning: CarePlanning) -> None:  # SIGN-6
    manager = Actor("staff-0901", Role.SIGN_OFF_OFFICER, authority_level="team_manager")
    prepared = replace(b.record_draft(), prepared_by=PreparedBy(PreparerKind.THIRD_PARTY,
                                                                manager.id))  # fmt: skip
    case = start(planning)
    case.decide(b.indicative())
    case.decide(prepared)
    case.decide(b.submit())

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off(signer=manager))

    assert refused.value.obligations == ("SIGN-6",)


def test_an_independent_advocate_can_never_sign_off(submitted_plan: PlanInProgress) -> None:
    with pytest.raises(NotPermitted) as refused:  # SIGN-6
        submitted_plan.decide(b.sign_off(signer=b.ADVOCATE))

    assert refused.value.obligation == "SIGN-6"
    assert submitted_plan.plan.status is PlanStatus.SUBMITTED


def test_sign_off_is_by_the_authority_not_a_practitioner(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-6
    with pytest.raises(NotPermitted):
        submitted_plan.decide(b.sign_off(signer=b.OTHER_PRACTITIONER))


def test_a_plan_the_person_prepared_goes_through_the_same_sign_off(
    planning: CarePlanning,
) -> None:  # SIGN-8
    by_the_person = replace(
        b.record_draft(), prepared_by=PreparedBy(PreparerKind.PERSON, "person-000123")
    )
    case = start(planning)
    case.decide(b.indicative())
    case.decide(replace(by_the_person, draft=replace(b.draft(), contingency=())))

    with pytest.raises(RuleBroken) as incomplete:
        case.decide(b.submit())
    case.decide(by_the_person)
    case.decide(b.submit())
    case.decide(b.sign_off())

    assert incomplete.value.obligations == ("CNT-1",)
    assert case.plan.prepared_by == by_the_person.prepared_by
    assert case.plan.status is PlanStatus.SIGNED_OFF


def test_the_signer_may_ask_for_more_information_first(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-5
    submitted_plan.decide(b.request_information())

    with pytest.raises(DecisionNotAllowed) as waiting:
        submitted_plan.decide(b.sign_off())
    submitted_plan.decide(b.provide_information())
    submitted_plan.decide(b.sign_off())

    assert waiting.value.obligation == "SIGN-1"
    assert submitted_plan.plan.status is PlanStatus.SIGNED_OFF


def test_an_information_request_says_what_is_needed(submitted_plan: PlanInProgress) -> None:
    with pytest.raises(RuleBroken) as refused:  # SIGN-5
        submitted_plan.decide(replace(b.request_information(),
                              questions=()))  # fmt: skip

    assert refused.value.obligations == ("SIGN-5",)


def test_information_is_provided_only_when_requested(submitted_plan: PlanInProgress) -> None:
    with pytest.raises(DecisionNotAllowed) as refused:  # SIGN-5
        submitted_plan.decide(b.provide_information())

    assert refused.value.obligation == "SIGN-5"


def test_a_plan_waiting_for_information_shows_the_questions(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-5
    submitted_plan.decide(b.request_information())

    assert submitted_plan.plan.status is PlanStatus.INFORMATION_REQUESTED
    assert submitted_plan.plan.open_questions == b.request_information().questions


# --- direct payments --------------------------------------------------------------------


def test_a_direct_payment_needs_the_four_checks(planning: CarePlanning) -> None:  # DP-1
    case = submitted(planning, the_costing=b.direct_payment_costing())

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off(person="0.00", authority="184.00"))
    case.decide(
        b.sign_off(person="0.00", authority="184.00", direct_payment=b.direct_payment_decision()),
    )

    assert [(f.obligation, f.field) for f in refused.value.failures] == [("DP-1", "direct_payment")]
    assert case.plan.status is PlanStatus.SIGNED_OFF


def test_a_failed_direct_payment_check_refuses_the_payment() -> None:  # DP-1
    decision = b.direct_payment_decision()
    failing = replace(
        decision,
        checks=replace(decision.checks, no_rehabilitation_order=CheckOutcome.NOT_MET),
    )

    failures = direct_payment_failures(b.direct_payment_costing(), failing)

    assert fields(failures) == {"direct_payment.checks.no_rehabilitation_order"}


def test_permanent_care_home_care_paid_by_direct_payment_cannot_pass_the_check(
    planning: CarePlanning,
) -> None:  # DP-7, DP-1: the plan's own costing, not only the check recorded
    home = LineItem("a room in a residential home", ProviderType.RESIDENTIAL_CARE, Decimal("1"),
                    Decimal("850.00"), need_refs=("N1",))  # fmt: skip
    proposal = b.direct_payment_proposal(employs_personal_assistants=False)
    residential = Costing((home,), ManagementSplit(direct_payment=Decimal("850.00")), (), proposal)
    case = drafted(planning, the_costing=residential)
    case.decide(b.submit(with_justification=True))
    decision = b.direct_payment_decision()  # records care_home_within_four_weeks: satisfied

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off(person="0.00", authority="850.00", direct_payment=decision))

    assert ("DP-7", "direct_payment.checks.care_home_within_four_weeks") in {
        (f.obligation, f.field) for f in refused.value.failures
    }
    assert case.plan.status is PlanStatus.SUBMITTED


def test_a_short_break_in_a_care_home_is_not_permanent_care() -> None:  # DP-7
    respite = LineItem("two weeks' respite a year", ProviderType.RESIDENTIAL_CARE, Decimal("14"),
                       Decimal("120.00"), Frequency.ANNUALLY, need_refs=("N1",))  # fmt: skip
    costing = b.direct_payment_costing()
    with_respite = replace(costing, line_items=(*costing.line_items, respite))

    assert direct_payment_failures(with_respite, b.direct_payment_decision()) == []


def test_a_household_relative_may_be_paid_with_a_recorded_prior_agreement() -> None:  # DP-1
    decision = b.direct_payment_decision()
    pays_relative = replace(decision.checks, no_household_relative_paid=CheckOutcome.NOT_MET)
    agreed = replace(pays_relative, household_relative_agreement="agreed by panel, ref 44")

    refused = direct_payment_failures(
        b.direct_payment_costing(), replace(decision, checks=pays_relative)
    )
    allowed = direct_payment_failures(b.direct_payment_costing(), replace(decision, checks=agreed))

    assert fields(refused) == {"direct_payment.checks.no_household_relative_paid"}
    assert allowed == []


def test_a_concern_allows_the_payment_with_conditions() -> None:  # DP-2
    decision = b.direct_payment_decision()
    with_concern = replace(
        decision,
        checks=replace(decision.checks, recipient_can_manage=CheckOutcome.CONCERN),
        conditions=(
            DirectPaymentCondition(ConditionKind.MORE_FREQUENT_REVIEWS, "quarterly", 3),
            DirectPaymentCondition(ConditionKind.INFORMATION_AT_SET_TIMES, "bank statements"),
        ),
    )

    assert direct_payment_failures(b.direct_payment_costing(), with_concern) == []


def test_a_condition_must_say_what_it_requires() -> None:  # DP-2
    decision = replace(
        b.direct_payment_decision(),
        conditions=(DirectPaymentCondition(ConditionKind.MORE_FREQUENT_REVIEWS, "", None),),
    )

    failures = direct_payment_failures(b.direct_payment_costing(), decision)

    assert fields(failures) == {
        "direct_payment.conditions[0].detail",
        "direct_payment.conditions[0].review_interval_months",
    }


def test_buying_a_service_the_authority_could_commission_is_compared() -> None:  # DP-4
    costing = b.direct_payment_costing()
    buys_service = replace(
        costing,
        direct_payment=b.direct_payment_proposal(buys_commissionable_services=True),
    )
    compared = replace(
        b.direct_payment_decision(),
        comparison=CommissioningComparison(
            CostComparison.AUTHORITY_CHEAPER, "fixed visit times", "prefers a known carer"
        ),
    )

    refused = direct_payment_failures(buys_service, b.direct_payment_decision())

    assert fields(refused) == {"direct_payment.comparison"}
    assert direct_payment_failures(buys_service, compared) == []


def test_direct_payment_checks_on_a_plan_without_one_are_refused() -> None:  # DP-1
    failures = direct_payment_failures(b.costing(), b.direct_payment_decision())

    assert fields(failures) == {"direct_payment"}


# --- returns (RET-1..4) -------------------------------------------------------------


def test_a_return_without_reasons_or_steps_is_refused() -> None:  # RET-1
    failures = return_failures((), " ", (), right_to_complain=True)

    assert {(f.obligation, f.field) for f in failures} == {
        ("RET-1", "reasons"),
        ("RET-1", "explanation"),
        ("RET-1", "suggested_steps"),
    }


def test_a_blank_suggested_step_is_refused() -> None:  # RET-1
    failures = return_failures(
        (ReturnReason.NOT_BEST_USE_OF_RESOURCES,), "cheaper option", ("ask", " "), True
    )

    assert [(f.obligation, f.field) for f in failures] == [("RET-1", "suggested_steps[1]")]


def test_a_return_without_suggested_steps_is_refused(submitted_plan: PlanInProgress) -> None:
    before = submitted_plan.event_count()

    with pytest.raises(RuleBroken) as refused:  # RET-1
        submitted_plan.decide(replace(b.return_plan(),
                              suggested_steps=()))  # fmt: skip

    assert refused.value.obligations == ("RET-1",)
    assert submitted_plan.plan.status is PlanStatus.SUBMITTED
    assert submitted_plan.event_count() == before


def test_a_return_must_tell_the_person_of_their_right_to_complain(
    submitted_plan: PlanInProgress,
) -> None:  # COMP-1
    with pytest.raises(RuleBroken) as refused:
        submitted_plan.decide(replace(b.return_plan(), right_to_complain=False))

    assert refused.value.obligations == ("COMP-1",)


def test_a_returned_plan_goes_back_to_whoever_submitted_it(
    returned_plan: PlanInProgress,
) -> None:  # RET-1
    returned = returned_plan.planning.history(returned_plan.plan_id)[-1]

    assert isinstance(returned, deciding.Returned)
    assert returned.returned_to == b.PRACTITIONER.id
    assert returned.reasons == (ReturnReason.INSUFFICIENT_INFORMATION,)
    assert returned.suggested_steps == b.return_plan().suggested_steps


def test_the_person_is_to_be_told_of_a_return_and_their_right_to_complain(
    returned_plan: PlanInProgress,
) -> None:  # RET-3, COMP-1
    notices = returned_plan.plan.notices

    assert len(notices) == 1
    assert notices[0].decision == "returned"
    assert notices[0].recipient is Recipient.PERSON
    assert notices[0].right_to_complain is True
    assert notices[0].plan_version == returned_plan.version


def test_the_person_is_to_be_told_of_a_sign_off(signed_off_plan: PlanInProgress) -> None:
    notices = signed_off_plan.plan.notices  # NOT-1

    assert [(n.decision, n.right_to_complain) for n in notices] == [("signed_off", False)]


def test_a_returned_plan_can_be_revised_and_resubmitted(
    returned_plan: PlanInProgress,
) -> None:  # RET-2
    returned_plan.decide(b.record_draft())
    returned_plan.decide(b.resubmit())
    returned_plan.decide(b.return_plan(ReturnReason.NOT_BEST_USE_OF_RESOURCES))
    returned_plan.decide(b.resubmit())
    returned_plan.decide(b.sign_off())

    history = returned_plan.planning.history(returned_plan.plan_id)
    rounds = [e.round for e in history if isinstance(e, drafting.Submitted)]
    returns = [e.reasons for e in history if isinstance(e, deciding.Returned)]
    assert rounds == [1, 2, 3]
    assert returns == [
        (ReturnReason.INSUFFICIENT_INFORMATION,),
        (ReturnReason.NOT_BEST_USE_OF_RESOURCES,),
    ]
    assert returned_plan.plan.status is PlanStatus.SIGNED_OFF


def test_a_resubmission_is_considered_afresh(returned_plan: PlanInProgress) -> None:  # RET-2
    returned_plan.decide(b.resubmit())

    assert returned_plan.plan.status is PlanStatus.SUBMITTED
    assert returned_plan.plan.round == 2
    assert returned_plan.plan.open_questions == ()


def test_a_submitted_plan_cannot_be_revised_until_returned(
    submitted_plan: PlanInProgress,
) -> None:
    with pytest.raises(DecisionNotAllowed):
        submitted_plan.decide(b.record_draft())


def test_a_resubmission_records_the_new_timeframe_given(returned_plan: PlanInProgress) -> None:
    with pytest.raises(RuleBroken) as refused:  # RET-4
        returned_plan.decide(b.submit())
    returned_plan.decide(b.resubmit())

    resubmitted = returned_plan.planning.history(returned_plan.plan_id)[-1]
    assert refused.value.obligations == ("RET-4",)
    assert resubmitted.timeframe == b.resubmit().timeframe
