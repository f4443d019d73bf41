"""Two application instances deciding on the same plan version: one wins, the other is
told the plan changed, and nothing half-done is stored."""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from domain.application import CarePlanning, Recorded
from domain.budget import aggregate as budgets
from domain.budget.aggregate import PersonalBudget
from domain.deciding import decisions as deciding
from domain.errors import StaleVersion
from domain.kinds import PlanStatus
from domain.plan.aggregate import Plan
from domain.requests import RequestKey
from tests import builders as b
from tests.conftest import PlanInProgress, submitted
from tests.integration.conftest import Store


class MeetsBeforeSaving(CarePlanning):
    """Both racers load the plan, then both try to save: a real race, every time."""

    barrier: threading.Barrier | None = None

    def _commit(
        self,
        plan: Plan,
        *others: PersonalBudget,
        key: RequestKey | None = None,
        conflict: type[Exception] | None = None,
    ) -> Recorded:
        if self.barrier is not None:
            self.barrier.wait(timeout=60)
        return super()._commit(plan, *others, key=key, conflict=conflict)


def race(apps: list[MeetsBeforeSaving], decide: Any) -> list[Recorded | Exception]:
    barrier = threading.Barrier(len(apps))
    for app in apps:
        app.barrier = barrier

    def run(app: CarePlanning) -> Recorded | Exception:
        try:
            result: Recorded = decide(app)
            return result
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(len(apps)) as pool:
        return list(pool.map(run, apps))


@pytest.fixture
def racers(store: Store) -> Any:
    apps = [MeetsBeforeSaving(store.env) for _ in range(2)]
    yield apps
    for app in apps:
        app.close()


def test_two_instances_signing_off_the_same_version_one_wins(
    racers: list[MeetsBeforeSaving], store: Store
) -> None:
    case = submitted(racers[0])
    version = case.version

    outcomes = race(racers, lambda app: app.decide(case.plan_id, version, b.sign_off()))

    wins = [o for o in outcomes if isinstance(o, Recorded)]
    conflicts = [o for o in outcomes if isinstance(o, StaleVersion)]
    assert len(wins) == 1
    assert len(conflicts) == 1
    fresh = CarePlanning(store.env, directory=b.directory)
    assert fresh.plan(case.plan_id).status is PlanStatus.SIGNED_OFF
    history = fresh.history(case.plan_id)
    assert sum(isinstance(e, deciding.SignedOff) for e in history) == 1
    assert sum(isinstance(e, budgets.FinalAgreed) for e in history) == 1
    fresh.close()


def test_a_return_racing_a_sign_off_leaves_exactly_one_decision(
    racers: list[MeetsBeforeSaving], store: Store
) -> None:
    case = submitted(racers[0])
    version = case.version

    outcomes = race(
        racers,
        lambda app: (
            app.decide(case.plan_id, version, b.sign_off())
            if app is racers[0]
            else app.decide(case.plan_id, version, b.return_plan())
        ),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["Recorded", "StaleVersion"]
    fresh = CarePlanning(store.env, directory=b.directory)
    plan = fresh.plan(case.plan_id)
    assert plan.version == version + 1
    assert (fresh.budget(case.plan_id).agreed is not None) is (plan.status is PlanStatus.SIGNED_OFF)
    fresh.close()


def test_a_decision_on_a_version_another_instance_moved_past_is_refused(
    store: Store,
) -> None:
    first, second = (CarePlanning(store.env, directory=b.directory) for _ in range(2))
    case = PlanInProgress(first, *_started(first))
    seen_by_second = case.version

    case.decide(b.indicative())

    with pytest.raises(StaleVersion):
        second.decide(case.plan_id, seen_by_second, b.indicative("250.00"))
    assert second.budget(case.plan_id).indicative_weekly == b.indicative().weekly_amount
    first.close()
    second.close()


def _started(app: CarePlanning) -> tuple[Any, int]:
    recorded = app.start_plan(b.start())
    return recorded.plan_id, recorded.version


def test_two_racing_retries_of_one_keyed_request_store_it_once(
    racers: list[MeetsBeforeSaving], store: Store
) -> None:
    case = submitted(racers[0])
    version = case.version
    key = RequestKey("retry-me", "fingerprint-1", b.SIGNER.id)

    outcomes = race(racers, lambda app: app.decide(case.plan_id, version, b.sign_off(), key))

    assert all(isinstance(o, Recorded) for o in outcomes), outcomes
    assert {o.version for o in outcomes if isinstance(o, Recorded)} == {version + 1}
    fresh = CarePlanning(store.env, directory=b.directory)
    history = fresh.history(case.plan_id)
    assert sum(isinstance(e, deciding.SignedOff) for e in history) == 1
    fresh.close()
