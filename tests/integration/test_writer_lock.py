"""Writers to one SQLite file take turns through a lock beside it: a write waits while
another process, or another thread, holds the turn, and goes ahead when it ends."""

import errno
import fcntl
import multiprocessing
import threading
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from domain.application import CarePlanning
from domain.writer_lock import WriterLock
from tests import builders as b
from tests.integration.conftest import sqlite_env
from tests.postgres_server import PostgresServer

HELD_SECONDS = 0.5  # long enough for an unordered write to have happened


def _start_a_plan(db: str, about_to_write: EventType) -> None:
    planning = CarePlanning(env=sqlite_env(Path(db)))
    try:
        about_to_write.set()
        planning.start_plan(b.start())
    finally:
        planning.close()


def test_a_write_in_another_process_waits_for_the_turn_and_then_lands(tmp_path: Path) -> None:
    db = tmp_path / "careledger.sqlite"
    planning = CarePlanning(env=sqlite_env(db))
    planning.start_plan(b.start())  # the tables, and an event to count from
    holder = WriterLock(planning.writer_lock.path)
    spawning = multiprocessing.get_context("spawn")
    about_to_write = spawning.Event()
    child = spawning.Process(target=_start_a_plan, args=(str(db), about_to_write))
    try:
        with holder.turn():
            child.start()
            assert about_to_write.wait(timeout=60)
            child.join(timeout=HELD_SECONDS)
            assert child.is_alive()  # waiting for its turn
            assert planning.recorder.max_notification_id() == 2
        child.join(timeout=60)
        assert child.exitcode == 0
        assert planning.recorder.max_notification_id() == 4  # its plan and budget
    finally:
        if child.is_alive():
            child.kill()
        holder.close()
        planning.close()


def test_threads_sharing_the_lock_take_turns_too(tmp_path: Path) -> None:
    """An flock belongs to the open file, which threads of one process share: without a
    lock of their own, the second would go straight in."""
    lock = WriterLock(str(tmp_path / "store.sqlite.writers"))
    inside: list[str] = []
    second_in = threading.Event()

    def second() -> None:
        with lock.turn():
            inside.append("second")
            second_in.set()

    try:
        with lock.turn():
            inside.append("first")
            thread = threading.Thread(target=second)
            thread.start()
            assert not second_in.wait(HELD_SECONDS)
            inside.append("first done")
        thread.join(timeout=10)
        assert inside == ["first", "first done", "second"]
    finally:
        lock.close()


def test_the_lock_lies_beside_an_sqlite_file_and_nowhere_else(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    on_file = CarePlanning(env=sqlite_env(tmp_path / "careledger.sqlite"))
    in_memory = CarePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                  "SQLITE_DBNAME": ":memory:"})  # fmt: skip
    on_postgres = CarePlanning(env=postgres_server.env(postgres_server.new_schema()))
    try:
        assert on_file.writer_lock.path == f"{tmp_path / 'careledger.sqlite'}.writers"
        assert Path(f"{tmp_path / 'careledger.sqlite'}.writers").exists()
        assert in_memory.writer_lock.path is None
        assert on_postgres.writer_lock.path is None
        on_postgres.start_plan(b.start())  # no lock to take, and the write goes ahead
        assert on_postgres.recorder.max_notification_id() == 2
    finally:
        for app in (on_file, in_memory, on_postgres):
            app.close()


def test_a_thread_holding_the_turn_takes_it_again_at_once_and_others_still_wait(
    tmp_path: Path,
) -> None:
    """The desk holds the turn around a batch, whose inserts take it again."""
    lock = WriterLock(str(tmp_path / "store.sqlite.writers"), timeout=10 * HELD_SECONDS)
    other_in = threading.Event()

    def other() -> None:
        with lock.turn():
            other_in.set()

    try:
        with lock.turn():
            with lock.turn():  # would wait out the timeout, then raise
                thread = threading.Thread(target=other)
                thread.start()
            assert not other_in.wait(HELD_SECONDS)  # the outer turn still holds
        thread.join(timeout=10)
        assert other_in.is_set()
    finally:
        lock.close()


def test_a_lock_file_that_cannot_be_opened_leaves_writes_working_and_says_so(
    tmp_path: Path,
) -> None:
    """Writers then wait SQLite's own way, as they did before the lock."""
    path = tmp_path / "no such folder" / "store.sqlite.writers"
    with capture_logs() as logs:
        lock = WriterLock(str(path))
    inside = threading.Event()

    def other() -> None:
        with lock.turn():
            inside.set()

    try:
        with lock.turn():
            thread = threading.Thread(target=other)
            thread.start()
            assert inside.wait(10)  # no turns to wait for
        thread.join(timeout=10)
        assert [entry["event"] for entry in logs] == ["store.writer_lock_unavailable"]
        assert logs[0]["path"] == str(path)
        assert not path.exists()
    finally:
        lock.close()


def test_a_file_system_that_refuses_the_lock_leaves_writes_working_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network file systems answer ENOLCK: writers then wait SQLite's way."""
    planning = CarePlanning(env=sqlite_env(tmp_path / "careledger.sqlite"))

    def refused(_fd: int, _operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    try:
        monkeypatch.setattr(fcntl, "flock", refused)
        with capture_logs() as logs:
            planning.start_plan(b.start())
            planning.start_plan(b.start())
        assert planning.recorder.max_notification_id() == 4
        assert [entry["event"] for entry in logs] == ["store.writer_lock_unavailable"]
    finally:
        planning.close()
