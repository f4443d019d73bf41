"""Group commit: the threads where a worker makes its decisions, off the event loop.

The requests a turn of the event loop asks for are handed over together when the turn
ends, and wait in one queue. A group commit thread takes what is waiting, up to ``MAX_TOGETHER``
decisions (the rest go in its next batch), has the application save them in one
transaction, then wakes the event loop once for the lot. Under load a batch forms by
itself while the previous one commits; a lone request goes at once. Handing over one
request at a time cost more than the decision itself: a thread switch each way, each
contending for the interpreter, and a group commit woken by the first of a turn's requests
deciding it alone.
"""

import asyncio
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from domain.application import CarePlanning, DecisionRequest, Recorded

MAX_TOGETHER = 64
T = TypeVar("T")


@dataclass(frozen=True)
class _Job:
    loop: asyncio.AbstractEventLoop
    future: "asyncio.Future[Any]"
    decision: DecisionRequest | None  # saved with others
    work: Callable[[], Any] | None  # anything else, done alone


class GroupCommit:
    def __init__(self, planning: CarePlanning, threads: int) -> None:
        self._planning = planning
        self._jobs: queue.SimpleQueue[list[_Job] | None] = queue.SimpleQueue()
        # per event loop, what its turn has asked for so far (touched only by its thread)
        self._handing: dict[asyncio.AbstractEventLoop, list[_Job]] = {}
        self._closed = False
        self._closing = threading.Lock()
        self._threads = [
            threading.Thread(target=self._serve, name=f"decisions-{n}", daemon=True)
            for n in range(max(1, threads))
        ]
        for thread in self._threads:
            thread.start()

    async def decide(self, decision: DecisionRequest) -> Recorded:
        return cast(Recorded, await self._submit(decision, None))

    async def run(self, work: Callable[[], T]) -> T:
        """Blocking work on the store (starting a plan, say), done alone at the group commit."""
        return cast(T, await self._submit(None, work))

    def close(self) -> None:
        """Finishes what is queued, then stops the threads. What is handed over later is
        refused."""
        with self._closing:
            self._closed = True
            for _ in self._threads:
                self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=30)

    async def _submit(
        self, decision: DecisionRequest | None, work: Callable[[], Any] | None
    ) -> Any:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        handing = self._handing.get(loop)
        if handing is None:
            handing = self._handing[loop] = []
            loop.call_soon(self._hand_over, loop)
        handing.append(_Job(loop, future, decision, work))
        return await future

    def _hand_over(self, loop: asyncio.AbstractEventLoop) -> None:
        """At the end of the turn: its requests, to the group commit."""
        jobs = self._handing.pop(loop)
        with self._closing:  # not behind the threads' stop markers, never answered
            if not self._closed:
                self._jobs.put(jobs)
                return
        _answer([(job, RuntimeError("group commit has closed")) for job in jobs])

    def _serve(self) -> None:
        stopping = False
        pending: list[_Job] = []  # taken from the queue, not yet decided
        while pending or not stopping:
            if not pending:
                handed = self._jobs.get()
                if handed is None:
                    return
                pending = list(handed)
            stopping = self._take_waiting(pending, stopping)
            jobs, pending = pending[:MAX_TOGETHER], pending[MAX_TOGETHER:]
            self._settle(self._outcomes(jobs))

    def _take_waiting(self, pending: list[_Job], stopping: bool) -> bool:
        """Adds what waits in the queue to ``pending``, up to a batch; whether a stop
        marker was among it."""
        while not stopping and len(pending) < MAX_TOGETHER:
            try:
                waiting = self._jobs.get_nowait()
            except queue.Empty:
                break
            if waiting is None:
                return True
            pending.extend(waiting)
        return stopping

    def _outcomes(self, jobs: list[_Job]) -> list[tuple[_Job, Any]]:
        together = [job for job in jobs if job.decision is not None]
        try:
            decided: list[Any] = self._planning.decide_together(
                [cast(DecisionRequest, job.decision) for job in together]
            )
        except Exception as exc:  # the group commit's own fault: each request hears of it
            decided = [exc] * len(together)
        outcomes = list(zip(together, decided, strict=True))
        for job in jobs:
            if job.work is not None:
                try:
                    outcomes.append((job, job.work()))
                except Exception as exc:
                    outcomes.append((job, exc))
        return outcomes

    @staticmethod
    def _settle(outcomes: list[tuple[_Job, Any]]) -> None:
        """One wake-up of each event loop for all its answers."""
        loops: dict[asyncio.AbstractEventLoop, list[tuple[_Job, Any]]] = {}
        for job, outcome in outcomes:
            loops.setdefault(job.loop, []).append((job, outcome))
        for loop, answers in loops.items():
            try:
                loop.call_soon_threadsafe(_answer, answers)
            except RuntimeError:  # the loop has closed: no one is waiting
                continue


def _answer(answers: list[tuple[_Job, Any]]) -> None:
    for job, outcome in answers:
        if job.future.done():  # the request was cancelled meanwhile
            continue
        if isinstance(outcome, Exception):
            job.future.set_exception(outcome)
        else:
            job.future.set_result(outcome)
