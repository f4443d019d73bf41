"""What every decision records: kinds, actors, when it happened, versions and history."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from domain.actors import Role
from domain.application import CarePlanning
from domain.budget import aggregate as budgets
from domain.budget.aggregate import PersonalBudget
from domain.deciding import decisions as deciding
from domain.errors import NotPermitted, PlanNotFound, RuleBroken, StaleVersion, VersionNotFound
from domain.events import event_type
from domain.kinds import PlanKind, PlanStatus
from domain.plan import starting
from tests import builders as b
from tests.conftest import PlanInProgress, start


@pytest.mark.parametrize("kind", list(PlanKind))
def test_both_kinds_of_plan_can_be_signed_off(planning: CarePlanning, kind: PlanKind) -> None:
    case = start(planning, kind)  # KIND-1
    case.decide(b.indicative())
    case.decide(b.record_draft())
    case.decide(b.submit())
    case.decide(b.sign_off(person="0.00", authority="255.00"))

    assert case.plan.kind is kind
    assert case.budget.kind is kind
    assert case.plan.status is PlanStatus.SIGNED_OFF


def test_every_decision_records_its_actor_and_when_it_happened(
    signed_off_plan: PlanInProgress,
) -> None:
    history = signed_off_plan.planning.history(signed_off_plan.plan_id)

    assert {e.actor.role for e in history} == {Role.PRACTITIONER, Role.SIGN_OFF_OFFICER}
    assert all(e.occurred_at.tzinfo is not None for e in history)
    assert all(e.occurred_at <= e.timestamp for e in history)


def test_a_decision_can_be_recorded_after_it_happened(planning: CarePlanning) -> None:
    now = datetime.now(UTC)
    recorded = planning.start_plan(replace(b.start(), occurred_at=now - timedelta(days=10)))
    case = PlanInProgress(planning, recorded.plan_id, recorded.version)
    case.decide(b.indicative())
    case.decide(b.record_draft())

    case.decide(replace(b.submit(), occurred_at=now - timedelta(days=1)))

    submitted = planning.history(case.plan_id)[-1]
    assert submitted.occurred_at == now - timedelta(days=1)
    assert submitted.timestamp > submitted.occurred_at


def test_a_decision_cannot_be_dated_in_the_future(drafted_plan: PlanInProgress) -> None:
    tomorrow = datetime.now(UTC) + timedelta(days=1)

    with pytest.raises(RuleBroken) as refused:
        drafted_plan.decide(replace(b.submit(), occurred_at=tomorrow))

    assert [f.field for f in refused.value.failures] == ["occurred_at"]


def test_a_plan_cannot_start_before_the_first_instant_utc_holds() -> None:
    """0001-01-01T00:30+01:00 is a year before the first in UTC: stored, it would stop
    every read model that turns times into UTC."""
    from tests.conftest import memory_planning

    planning = memory_planning()
    far = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    with pytest.raises(RuleBroken) as refused:
        planning.start_plan(replace(b.start(), occurred_at=far))
    assert [f.field for f in refused.value.failures] == ["occurred_at"]
    assert planning.recorder.max_notification_id() in (None, 0)


def test_a_decision_cannot_be_dated_before_its_plan_started(drafted_plan: PlanInProgress) -> None:
    long_ago = drafted_plan.plan.started_at - timedelta(days=30)

    with pytest.raises(RuleBroken) as refused:
        drafted_plan.decide(replace(b.submit(), occurred_at=long_ago))

    assert "before the plan started" in refused.value.failures[0].message


def test_a_naive_time_is_refused(planning: CarePlanning) -> None:
    with pytest.raises(RuleBroken) as refused:
        planning.start_plan(replace(b.start(), occurred_at=datetime(2026, 1, 1)))

    assert "time zone" in refused.value.failures[0].message


def test_a_plan_needs_a_person_and_a_team(planning: CarePlanning) -> None:
    with pytest.raises(RuleBroken) as refused:
        planning.start_plan(replace(b.start(), person_ref=" ", team=""))

    assert {f.field for f in refused.value.failures} == {"person_ref", "team"}


def test_only_practitioners_start_plans(planning: CarePlanning) -> None:
    with pytest.raises(NotPermitted):
        planning.start_plan(replace(b.start(), actor=b.SIGNER))


def test_a_decision_on_a_stale_version_is_refused(drafted_plan: PlanInProgress) -> None:
    stale = drafted_plan.version - 1

    with pytest.raises(StaleVersion) as refused:
        drafted_plan.planning.decide(drafted_plan.plan_id, stale, b.submit())

    assert refused.value.actual == drafted_plan.version
    assert drafted_plan.plan.status is PlanStatus.DRAFT


def test_an_unknown_plan_is_not_found(planning: CarePlanning) -> None:
    from uuid import uuid4

    with pytest.raises(PlanNotFound):
        planning.decide(uuid4(), 1, b.submit())
    with pytest.raises(PlanNotFound):
        planning.history(uuid4())


def test_history_puts_each_budget_event_after_the_plan_event_it_was_saved_with(
    signed_off_plan: PlanInProgress,
) -> None:
    history = signed_off_plan.planning.history(signed_off_plan.plan_id)

    assert [event_type(e) for e in history] == [
        "Plan.Started",
        "PersonalBudget.Opened",
        "Plan.IndicativeBudgetShared",
        "PersonalBudget.IndicativeSet",
        "Plan.DraftRecorded",
        "PersonalBudget.ProposedCosted",
        "Plan.Submitted",
        "Plan.SignedOff",
        "PersonalBudget.FinalAgreed",
    ]


def test_the_plan_and_budget_as_they_stood_at_a_version(signed_off_plan: PlanInProgress) -> None:
    planning, plan_id = signed_off_plan.planning, signed_off_plan.plan_id

    at_draft = planning.plan(plan_id, version=3)
    budget_at_draft = planning.budget(plan_id, plan_version=3)
    budget_at_start = planning.budget(plan_id, plan_version=1)

    assert at_draft.status is PlanStatus.DRAFT
    assert budget_at_draft.proposed == b.costing()
    assert budget_at_draft.agreed is None
    assert budget_at_start.indicative is None
    with pytest.raises(VersionNotFound):
        planning.plan(plan_id, version=99)


def test_the_budget_id_is_derived_from_the_plan_not_the_person(
    started_plan: PlanInProgress,
) -> None:
    assert PersonalBudget.create_id(started_plan.plan_id) == started_plan.budget.id
    assert started_plan.plan.person_ref not in str(started_plan.budget.id)


def test_events_have_stable_topics_and_versions() -> None:
    expected: dict[type[Any], str] = {
        starting.Started: "careledger:Plan.Started",
        deciding.SignedOff: "careledger:Plan.SignedOff",
        budgets.FinalAgreed: "careledger:PersonalBudget.FinalAgreed",
    }

    for cls, topic in expected.items():
        assert topic == cls.TOPIC
        assert cls.class_version == 1


def test_a_subclass_of_the_application_keeps_its_name_and_so_its_tables() -> None:
    class Instrumented(CarePlanning):
        pass

    assert Instrumented.name == CarePlanning.name == "careledger"


def test_a_failing_listener_does_not_undo_a_saved_decision(planning: CarePlanning) -> None:
    def broken(_: object) -> None:
        raise RuntimeError("the log is full")

    planning.listeners.append(broken)

    recorded = planning.start_plan(b.start())

    assert planning.plan(recorded.plan_id).version == 1
    assert planning.listener_failures == 1
