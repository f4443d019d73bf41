"""Checks the event store against its integrity record: every stored event is hashed
again, in order, and compared with the leaf, chain and tree recorded for it. The first
difference is reported by position and kind: an event altered, missing, inserted or
moved to another place, or the record itself altered."""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from audit import merkle
from audit.integrity import GENESIS, LEAVES, chained, content_digest, head_of, leaf_of
from audit.integrity import stored_subtree as stored_tree
from domain.application import CarePlanning
from projections.rows import Row
from projections.sql import as_row
from projections.view import View

BATCH = 5000


@dataclass(frozen=True)
class Finding:
    kind: str  # altered, missing, inserted, moved, record-altered
    position: int
    detail: str


@dataclass(frozen=True)
class Verification:
    checked: int  # events compared with the record
    unrecorded: int  # events recorded after the record's head (not yet in it)
    root: str  # the tree's root over the checked events, recomputed
    finding: Finding | None
    seconds: float

    @property
    def intact(self) -> bool:
        return self.finding is None


class _Stream:
    """The stored events in order, with one of look-ahead."""

    def __init__(self, planning: CarePlanning) -> None:
        self.planning = planning
        self._items = self._read()
        self.current: Any = next(self._items, None)
        self.following: Any = next(self._items, None)

    def _read(self) -> Iterator[Any]:
        start = 0
        while True:
            batch = self.planning.recorder.select_notifications(
                start=start, limit=BATCH, inclusive_of_start=False
            )
            yield from batch
            if len(batch) < BATCH:
                return
            start = batch[-1].id

    def advance(self) -> None:
        self.current, self.following = self.following, next(self._items, None)

    def remaining(self) -> int:
        count = 0
        while self.current is not None:
            count += 1
            self.advance()
        return count


def _leaves(view: View) -> Iterator[Row]:
    table = view.dialect.qualified(view.model.name, LEAVES)
    columns = ", ".join(f'"{c}"' for c in LEAVES.columns)
    p = view.dialect.placeholder
    after = -1
    while True:
        with view.reading() as rows:
            rows.cursor.execute(f'SELECT {columns} FROM {table} WHERE "leaf" > {p} '
                                f'ORDER BY "leaf" LIMIT {BATCH}', (after,))  # fmt: skip
            batch = [as_row(LEAVES, r) for r in rows.cursor.fetchall()]
        yield from batch
        if len(batch) < BATCH:
            return
        after = int(batch[-1]["leaf"] or 0)


def _recorded_at(view: View, content: str) -> int | None:
    """Where the record has an event with this content, if anywhere."""
    with view.reading() as rows:
        found = rows.select(LEAVES, content=content)
    return int(found[0]["position"] or 0) if found else None


def verify(planning: CarePlanning, view: View) -> Verification:
    began = time.perf_counter()
    stream = _Stream(planning)
    chain, checked = GENESIS, 0
    frontier: list[tuple[int, bytes]] = []  # (height, hash) of the complete subtrees so far
    finding: Finding | None = None
    for leaf_row in _leaves(view):
        finding = _compare(view, stream, leaf_row)
        if finding is not None:
            break
        leaf = bytes.fromhex(str(leaf_row["hash"]))
        chain = chained(chain, leaf)
        if chain != leaf_row["chain"]:
            why = "the chain recorded here does not follow from the events"
            finding = Finding("record-altered", int(leaf_row["position"] or 0), why)
            break
        _append(frontier, leaf)
        checked += 1
        stream.advance()
    root = _root(frontier)
    if finding is None:
        finding = _check_tree(view, checked, root)
    unrecorded = stream.remaining() if finding is None else 0
    return Verification(checked, unrecorded, root.hex(), finding, time.perf_counter() - began)


def _compare(view: View, stream: _Stream, leaf_row: Row) -> Finding | None:
    position = int(leaf_row["position"] or 0)
    stored = stream.current
    if stored is None or stored.id > position:
        return Finding("missing", position, "an event recorded here is no longer stored")
    if stored.id < position:
        return Finding("inserted", stored.id, "an event is stored here that was never recorded")
    content = content_digest(stored).hex()
    if leaf_of(stored.id, bytes.fromhex(content)).hex() == leaf_row["hash"]:
        return None
    elsewhere = _recorded_at(view, content)
    if elsewhere is not None and elsewhere != position:
        return Finding("moved", position, f"the event recorded at {elsewhere} is stored here")
    following = stream.following
    if following is not None and content_digest(following).hex() == leaf_row["content"]:
        return Finding("inserted", position, "an event was put in here, moving the rest on")
    return Finding("altered", position, "the event stored here differs from the one recorded")


def _append(frontier: list[tuple[int, bytes]], leaf: bytes) -> None:
    height, node = 0, leaf
    while frontier and frontier[-1][0] == height:
        _, left = frontier.pop()
        height, node = height + 1, merkle.node_hash(left, node)
    frontier.append((height, node))


def _root(frontier: list[tuple[int, bytes]]) -> bytes:
    if not frontier:
        return merkle.EMPTY_ROOT
    node = frontier[-1][1]
    for _, left in reversed(frontier[:-1]):
        node = merkle.node_hash(left, node)
    return node


def _check_tree(view: View, size: int, root: bytes) -> Finding | None:
    with view.reading() as rows:
        head = head_of(rows)
        if int(head["size"] or 0) != size:
            return Finding("record-altered", size, f"the record's head says {head['size']} "
                           f"events, its leaves {size}")  # fmt: skip
        try:
            recorded = merkle.root(stored_tree(rows), size)
        except LookupError as missing:
            return Finding("record-altered", size, str(missing))
    if recorded != root:
        return Finding("record-altered", size, "the tree's stored nodes do not give the root "
                       "the events give")  # fmt: skip
    return None
