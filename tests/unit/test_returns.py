"""Returning a plan with reasons, telling the person, and resubmitting (RET-1..3, COMP-1)."""

from dataclasses import replace

import pytest

from domain.drafting import decisions as drafting
from domain.errors import DecisionNotAllowed, RuleBroken
from domain.grounds import ReturnReason
from domain.kinds import PlanStatus
from domain.notifying import Recipient
from domain.plan import deciding
from domain.rules.returns import return_failures
from tests import builders as b
from tests.conftest import PlanInProgress


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
