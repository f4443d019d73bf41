"""The decision log and the access log, kept by the runner on SQLite and PostgreSQL, and
what complaint handlers and auditors read from them with the store: where each decision
is, which version stood at an instant, a person's plans, timelines with the gap between
steps and whether the person was told (COMP-1), the auditors' questions, and the access
log, whose entries the integrity record covers like any decision."""

from dataclasses import replace
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from audit.access_log import AccessLog
from audit.decision_log import DecisionLog
from audit.integrity import IntegrityLedger
from audit.log_queries import (
    AccessFilters,
    DecisionFilters,
    decisions,
    plans_of,
    positions_of,
    reads,
    versions_at,
)
from audit.person_records import plan_steps
from audit.timeline import plan_timeline
from audit.verify import verify
from domain.access import ReadOf
from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.deciding import ReturnReason
from domain.deciding import decisions as deciding
from domain.notifying import ContactMethod, Recipient
from domain.notifying import decisions as notifying
from domain.sharing import decisions as sharing
from projections.runner import Runner
from projections.view import View
from tests import builders as b
from tests.integration.conftest import OpenPlanning, sqlite_env
from tests.lives import care_plan_life, direct_payment_life, self_funder_life

HANDLER = Actor("staff-3001", Role.COMPLAINT_HANDLER)


def caught_up(planning: CarePlanning, view: View, batch_size: int = 7) -> View:
    Runner(planning, view, batch_size).catch_up()
    return view


