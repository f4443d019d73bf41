"""Keeping the read models up to date in a process of their own: `careledger projections
run`, started apart, or the one `careledger serve` starts beside its workers and restarts
if it ends."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

import structlog

from domain.application import CarePlanning
from projections.runner import Projections

STOP_SECONDS = 10
RESTART_SECONDS = (1.0, 30.0)  # the first wait before a restart, and the longest
log = structlog.get_logger("careledger.projections")


def keep_up(kept: Sequence[tuple[CarePlanning, Projections]], poll: float,
            server_pid: int | None = None) -> None:  # fmt: skip
    """Follows each authority's event log until SIGTERM or SIGINT, or, given the
    ``server_pid`` of its parent, until that process has gone (a follower must not outlive
    the server it serves, even one killed outright); then closes them all."""
    stopping = threading.Event()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for _, projections in kept:
            projections.start(poll)
        while not stopping.wait(0.5):
            if server_pid is not None and os.getppid() != server_pid:
                log.warning("projections.server_gone", server_pid=server_pid)
                break
    finally:
        for planning, projections in kept:
            projections.stop()
            planning.close()


class ProjectionSupervisor:
    """`careledger projections run` as a child of this process, started again (after a
    wait that doubles while it keeps failing) whenever it ends before it is stopped: a
    store away at its start, say."""

    def __init__(self) -> None:
        self.command = [sys.executable, "-m", "api", "projections", "run", "--server-pid",
                        str(os.getpid())]  # fmt: skip
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self.failures = 0  # starts that failed, and runs that ended unasked
        self._thread = threading.Thread(target=self._supervise, daemon=True,
                                        name="careledger-follower")  # fmt: skip

    def start(self) -> None:
        self._thread.start()

    def _supervise(self) -> None:
        wait = RESTART_SECONDS[0]
        while True:
            with self._lock:
                if self._stopping.is_set():
                    return
                try:
                    self._process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL)
                except Exception as error:  # not started at all: tried again, as if it ended
                    self._process = None
                    self.failures += 1
                    log.error("projections.follower_not_started", error=str(error),
                              restart_in_seconds=wait)  # fmt: skip
                process = self._process
            began = time.monotonic()
            code = process.wait() if process is not None else None
            if self._stopping.is_set():
                return
            if process is not None:
                self.failures += 1
                log.error("projections.follower_ended", exit_code=code, restart_in_seconds=wait)
            self._stopping.wait(wait)
            ran_a_while = time.monotonic() - began > RESTART_SECONDS[1]
            wait = RESTART_SECONDS[0] if ran_a_while else min(2 * wait, RESTART_SECONDS[1])

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is not None:
            process.terminate()
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._thread.join(STOP_SECONDS)


@contextmanager
def supervised_projections() -> Iterator[None]:
    """One follower keeping every read model for all of the server's workers, which
    leave the read models to it (``CARELEDGER_PROJECTIONS=external`` for them): none is
    kept twice, and only one process signs checkpoints. Stopped when the server stops."""
    follower = ProjectionSupervisor()
    follower.start()
    before = os.environ.get("CARELEDGER_PROJECTIONS")
    os.environ["CARELEDGER_PROJECTIONS"] = "external"
    try:
        yield
    finally:
        follower.stop()
        if before is None:
            os.environ.pop("CARELEDGER_PROJECTIONS", None)
        else:
            os.environ["CARELEDGER_PROJECTIONS"] = before
