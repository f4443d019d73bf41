"""An auditor's own check of an inclusion proof and its signed checkpoint, written from
the documented formats alone (docs/audit.md, c2sp.org/tlog-checkpoint, RFC 9162) with
nothing but the standard library and ``cryptography``: it imports nothing of
Careledger's, and is run in an isolated interpreter to show it.

    python -I verify_proof.py proof.json public-key.pem

Prints ``holds`` and exits 0, or says what does not hold and exits 1.
"""

import base64
import hashlib
import json
import sys
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    """RFC 9162, 2.1.3.2: the root an inclusion proof leads to."""
    if not 0 <= index < size:
        raise ValueError("the leaf is not in a tree of that size")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ValueError("the proof is too long")
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ValueError("the proof is too short")
    return r


def check(proof: dict[str, Any], public: Ed25519PublicKey) -> str | None:
    """What does not hold, or None."""
    # the checkpoint: a signed note whose text is origin, size and base64 root
    note = proof["checkpoint"]["note"]
    text, _, signatures = note.rpartition("\n\n")
    text += "\n"
    origin, size, root = text.split("\n")[:3]
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key_id = hashlib.sha256(origin.encode() + b"\n\x01" + raw).digest()[:4]
    signed = False
    for line in signatures.splitlines():
        dash, name, encoded = line.split(" ")
        data = base64.b64decode(encoded)
        if dash == "\u2014" and name == origin and data[:4] == key_id:
            try:
                public.verify(data[4:], text.encode())
                signed = True
            except InvalidSignature:
                return "the log's signature on the checkpoint does not hold"
    if not signed:
        return "the checkpoint carries no signature by this key"
    # the leaf: SHA-256(0x00 || leaf data), the data naming the event's place in the log
    data = bytes.fromhex(proof["leaf_data"])
    if hashlib.sha256(b"\x00" + data).digest() != bytes.fromhex(proof["leaf_hash"]):
        return "the leaf hash is not SHA-256(0x00 || leaf data)"
    tag = b"careledger-event\x00"
    if not data.startswith(tag) or int.from_bytes(data[17:25], "big") != proof["position"]:
        return "the leaf data does not name the event's position"
    if data[25:] != bytes.fromhex(proof["content"]):
        return "the leaf data does not hold the event's content digest"
    # the path: from the leaf to the checkpoint's root
    path = [bytes.fromhex(h) for h in proof["proof"]]
    try:
        reached = root_from(proof["leaf_index"], int(size), bytes.fromhex(proof["leaf_hash"]), path)
    except ValueError as error:
        return str(error)
    if reached != base64.b64decode(root):
        return "the proof does not lead to the checkpoint's root"
    return None


def main() -> int:
    with open(sys.argv[1]) as proof_file, open(sys.argv[2], "rb") as key_file:
        proof = json.load(proof_file)
        public = serialization.load_pem_public_key(key_file.read())
    assert isinstance(public, Ed25519PublicKey)
    problem = check(proof, public)
    print("holds" if problem is None else f"does not hold: {problem}")
    return 0 if problem is None else 1


if __name__ == "__main__":
    sys.exit(main())
