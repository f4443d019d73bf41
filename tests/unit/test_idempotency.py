"""A keyed request, retried, gets its first answer and stores nothing again."""

import pytest

from domain.application import CarePlanning
from domain.errors import RequestKeyReused
from domain.requests import RequestKey
from tests import builders as b
from tests.conftest import PlanInProgress


def test_a_retried_start_returns_the_same_plan(planning: CarePlanning) -> None:
    key = RequestKey("start-1", "fp-a", b.PRACTITIONER.id)

    first = planning.start_plan(b.start(), key)
    again = planning.start_plan(b.start(), key)

    assert (again.plan_id, again.version) == (first.plan_id, first.version)
    assert planning.recorder.max_notification_id() == 3  # started, opened, answered


def test_a_retried_decision_stores_nothing_again(drafted_plan: PlanInProgress) -> None:
    key = RequestKey("submit-1", "fp-b", b.PRACTITIONER.id)
    version = drafted_plan.version
    planning = drafted_plan.planning

    first = planning.decide(drafted_plan.plan_id, version, b.submit(), key)
    before = planning.recorder.max_notification_id()
    again = planning.decide(drafted_plan.plan_id, version, b.submit(), key)

    assert again.version == first.version == version + 1
    assert planning.recorder.max_notification_id() == before


def test_the_same_key_for_a_different_request_is_refused(drafted_plan: PlanInProgress) -> None:
    planning, plan_id, version = drafted_plan.planning, drafted_plan.plan_id, drafted_plan.version
    planning.decide(plan_id, version, b.submit(), RequestKey("k-1", "fp-c", b.PRACTITIONER.id))

    with pytest.raises(RequestKeyReused):
        planning.decide(
            plan_id, version + 1, b.submit(), RequestKey("k-1", "other", b.PRACTITIONER.id)
        )


def test_keys_belong_to_the_person_who_sent_them(planning: CarePlanning) -> None:
    mine = RequestKey("start-1", "fp-a", b.PRACTITIONER.id)
    theirs = RequestKey("start-1", "fp-a", b.OTHER_PRACTITIONER.id)

    first = planning.start_plan(b.start(), mine)
    second = planning.start_plan(b.start(), theirs)

    assert first.plan_id != second.plan_id


def test_a_refused_request_is_not_remembered(drafted_plan: PlanInProgress) -> None:
    planning, plan_id = drafted_plan.planning, drafted_plan.plan_id
    key = RequestKey("sign-1", "fp-d", b.SIGNER.id)
    before = planning.recorder.max_notification_id()

    for _ in range(2):
        with pytest.raises(Exception, match="SIGN-1"):
            planning.decide(plan_id, drafted_plan.version, b.sign_off(), key)

    assert planning.recorder.max_notification_id() == before
