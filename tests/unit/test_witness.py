"""A witness cosigns a checkpoint only when the log's signature holds and the tree
extends the one it cosigned last: a log rewritten under the same key, shrunk, or shown
with another root at the same size is refused, and the witness's state is unchanged."""

from collections.abc import Sequence
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit import merkle, notes
from audit.witness import Refused, Witness

ORIGIN = "careledger.local/test-council"
LOG_KEY = Ed25519PrivateKey.generate()
LOG_VKEY = notes.vkey(ORIGIN, notes.ED25519, LOG_KEY.public_key())


class Log:
    """A log of leaves, as the service keeps one, signing checkpoints with LOG_KEY."""

    def __init__(self, events: Sequence[bytes]) -> None:
        self.leaves = [merkle.leaf_hash(e) for e in events]

    def checkpoint(self, size: int, key: Ed25519PrivateKey = LOG_KEY) -> str:
        root = merkle.root(merkle.from_leaves(self.leaves), size)
        text = notes.checkpoint_text(ORIGIN, size, root)
        return notes.Note(text, (notes.sign(text, ORIGIN, key),)).render()

    def proof(self, old: int, new: int) -> list[bytes]:
        return merkle.consistency_proof(merkle.from_leaves(self.leaves), old, new)


EVENTS = [f"event {n}".encode() for n in range(9)]


@pytest.fixture
def witness(tmp_path: Path) -> Witness:
    return Witness.init(tmp_path / "witness", "audit.example/w1")


def test_a_witness_cosigns_a_log_that_grows_and_says_when(witness: Witness) -> None:
    log = Log(EVENTS)

    first = witness.cosign(log.checkpoint(5), LOG_VKEY, log.proof, 1_700_000_000)
    second = witness.cosign(log.checkpoint(9), LOG_VKEY, log.proof, 1_700_000_600)

    name, _, public = notes.from_vkey(witness.vkey())
    text = notes.Note.parse(log.checkpoint(9)).text
    assert notes.cosignature_time(text, second, name, public) == 1_700_000_600
    assert first.name == second.name == "audit.example/w1"
    seen = witness.seen()
    assert seen is not None
    assert (seen.origin, seen.size) == (ORIGIN, 9)


@pytest.mark.parametrize(
    ("rewritten", "size", "other_key", "says"),
    [(True, 7, False, "does not extend the one of 5"),
     (True, 5, False, "a different tree of 5 events"),
     (False, 4, False, "the log has shrunk"),
     (False, 7, True, "not signed by")],
    ids=["rewritten and grown", "rewritten at the same size", "shrunk", "another key"],
)  # fmt: skip
def test_a_witness_refuses_a_log_that_does_not_extend_what_it_cosigned(
    witness: Witness, rewritten: bool, size: int, other_key: bool, says: str
) -> None:
    good = Log(EVENTS)
    shown = Log([*EVENTS[:2], b"an event altered", *EVENTS[3:]]) if rewritten else good
    key = Ed25519PrivateKey.generate() if other_key else LOG_KEY
    witness.cosign(good.checkpoint(5), LOG_VKEY, good.proof, 1_700_000_000)

    with pytest.raises(Refused, match=says):
        witness.cosign(shown.checkpoint(size, key), LOG_VKEY, shown.proof, 1_700_000_600)

    seen = witness.seen()
    assert seen is not None
    assert seen.size == 5  # unchanged: it still holds the tree it cosigned