def test_each_decision_is_placed_where_the_store_has_it(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    case = care_plan_life(planning)
    log = caught_up(planning, View(DecisionLog(), views_env))
    placed = positions_of(log, case.plan_id)
    assert len(placed) == len(planning.history(case.plan_id))
    for (aggregate_id, version), position in placed.items():
        stored = planning.recorder.select_notifications(start=position, limit=1)[0]
        assert (str(stored.originator_id), stored.originator_version) == (aggregate_id, version)


def test_the_version_at_an_instant_is_the_last_recorded_by_then(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    case = direct_payment_life(planning)
    log = caught_up(planning, View(DecisionLog(), views_env))
    plan_events = [e for e in planning.history(case.plan_id) if e.originator_id == case.plan_id]
    first = plan_events[0].timestamp
    assert versions_at(log, case.plan_id, first - timedelta(microseconds=1)).plan_version is None
    for event, later in pairwise(plan_events):
        between = event.timestamp + (later.timestamp - event.timestamp) / 2
        found = versions_at(log, case.plan_id, between)
        assert found.plan_version == event.originator_version
        budget = planning.budget(case.plan_id, found.plan_version)
        assert found.budget_version == budget.version
    assert versions_at(log, case.plan_id, plan_events[-1].timestamp).plan_version == (
        plan_events[-1].originator_version
    )


def test_a_person_s_plans_and_a_plan_s_timeline(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    cases = [care_plan_life(planning), direct_payment_life(planning), self_funder_life(planning)]
    log = caught_up(planning, View(DecisionLog(), views_env))
    assert plans_of(log, "person-000123") == [c.plan_id for c in cases]
    assert plans_of(log, "person-nobody") == []

    steps, person_ref = plan_steps(planning, log, cases[1].plan_id)
    assert person_ref == "person-000123"
    events = planning.history(cases[1].plan_id)
    assert [s.version for s in steps] == [e.originator_version for e in events]
    assert all(s.position is not None for s in steps)
    assert steps[0].days_since_previous is None
    for before, step in pairwise(steps):
        days = (step.occurred_at - before.occurred_at).total_seconds() / 86_400
        assert step.days_since_previous == round(days, 2)
    signed = next(s for s in steps if s.type == "Plan.SignedOff")
    assert signed.authority_level == next(
        e.authority.level for e in events if isinstance(e, deciding.SignedOff)
    )
    returned = next(s for s in steps if s.type == "Plan.Returned")
    assert returned.telling is not None
    assert returned.telling.right_to_complain_due  # COMP-1
    assert returned.telling.told_at is None


def test_a_return_is_untold_until_the_person_hears_of_their_right_to_complain(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """COMP-1, RET-3: the auditors' list of adverse decisions without the right to
    complain recorded, and the timeline's telling, both follow the telling."""
    planning = open_planning()
    case = direct_payment_life(planning)
    log = View(DecisionLog(), views_env)
    untold = DecisionFilters(missing_right_to_complain=True, plan_id=str(case.plan_id))
    caught_up(planning, log)
    before = decisions(log, untold).rows
    assert [r["type"] for r in before] == ["Plan.Returned"]
    returned = before[0]
    assert returned["reasons"] == ReturnReason.INSUFFICIENT_INFORMATION.value

    case.decide(notifying.TellOfDecision(b.PRACTITIONER, int(returned["plan_version"] or 0),
                                         Recipient.PERSON, ContactMethod.LETTER,
                                         reasons_explained=True,
                                         right_to_complain_explained=True))  # fmt: skip
    caught_up(planning, log)
    assert decisions(log, untold).rows == []
    told = decisions(log, DecisionFilters(type="Plan.Returned", plan_id=str(case.plan_id)))
    assert told.rows[0]["told_at"] is not None
    assert told.rows[0]["complaint_told"] == 1
    steps, _ = plan_steps(planning, log, case.plan_id)
    telling = next(s.telling for s in steps if s.type == "Plan.Returned")
    assert telling is not None
    assert telling.right_to_complain_explained
    assert telling.told_by == b.PRACTITIONER.id


def test_the_auditors_questions_match_the_histories(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    cases = [care_plan_life(planning), direct_payment_life(planning), self_funder_life(planning)]
    log = caught_up(planning, View(DecisionLog(), views_env))
    events = [e for c in cases for e in planning.history(c.plan_id)]

    def count(**filters: Any) -> int:
        return decisions(log, DecisionFilters(**filters), limit=500).total

    assert count() == len(events)
    assert count(type="Plan.ShareDeclined") == sum(
        isinstance(e, sharing.ShareDeclined) for e in events)  # fmt: skip
    assert count(type="Plan.ShareDeclined") >= 1
    levels = {e.authority.level for e in events if isinstance(e, deciding.SignedOff)}
    for level in levels:
        signed = [e for e in events if isinstance(e, deciding.SignedOff)]
        assert count(type="Plan.SignedOff", authority_level=level) == sum(
            e.authority.level == level for e in signed
        )
    assert count(reason=ReturnReason.INSUFFICIENT_INFORMATION.value) == 1
    assert count(reason=ReturnReason.NOT_BEST_USE_OF_RESOURCES.value) == 0
    signer = b.SIGNER
    assert count(actor=signer.id) == sum(e.actor.id == signer.id for e in events)
    assert count(role="sign_off_officer") == sum(e.actor.role is Role.SIGN_OFF_OFFICER
                                                 for e in events)  # fmt: skip
    middle = sorted(e.timestamp for e in events)[len(events) // 2]
    assert count(recorded_from=middle) + count(recorded_to=middle) == len(events)


def test_reads_are_logged_and_the_integrity_record_covers_them(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    case = self_funder_life(planning)
    position = planning.log_read(HANDLER, ReadOf("timeline", (case.plan_id,), "person-000123"),
                                 "complaint C-2041")  # fmt: skip
    access = caught_up(planning, View(AccessLog(), views_env))
    found = reads(access, AccessFilters(plan_id=str(case.plan_id)))
    assert [(r["position"], r["reader_id"], r["role"], r["what"], r["purpose"])
            for r in found.rows] == [(position, "staff-3001", "complaint_handler", "timeline",
                                      "complaint C-2041")]  # fmt: skip
    assert reads(access, AccessFilters(person_ref="person-000123")).total == 1
    assert reads(access, AccessFilters(reader="staff-9999")).total == 0

    integrity = caught_up(planning, View(IntegrityLedger(), views_env))
    checked = verify(planning, integrity)
    assert checked.intact
    assert checked.checked == planning.recorder.max_notification_id()
    # the decision log skips the read: it is not a decision
    log = caught_up(planning, View(DecisionLog(), views_env))
    assert decisions(log, DecisionFilters()).total == len(planning.history(case.plan_id))


def test_a_forged_access_entry_is_found_by_verify(tmp_path: Path) -> None:
    import sqlite3

    store = sqlite_env(tmp_path / "store.sqlite")
    planning = CarePlanning(env=store, directory=b.directory)
    case = self_funder_life(planning)
    position = planning.log_read(HANDLER, ReadOf("plan", (case.plan_id,)), "complaint C-1")
    integrity = caught_up(planning, View(IntegrityLedger(), sqlite_env(tmp_path / "v.sqlite")))
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        (state,) = db.execute("SELECT state FROM stored_events WHERE rowid = ?",
                              (position,)).fetchone()  # fmt: skip
        forged = bytes(state).replace(b"staff-3001", b"staff-3666")
        assert forged != bytes(state)
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (forged, position))
    checked = verify(planning, integrity)
    assert checked.finding is not None
    assert (checked.finding.kind, checked.finding.position) == ("altered", position)
    planning.close()


def test_the_timeline_of_events_alone_needs_no_store() -> None:
    """Without the decision log a timeline still has every step, without positions."""
    from tests.conftest import memory_planning

    planning = memory_planning()
    case = self_funder_life(planning)
    steps = plan_timeline(case.plan_id, planning.history(case.plan_id), {})
    assert len(steps) == len(planning.history(case.plan_id))
    assert {s.position for s in steps} == {None}


def test_a_read_of_several_people_s_plans_is_found_under_each_person(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """An auditor's list names no one person: each plan's read is filed under its own."""
    planning = open_planning()
    first = self_funder_life(planning)
    second = planning.start_plan(replace(b.start(), person_ref="person-000456"))
    auditor = Actor("staff-3002", Role.AUDITOR)
    planning.log_read(auditor, ReadOf("decisions", (first.plan_id, second.plan_id)), None)
    access = caught_up(planning, View(AccessLog(), views_env))
    for person in ("person-000123", "person-000456"):
        found = reads(access, AccessFilters(person_ref=person))
        assert [(r["what"], r["reader_id"]) for r in found.rows] == [("decisions", "staff-3002")]


def test_a_read_model_is_not_behind_for_events_it_does_not_follow(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """Reads logged after the last decision do not make the decision log wait."""
    planning = open_planning()
    case = self_funder_life(planning)
    runner = Runner(planning, View(DecisionLog(), views_env), 100)
    runner.catch_up()
    assert runner.unseen() is None
    planning.log_read(HANDLER, ReadOf("plan", (case.plan_id,)), None)
    assert runner.unseen() is None
    position = case.decide(b.indicative("310.00")).position
    assert runner.unseen() is not None
    assert runner.unseen() <= position  # type: ignore[operator]
    runner.catch_up()
    assert runner.unseen() is None


def test_telling_the_advocate_of_a_copy_shows_on_the_copy(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    """NOT-3: a copy given while an advocate is involved owes the advocate a notice; the
    timeline and the decision log show when they were told."""
    planning = open_planning()
    case = care_plan_life(planning)
    log = caught_up(planning, View(DecisionLog(), views_env))
    steps, _ = plan_steps(planning, log, case.plan_id)
    copies = [s for s in steps if s.type == "Plan.CopyProvided" and s.telling is not None]
    assert copies
    assert all(s.telling is not None and s.telling.recipient == "advocate" for s in copies)
    told = [s for s in copies if s.telling is not None and s.telling.told_at is not None]
    assert told
    rows = decisions(log, DecisionFilters(type="Plan.CopyProvided", plan_id=str(case.plan_id)))
    assert any(r["notice"] and str(r["notice"]).endswith(":advocate") and r["told_at"]
               for r in rows.rows)  # fmt: skip


def test_a_chronology_checks_each_decision_against_the_signed_checkpoint(
    tmp_path: Path,
) -> None:
    """Each entry hashed again and proven in the latest checkpoint signed with the
    service's key. A checkpoint under another key (rotated out) is passed over; one
    claiming the service's key with a bad signature is counted as forged. Someone who
    alters an event, rebuilds the integrity record and forges a checkpoint of the new
    root is still caught: the event does not prove into the genuine checkpoint."""
    import sqlite3
    from datetime import UTC, datetime

    from audit.checkpoints import CHECKPOINTS, CheckpointLog, Signer
    from audit.chronology import Checked
    from audit.person_records import chronology_of

    store = sqlite_env(tmp_path / "store.sqlite")
    planning = CarePlanning(env=store, directory=b.directory)
    case = self_funder_life(planning)
    integrity = caught_up(planning, View(IntegrityLedger(), sqlite_env(tmp_path / "v.sqlite")))
    log = caught_up(planning, View(DecisionLog(), sqlite_env(tmp_path / "d.sqlite")))
    ours, old = Signer.development(tmp_path / "ours.pem"), Signer.development(tmp_path / "o.pem")
    checkpoints = CheckpointLog(integrity)
    genuine = checkpoints.take(ours, datetime.now(UTC))
    assert genuine is not None
    steps, _ = plan_steps(planning, log, case.plan_id)

    def chronology() -> Any:
        return chronology_of(planning, checkpoints, ours.public_pem(), "plan", steps)

    found = chronology()
    assert found.checked == [Checked.VERIFIED] * len(steps)
    assert (found.intact, found.verified, found.passed_over) == (True, len(steps), 0)
    assert chronology_of(planning, checkpoints, old.public_pem(), "plan", steps).checked == [
        Checked.NOT_YET_CHECKPOINTED] * len(steps)  # fmt: skip

    # the attack: an event altered, the record rebuilt from the store, a checkpoint forged
    target = steps[2].position
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        (state,) = db.execute("SELECT state FROM stored_events WHERE rowid = ?",
                              (target,)).fetchone()  # fmt: skip
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (bytes(state) + b" ", target))  # fmt: skip
    planning.log_read(HANDLER, ReadOf("plan", (case.plan_id,)), "complaint C-3")
    integrity.reset()
    assert checkpoints.broken(ours.public_pem()) == []  # not yet reached: not yet checked
    caught_up(planning, integrity)
    rebuilt = checkpoints.take(old, datetime.now(UTC))  # a new root, under another key
    assert rebuilt is not None
    assert rebuilt.size == genuine.size + 1
    found = chronology()
    assert found.checkpoint == genuine
    assert found.passed_over == 1
    assert found.checked[2] is Checked.ALTERED
    assert not found.intact
    assert checkpoints.broken(ours.public_pem()) == [genuine]

    # the service itself then signs the rebuilt record: the event proves into the new
    # checkpoint, but the genuine one's root is no longer given by the record
    resigned = checkpoints.take(ours, datetime.now(UTC))
    assert resigned is not None
    found = chronology()
    assert found.checkpoint == resigned
    assert found.checked[2] is Checked.VERIFIED
    assert found.broken == 1
    assert not found.intact

    # a checkpoint claiming the service's key, with a signature that does not hold
    forged = replace(rebuilt, size=rebuilt.size + 1, key_id=ours.key_id)
    with integrity.recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"INSERT INTO {checkpoints.table} VALUES (?, ?, ?, ?, ?, ?, ?)",
                       tuple(forged.as_json()[c] for c in CHECKPOINTS.columns))  # fmt: skip
    found = chronology()
    assert found.forged == 1
    assert found.checkpoint == resigned
    assert not found.intact
    planning.close()
