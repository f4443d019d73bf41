"""Tampering with the integrity record and its checkpoints, on SQLite and PostgreSQL, as
someone with write access to the database could: a stored tree node altered (which
proofs are built from) or put in, a checkpoint forged or altered, and the newest events
deleted with the record rebuilt under a signed checkpoint. The audit verdict names each,
with the first bad position or checkpoint."""

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import audit.verify
from audit.checkpoints import CHECKPOINTS, COSIGNATURES, Checkpoint, CheckpointLog, Signer
from audit.integrity import NODES, IntegrityLedger
from audit.person_records import chronology_of
from audit.verdict import AuditVerdict, audit_record
from projections.rows import Table
from projections.runner import Runner
from projections.view import View
from store.application import ServicePlanning
from tests.integration.conftest import OpenPlanning, Store
from tests.lives import care_plan_life, direct_payment_life, self_funder_life

SIGNER = Signer(Ed25519PrivateKey.generate())


@dataclass
class Record:
    store: Store
    planning: ServicePlanning
    view: View

    def execute(self, statement: str, *params: object) -> None:
        """A statement on the record's tables (``{p}`` the placeholder)."""
        p = self.view.dialect.placeholder
        with self.view.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement.format(p=p), params)

    def table(self, table: Table) -> str:
        return str(self.view.dialect.qualified(self.view.model.name, table))

    def verdict(self) -> AuditVerdict:
        return audit_record(self.planning, self.view, SIGNER.public_pem())

    def checkpoint(self) -> Checkpoint:
        taken = CheckpointLog(self.view).take(SIGNER, datetime.now(UTC))
        assert taken is not None
        return taken


@pytest.fixture
def record(store: Store, open_planning: OpenPlanning, views_env: dict[str, str]
           ) -> Iterator[Record]:  # fmt: skip
    planning = open_planning()
    care_plan_life(planning)
    direct_payment_life(planning)
    self_funder_life(planning)
    view = View(IntegrityLedger(), views_env)
    Runner(planning, view, 1000).catch_up()
    made = Record(store, planning, view)
    assert made.verdict().intact
    yield made
    view.close()


@pytest.mark.parametrize("level", [0, 1, 3, 5])
def test_an_altered_stored_node_is_found_at_any_level(record: Record, level: int) -> None:
    record.execute(f'UPDATE {record.table(NODES)} SET "hash" = {{p}} '
                   f'WHERE "level" = {{p}} AND "idx" = 0', "00" * 32, level)  # fmt: skip

    finding = record.verdict().verification.finding

    assert finding is not None
    assert finding.kind == "record-altered"
    assert f"node stored at level {level}, index 0" in finding.detail


def test_a_node_put_in_the_record_is_found(record: Record) -> None:
    record.execute(f'INSERT INTO {record.table(NODES)} ("level", "idx", "hash") '
                   f"VALUES ({{p}}, {{p}}, {{p}})", 9, 5, "11" * 32)  # fmt: skip

    finding = record.verdict().verification.finding

    assert finding is not None
    assert (finding.kind, finding.detail) == (
        "record-altered", "the record stores tree nodes that no events give")  # fmt: skip


def test_an_altered_checkpoint_is_reported_forged(record: Record) -> None:
    taken = record.checkpoint()
    record.execute(f'UPDATE {record.table(CHECKPOINTS)} SET "root" = {{p}} WHERE "size" = {{p}}',
                   "22" * 32, taken.size)  # fmt: skip

    verdict = record.verdict()

    assert not verdict.intact
    assert [c.size for c in verdict.forged] == [taken.size]
    assert verdict.findings()[0].startswith(f"checkpoint-forged: the checkpoint of {taken.size}")


def test_a_checkpoint_put_in_under_the_services_key_is_reported_forged(record: Record) -> None:
    taken = record.checkpoint()
    columns = ", ".join(f'"{c}"' for c in CHECKPOINTS.columns)
    forged = Checkpoint(taken.size + 5, "33" * 32, taken.chain, taken.at, SIGNER.key_id,
                        taken.signature)  # fmt: skip
    record.execute(f"INSERT INTO {record.table(CHECKPOINTS)} ({columns}) VALUES "
                   f"({', '.join(['{p}'] * len(CHECKPOINTS.columns))})",
                   *(forged.as_json()[c] for c in CHECKPOINTS.columns))  # fmt: skip

    verdict = record.verdict()

    assert [c.size for c in verdict.forged] == [forged.size]
    assert verdict.lost == ()  # a forged checkpoint is no evidence of anything lost


