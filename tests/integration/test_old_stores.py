"""Events are forever: a store written before the code moved (``tests/fixtures``: three
whole plan lives, every kind of decision, written before the domain was grouped by
feature) still reads, event for event, with the code as it is now."""

import shutil
from pathlib import Path

from domain.application import CarePlanning
from domain.plan.aggregate import Plan
from store.application import ServicePlanning
from tests import builders as b
from tests.lives import care_plan_life, direct_payment_life, self_funder_life

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_store_written_before_the_features_moved_reads_every_event_and_plan(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "store-before-feature-packages.sqlite", copy)
    planning = ServicePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                    "SQLITE_DBNAME": str(copy)}, directory=b.directory)  # fmt: skip

    stored = planning.recorder.select_notifications(start=None, limit=10_000)
    events = [planning.mapper.to_domain_event(n) for n in stored]
    plan_ids = {e.originator_id for e in events if isinstance(e, Plan.Event)}
    plans = [planning.plan(plan_id) for plan_id in plan_ids]
    histories = [planning.history(plan_id) for plan_id in plan_ids]
    planning.close()

    assert len(events) == 70
    assert len({n.topic for n in stored}) == 41
    assert sum(len(h) for h in histories) == len(events)
    assert sorted((p.status.value, p.version) for p in plans) == the_same_lives_lived_now()


def the_same_lives_lived_now() -> list[tuple[str, int]]:
    """Where the lives that wrote the store leave their plans with today's code."""
    planning = CarePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, directory=b.directory)
    lived = [life(planning).plan for life in (care_plan_life, direct_payment_life,
                                               self_funder_life)]  # fmt: skip
    planning.close()
    return sorted((p.status.value, p.version) for p in lived)
