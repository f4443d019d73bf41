"""The Merkle tree of RFC 6962 (restated in RFC 9162 §2.1), SHA-256 throughout.

A leaf hashes as ``SHA-256(0x00 || data)`` and an inner node as
``SHA-256(0x01 || left || right)``; a tree of ``n`` leaves splits at ``k``, the largest
power of two below ``n``. Proofs are built from the hashes of subtrees, which a caller
supplies (``Subtree``): from a list of leaf hashes (``from_leaves``, the plain statement
of the RFC) or from stored hashes of complete subtrees (the integrity read model), so
that a root or a proof costs a few lookups per level rather than a pass over every leaf.
Verification needs nothing but the proof: an auditor can run it anywhere.
"""

import hashlib
from collections.abc import Callable, Sequence

Hash = bytes
# The hash of the leaves [start, end): a complete, aligned subtree or a tree's right edge.
Subtree = Callable[[int, int], Hash]

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> Hash:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: Hash, right: Hash) -> Hash:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(size: int) -> int:
    """The largest power of two smaller than ``size`` (``size`` > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


def from_leaves(leaves: Sequence[Hash]) -> Subtree:
    """Subtree hashes computed from the leaf hashes themselves."""

    def subtree(start: int, end: int) -> Hash:
        if end - start == 1:
            return leaves[start]
        k = split(end - start)
        return node_hash(subtree(start, start + k), subtree(start + k, end))

    return subtree


def root(subtree: Subtree, size: int) -> Hash:
    return EMPTY_ROOT if size == 0 else subtree(0, size)


def inclusion_proof(subtree: Subtree, index: int, size: int) -> list[Hash]:
    """The audit path of leaf ``index`` in the tree of ``size`` leaves (RFC 6962 §2.1.1),
    nearest the leaf first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[Hash] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start += k
    return path[::-1]


def consistency_proof(subtree: Subtree, old: int, new: int) -> list[Hash]:
    """The proof that the tree of ``new`` leaves extends the tree of ``old`` (RFC 6962
    §2.1.2)."""
    if not 0 < old <= new:
        raise ValueError(f"no consistency proof from {old} to {new} leaves")
    proof: list[Hash] = []
    start, end, complete = 0, new, True  # SUBPROOF(m, D[start:end], b)
    m = old
    while m != end - start:
        k = split(end - start)
        if m <= k:
            proof.append(subtree(start + k, end))
            end = start + k
        else:
            proof.append(subtree(start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(subtree(start, end))
    return proof[::-1]


def root_from_inclusion(index: int, size: int, leaf: Hash, proof: Sequence[Hash]) -> Hash:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2); ``ValueError`` if the
    proof has the wrong length for ``index`` and ``size``."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    fn, sn, hashed = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            raise ValueError("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            hashed = node_hash(sibling, hashed)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            hashed = node_hash(hashed, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ValueError("the proof is shorter than the tree is deep")
    return hashed


def verify_inclusion(index: int, size: int, leaf: Hash, proof: Sequence[Hash],
                     expected_root: Hash) -> bool:  # fmt: skip
    try:
        return root_from_inclusion(index, size, leaf, proof) == expected_root
    except ValueError:
        return False


def verify_consistency(old: int, new: int, old_root: Hash, new_root: Hash,
                       proof: Sequence[Hash]) -> bool:  # fmt: skip
    """Whether ``proof`` shows the tree of ``new`` leaves (``new_root``) extends the tree
    of ``old`` leaves (``old_root``) (RFC 9162 §2.1.4.2)."""
    if not 0 < old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    path = list(proof)
    if old & (old - 1) == 0:  # old is a power of two: its root is the first node
        path = [old_root, *path]
    if not path:
        return False
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root
