"""Decisions saved together, one transaction for several plans: each gets the answer it
would have got alone, and nothing half-done is stored."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recording

from domain.application import CarePlanning, DecisionRequest, Recorded
from domain.errors import RuleBroken, StaleVersion
from domain.requests import RequestKey
from tests import builders as b
from tests.conftest import PlanInProgress
from tests.integration.conftest import OpenPlanning


def _started(app: CarePlanning, count: int) -> list[PlanInProgress]:
    cases = []
    for _ in range(count):
        recorded = app.start_plan(b.start())
        cases.append(PlanInProgress(app, recorded.plan_id, recorded.version))
    return cases


def _heard(app: CarePlanning) -> list[Sequence[Recording[UUID]]]:
    saves: list[Sequence[Recording[UUID]]] = []
    app.listeners.append(saves.append)
    return saves


def test_decisions_on_several_plans_are_saved_in_one_transaction(
    open_planning: OpenPlanning,
) -> None:
    app = open_planning()
    cases = _started(app, 3)
    saves = _heard(app)

    outcomes = app.decide_together(
        [
            DecisionRequest(c.plan_id, c.version, b.indicative(f"{300 + i}.00"))
            for i, c in enumerate(cases)
        ]
    )

    assert len(saves) == 1  # one save: plan and budget of each, six events
    assert [r.domain_event.originator_id for r in saves[0]].count(cases[0].plan_id) == 1
    assert len(saves[0]) == 6
    fresh = open_planning()
    for i, (case, outcome) in enumerate(zip(cases, outcomes, strict=True)):
        assert isinstance(outcome, Recorded)
        assert outcome.version == case.version + 1
        assert fresh.budget(case.plan_id).indicative_weekly == Decimal(f"{300 + i}.00")
        own = [r.notification.id for r in saves[0]
               if r.domain_event.originator_id in (case.plan_id, case.budget.id)]  # fmt: skip
        assert outcome.position == max(own)


def test_a_second_decision_on_the_same_plan_is_decided_after_the_first(
    open_planning: OpenPlanning,
) -> None:
    app = open_planning()
    (case,) = _started(app, 1)

    outcomes = app.decide_together(
        [
            DecisionRequest(case.plan_id, case.version, b.indicative("310.00")),
            DecisionRequest(case.plan_id, case.version, b.indicative("320.00")),
        ]
    )

    assert isinstance(outcomes[0], Recorded)
    assert isinstance(outcomes[1], StaleVersion)
    assert open_planning().budget(case.plan_id).indicative_weekly == Decimal("310.00")


def test_a_refused_decision_is_refused_and_the_others_saved(
    open_planning: OpenPlanning,
) -> None:
    app = open_planning()
    cases = _started(app, 2)

    outcomes = app.decide_together(
        [
            DecisionRequest(cases[0].plan_id, cases[0].version, b.indicative("-1.00")),
            DecisionRequest(cases[1].plan_id, cases[1].version, b.indicative("330.00")),
        ]
    )

    assert isinstance(outcomes[0], RuleBroken)
    assert isinstance(outcomes[1], Recorded)
    fresh = open_planning()
    assert fresh.plan(cases[0].plan_id).version == cases[0].version
    assert fresh.budget(cases[1].plan_id).indicative_weekly == Decimal("330.00")


def test_when_the_joint_save_conflicts_each_is_decided_alone(
    open_planning: OpenPlanning,
) -> None:
    first, second = open_planning(), open_planning()
    cases = _started(first, 2)
    for case in cases:
        second.plan(case.plan_id)  # cached by the second as the clients saw them
    moved = cases[0].version
    cases[0].decide(b.indicative("340.00"))  # the first moves one plan on
    saves = _heard(second)

    outcomes = second.decide_together(
        [
            DecisionRequest(cases[0].plan_id, moved, b.indicative("350.00")),
            DecisionRequest(cases[1].plan_id, cases[1].version, b.indicative("360.00")),
        ]
    )

    assert isinstance(outcomes[0], StaleVersion)
    assert isinstance(outcomes[1], Recorded)
    assert len(saves) == 1  # the joint save stored nothing; the second alone did
    fresh = open_planning()
    assert fresh.budget(cases[0].plan_id).indicative_weekly == Decimal("340.00")
    assert fresh.budget(cases[1].plan_id).indicative_weekly == Decimal("360.00")


def test_keyed_requests_together_are_answered_once(open_planning: OpenPlanning) -> None:
    app = open_planning()
    cases = _started(app, 2)
    keys = [RequestKey(f"key-{i}", f"print-{i}", b.PRACTITIONER.id) for i in range(2)]
    requests = [DecisionRequest(c.plan_id, c.version, b.indicative("370.00"), k)
                for c, k in zip(cases, keys, strict=True)]  # fmt: skip
    first = app.decide_together(requests)
    events = [len(app.history(c.plan_id)) for c in cases]

    again = open_planning().decide_together(requests)

    assert _versions(again) == _versions(first) == [c.version + 1 for c in cases]
    assert [len(app.history(c.plan_id)) for c in cases] == events


def _versions(outcomes: list[Any]) -> list[int]:
    assert all(isinstance(o, Recorded) for o in outcomes), outcomes
    return [o.version for o in outcomes]
