"""The projection supervisor keeps a follower running: one that cannot even be started (an
exec that fails, as the kernel may refuse one on a busy machine) is tried again after the
usual wait, and the supervisor does not die with it."""

import sys
import time
from pathlib import Path

import pytest

import api.projection_supervisor as supervision
from api.projection_supervisor import ProjectionSupervisor


def test_a_follower_that_cannot_be_started_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(supervision, "RESTART_SECONDS", (0.05, 0.2))
    started = tmp_path / "started"
    supervisor = ProjectionSupervisor()
    good = [sys.executable, "-c", f"import pathlib, time; pathlib.Path({str(started)!r})"
            ".touch(); time.sleep(60)"]  # fmt: skip
    supervisor.command = [str(tmp_path / "no-such-python")]  # the first start fails
    supervisor.start()
    try:
        deadline = time.monotonic() + 30
        while supervisor.failures == 0:
            assert time.monotonic() < deadline, "the failed start was not noticed"
            time.sleep(0.02)
        supervisor.command = good
        while not started.exists():
            assert time.monotonic() < deadline + 30, "the follower was not started again"
            time.sleep(0.05)
        assert supervisor._thread.is_alive()
    finally:
        supervisor.stop()
