"""Proofs against signed checkpoints, as documents an auditor can keep and check offline:
that an event is in a checkpoint unaltered (inclusion), and that a later checkpoint
extends an earlier one (consistency). Checking needs only the document and the public
key."""

from typing import Any

from audit import merkle
from audit.checkpoints import Checkpoint, signature_holds
from audit.integrity import LEAVES, leaf_data, leaf_of, stored_subtree
from projections.view import View


class NotInCheckpoint(LookupError):
    """The event or checkpoint asked for is not in the record (yet)."""


def inclusion(view: View, position: int, checkpoint: Checkpoint) -> dict[str, Any]:
    with view.reading() as rows:
        found = rows.select(LEAVES, position=position)
        if not found:
            raise NotInCheckpoint(f"no event at position {position} is in the record")
        leaf = found[0]
        index = int(leaf["leaf"] or 0)
        if index >= checkpoint.size:
            raise NotInCheckpoint(f"the event at position {position} came after the "
                                  f"checkpoint of {checkpoint.size} events")  # fmt: skip
        proof = merkle.inclusion_proof(stored_subtree(rows), index, checkpoint.size)
    content = str(leaf["content"])
    return {
        "kind": "inclusion",
        "position": position,
        "leaf_index": index,
        # the leaf hash is SHA-256(0x00 || leaf_data); leaf_data is "careledger-event",
        # a zero byte, the position (8 bytes, big-endian) and the content digest
        "leaf_data": leaf_data(position, bytes.fromhex(content)).hex(),
        "leaf_hash": leaf["hash"],
        "content": content,
        "proof": [h.hex() for h in proof],
        "checkpoint": checkpoint.as_json(),
    }


def consistency(view: View, old: Checkpoint, new: Checkpoint) -> dict[str, Any]:
    if old.size > new.size:
        raise NotInCheckpoint("the first checkpoint must not be larger than the second")
    with view.reading() as rows:
        proof = merkle.consistency_proof(stored_subtree(rows), old.size, new.size)
    return {"kind": "consistency", "proof": [h.hex() for h in proof],
            "old": old.as_json(), "new": new.as_json()}  # fmt: skip


def check(document: dict[str, Any], public_pem: str) -> tuple[bool, str]:
    """Whether a proof document holds under the key; and why not, if it does not."""
    try:
        if document.get("kind") == "inclusion":
            return _check_inclusion(document, public_pem)
        if document.get("kind") == "consistency":
            return _check_consistency(document, public_pem)
    except (KeyError, TypeError, ValueError) as error:
        return False, f"the document is not a proof: {error}"
    return False, "the document is not a proof: no known kind"


def _check_inclusion(document: dict[str, Any], public_pem: str) -> tuple[bool, str]:
    checkpoint = Checkpoint.from_json(document["checkpoint"])
    if not signature_holds(checkpoint, public_pem):
        return False, "the checkpoint's signature does not hold under this key"
    in_tree, why = _in_tree(document, checkpoint)
    if not in_tree:
        return False, why
    return True, (f"the event at position {document['position']} is in the checkpoint of "
                  f"{checkpoint.size} events dated {checkpoint.at}")  # fmt: skip


def _in_tree(document: dict[str, Any], checkpoint: Checkpoint) -> tuple[bool, str]:
    leaf = bytes.fromhex(document["leaf_hash"])
    if leaf_of(int(document["position"]), bytes.fromhex(document["content"])) != leaf:
        return False, "the leaf hash is not that of this event at this position"
    proof = [bytes.fromhex(h) for h in document["proof"]]
    if not merkle.verify_inclusion(int(document["leaf_index"]), checkpoint.size, leaf, proof,
                                   bytes.fromhex(checkpoint.root)):  # fmt: skip
        return False, "the proof does not lead to the checkpoint's root"
    return True, ""


def _check_consistency(document: dict[str, Any], public_pem: str) -> tuple[bool, str]:
    old, new = Checkpoint.from_json(document["old"]), Checkpoint.from_json(document["new"])
    for checkpoint in (old, new):
        if not signature_holds(checkpoint, public_pem):
            return False, f"the checkpoint of {checkpoint.size} events is not signed by this key"
    proof = [bytes.fromhex(h) for h in document["proof"]]
    if not merkle.verify_consistency(old.size, new.size, bytes.fromhex(old.root),
                                     bytes.fromhex(new.root), proof):  # fmt: skip
        return False, "the later checkpoint does not extend the earlier one"
    return True, f"the checkpoint of {new.size} events extends the one of {old.size}"
