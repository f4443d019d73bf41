"""Keeps read models up to date from the notification log, in batches: many events per
view transaction, with one tracking position per batch. Works on SQLite (by polling) and
PostgreSQL alike; a crash mid-batch leaves the view as its position says, and a restart
goes on from there."""

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from eventsourcing.persistence import IntegrityError

from domain.application import CarePlanning
from projections.heartbeat import BEAT_SECONDS, Heartbeats
from projections.rows import Positioned, ReadModel
from projections.shapes import ShapeChanged, Shapes, shape_of
from projections.view import PositionTaken, View

Progress = Callable[[int, int], None]  # (position reached, top)
log = structlog.get_logger("careledger.projections")


@dataclass(frozen=True)
class Lag:
    name: str
    position: int
    top: int
    seconds_behind: float
    failures: int = 0
    last_error: str | None = None

    @property
    def events_behind(self) -> int:
        return max(0, self.top - self.position)


class Runner:
    def __init__(self, planning: CarePlanning, view: View, batch_size: int = 1000) -> None:
        self.planning = planning
        self.view = view
        self.model: ReadModel = view.model
        self.batch_size = batch_size
        self.topics: Sequence[str] = view.model.topics
        self.wanted = frozenset(self.topics)
        self.raw: bool = getattr(view.model, "raw", False)  # stored events, not decoded
        # decoded events, each with its position in the log
        self.positioned: bool = getattr(view.model, "positioned", False)
        self.conflicts = 0  # batches another runner recorded first
        self.shape_changed: ShapeChanged | None = (
            None  # evidence whose shape changed: not followed until rebuilt
        )
        self.failures = 0
        self.last_error: str | None = None

    def catch_up(self, progress: Progress | None = None) -> int:
        """Processes every event recorded so far; returns how many."""
        processed = 0
        while True:
            position, top = self.view.position(), self.top()
            if position >= top:
                return processed
            batch = self.planning.recorder.select_notifications(
                start=position, limit=self.batch_size, stop=top, topics=self.topics,
                inclusive_of_start=False,
            )  # fmt: skip
            reached = batch[-1].id if len(batch) == self.batch_size else top
            events = (
                batch
                if self.raw
                else [self.handed(n.id, self.planning.mapper.to_domain_event(n)) for n in batch]
            )
            if self.advance(events, position, reached):
                processed += len(batch)
                if progress is not None:
                    progress(reached, top)

    def handed(self, position: int, event: Any) -> Any:
        """What the read model is handed for a decoded event."""
        return Positioned(position, event) if self.positioned else event

    def advance(self, events: Sequence[Any], start: int, reached: int) -> bool:
        """Applies ``events`` and moves the view from ``start`` to ``reached`` in one
        transaction; ``False`` if another runner had moved it on first (this runner then
        carries on from there). Any other error is raised, and recorded."""
        try:
            with self.view.batch(start, reached) as rows:
                for event in events:
                    self.model.apply(event, rows)
        except (IntegrityError, PositionTaken) as error:
            if self.view.position() == start:  # nobody moved it: not a race, a fault
                self.failed(error, start)
                raise
            self.conflicts += 1
            return False
        except Exception as error:
            self.failed(error, start)
            raise
        return True

    def failed(self, error: BaseException, position: int) -> None:
        self.failures += 1
        self.last_error = f"{type(error).__name__} after position {position}: {error}"[:300]
        log.error("projection.failed", read_model=self.model.name, position=position,
                  error_type=type(error).__name__)  # fmt: skip

    def top(self) -> int:
        """The event log's latest position."""
        return int(self.planning.recorder.max_notification_id() or 0)

    def lag(self) -> Lag:
        position = self.view.position()
        top = self.top()
        seconds = 0.0
        if position < top:
            waiting = self.planning.recorder.select_notifications(
                start=position, limit=1, inclusive_of_start=False
            )
            if waiting:
                event: Any = self.planning.mapper.to_domain_event(waiting[0])
                seconds = max(0.0, (datetime.now(UTC) - event.timestamp).total_seconds())
        return Lag(self.model.name, position, top, round(seconds, 3), self.failures,
                   self.last_error)  # fmt: skip

    def rebuild(self, progress: Progress | None = None) -> int:
        self.view.reset()
        return self.catch_up(progress)

    def unseen(self) -> int | None:
        """The position of the first event the read model follows that it has not yet
        applied; none if it has every one recorded so far. Events it does not follow do
        not count (a read model of decisions is not behind for reads logged since)."""
        found = self.planning.recorder.select_notifications(
            start=self.view.position(), limit=1, topics=self.topics, inclusive_of_start=False
        )
        return found[0].id if found else None

    def wait_for(self, position: int, timeout: float) -> bool:
        """Whether the view reaches ``position`` within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self.view.position() < position:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True


def catch_up_together(runners: Sequence[Runner], progress: Progress | None = None) -> int:
    """Catches every runner up, reading and decoding each event once for all of them
    while they stand at the same position (after a rebuild of all, or in step as they
    usually are); otherwise each catches up on its own. A read model that fails is left
    where it stood and the others go on; the first error is raised at the end. Returns
    events applied."""
    active = [r for r in runners if not r.raw]
    applied = 0
    errors: list[Exception] = []
    for runner in runners:
        if runner.raw:  # it reads the stored events themselves: a pass of its own
            try:
                applied += runner.catch_up(progress)
            except Exception as error:  # recorded by the runner; the others go on
                errors.append(error)
    while active:
        planning, batch_size = active[0].planning, active[0].batch_size
        positions = {r.view.position() for r in active}
        top = active[0].top()
        if len(positions) > 1:
            for runner in active:
                try:
                    applied += runner.catch_up(progress)
                except Exception as error:  # recorded by the runner; the others go on
                    errors.append(error)
            break
        position = positions.pop()
        if position >= top:
            break
        topics = sorted({t for r in active for t in r.topics})
        batch = planning.recorder.select_notifications(
            start=position, limit=batch_size, stop=top, topics=topics, inclusive_of_start=False
        )
        reached = batch[-1].id if len(batch) == batch_size else top
        events = [(n.topic, n.id, planning.mapper.to_domain_event(n)) for n in batch]
        for runner in list(active):
            mine = [runner.handed(i, e) for topic, i, e in events if topic in runner.wanted]
            try:
                if runner.advance(mine, position, reached):
                    applied += len(mine)
            except Exception as error:
                errors.append(error)
                active.remove(runner)
        if progress is not None:
            progress(reached, top)
    if errors:
        raise errors[0]
    return applied


class Projections:
    """Every read model of the service, and a thread that keeps them up to date."""

    def __init__(
        self,
        planning: CarePlanning,
        models: Sequence[ReadModel],
        views_env: dict[str, str],
        batch_size: int = 1000,
    ) -> None:
        self.runners = {m.name: Runner(planning, View(m, views_env), batch_size) for m in models}
        self.after_catch_up: list[Callable[[], None]] = []
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0  # passes that failed while following
        self.failing = False  # the latest did
        self.last_error: str | None = None
        first = next(iter(self.runners.values()))  # the views share one store
        self.heartbeats = Heartbeats(first.view)
        self.shapes = Shapes(first.view)
        self._beaten = -BEAT_SECONDS
        self._beat_failing = False
        self._shapes_unread = False
        self._current: set[str] = set()  # read models whose recorded shape is their own

    def runner(self, name: str) -> Runner:
        try:
            return self.runners[name]
        except KeyError:
            raise KeyError(f"no read model called {name!r}") from None

    def catch_up(self, progress: Progress | None = None) -> int:
        """Every read model caught up (one whose shape has changed emptied first, or, if it
        is evidence, left awaiting a rebuild: see ``projections.shapes``); then whatever should
        follow a catch-up (taking a checkpoint of the integrity record when one is due,
        and not while one awaits a rebuild)."""
        self._renew_changed()
        going = [r for r in self.runners.values() if r.shape_changed is None]
        applied = catch_up_together(going, progress)
        if len(going) == len(self.runners):
            for then in self.after_catch_up:
                then()
        return applied

    def awaiting_rebuild(self) -> list[ShapeChanged]:
        """Why read models are held back (evidence whose shape has changed), if any are."""
        return [r.shape_changed for r in self.runners.values() if r.shape_changed is not None]

    def rebuild(self, progress: Progress | None = None) -> int:
        """Every read model from the first event, in one pass over the log."""
        now = datetime.now(UTC)
        for runner in self.runners.values():
            runner.view.reset()
            self.shapes.record(runner.model.name, shape_of(runner.model), now)
            self._current.add(runner.model.name)
            runner.shape_changed = None
        return self.catch_up(progress)

    def _renew_changed(self) -> None:
        """Empties each read model whose shape has changed since its rows were written,
        and records its new one; evidence is left awaiting a rebuild instead (looked at each pass,
        for a rebuild done elsewhere)."""
        for runner in self.runners.values():
            name = runner.model.name
            if name in self._current:
                continue
            shape = shape_of(runner.model)
            try:
                recorded = self.shapes.recorded(name)
            except Exception as error:  # no table yet (made by a process that may), or away
                if not self._shapes_unread:  # once a streak; looked at again next pass
                    log.warning("projections.shapes_unread", error_type=type(error).__name__)
                self._shapes_unread = True
                continue
            self._shapes_unread = False
            if recorded is not None and recorded != shape:
                if getattr(runner.model, "keeps_evidence", False):
                    if runner.shape_changed is None:
                        runner.shape_changed = ShapeChanged(
                            f"{name} has changed since its rows were written: run "
                            f"`careledger projections rebuild {name}` to rebuild it"
                        )
                        runner.failed(runner.shape_changed, runner.view.position())
                    continue
                log.warning("projection.shape_changed", read_model=name, recorded=recorded,
                            shape=shape)  # fmt: skip
                runner.view.reset()
            if recorded != shape:
                self.shapes.record(name, shape, datetime.now(UTC))
            runner.shape_changed = None
            self._current.add(name)

    def lags(self) -> list[Lag]:
        return [r.lag() for r in self.runners.values()]

    def wake(self) -> None:
        """Something was recorded: catch up now rather than at the next poll."""
        self._wake.set()

    def follow(self, interval: float = 0.5, settle: float = 0.05, check: float = 0.02) -> None:
        """Catches up, then again as soon as there is more to do, until stopped: on a
        nudge from this process, or when a look at the log's latest position (one cheap
        query every ``check`` seconds) finds events recorded since, by any process; and
        every ``interval`` seconds whatever happens (a checkpoint may be due by time, or
        a failed pass is retried). Once there is more, it lets ``settle`` seconds of
        decisions gather, so that under load each catch-up is one batch of many events
        rather than many of one. After a failed pass it waits the whole ``interval``,
        news or not: a read model that fails on an event is not retried, and logged, at
        every new decision."""
        while not self._stop.is_set():
            self._wake.clear()
            seen = self._top()
            try:
                self.catch_up(self._beat_now_and_then)
            except Exception as error:  # the store may be away; the next poll tries again
                self.failures += 1
                self.failing = True
                self.last_error = f"{type(error).__name__}: {error}"[:300]
                self._beat_now_and_then()
                self._stop.wait(interval)
                continue
            self.failing = False
            self._beat_now_and_then()
            if self._news_since(seen, interval, check) and not self._stop.is_set():
                self._stop.wait(settle)

    def _beat_now_and_then(self, *_progress: int) -> None:
        """That this follower is alive, and how it is doing: at most once a second, during
        a long pass too (from its progress) and while it waits for news."""
        if time.monotonic() - self._beaten < BEAT_SECONDS:
            return
        self._beaten = time.monotonic()
        try:
            position = min(r.view.position() for r in self.runners.values())
            awaiting = self.awaiting_rebuild()
            self.heartbeats.beat(list(self.runners), position, self.failures,
                                 self.failing or bool(awaiting),
                                 str(awaiting[0]) if awaiting else self.last_error,
                                 datetime.now(UTC))  # fmt: skip
        except Exception as error:  # the store may be away: the passes say so too
            if not self._beat_failing:  # once a streak, not once a second
                log.warning("projections.beat_failed", error_type=type(error).__name__)
            self._beat_failing = True
            return
        self._beat_failing = False

    def _top(self) -> int | None:
        try:
            return next(iter(self.runners.values())).top()
        except Exception:  # the store may be away: no news from it
            return None

    def _news_since(self, seen: int | None, interval: float, check: float) -> bool:
        """Waits up to ``interval`` seconds for a nudge or for the log to pass ``seen``;
        whether either came."""
        deadline = time.monotonic() + interval
        while (left := deadline - time.monotonic()) > 0:
            if self._wake.wait(min(check, left)):
                return True
            self._beat_now_and_then()
            top = self._top()
            if top is not None and (seen is None or top > seen):
                return True
        return False

    def start(self, interval: float = 0.5, settle: float = 0.05) -> None:
        self._thread = threading.Thread(target=self.follow, args=(interval, settle),
                                        daemon=True, name="careledger-projections")  # fmt: skip
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for runner in self.runners.values():
            runner.view.close()
