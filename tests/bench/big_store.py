"""A large SQLite event store for benchmarks, made quickly: a base log of whole plan
lives is made once through the domain (``make_log``), then copied with fresh aggregate
ids until the store holds the events asked for.

In each copy every plan gets a new uuid4, its budget the id ``PersonalBudget.create_id``
derives from it, and its person a reference of their own. The ids are rewritten where
they are stored (the originator id column) and where a payload holds one (a budget's
``Opened`` names its plan); the person's reference wherever the plan's or its budget's
events carry it. Copies are distinct plans that load and replay like the originals.
Payloads are not encrypted or compressed here, so they can be rewritten as bytes.

For benchmarks only: the load turns SQLite's durability off while it writes."""

import random
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from domain.budget.aggregate import PersonalBudget
from store.application import ServicePlanning
from tests import builders as b
from tests.bench.baseline import sqlite_env
from tests.bench.projections import make_log

BASE_EVENTS = 50_000
PLAN_TOPIC = "careledger:Plan."
BUDGET_TOPIC = "careledger:PersonalBudget."
STARTED = "careledger:Plan.Started"
_PERSON = re.compile(rb'"person_ref":"([^"]*)"')
_HEX_ID = re.compile(rb"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
_DASHED_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_INSERT = ("INSERT INTO stored_events (originator_id, originator_version, topic, state) "
           "VALUES (?, ?, ?, ?)")  # fmt: skip


@dataclass(frozen=True)
class _Event:
    """A base event, ready to copy: which plan it belongs to, and its payload cut where
    a plan id, budget id or person reference goes (``slots`` names what goes between
    ``parts``: ``plan``, ``budget`` or ``person``)."""

    plan: int  # index of its plan in the base log
    is_budget: bool
    version: int
    topic: str
    parts: tuple[bytes, ...]
    slots: tuple[str, ...]


class _Base:
    """The base log, prepared for copying."""

    def __init__(self, log: Sequence[Any]) -> None:
        plans: dict[UUID, int] = {}
        for n in log:
            if n.topic.startswith(PLAN_TOPIC) and n.originator_id not in plans:
                plans[n.originator_id] = len(plans)
        budgets = {PersonalBudget.create_id(p): i for p, i in plans.items()}
        persons: dict[int, bytes] = {}
        for n in log:
            if n.topic == STARTED:
                found = _PERSON.search(n.state)
                assert found is not None, "a plan's Started names no person"
                persons[plans[n.originator_id]] = found.group(1)
        self.plans = len(plans)
        names = {p.hex.encode(): ("plan", i) for p, i in plans.items()}
        names.update({b.hex.encode(): ("budget", i) for b, i in budgets.items()})
        self.events = [self._prepare(n, plans, budgets, names, persons) for n in log]

    @staticmethod
    def _prepare(n: Any, plans: dict[UUID, int], budgets: dict[UUID, int],
                 names: dict[bytes, tuple[str, int]], persons: dict[int, bytes]
                 ) -> "_Event":  # fmt: skip
        if n.originator_id in plans:
            plan, is_budget = plans[n.originator_id], False
        elif n.originator_id in budgets:
            plan, is_budget = budgets[n.originator_id], True
        else:
            raise ValueError(f"{n.topic} belongs to neither a plan nor a budget")
        state = bytes(n.state)
        if _DASHED_ID.search(state):
            raise ValueError(f"{n.topic} holds an id in its dashed form: cannot copy")
        cuts: list[tuple[int, int, str]] = []
        for found in _HEX_ID.finditer(state):
            kind, owner = names.get(found.group(), ("", -1))
            if owner != plan:
                raise ValueError(f"{n.topic} holds an id not its own plan's: cannot copy")
            cuts.append((found.start(), found.end(), kind))
        person = persons.get(plan)
        if person:
            start = state.find(person)
            while start >= 0:
                cuts.append((start, start + len(person), "person"))
                start = state.find(person, start + len(person))
        cuts.sort()
        parts, slots, at = [], [], 0
        for start, end, kind in cuts:
            parts.append(state[at:start])
            slots.append(kind)
            at = end
        parts.append(state[at:])
        return _Event(plan, is_budget, n.originator_version, n.topic, tuple(parts),
                      tuple(slots))  # fmt: skip

    def copy(self, first_person: int) -> Iterator[tuple[str, int, str, bytes]]:
        """The base log's rows with fresh ids; persons numbered from ``first_person``."""
        plan_ids = [uuid4() for _ in range(self.plans)]
        fills = [
            {"plan": p.hex.encode(), "budget": PersonalBudget.create_id(p).hex.encode(),
             "person": f"person-{first_person + i:07d}".encode()}
            for i, p in enumerate(plan_ids)
        ]  # fmt: skip
        for e in self.events:
            fill = fills[e.plan]
            originator = (fill["budget"] if e.is_budget else fill["plan"]).decode()
            if e.slots:
                pieces = [e.parts[0]]
                for slot, part in zip(e.slots, e.parts[1:], strict=True):
                    pieces += (fill[slot], part)
                state = b"".join(pieces)
            else:
                state = e.parts[0]
            yield originator, e.version, e.topic, state


def events_in(path: Path) -> int:
    """How many events the store at ``path`` holds (0 if there is none)."""
    if not path.exists():
        return 0
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0] or 0)
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def big_store(events: int, path: Path, base_events: int = BASE_EVENTS,
              batch: int = 100_000) -> dict[str, str]:  # fmt: skip
    """The env of an SQLite event store of exactly ``events`` events at ``path``, made
    unless it is already there."""
    env = sqlite_env(path)
    if events_in(path) == events:
        return env
    path.unlink(missing_ok=True)
    ServicePlanning(env=env, directory=b.directory).close()  # the library's own tables
    base = _Base(make_log(min(events, base_events)))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")  # KiB: the index stays in memory
    written, persons = 0, 0
    rows: list[tuple[str, int, str, bytes]] = []
    while written < events:
        for row in base.copy(persons):
            rows.append(row)
            if len(rows) == batch or written + len(rows) == events:
                _insert(db, rows)
                written += len(rows)
                rows.clear()
                if written == events:
                    break
        persons += base.plans
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return env


def _insert(db: sqlite3.Connection, rows: list[tuple[str, int, str, bytes]]) -> None:
    db.execute("BEGIN")
    db.executemany(_INSERT, rows)
    db.execute("COMMIT")


def plan_ids(env: dict[str, str], count: int, seed: int = 0) -> list[UUID]:
    """``count`` plans of the store, chosen at random from all of it."""
    db = sqlite3.connect(env["SQLITE_DBNAME"])
    try:
        found = db.execute("SELECT originator_id FROM stored_events WHERE topic = ?",
                           (STARTED,)).fetchall()  # fmt: skip
    finally:
        db.close()
    chosen = random.Random(seed).sample(found, min(count, len(found)))
    return [UUID(hex=h) for (h,) in chosen]
