"""Keeping the read models up to date in a process of their own: `careledger projections
run`, started apart, or the one `careledger serve` starts beside its workers."""

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import structlog

from domain.application import CarePlanning
from projections.runner import Projections

STOP_SECONDS = 10
log = structlog.get_logger("careledger.projections")


def keep_up(planning: CarePlanning, projections: Projections, poll: float,
            server_pid: int | None = None) -> None:  # fmt: skip
    """Follows the event log until SIGTERM or SIGINT, or, given ``server_pid``, until
    that process has gone (a follower must not outlive the server it serves, even one
    killed outright); then closes both."""
    stopping = threading.Event()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        projections.start(poll)
        while not stopping.wait(0.5):
            if server_pid is not None and os.getppid() != server_pid:
                log.warning("projections.server_gone", server_pid=server_pid)
                break
    finally:
        projections.stop()
        planning.close()


@contextmanager
def follower_beside_server() -> Iterator[subprocess.Popen[bytes]]:
    """`careledger projections run` as a child of this process, keeping every read model
    for all of the server's workers, which leave the read models to it
    (``CARELEDGER_PROJECTIONS=external`` for them): none is kept twice, and only one
    process signs checkpoints. Stopped when the server stops."""
    command = [sys.executable, "-m", "api", "projections", "run", "--server-pid",
               str(os.getpid())]  # fmt: skip
    process = subprocess.Popen(command)
    os.environ["CARELEDGER_PROJECTIONS"] = "external"
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
