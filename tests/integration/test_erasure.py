"""Erasing a person's records by destroying their data key (KEEP-2), on SQLite and
PostgreSQL: their personal fields are never stored in plain text; once erased, the
history still shows each decision's skeleton with the personal fields marked erased, the
plan's content is refused, and the integrity record, old roots and old inclusion proofs
still hold, because the stored bytes never changed. A restored backup has the shred log
applied again (KEEP-3)."""

import shutil
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from audit import merkle
from audit.access_log import AccessLog
from audit.decision_log import DecisionLog
from audit.history import history_entries
from audit.integrity import IntegrityLedger, content_digest, leaf_of, stored_subtree
from audit.verify import verify
from domain.access import ReadOf
from domain.actors import Actor, Role
from domain.complaining import Complainant, EntryRef
from domain.complaining.decisions import Receive
from domain.deciding import decisions as deciding
from domain.drafting import decisions as drafting
from domain.errors import NothingToErase, RecordsErased, RuleBroken
from domain.personal_data import ERASED_TEXT, is_erased, personal_fields
from domain.personal_data.erasing import Erase, Erasure, ErasureGround, Recorded
from projections.catalogue import read_models
from projections.runner import Runner
from projections.view import View
from store.application import ServicePlanning
from store.data_keys import MasterKey
from store.shred_log import ShredLog
from tests import builders as b
from tests.integration.conftest import OpenPlanning, sqlite_env
from tests.lives import care_plan_life, direct_payment_life, self_funder_life, started
from tests.projected import view_tables

ADMIN = Actor("ig-officer-01", Role.ADMIN)
COMPLAINT_HANDLER = Actor("staff-3101", Role.COMPLAINT_HANDLER)
OTHER = "person-000999"


def erase(person_ref: str) -> Erase:
    return Erase(ADMIN, person_ref, ErasureGround.RETENTION_ENDED)


def stored_bytes(planning: ServicePlanning) -> list[bytes]:
    stored = planning.recorder.select_notifications(start=None, limit=100_000)
    return [bytes(n.state) for n in stored]


