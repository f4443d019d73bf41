"""The integrity record kept by the runner, on SQLite and PostgreSQL: its chain and tree
follow from the stored events whatever the batch sizes, and `verify` finds it intact.
Then the real SQLite file is tampered with, as someone with the file could: a byte of a
payload flipped, a row deleted, two rows swapped, a forged row put in; and the record
itself altered. `verify` names the first altered place and what happened there."""

import sqlite3
from pathlib import Path

import pytest

import audit.verify
from audit import merkle
from audit.integrity import IntegrityLedger, content_digest, head_of, leaf_of, stored_subtree
from audit.verify import Verification, verify
from domain.application import CarePlanning
from projections.runner import Runner
from projections.view import View
from tests import builders as b
from tests.integration.conftest import OpenPlanning, sqlite_env
from tests.lives import care_plan_life, direct_payment_life, self_funder_life


def recorded(planning: CarePlanning, views_env: dict[str, str], batch_size: int = 1000) -> View:
    view = View(IntegrityLedger(), views_env)
    Runner(planning, view, batch_size).catch_up()
    return view


def lives(planning: CarePlanning) -> None:
    care_plan_life(planning)
    direct_payment_life(planning)
    self_funder_life(planning)


@pytest.mark.parametrize("batch_size", [1, 7, 1000])
def test_the_record_is_the_rfc_6962_tree_of_the_stored_events(
    open_planning: OpenPlanning, views_env: dict[str, str], batch_size: int
) -> None:
    planning = open_planning()
    lives(planning)
    stored = planning.recorder.select_notifications(start=None, limit=10_000)
    leaves = [leaf_of(n.id, content_digest(n)) for n in stored]
    view = recorded(planning, views_env, batch_size)
    with view.reading() as rows:
        root = merkle.root(stored_subtree(rows), len(leaves))
        proof = merkle.inclusion_proof(stored_subtree(rows), 17, len(leaves))
    assert root == merkle.root(merkle.from_leaves(leaves), len(leaves))
    assert merkle.verify_inclusion(17, len(leaves), leaves[17], proof, root)
    result = verify(planning, view)
    assert result.intact
    assert (result.checked, result.unrecorded, result.root) == (len(leaves), 0, root.hex())
    view.close()


def test_events_after_the_records_head_are_counted_not_blamed(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    lives(planning)
    view = recorded(planning, views_env)
    with view.reading() as rows:
        head = int(head_of(rows)["size"] or 0)
    self_funder_life(planning)
    told: list[tuple[int, int]] = []
    result = verify(planning, view, lambda checked, of: told.append((checked, of)))
    assert result.intact
    assert result.unrecorded > 0
    # progress is told page by page, of the record as it stood when the pass began
    assert told
    assert told[-1] == (head, head)
    assert [checked for checked, _ in told] == sorted(checked for checked, _ in told)
    view.close()


class Tampering:
    """A real SQLite event store with its integrity record, and ways to tamper with it."""

    def __init__(self, home: Path) -> None:
        self.store = home / "events.sqlite"
        self.planning = CarePlanning(env=sqlite_env(self.store), directory=b.directory)
        lives(self.planning)
        self.view = recorded(self.planning, sqlite_env(home / "views.sqlite"))
        self.db = sqlite3.connect(self.store, isolation_level=None)

    def verify(self) -> Verification:
        self.planning.close()  # a fresh reader, as an auditor's would be
        self.planning = CarePlanning(env=sqlite_env(self.store), directory=b.directory)
        return verify(self.planning, self.view)

    def row(self, position: int) -> tuple[str, int, str, bytes]:
        query = "SELECT originator_id, originator_version, topic, state FROM stored_events"
        found = self.db.execute(f"{query} WHERE rowid = ?", (position,)).fetchone()
        assert found is not None
        return found  # type: ignore[no-any-return]

    def close(self) -> None:
        self.db.close()
        self.view.close()
        self.planning.close()


@pytest.fixture
def tampering(tmp_path: Path) -> Tampering:
    made = Tampering(tmp_path)
    assert made.verify().intact
    return made


def flip_a_byte_of(tampering: Tampering, rowid: int) -> None:
    state = bytearray(tampering.row(rowid)[3])
    state[10] ^= 0x01
    tampering.db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                         (bytes(state), rowid))  # fmt: skip


def test_a_flipped_byte_in_a_payload_is_found(tampering: Tampering) -> None:
    flip_a_byte_of(tampering, 40)
    finding = tampering.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("altered", 40)
    tampering.close()


def test_a_deleted_row_is_found(tampering: Tampering) -> None:
    tampering.db.execute("DELETE FROM stored_events WHERE rowid = 25")
    finding = tampering.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("missing", 25)
    tampering.close()


def test_two_swapped_rows_are_found(tampering: Tampering) -> None:
    first, second = tampering.row(30), tampering.row(31)
    db = tampering.db
    db.execute("BEGIN")
    db.execute("DELETE FROM stored_events WHERE rowid IN (30, 31)")
    db.execute("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, "
               "state) VALUES (30, ?, ?, ?, ?), (31, ?, ?, ?, ?)", (*second, *first))  # fmt: skip
    db.execute("COMMIT")
    finding = tampering.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("moved", 30)
    assert "recorded at 31" in finding.detail
    tampering.close()


def test_a_forged_row_put_in_is_found(tampering: Tampering) -> None:
    db = tampering.db
    forged = tampering.row(12)
    db.execute("BEGIN")  # make room at 20 by moving every later row on by one
    db.execute("UPDATE stored_events SET rowid = -rowid - 1 WHERE rowid >= 20")
    db.execute("UPDATE stored_events SET rowid = -rowid WHERE rowid < 0")
    db.execute("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, "
               "state) VALUES (20, ?, 999, ?, ?)", (forged[0], forged[2], forged[3]))  # fmt: skip
    db.execute("COMMIT")
    finding = tampering.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("inserted", 20)
    tampering.close()


def test_an_altered_record_is_found(tampering: Tampering, tmp_path: Path) -> None:
    views = sqlite3.connect(tmp_path / "views.sqlite", isolation_level=None)
    views.execute("UPDATE integrity_leaves SET chain = ? WHERE position = 33", ("00" * 32,))
    views.close()
    finding = tampering.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("record-altered", 33)
    tampering.close()


def test_a_leaf_is_the_rfc_6962_leaf_hash_of_the_tagged_event() -> None:
    content = bytes(range(32))

    leaf = leaf_of(300, content)

    assert leaf == merkle.leaf_hash(b"careledger-event\x00" + (300).to_bytes(8, "big") + content)


def test_verify_reads_in_pages_and_finds_an_event_altered_past_the_first_page(
    tampering: Tampering, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit.verify, "BATCH", 7)
    assert tampering.verify().intact
    flip_a_byte_of(tampering, 40)

    finding = tampering.verify().finding

    assert finding is not None
    assert (finding.kind, finding.position) == ("altered", 40)
    tampering.close()
