"""Checks the event store against its integrity record: every stored event is hashed
again, in order, and compared with the leaf, chain and tree recorded for it, and every
node of the tree the record stores (from which proofs are built) is computed again from
the events and compared. The first difference is reported by position and kind: an
event altered, missing, inserted or moved to another place, or the record itself
altered.

Both are read in large pages as plain tuples. On SQLite the events are read straight
from the library's events table, as stored: its own reader makes an object and a UUID
of every row, which costs more than all the hashing."""

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from psycopg.rows import tuple_row

from audit import merkle
from audit.integrity import GENESIS, LEAVES, NODES, head_of, leaf_of, stored_digest
from audit.integrity import stored_subtree as stored_tree
from domain.application import CarePlanning
from projections.rows import Row
from projections.view import View

BATCH = 20_000
# A stored event as hashed: its position, content digest and leaf hash.
Hashed = tuple[int, bytes, bytes]


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


def _stored(planning: CarePlanning) -> Iterator[Hashed]:
    """Every stored event, in order, hashed as the record hashes it: a page at a time,
    or, in a page with an event that cannot be hashed, one at a time, so that the error
    is raised only when that event is reached."""
    for rows in _pages(planning, after=0):
        try:
            hashed: Iterable[Hashed] = [_hashed(r) for r in rows]
        except Exception:
            hashed = (_hashed(r) for r in rows)
        yield from hashed


def _hashed(row: Any) -> Hashed:
    content = stored_digest(_id_bytes(row[1]), row[2], row[3], row[4])
    return row[0], content, leaf_of(row[0], content)


def _pages(planning: CarePlanning, after: int) -> Iterator[Sequence[Any]]:
    """The stored events after position ``after``, in pages of (position, originator
    id, version, topic, state)."""
    recorder = planning.recorder
    if not isinstance(recorder, SQLiteApplicationRecorder):
        yield from _library_pages(planning, after)
        return
    statement = (f"SELECT rowid, originator_id, originator_version, topic, state "
                 f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid "
                 f"LIMIT {BATCH}")  # fmt: skip
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor = _plain(cursor)
            cursor.execute(statement, (after,))
            rows = cursor.fetchall()
        yield rows
        if len(rows) < BATCH:
            return
        after = rows[-1][0]


def _library_pages(planning: CarePlanning, after: int) -> Iterator[Sequence[Any]]:
    while True:
        batch: Sequence[Any] = planning.recorder.select_notifications(
            start=after, limit=BATCH, inclusive_of_start=False
        )
        yield [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in batch]
        if len(batch) < BATCH:
            return
        after = batch[-1].id


def _id_bytes(stored: Any) -> bytes:
    """``UUID(stored).bytes``, as the library reads an originator id from SQLite;
    quicker for the 32 hex digits it writes."""
    if isinstance(stored, str) and len(stored) == 32:
        try:
            found = bytes.fromhex(stored)
        except ValueError:
            found = b""
        if len(found) == 16:  # 32 hex digits and nothing else
            return found
    if isinstance(stored, UUID):  # read by the library
        return stored.bytes
    return UUID(stored).bytes


