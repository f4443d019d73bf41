"""A witness of the integrity log, as c2sp.org/tlog-witness describes one: it keeps the
last checkpoint it cosigned, and cosigns a newer one only when the log's signature holds
and a consistency proof shows the newer tree extends the one it saw. So the operator,
even holding the log's key, cannot show the witness one history and later another: a
rewritten log is refused, and its checkpoints carry no cosignature.

A council's internal audit, or another authority, runs one with ``careledger witness``;
its key and state live in a folder of its own, apart from the service."""

import base64
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit import merkle, notes
from audit.key_files import made_once

# The consistency proof from the witness's size to the checkpoint's: the log's to give.
ProofFrom = Callable[[int, int], Sequence[bytes]]


class Refused(Exception):
    """The witness will not cosign this checkpoint."""


@dataclass(frozen=True)
class Seen:
    """The last checkpoint a witness cosigned."""

    origin: str
    size: int
    root: str  # base64


class Witness:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.key_file = home / "witness-key.pem"
        self.state_file = home / "state.json"
        self.name = (home / "name").read_text().strip()
        key = serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{self.key_file} does not hold an Ed25519 key")
        self.private = key

    @classmethod
    def init(cls, home: Path, name: str) -> "Witness":
        """A witness named ``name`` in ``home``, its key made once."""
        if not name or any(c.isspace() or c == "+" for c in name):
            raise ValueError("a witness's name has no spaces or '+' (say audit.example/w1)")
        home.mkdir(parents=True, exist_ok=True)
        made_once(home / "witness-key.pem", lambda: Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))  # fmt: skip
        (home / "name").write_text(name + "\n")
        return cls(home)

    def vkey(self) -> str:
        """What the service is configured with to accept this witness's cosignatures."""
        return notes.vkey(self.name, notes.COSIGNATURE, self.private.public_key())

    def seen(self) -> Seen | None:
        if not self.state_file.exists():
            return None
        return Seen(**json.loads(self.state_file.read_text()))

    def cosign(self, note: str, log_vkey: str, proof_from: ProofFrom,
               timestamp: int) -> notes.Signature:  # fmt: skip
        """Cosigns the checkpoint in ``note`` if it is the log's and extends the last one
        cosigned; remembers it. Raises ``Refused`` saying why not."""
        origin, log_key = _log_key(log_vkey)
        parsed = notes.Note.parse(note)
        if not any(s.name == origin and notes.holds(parsed.text, s, log_key)
                   for s in parsed.signatures):  # fmt: skip
            raise Refused("the checkpoint is not signed by the log's key")
        stated_origin, size, root = notes.checkpoint_of(parsed.text)
        if stated_origin != origin:
            raise Refused(f"the checkpoint is of {stated_origin!r}, not {origin!r}")
        seen = self.seen()
        if seen is not None:
            self._extends(seen, origin, size, root, proof_from)
        signature = notes.cosign(parsed.text, self.name, self.private, timestamp)
        self._remember(Seen(origin, size, base64.b64encode(root).decode()))
        return signature

    @staticmethod
    def _extends(seen: Seen, origin: str, size: int, root: bytes, proof_from: ProofFrom) -> None:
        if seen.origin != origin:
            raise Refused(f"this witness follows {seen.origin!r}")
        old_root = base64.b64decode(seen.root)
        if size < seen.size:
            raise Refused(f"the log has shrunk: {size} events, after {seen.size} were seen")
        if size == seen.size:
            if root != old_root:
                raise Refused(f"a different tree of {size} events than the one cosigned: the "
                              "log was rewritten")  # fmt: skip
            return
        proof = list(proof_from(seen.size, size))
        if not merkle.verify_consistency(seen.size, size, old_root, root, proof):
            raise Refused(f"the tree of {size} events does not extend the one of {seen.size} "
                          "cosigned before: the log was rewritten")  # fmt: skip

    def _remember(self, seen: Seen) -> None:
        written = self.state_file.with_suffix(".tmp")
        written.write_text(json.dumps(asdict(seen)))
        os.replace(written, self.state_file)  # all or nothing


def _log_key(vkey: str) -> tuple[str, Ed25519PublicKey]:
    name, kind, public = notes.from_vkey(vkey)
    if kind != notes.ED25519:
        raise ValueError("the log's key is an Ed25519 note key (type 0x01)")
    return name, public
