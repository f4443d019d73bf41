"""Group commit: decisions waiting at once are saved in one transaction, and each
caller hears its own answer."""

import asyncio
import threading
import time
from collections.abc import Iterator, Sequence
from decimal import Decimal
from uuid import UUID

import pytest
from eventsourcing.persistence import Recording

from api.group_commit import GroupCommit
from domain.application import CarePlanning, DecisionRequest, Recorded
from domain.errors import PlanNotFound, RuleBroken, StaleVersion
from tests import builders as b
from tests.integration.conftest import OpenPlanning


@pytest.fixture
def planning(open_planning: OpenPlanning) -> CarePlanning:
    return open_planning()


@pytest.fixture
def group_commit(planning: CarePlanning) -> Iterator[GroupCommit]:
    group_commit = GroupCommit(planning, threads=1)
    yield group_commit
    group_commit.close()


async def _all_at_once(group_commit: GroupCommit, decisions: list[DecisionRequest]) -> list[object]:
    """Holds the group commit's one thread until every decision is queued behind it."""
    queued, release = threading.Event(), threading.Event()

    def hold() -> None:
        queued.set()
        release.wait(timeout=60)

    held = asyncio.create_task(group_commit.run(hold))
    await asyncio.to_thread(queued.wait, 10)
    answers = [asyncio.create_task(group_commit.decide(d)) for d in decisions]
    await asyncio.sleep(0)  # each task has asked; the turn's end hands them over
    release.set()
    await held
    return await asyncio.gather(*answers, return_exceptions=True)


def _saves_of(planning: CarePlanning) -> list[Sequence[Recording[UUID]]]:
    """What each save from now on records, one list per transaction."""
    saves: list[Sequence[Recording[UUID]]] = []
    planning.listeners.append(saves.append)
    return saves


def _started(planning: CarePlanning, count: int) -> list[Recorded]:
    return [planning.start_plan(b.start()) for _ in range(count)]


def test_decisions_waiting_at_once_are_saved_in_one_transaction(
    planning: CarePlanning, group_commit: GroupCommit
) -> None:
    plans = _started(planning, 4)
    saves = _saves_of(planning)
    decisions = [DecisionRequest(p.plan_id, p.version, b.indicative(f"{310 + i}.00"))
                 for i, p in enumerate(plans)]  # fmt: skip

    answers = asyncio.run(_all_at_once(group_commit, decisions))

    assert len(saves) == 1
    assert len(saves[0]) == 2 * len(plans)
    for i, (plan, answer) in enumerate(zip(plans, answers, strict=True)):
        assert isinstance(answer, Recorded)
        assert answer.plan_id == plan.plan_id
        assert answer.version == plan.version + 1
        assert planning.budget(plan.plan_id).indicative_weekly == Decimal(f"{310 + i}.00")


def test_each_caller_hears_its_own_answer(
    planning: CarePlanning, group_commit: GroupCommit
) -> None:
    plans = _started(planning, 3)
    decisions = [
        DecisionRequest(plans[0].plan_id, plans[0].version, b.indicative("320.00")),
        DecisionRequest(plans[1].plan_id, plans[1].version, b.indicative("-5.00")),
        DecisionRequest(plans[2].plan_id, plans[2].version + 7, b.indicative("330.00")),
        DecisionRequest(plans[0].plan_id, plans[0].version, b.indicative("340.00")),
    ]

    answers = asyncio.run(_all_at_once(group_commit, decisions))

    assert isinstance(answers[0], Recorded)
    assert isinstance(answers[1], RuleBroken)
    assert isinstance(answers[2], StaleVersion)
    assert isinstance(answers[3], StaleVersion)  # the first decision on that version won
    assert planning.budget(plans[0].plan_id).indicative_weekly == Decimal("320.00")
    assert planning.plan(plans[1].plan_id).version == plans[1].version


def test_work_done_alone_answers_its_caller(
    planning: CarePlanning, group_commit: GroupCommit
) -> None:
    async def start() -> Recorded:
        return await group_commit.run(lambda: planning.start_plan(b.start()))

    async def fail() -> None:
        await group_commit.run(lambda: planning.plan(UUID(int=0)))

    recorded = asyncio.run(start())

    assert planning.plan(recorded.plan_id).version == recorded.version
    with pytest.raises(PlanNotFound):
        asyncio.run(fail())


def test_decisions_asked_in_one_turn_of_the_event_loop_go_to_group_commit_together(
    planning: CarePlanning, group_commit: GroupCommit
) -> None:
    """Even when the turn is slow and the group commit idle: the group commit is handed the turn's
    decisions when the turn ends, not the first of them while the rest are on the way."""
    plans = _started(planning, 4)
    saves = _saves_of(planning)

    async def ask(plan: Recorded) -> Recorded:
        time.sleep(0.02)  # a slow request: lets go of the interpreter, as I/O does
        return await group_commit.decide(
            DecisionRequest(plan.plan_id, plan.version, b.indicative())
        )

    async def all_in_one_turn() -> list[Recorded]:
        return await asyncio.gather(*(ask(p) for p in plans))

    answers = asyncio.run(all_in_one_turn())

    assert [a.version for a in answers] == [p.version + 1 for p in plans]
    assert [len(s) for s in saves] == [2 * len(plans)]


def test_a_decision_asked_after_group_commit_has_closed_is_refused(
    planning: CarePlanning, group_commit: GroupCommit
) -> None:
    plan = _started(planning, 1)[0]
    group_commit.close()

    async def ask() -> Recorded:
        return await group_commit.decide(
            DecisionRequest(plan.plan_id, plan.version, b.indicative())
        )

    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(asyncio.wait_for(ask(), timeout=60))
    assert planning.plan(plan.plan_id).version == plan.version


def test_a_turn_of_more_than_max_together_decisions_is_saved_in_batches_of_at_most_that(
    planning: CarePlanning, group_commit: GroupCommit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.group_commit.MAX_TOGETHER", 3)
    plans = _started(planning, 7)
    saves = _saves_of(planning)
    decisions = [DecisionRequest(p.plan_id, p.version, b.indicative()) for p in plans]

    answers = asyncio.run(_all_at_once(group_commit, decisions))

    assert all(isinstance(a, Recorded) for a in answers)
    assert [len(s) // 2 for s in saves] == [3, 3, 1]