def _leaf_pages(view: View, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The record's first ``size`` leaves in order, as (leaf, position, hash, chain); the
    content digest is read only where an event differs."""
    table = view.dialect.qualified(view.model.name, LEAVES)
    p = view.dialect.placeholder
    statement = (f'SELECT "leaf", "position", "hash", "chain" FROM {table} WHERE "leaf" > {p} '
                 f'AND "leaf" < {int(size)} ORDER BY "leaf" LIMIT {BATCH}')  # fmt: skip
    after = -1
    while True:
        with view.reading() as rows:
            cursor = _plain(rows.cursor)
            cursor.execute(statement, (after,))
            page: list[tuple[Any, ...]] = cursor.fetchall()
        yield page
        if len(page) < BATCH:
            return
        after = int(page[-1][0] or 0)


def _plain(cursor: Any) -> Any:
    """The transaction's own cursor, made to give plain tuples."""
    if isinstance(cursor, SQLiteCursor):
        cursor.sqlite_cursor.row_factory = None
    else:
        cursor.row_factory = tuple_row
    return cursor


def _recorded_at(view: View, content: str) -> int | None:
    """Where the record has an event with this content, if anywhere."""
    with view.reading() as rows:
        found = rows.select(LEAVES, content=content)
    return int(found[0]["position"] or 0) if found else None


def _leaf_row(view: View, leaf: Any) -> Row:
    with view.reading() as rows:
        found = rows.get(LEAVES, (leaf,))
    assert found is not None, f"leaf {leaf} has gone from the record while it was read"
    return found


class _StoredNodes:
    """The record's stored tree nodes within its first ``size`` leaves, level by level in
    index order, each read in pages as the pass over the events completes the subtree it
    stands for. Nodes the record adds meanwhile (the service goes on) are not read."""

    def __init__(self, view: View, size: int) -> None:
        self.view, self.size = view, size
        self.table = view.dialect.qualified(view.model.name, NODES)
        self.levels: dict[int, Iterator[tuple[int, str]]] = {}

    def differs(self, level: int, index: int, node: bytes) -> bool:
        """Whether the stored node ``level``/``index`` is not ``node`` (or is missing)."""
        nodes = self.levels.get(level)
        if nodes is None:
            nodes = self.levels[level] = self._pages(level)
        stored = next(nodes, None)
        return stored is None or stored[0] != index or stored[1] != node.hex()

    def _pages(self, level: int) -> Iterator[tuple[int, str]]:
        p = self.view.dialect.placeholder
        statement = (f'SELECT "idx", "hash" FROM {self.table} WHERE "level" = {p} AND '
                     f'"idx" > {p} AND "idx" < {p} ORDER BY "idx" LIMIT {BATCH}')  # fmt: skip
        after, bound = -1, self.size >> level  # complete subtrees of the first size leaves
        while True:
            with self.view.reading() as rows:
                cursor = _plain(rows.cursor)
                cursor.execute(statement, (level, after, bound))
                page: list[tuple[Any, ...]] = cursor.fetchall()
            for index, hashed in page:
                yield int(index), str(hashed)
            if len(page) < BATCH:
                return
            after = int(page[-1][0])

    def unexplained(self) -> bool:
        """Whether the record stores nodes no events give: within the first ``size``
        leaves more than one for each complete subtree, or one covering leaves past the
        record's head (read after the nodes, so that one added meanwhile is explained)."""
        p = self.view.dialect.placeholder
        with self.view.reading() as rows:
            cursor = _plain(rows.cursor)
            cursor.execute(f'SELECT COUNT(*) FROM {self.table} WHERE "idx" < '
                           f'(CAST({p} AS BIGINT) >> CAST("level" AS INTEGER))',
                           (self.size,))  # fmt: skip
            within = int(cursor.fetchone()[0])
            cursor.execute(f'SELECT MAX(("idx" + 1) << CAST("level" AS INTEGER)) '
                           f"FROM {self.table}")  # fmt: skip
            reach = int(cursor.fetchone()[0] or 0)
        with self.view.reading() as rows:
            head = int(head_of(rows)["size"] or 0)
        return within != _nodes_in(self.size) or reach > head


def verify(planning: CarePlanning, view: View,
           progress: Callable[[int, int], None] | None = None) -> Verification:  # fmt: skip
    """The store against the record as it stood when the check began (its head then):
    the service may go on recording meanwhile. ``progress`` is told, after each page of
    the record, how many events are checked of how many the record held."""
    began = time.perf_counter()
    with view.reading() as rows:
        size = int(head_of(rows)["size"] or 0)
    events = _stored(planning)
    stored = next(events, None)
    chain, checked = bytes.fromhex(GENESIS), 0
    tree: list[bytes] = []  # the complete subtrees so far, largest first
    node_hash = merkle.node_hash
    nodes = _StoredNodes(view, size)
    finding: Finding | None = None
    for page in _leaf_pages(view, size):
        for leaf_index, position, recorded_hash, recorded_chain in page:
            if stored is None or stored[0] != position or stored[2].hex() != recorded_hash:
                finding = _compare(view, stored, next(events, None), _leaf_row(view, leaf_index))
                break
            leaf = stored[2]
            chain = sha256(chain + leaf).digest()
            if chain.hex() != recorded_chain:
                why = "the chain recorded here does not follow from the events"
                finding = Finding("record-altered", int(position or 0), why)
                break
            # the leaf's node, and the node of each subtree it completes (one a 1 bit)
            node, count, level = leaf, checked, 0
            while True:
                if nodes.differs(level, count, node):
                    finding = _node_altered(int(position or 0), level, count)
                    break
                if not count & 1:
                    break
                node, count, level = node_hash(tree.pop(), node), count >> 1, level + 1
            if finding is not None:
                break
            tree.append(node)
            checked += 1
            stored = next(events, None)
        if finding is not None:
            break
        if progress is not None:
            progress(checked, size)
    root = _root(tree)
    if finding is None:
        finding = _check_tree(view, size, checked, root)
    if finding is None and nodes.unexplained():
        why = "the record stores tree nodes that no events give"
        finding = Finding("record-altered", checked, why)
    unrecorded = 0
    if finding is None and stored is not None:
        unrecorded = sum(len(rows) for rows in _pages(planning, after=stored[0] - 1))
    return Verification(checked, unrecorded, root.hex(), finding, time.perf_counter() - began)


def _node_altered(position: int, level: int, index: int) -> Finding:
    why = (
        f"the tree node stored at level {level}, index {index} (which proofs are built "
        "from) does not follow from the events"
    )
    return Finding("record-altered", position, why)


def _nodes_in(size: int) -> int:
    """How many complete subtrees a tree of ``size`` leaves has (its stored nodes)."""
    total = 0
    while size:
        total, size = total + size, size >> 1
    return total


def _compare(view: View, stored: Hashed | None, following: Hashed | None, leaf_row: Row
             ) -> Finding:  # fmt: skip
    """What happened at a leaf whose event is not the one stored at its place."""
    position = int(leaf_row["position"] or 0)
    if stored is None or stored[0] > position:
        return Finding("missing", position, "an event recorded here is no longer stored")
    if stored[0] < position:
        return Finding("inserted", stored[0], "an event is stored here that was never recorded")
    content = stored[1].hex()
    elsewhere = _recorded_at(view, content)
    if elsewhere is not None and elsewhere != position:
        return Finding("moved", position, f"the event recorded at {elsewhere} is stored here")
    if following is not None and following[1].hex() == leaf_row["content"]:
        return Finding("inserted", position, "an event was put in here, moving the rest on")
    return Finding("altered", position, "the event stored here differs from the one recorded")


def _root(tree: list[bytes]) -> bytes:
    if not tree:
        return merkle.EMPTY_ROOT
    node = tree[-1]
    for left in reversed(tree[:-1]):
        node = merkle.node_hash(left, node)
    return node


def _check_tree(view: View, head: int, size: int, root: bytes) -> Finding | None:
    with view.reading() as rows:
        if head != size:
            return Finding("record-altered", size, f"the record's head says {head} events, "
                           f"its leaves {size}")  # fmt: skip
        try:
            recorded = merkle.root(stored_tree(rows), size)
        except LookupError as missing:
            return Finding("record-altered", size, str(missing))
    if recorded != root:
        return Finding("record-altered", size, "the tree's stored nodes do not give the root "
                       "the events give")  # fmt: skip
    return None
