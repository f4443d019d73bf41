"""A verify pass started from the integrity page, run in the background so the page can
follow its progress: at most one at a time, and a reader who asks while one runs follows
that one. The pass runs in the event loop's worker threads, as the API's verify does."""

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
import structlog

log = structlog.get_logger("careledger.pages")

Pass = Callable[[Callable[[int, int], None]], dict[str, Any]]  # told progress; the verdict


@dataclass
class VerifyRun:
    started_by: str
    checked: int = 0  # events checked so far
    of: int = 0  # of the events the record held when the pass began
    verdict: dict[str, Any] | None = None
    error: str | None = None
    began: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    task: "asyncio.Task[None] | None" = None  # kept, so the pass is not collected

    def told(self, checked: int, of: int) -> None:
        self.checked, self.of = checked, of

    @property
    def percent(self) -> int:
        return 100 if self.done.is_set() else int(100 * self.checked / self.of) if self.of else 0


class VerifyRuns:
    def __init__(self) -> None:
        self.latest: VerifyRun | None = None

    def start(self, run_pass: Pass, started_by: str) -> VerifyRun:
        """The pass running now, or a new one (called in the event loop, so no other
        request starts one meanwhile)."""
        if self.latest is not None and not self.latest.done.is_set():
            return self.latest
        run = self.latest = VerifyRun(started_by)
        run.task = asyncio.get_running_loop().create_task(self._run(run, run_pass))
        return run

    @staticmethod
    async def _run(run: VerifyRun, run_pass: Pass) -> None:
        try:
            run.verdict = await anyio.to_thread.run_sync(run_pass, run.told)
        except Exception as error:  # the page says so; the log keeps what
            log.exception("pages.verify_failed")
            run.error = type(error).__name__
        finally:
            run.done.set()
