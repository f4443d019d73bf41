"""The integrity record: a hash chain and an RFC 6962 Merkle tree over the global event
sequence, kept like a read model (batched, exactly once, with a tracking position) from
the events' bytes as stored — so it still verifies when payloads are encrypted.

Each event is a leaf. Its data is the stored row with its place in the log:
``careledger-event || position || originator id || version || topic || state``; its
*content* hash leaves the position out, so that an event moved to another place can be
recognised there. The chain links each leaf to all before it; the tree's complete
subtrees are stored, so roots and proofs cost a few lookups per level.
"""

import hashlib
from functools import lru_cache
from hashlib import sha256
from typing import Any

from audit import merkle
from projections.rows import Row, Rows, Table

LEAVES = Table(
    "leaves",
    ("leaf", "position", "content", "hash", "chain"),
    ("leaf",),
    frozenset({"leaf", "position"}),
    indexes=(("position",),),
)
NODES = Table("nodes", ("level", "idx", "hash"), ("level", "idx"), frozenset({"level", "idx"}))
HEAD = Table("head", ("name", "size", "chain"), ("name",), frozenset({"size"}))
GENESIS = hashlib.sha256(b"careledger integrity chain").hexdigest()
LEAF_PREFIX = b"\x00careledger-event\x00"  # RFC 6962's leaf tag, then the event's own


def content_digest(stored: Any) -> bytes:
    """The stored event's bytes, without its position."""
    return stored_digest(stored.originator_id.bytes, stored.originator_version, stored.topic,
                         stored.state)  # fmt: skip


def stored_digest(originator: bytes, version: int, topic: str, state: bytes | str) -> bytes:
    """``content_digest`` of a stored event given as its columns (the originator id as its
    16 bytes)."""
    if isinstance(state, str):  # a payload rewritten as text: hashed as it now reads
        state = state.encode("utf-8", "surrogateescape")
    return sha256(originator + int(version).to_bytes(8, "big") + _topic(topic)
                  + bytes(state)).digest()  # fmt: skip


@lru_cache(maxsize=1024, typed=True)
def _topic(topic: str) -> bytes:
    """A topic as hashed: its length, then its UTF-8 bytes (a log has few topics)."""
    encoded = str(topic).encode()
    return len(encoded).to_bytes(4, "big") + encoded


def leaf_data(position: int, content: bytes) -> bytes:
    """What the leaf of the event with ``content`` at ``position`` hashes (after RFC 6962's
    0x00): ``careledger-event || 0x00 || position (8 bytes, big-endian) || content``."""
    return LEAF_PREFIX[1:] + position.to_bytes(8, "big") + content


def leaf_of(position: int, content: bytes) -> bytes:
    """The leaf hash of the event with ``content`` at ``position``: ``merkle.leaf_hash``
    of its ``leaf_data``, in one call."""
    return sha256(LEAF_PREFIX + position.to_bytes(8, "big") + content).digest()


def chained(previous: str, leaf: bytes) -> str:
    return sha256(bytes.fromhex(previous) + leaf).hexdigest()


class IntegrityLedger:
    """A read model over the stored notifications themselves (``raw``), every topic."""

    name = "integrity"
    tables: tuple[Table, ...] = (LEAVES, NODES, HEAD)
    topics: tuple[str, ...] = ()  # every event
    raw = True
    keeps_evidence = True  # signed checkpoints: synced at every commit, as the store is

    def apply(self, notification: Any, rows: Rows) -> None:
        head = rows.get(HEAD, ("head",)) or {"name": "head", "size": 0, "chain": GENESIS}
        size = int(head["size"] or 0)
        content = content_digest(notification)
        leaf = leaf_of(notification.id, content)
        chain = chained(str(head["chain"]), leaf)
        rows.put(LEAVES, {"leaf": size, "position": notification.id, "content": content.hex(),
                          "hash": leaf.hex(), "chain": chain})  # fmt: skip
        level, index, node = 0, size, leaf
        rows.put(NODES, {"level": 0, "idx": index, "hash": node.hex()})
        while index & 1:  # a right child completes its parent
            left = rows.get(NODES, (level, index - 1))
            assert left is not None, f"no node {level}/{index - 1} in the integrity record"
            node = merkle.node_hash(bytes.fromhex(str(left["hash"])), node)
            level, index = level + 1, index >> 1
            rows.put(NODES, {"level": level, "idx": index, "hash": node.hex()})
        rows.put(HEAD, {"name": "head", "size": size + 1, "chain": chain})


def stored_subtree(rows: Rows) -> merkle.Subtree:
    """Subtree hashes from the stored complete subtrees."""

    def subtree(start: int, end: int) -> bytes:
        size = end - start
        if size & (size - 1) == 0 and start % size == 0:
            node = rows.get(NODES, (size.bit_length() - 1, start // size))
            if node is None:
                raise LookupError(f"leaves {start}..{end - 1} are not in the record yet")
            return bytes.fromhex(str(node["hash"]))
        k = merkle.split(size)
        return merkle.node_hash(subtree(start, start + k), subtree(start + k, end))

    return subtree


def head_of(rows: Rows) -> Row:
    return rows.get(HEAD, ("head",)) or {"name": "head", "size": 0, "chain": GENESIS}
