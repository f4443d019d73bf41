"""Retention (KEEP-1): `careledger retention due` lists the people whose every plan ended
the local retention period ago, with when their care ended and whether they died, and
logs the listing in the access log; a person still in care, or whose care ended within
the period, is not listed. On a real SQLite store."""

import shutil
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from domain.access import Logged
from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.kinds import PlanBasis, PlanKind
from domain.lifecycle import EndReason
from domain.lifecycle.decisions import EndPlan
from domain.personal_data import is_erased
from domain.plan.starting import StartPlan
from store.application import ServicePlanning
from tests import builders as b
from tests.e2e.test_cli import command

PRACTITIONER = Actor("staff-1001", Role.PRACTITIONER)


def started(planning: CarePlanning, person: str, on: datetime) -> tuple[UUID, int]:
    kind, basis = PlanKind.CARE_AND_SUPPORT, PlanBasis.DUTY
    recorded = planning.start_plan(StartPlan(PRACTITIONER, kind, basis, person,
                                             "north-locality", on))  # fmt: skip
    return recorded.plan_id, recorded.version


def ended(planning: CarePlanning, plan: tuple[UUID, int], on: datetime,
          reason: EndReason = EndReason.MOVED_AWAY) -> None:  # fmt: skip
    planning.decide(*plan, EndPlan(PRACTITIONER, reason, "advice on local services",
                                   on.date(), True, "the new council's care", on))  # fmt: skip


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


def people_and_plans(planning: CarePlanning) -> tuple[UUID, UUID]:
    """Four people: one whose care ended in 2015, one who died in 2016, one whose care
    ended in 2021, and one with a plan still open; the first two's plans."""
    gone = started(planning, "person-gone", at(2010, 1, 4))
    ended(planning, gone, at(2015, 6, 1))
    died = started(planning, "person-died", at(2012, 1, 4))
    ended(planning, died, at(2016, 2, 1), EndReason.DIED)
    ended(planning, started(planning, "person-recent", at(2018, 1, 4)), at(2021, 3, 1))
    older = started(planning, "person-two-plans", at(2009, 1, 5))
    ended(planning, older, at(2010, 1, 5))
    started(planning, "person-two-plans", at(2011, 1, 5))  # care goes on
    return gone[0], died[0]


def test_kept_eight_years_after_care_ended_then_listed_as_due(tmp_path: Path) -> None:
    """KEEP-1."""
    store = tmp_path / "store.sqlite"
    careledger = command(tmp_path, store)
    planning = ServicePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                 "SQLITE_DBNAME": str(store)}, directory=b.directory)  # fmt: skip
    gone, died = people_and_plans(planning)
    planning.close()

    listed = careledger("retention", "due", "--reader", "staff-6001", "--as-of", "2024-06-30")

    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["person-gone", "person-died"]
    assert lines[0].split("\t")[2:] == ["care ended 2015-06-01", "kept until 2023-06-01"]
    assert lines[1].split("\t")[2] == "care ended 2016-02-01 (died)"
    assert "2 due on 2024-06-30 (kept 8 years after care ended)" in listed.stderr
    later = careledger("retention", "due", "--reader", "staff-6001", "--as-of", "2030-01-01")
    assert "person-recent" in later.stdout
    assert "person-two-plans" not in later.stdout
    with ServicePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                           "SQLITE_DBNAME": str(store)}) as reader:  # fmt: skip
        logged = [e for e in map(reader.mapper.to_domain_event,
                                 reader.recorder.select_notifications(start=None, limit=10_000))
                  if isinstance(e, Logged)]  # fmt: skip
    assert [(e.read.what, e.reader.id) for e in logged][:1] == [("retention due", "staff-6001")]
    assert set(logged[0].read.plan_ids) == {gone, died}  # the plans, not the people's refs
    assert "person-gone" not in str(logged[0].read)


def test_a_person_due_is_shredded_and_a_restored_backup_shredded_again(tmp_path: Path) -> None:
    """KEEP-2, KEEP-3: `careledger retention shred` erases a person's records; they are no
    longer due, the shred log (apart from the store) names only the key, and a copy of the
    store taken before has the erasure applied again by `careledger retention reapply`."""
    store = tmp_path / "store.sqlite"
    careledger = command(tmp_path, store)
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(store)}
    planning = ServicePlanning(env=env, directory=b.directory)
    gone, died = people_and_plans(planning)
    planning.close()
    backup = tmp_path / "backup.sqlite"
    shutil.copy(store, backup)

    refused = careledger("retention", "shred", "person-gone", "--reader", "staff-6001",
                         "--ground", "forgotten")  # fmt: skip
    shredded = careledger("retention", "shred", "person-gone", "--reader", "staff-6001",
                          "--ground", "retention_ended")  # fmt: skip
    again = careledger("retention", "shred", "person-gone", "--reader", "staff-6001",
                       "--ground", "retention_ended")  # fmt: skip

    assert refused.returncode == 2
    assert shredded.returncode == 0, shredded.stderr
    assert shredded.stdout.startswith("erased: key ")
    assert again.returncode == 1
    assert "no key is held for that person" in again.stderr
    due = careledger("retention", "due", "--reader", "staff-6001", "--as-of", "2024-06-30")
    assert [line.split("\t")[0] for line in due.stdout.splitlines()] == ["person-died"]
    shred_log = (tmp_path / "apart" / "shred-log.jsonl").read_text()
    assert len(shred_log.splitlines()) == 1
    assert "person-gone" not in shred_log
    with ServicePlanning(env=env, directory=b.directory) as reader:
        assert is_erased(reader.started(gone).person_ref)
        assert reader.started(died).person_ref == "person-died"
        assert b"person-gone" not in b"".join(
            bytes(n.state) for n in reader.recorder.select_notifications(start=None, limit=1000)
        )

    restore = command(tmp_path, backup)
    assert restore("retention", "due", "--reader", "staff-6001", "--as-of",
                   "2024-06-30").stdout.count("person-gone") == 1  # fmt: skip
    reapplied = restore("retention", "reapply", "--reader", "staff-6001")
    assert reapplied.returncode == 0, reapplied.stderr
    assert reapplied.stdout.strip() == "1 key(s) destroyed again"
    with ServicePlanning(env={**env, "SQLITE_DBNAME": str(backup)}) as restored:
        assert is_erased(restored.started(gone).person_ref)
    due = restore("retention", "due", "--reader", "staff-6001", "--as-of", "2024-06-30")
    assert "person-gone" not in due.stdout