def texts(value: object) -> Iterator[str]:
    """Every piece of text in a value, however deep."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from texts(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from texts(item)


def test_personal_fields_are_never_stored_in_plain_text(open_planning: OpenPlanning) -> None:
    planning = open_planning()
    life = care_plan_life(planning)
    stored = b"".join(stored_bytes(planning))
    sealed = [text for event in planning.history(life.plan_id)
              for name in personal_fields(type(event))
              for text in texts(getattr(event, name)) if len(text) >= 12]  # fmt: skip
    assert len(sealed) > 40  # the plan's and its budget's: reasons, needs, costings, notes
    assert [text for text in sealed if text.encode() in stored] == []
    assert b.PERSON.encode() not in stored
    assert planning.plan(life.plan_id).person_ref == b.PERSON  # read back whole


def test_an_erased_persons_history_keeps_its_skeleton_and_refuses_its_content(
    open_planning: OpenPlanning, tmp_path: Path
) -> None:
    planning = open_planning()
    life = care_plan_life(planning)
    other = started(planning)  # the same person's second plan
    someone_else = planning.start_plan(replace(b.start(), person_ref=OTHER))
    before = [(type(e).__name__, e.actor, e.originator_version) for e in
              planning.history(life.plan_id)]  # fmt: skip

    erasure = planning.erase(erase(b.PERSON), ShredLog(tmp_path / "shred.log"))

    assert {life.plan_id, other.plan_id} <= set(erasure.streams)
    assert someone_else.plan_id not in erasure.streams
    fresh = open_planning()  # another process, which never held the key
    for reader in (planning, fresh):
        history = reader.history(life.plan_id)
        assert [(type(e).__name__, e.actor, e.originator_version) for e in history] == before
        signed = next(e for e in history if isinstance(e, deciding.SignedOff))
        assert signed.final_weekly > Decimal(0)  # the skeleton: amounts, dates, notices
        assert signed.services_start_on == b.today()
        assert signed.notice.right_to_complain is False
        assert is_erased(signed.preferences_and_wellbeing)
        assert str(signed.preferences_and_wellbeing) == ERASED_TEXT
        assert is_erased(reader.started(life.plan_id).person_ref)
        with pytest.raises(RecordsErased):
            reader.plan(life.plan_id)
        with pytest.raises(RecordsErased):
            reader.budget(life.plan_id)
        with pytest.raises(RecordsErased):
            reader.decide(life.plan_id, life.version, b.request_information())
        assert reader.plan(someone_else.plan_id).person_ref == OTHER
    with pytest.raises(NothingToErase):
        planning.erase(erase(b.PERSON), ShredLog(tmp_path / "shred.log"))


def test_only_an_admin_erases(open_planning: OpenPlanning, tmp_path: Path) -> None:
    planning = open_planning()
    life = care_plan_life(planning)
    with pytest.raises(RuleBroken) as refused:
        planning.erase(Erase(b.PRACTITIONER, b.PERSON, ErasureGround.ERASURE_REQUEST),
                       ShredLog(tmp_path / "shred.log"))  # fmt: skip
    assert refused.value.obligations == ("KEEP-2",)
    assert planning.plan(life.plan_id).person_ref == b.PERSON
    assert not (tmp_path / "shred.log").exists()


def test_the_integrity_record_and_old_proofs_hold_after_erasure(
    open_planning: OpenPlanning, views_env: dict[str, str], tmp_path: Path
) -> None:
    planning = open_planning()
    life = care_plan_life(planning)
    view = View(IntegrityLedger(), views_env)
    Runner(planning, view, 100).catch_up()
    stored = planning.recorder.select_notifications(start=None, limit=100_000)
    size = len(stored)
    target = next(i for i, n in enumerate(stored) if n.originator_id == life.plan_id
                  and n.originator_version == 3)  # fmt: skip
    with view.reading() as rows:
        old_root = merkle.root(stored_subtree(rows), size)
        old_proof = merkle.inclusion_proof(stored_subtree(rows), target, size)
    before = stored_bytes(planning)

    planning.erase(erase(b.PERSON), ShredLog(tmp_path / "shred.log"))
    Runner(planning, view, 100).catch_up()

    assert stored_bytes(planning)[:size] == before  # not one stored byte changed
    result = verify(planning, view)
    assert result.intact
    assert result.checked == size + 1  # and the erasure's own event
    now = planning.recorder.select_notifications(start=None, limit=100_000)
    leaf = leaf_of(now[target].id, content_digest(now[target]))
    assert merkle.verify_inclusion(target, size, leaf, old_proof, old_root)
    with view.reading() as rows:
        assert merkle.root(stored_subtree(rows), size) == old_root
    view.close()


def test_a_restored_backup_has_the_shred_log_applied_again(tmp_path: Path) -> None:
    """A backup here is a copy of the SQLite file, taken while the service is stopped."""
    live, backup = tmp_path / "careledger.sqlite", tmp_path / "backup.sqlite"
    planning = ServicePlanning(env=sqlite_env(live), directory=b.directory)
    life = care_plan_life(planning)
    planning.close()
    shutil.copy(live, backup)
    shred_log = ShredLog(tmp_path / "apart" / "shred.log")
    planning = ServicePlanning(env=sqlite_env(live), directory=b.directory)
    planning.erase(erase(b.PERSON), shred_log)
    planning.close()

    restored = ServicePlanning(env=sqlite_env(backup), directory=b.directory)
    assert restored.plan(life.plan_id).person_ref == b.PERSON  # the backup holds the key
    destroyed = restored.reapply_erasures(ADMIN, shred_log)

    assert len(destroyed) == 1
    with pytest.raises(RecordsErased):
        restored.plan(life.plan_id)
    erasures = [n for n in restored.recorder.select_notifications(start=None, limit=100_000)
                if n.topic == Recorded.TOPIC]  # fmt: skip
    assert len(erasures) == 1  # recorded again, as the backup predates it
    assert restored.reapply_erasures(ADMIN, shred_log) == []  # once is enough
    restored.close()


def test_the_read_models_keep_nothing_of_an_erased_person_caught_up_or_rebuilt(
    open_planning: OpenPlanning, views_env: dict[str, str], tmp_path: Path
) -> None:
    planning = open_planning()
    life = care_plan_life(planning)
    purpose = "asked for by the person's daughter, Mrs Example"
    planning.log_read(b.PRACTITIONER, ReadOf("timeline", (life.plan_id,), None, "v1"), purpose)
    planning.log_read(b.PRACTITIONER, ReadOf("chronology", (), b.PERSON, None), purpose)
    # someone with a complaint and no plan, whose records are read by their ref
    planning.complain(Receive(COMPLAINT_HANDLER, "CMP-8", "person-000777", None,
                              Complainant.PERSON, "no one assessed me", date(2026, 11, 1),
                              ()))  # fmt: skip
    planning.log_read(COMPLAINT_HANDLER, ReadOf("chronology", (), "person-000777", None),
                      purpose)  # fmt: skip
    personal = {purpose, b.PERSON} | {
        text for event in planning.history(life.plan_id) for name in personal_fields(type(event))
        for text in texts(getattr(event, name)) if len(text) >= 12}  # fmt: skip
    models = (*read_models(planning.policy), DecisionLog(), AccessLog())
    views = [View(model, views_env) for model in models]

    def held() -> str:
        for view in views:
            Runner(planning, view, 50).catch_up()
        return str([view_tables(view) for view in views])

    personal.add("person-000777")
    assert {text for text in personal if text in held()} >= {purpose, b.PERSON, "person-000777"}
    planning.erase(erase(b.PERSON), ShredLog(tmp_path / "shred.log"))
    planning.erase(erase("person-000777"), ShredLog(tmp_path / "shred.log"))
    caught_up = held()
    for view in views:
        view.reset()
    rebuilt = held()

    assert {text for text in personal if text in caught_up} == set()
    assert {text for text in personal if text in rebuilt} == set()
    assert ERASED_TEXT in caught_up
    assert ERASED_TEXT in rebuilt
    for view in views:
        view.close()


def test_every_decision_of_an_erased_plan_still_reads_as_a_sentence(
    open_planning: OpenPlanning, tmp_path: Path
) -> None:
    planning = open_planning()
    lives = [care_plan_life(planning), direct_payment_life(planning), self_funder_life(planning)]
    planning.erase(erase(b.PERSON), ShredLog(tmp_path / "shred.log"))
    for life in lives:
        entries = history_entries(planning.history(life.plan_id))
        assert all(entry.summary.endswith(".") for entry in entries)
        assert b.PERSON not in str([entry.grounds for entry in entries])
        assert "[erased]" in str([entry.grounds for entry in entries])


def test_an_empty_field_stays_empty_after_erasure_and_a_complaint_is_refused(
    open_planning: OpenPlanning, tmp_path: Path
) -> None:
    planning = open_planning()
    life = care_plan_life(planning)
    planning.complain(Receive(COMPLAINT_HANDLER, "CMP-9", b.PERSON, life.plan_id,
                              Complainant.PERSON, "my plan took too long",
                              planning.started(life.plan_id).occurred_at.date(),
                              (EntryRef("plan", 1),)))  # fmt: skip
    planning.erase(erase(b.PERSON), ShredLog(tmp_path / "shred.log"))

    submitted = next(e for e in planning.history(life.plan_id)
                     if isinstance(e, drafting.Submitted))  # fmt: skip
    assert submitted.justification is None  # stored empty, not sealed: not "erased"
    with pytest.raises(RecordsErased):
        planning.complaint("CMP-9")


def test_an_erasure_whose_key_outlived_it_is_finished_by_trying_again(
    open_planning: OpenPlanning, tmp_path: Path
) -> None:
    """The Erasure recorded, then the process stopped before the key was destroyed."""
    planning = open_planning()
    life = care_plan_life(planning)
    key_id = planning.data_keys.table.person_key(b.PERSON)
    assert key_id is not None
    planning.save(Erasure.record(ADMIN, datetime.now(UTC), key_id, (life.plan_id,),
                                 ErasureGround.RETENTION_ENDED))  # fmt: skip
    assert planning.plan(life.plan_id).person_ref == b.PERSON  # the key is still there

    again = planning.erase(erase(b.PERSON), ShredLog(tmp_path / "shred.log"))

    assert again.key_id == key_id
    with pytest.raises(RecordsErased):
        planning.plan(life.plan_id)
    erasures = [n for n in planning.recorder.select_notifications(start=None, limit=100_000)
                if n.topic == Recorded.TOPIC]  # fmt: skip
    assert len(erasures) == 1


def test_a_store_opened_with_another_master_key_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "careledger.sqlite"
    master = MasterKey.new_text()
    env = {**sqlite_env(path), "DATA_MASTER_KEY": master}
    planning = ServicePlanning(env=env, directory=b.directory)
    care_plan_life(planning)
    planning.close()

    for wrong in ({**env, "DATA_MASTER_KEY": MasterKey.new_text()}, sqlite_env(path)):
        with pytest.raises(ValueError, match="does not unwrap the data keys"):
            ServicePlanning(env=wrong, directory=b.directory)
    ServicePlanning(env=env, directory=b.directory).close()  # its own opens it