def test_the_newest_events_deleted_under_a_signed_checkpoint_are_reported(
    record: Record,
) -> None:
    recorder: Any = record.planning.recorder
    if record.store.name == "postgres":
        # positions with no event behind them, as rolled-back saves leave on PostgreSQL:
        # the last position then exceeds the number of events
        events = f'"{recorder.datastore.schema}".{recorder.events_table_name}'
        with recorder.datastore.transaction(commit=True) as cursor:
            for _ in range(5):
                cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{events}', "
                               "'notification_id'))")  # fmt: skip
        self_funder_life(record.planning)
        Runner(record.planning, record.view, 1000).catch_up()
    taken = record.checkpoint()
    last = record.planning.recorder.max_notification_id() or 0
    if record.store.name == "sqlite":
        table, position = recorder.events_table_name, "rowid"
    else:
        table, position = f'"{recorder.datastore.schema}".{recorder.events_table_name}', (
            "notification_id")  # fmt: skip
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {position} > {last - 2}")
    Runner(record.planning, record.view, 1000).rebuild()  # the record made again, to agree

    verdict = record.verdict()
    chronology = chronology_of(record.planning, CheckpointLog(record.view), SIGNER.public_pem(),
                               "plan", [])  # fmt: skip

    assert verdict.verification.intact  # store and record agree
    assert (chronology.intact, chronology.lost, chronology.missing_after) == (False, 1, last - 2)
    assert [c.size for c in verdict.lost] == [taken.size]
    assert verdict.findings() == [
        f"checkpoint-beyond-store: the checkpoint of {taken.size} events dated {taken.at} "
        f"covers more than the {taken.size - 2} the store holds: the events after position "
        f"{last - 2} are gone"]  # fmt: skip


def test_verify_holds_while_the_service_goes_on_recording(
    record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events recorded, and the record grown, halfway through a pass: the pass checks the
    record as it stood when it began and counts the rest as not yet checked."""
    reading = audit.verify._leaf_pages

    def pages_while_recording(view: View, size: int) -> Iterator[list[tuple[object, ...]]]:
        for n, page in enumerate(reading(view, size)):
            yield page
            if n == 0:
                self_funder_life(record.planning)
                Runner(record.planning, record.view, 1000).catch_up()

    monkeypatch.setattr(audit.verify, "BATCH", 7)
    monkeypatch.setattr(audit.verify, "_leaf_pages", pages_while_recording)

    verdict = record.verdict()

    assert verdict.intact, verdict.findings()
    assert verdict.verification.unrecorded > 0


def test_rows_altered_past_reading_are_reported_not_fatal(record: Record) -> None:
    taken = record.checkpoint()
    columns = ", ".join(f'"{c}"' for c in CHECKPOINTS.columns)
    garbled = Checkpoint(taken.size + 3, "not hex", taken.chain, taken.at, taken.key_id,
                         "not base64!", taken.origin)  # fmt: skip
    record.execute(f"INSERT INTO {record.table(CHECKPOINTS)} ({columns}) VALUES "
                   f"({', '.join(['{p}'] * len(CHECKPOINTS.columns))})",
                   *(asdict(garbled)[c] for c in CHECKPOINTS.columns))  # fmt: skip
    record.execute(f'INSERT INTO {record.table(COSIGNATURES)} ("size", "key_id", "witness", '
                   f'"line") VALUES ({{p}}, {{p}}, {{p}}, {{p}})', taken.size, taken.key_id,
                   "audit.example/w1", "garbled")  # fmt: skip

    verdict = record.verdict()
    shown = verdict.as_json()

    assert [c["note"] for c in shown["checkpoints_forged"]] == [None]
    assert verdict.forged_cosignatures == ((taken.size, "a line that is not a signature"),)
    assert not verdict.intact
