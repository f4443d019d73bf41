"""Restricting a person's records to named staff (DESIGN-restricted): who may keep a
restriction, what it must say, and that it reaches every plan of the person's, decisions
as well as reads. On the in-memory store."""

from dataclasses import replace
from pathlib import Path

import pytest

from domain.actors import Actor, Role
from domain.application import RESTRICTIONS_FRESH_SECONDS, CarePlanning, RestrictionsRead
from domain.errors import DecisionNotAllowed, RecordRestricted, RuleBroken
from domain.restricting.decisions import Lift, Restrict
from tests import builders as b
from tests.conftest import PlanInProgress, start

ADMIN = Actor("staff-6001", Role.ADMIN)
REASON = "a relative of a member of staff"


def restrict(planning: CarePlanning, *named: str, actor: Actor = ADMIN) -> int:
    return planning.restrict(Restrict(actor, b.PERSON, named, REASON))


def test_only_the_named_decide_on_or_read_a_restricted_persons_plans(
    started_plan: PlanInProgress,
) -> None:
    planning, plan_id = started_plan.planning, started_plan.plan_id
    restrict(planning, b.PRACTITIONER.id)
    before = started_plan.event_count()
    by_colleague = replace(b.indicative(), actor=b.OTHER_PRACTITIONER)

    with pytest.raises(RecordRestricted):
        planning.decide(plan_id, started_plan.version, by_colleague)
    with pytest.raises(RecordRestricted):
        planning.require_in_scope(b.OTHER_PRACTITIONER, [plan_id], None, "read the plan")
    with pytest.raises(RecordRestricted):
        planning.start_plan(replace(b.start(), actor=b.OTHER_PRACTITIONER))
    assert started_plan.event_count() == before
    started_plan.decide(b.indicative())  # by the named practitioner

    assert started_plan.event_count() > before
    assert planning.withheld_from(b.OTHER_PRACTITIONER, [plan_id]) == {plan_id}
    assert planning.withheld_from(b.PRACTITIONER, [plan_id]) == frozenset()


def test_a_restriction_covers_plans_started_after_it(planning: CarePlanning) -> None:
    restrict(planning, b.PRACTITIONER.id)
    later = start(planning)

    with pytest.raises(RecordRestricted):
        planning.require_in_scope(b.SIGNER, [later.plan_id], None, "read the plan")


def test_a_lifted_restriction_leaves_the_records_open_again(
    started_plan: PlanInProgress,
) -> None:
    planning, plan_id = started_plan.planning, started_plan.plan_id
    restrict(planning, b.PRACTITIONER.id)

    version = planning.restrict(Lift(ADMIN, b.PERSON, "the member of staff has left"))

    assert version == 2
    assert planning.require_in_scope(b.SIGNER, [plan_id], None, "read the plan") is False
    with pytest.raises(DecisionNotAllowed):
        planning.restrict(Lift(ADMIN, b.PERSON, "lifted twice"))


def test_only_an_admin_restricts_records_that_are_not_restricted(planning: CarePlanning) -> None:
    with pytest.raises(RuleBroken) as by_manager:
        restrict(planning, b.LINE_MANAGER.id, actor=b.LINE_MANAGER)

    assert [(f.obligation, f.field) for f in by_manager.value.failures] == [
        ("DESIGN-restricted", "actor")]  # fmt: skip
    assert planning.restriction(b.PERSON) is None


def test_a_line_manager_keeps_a_restriction_only_when_named_on_it(
    planning: CarePlanning,
) -> None:
    restrict(planning, b.PRACTITIONER.id)

    with pytest.raises(RuleBroken) as unnamed:
        restrict(planning, b.LINE_MANAGER.id, actor=b.LINE_MANAGER)
    restrict(planning, b.PRACTITIONER.id, b.LINE_MANAGER.id)
    restrict(planning, b.LINE_MANAGER.id, actor=b.LINE_MANAGER)

    assert [(f.obligation, f.field) for f in unnamed.value.failures] == [
        ("DESIGN-restricted", "actor")]  # fmt: skip
    restriction = planning.restriction(b.PERSON)
    assert restriction is not None
    assert restriction.named == frozenset({b.LINE_MANAGER.id})


@pytest.mark.parametrize(
    ("named", "reason", "fields"),
    [((), REASON, ["named"]),
     (("staff-0101", "staff-0101"), REASON, ["named"]),
     (tuple(f"staff-{n:04}" for n in range(51)), REASON, ["named"]),
     (("staff-0101",), " ", ["reason"]),
     ((), "", ["named", "reason"])],
    ids=["no one", "someone twice", "too many", "no reason", "neither"],
)  # fmt: skip
def test_a_restriction_names_who_and_why(
    planning: CarePlanning, named: tuple[str, ...], reason: str, fields: list[str]
) -> None:
    with pytest.raises(RuleBroken) as refused:
        planning.restrict(Restrict(ADMIN, b.PERSON, named, reason))

    assert [f.field for f in refused.value.failures] == fields
    assert planning.restriction(b.PERSON) is None


def test_a_report_leaves_out_the_rows_of_withheld_plans_and_keeps_the_rest() -> None:
    from uuid import uuid4

    from api.routers.read_models import _without_plans

    kept, withheld = uuid4(), uuid4()
    body = {"count": 2, "rows": [{"plan_id": str(kept), "days": 3},
                                 {"plan_id": str(withheld), "days": 9}],
            "by_team": {"east": {"outliers": [{"plan_id": str(withheld)}]}}}  # fmt: skip

    shown = _without_plans(body, frozenset({withheld}))

    assert shown == {"count": 2, "rows": [{"plan_id": str(kept), "days": 3}],
                     "by_team": {"east": {"outliers": []}}}  # fmt: skip
    assert _without_plans(body, frozenset()) is body


def test_a_worker_relies_on_a_restriction_as_read_for_a_second(tmp_path: Path) -> None:
    # two workers on one store (a real SQLite file), each with a clock of its own
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "s.db")}
    keeper, other = (CarePlanning(env=env, directory=b.directory) for _ in range(2))
    seconds = [100.0]
    other.clock_seconds = lambda: seconds[0]
    case = start(other)
    before = other.require_in_scope(b.OTHER_PRACTITIONER, [case.plan_id], None, "read")

    restrict(keeper, b.PRACTITIONER.id)
    within_the_second = other.require_in_scope(b.OTHER_PRACTITIONER, [case.plan_id], None, "read")
    seconds[0] += RESTRICTIONS_FRESH_SECONDS + 0.1
    with pytest.raises(RecordRestricted):
        other.require_in_scope(b.OTHER_PRACTITIONER, [case.plan_id], None, "read")
    with pytest.raises(RecordRestricted):  # in the worker that recorded it: at once
        keeper.require_in_scope(b.OTHER_PRACTITIONER, [case.plan_id], None, "read")

    assert (before, within_the_second) == (False, False)
    keeper.close()
    other.close()


def test_a_read_that_finishes_late_does_not_undo_a_newer_restriction() -> None:
    # one thread read the person unrestricted (version 0) just before another recorded
    # the restriction (version 1) and remembered it; the first remembers only then
    remembered = RestrictionsRead()
    remembered.remember(b.PERSON, frozenset({b.PRACTITIONER.id}), 1, now=10.0)

    remembered.remember(b.PERSON, None, 0, now=10.1)

    assert remembered.get(b.PERSON, now=10.2) == (frozenset({b.PRACTITIONER.id}),)
