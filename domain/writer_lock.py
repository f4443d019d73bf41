"""Writers to one SQLite file take turns, and the next is woken the moment a turn ends.

SQLite lets one transaction write at a time. A process that finds the file locked waits
in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms and longer, however soon the lock
is freed; with two API workers that put 20 to 40 ms on the 99th percentile. Writers that
first take an exclusive ``flock`` on a file beside the database wait in the kernel
instead, and wake when it is released. SQLite's own locking still guards the data: this
only orders the writers that take it, and a writer that does not still waits SQLite's
way. Other stores need no such lock: their lock waits end when the lock is freed.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import structlog
from eventsourcing.persistence import OperationalError, Recorder
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteRecorder

log = structlog.get_logger("careledger.store")


class WriterLock:
    """A turn at writing, for the threads of this process (a lock of their own: an
    ``flock`` is held by the open file, which they share) and for other processes.
    Threads wait at most ``timeout`` seconds (the store's lock timeout). A process holds
    the ``flock`` for one batch: the decision desk takes it before gathering and deciding
    the batch, and frees it once its write transaction (itself bounded by that timeout)
    has committed; and frees it if it dies. A lock that cannot be had for a reason other
    than waiting (no lock file, a file system without locks) is done without."""

    def __init__(self, path: str | None, timeout: float = SQLITE3_DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout
        self._threads = threading.Lock()
        self._holder: int | None = None
        self._fd: int | None = None
        self._pid = os.getpid()
        if path is not None:
            self._fd = self._open(path)

    @classmethod
    def for_recorder(cls, recorder: Recorder) -> "WriterLock":
        """Beside an SQLite file (``<file>.writers``); for any other store, no lock."""
        if not isinstance(recorder, SQLiteRecorder):
            return cls(None)
        pool = recorder.datastore.pool
        if pool.is_sqlite_memory_mode or not pool.db_name or pool.db_name.startswith("file:"):
            return cls(None)  # in memory, or a URI that names no plain file
        return cls(f"{pool.db_name}.writers", pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT)

    def around_inserts(self, recorder: Recorder) -> None:
        """Each of the recorder's inserts takes a turn (its events encoded before it)."""
        if self.path is None:
            return
        insert = recorder.insert_events  # type: ignore[attr-defined]

        def insert_in_turn(stored_events: Any, **kwargs: Any) -> Any:
            with self.turn():
                return insert(stored_events, **kwargs)

        recorder.insert_events = insert_in_turn  # type: ignore[attr-defined]

    @contextmanager
    def turn(self) -> Iterator[None]:
        """A thread that holds the turn already (the desk, around a batch whose inserts
        take it again) goes straight on."""
        if self._fd is None or self._holder == threading.get_ident():
            yield
            return
        if not self._threads.acquire(timeout=self.timeout):
            raise OperationalError(f"no turn to write within {self.timeout} s")
        self._holder = threading.get_ident()
        try:
            fd = self._own_fd()
            locked = fd is not None and self._flock(fd)
            try:
                yield
            finally:
                if locked:
                    fcntl.flock(cast(int, fd), fcntl.LOCK_UN)
        finally:
            self._holder = None
            self._threads.release()

    def _flock(self, fd: int) -> bool:
        """Whether the file lock was taken. A file system that refuses it (ENOLCK, on some
        network file systems) leaves this store without the lock from then on: writers
        wait SQLite's way, as they would without the file."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as error:
            log.warning("store.writer_lock_unavailable", path=self.path, error=str(error))
            os.close(fd)
            self._fd = None
            return False
        return True

    def _own_fd(self) -> int | None:
        """The lock file, opened again in a forked child: an open file, and so its lock,
        would otherwise be shared with the parent."""
        if self._fd is not None and self._pid != os.getpid() and self.path is not None:
            os.close(self._fd)  # the parent's copy stays open, and its lock with it
            self._fd, self._pid = self._open(self.path), os.getpid()
        return self._fd

    @staticmethod
    def _open(path: str) -> int | None:
        """The shared lock file, which any user of the store may lock; none if it cannot
        be opened (the store then does without)."""
        try:
            return os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError as error:
            log.warning("store.writer_lock_unavailable", path=path, error=str(error))
            return None

    def close(self) -> None:
        with self._threads:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
