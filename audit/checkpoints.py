"""Signed checkpoints of the integrity record: the tree's size and root at a moment,
signed with the authority's Ed25519 key as a C2SP ``tlog-checkpoint`` signed note (see
``audit.notes``), so that transparency-log tooling and witnesses check them. An auditor
keeps one outside the system; later proofs are checked against it with nothing but the
public key. Witnesses' cosignatures are kept beside them and served with them.

Checkpoints signed before the signed-note format (no origin) signed five lines of their
own (origin, size, hex root, the hash chain's head, the time) and are still checked as
they were signed."""

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit import merkle, notes
from audit.integrity import head_of, stored_subtree
from audit.key_files import made_once
from projections.rows import Row, Table
from projections.sql import as_row, quoted, values_of
from projections.view import View, create_tables

CHECKPOINTS = Table(
    "checkpoints",
    ("size", "root", "chain", "at", "key_id", "signature", "origin"),
    ("size", "key_id"),  # after a key rotation the new key signs the same size again
    frozenset({"size"}),
)
# Witnesses' cosignatures of a checkpoint (``key_id`` the log key's), as note lines.
COSIGNATURES = Table(
    "cosignatures",
    ("size", "key_id", "witness", "line"),
    ("size", "key_id", "witness"),
    frozenset({"size"}),
)
ORIGIN = "careledger integrity checkpoint"  # the first line of the old format's body
DEFAULT_ORIGIN = "careledger.local/demo-council"  # a log's name: CARELEDGER_AUDIT_ORIGIN


@dataclass(frozen=True)
class Checkpoint:
    size: int  # events in the tree
    root: str  # its root, hex
    chain: str  # the hash chain's head, hex
    at: str  # when it was signed, ISO 8601 UTC
    key_id: str  # which key signed it (the first 16 hex digits of its SHA-256)
    # the note signature's payload, base64 of the note key id and the Ed25519 signature
    # over ``body()`` (before the signed-note format: the signature alone)
    signature: str
    origin: str | None = None  # the log's name, the note's first line (None: the old format)

    def text(self) -> str:
        """The checkpoint's note text: origin, size and base64 root."""
        if self.origin is None:
            raise ValueError("a checkpoint of the old format is not a signed note")
        return notes.checkpoint_text(self.origin, self.size, bytes.fromhex(self.root))

    def body(self) -> bytes:
        """What is signed: the note text (the old format: its five lines)."""
        if self.origin is not None:
            return self.text().encode()
        return f"{ORIGIN}\n{self.size}\n{self.root}\n{self.chain}\n{self.at}\n".encode()

    def note(self, cosignatures: Sequence[notes.Signature] = ()) -> str:
        """The signed note: the text, the log's signature, then any witnesses'."""
        data = base64.b64decode(self.signature)
        signed = notes.Signature(str(self.origin), data[:4], data[4:])
        return notes.Note(self.text(), (signed, *cosignatures)).render()

    def as_json(self, cosignatures: Sequence[notes.Signature] = ()) -> dict[str, Any]:
        """The row, with its signed note; ``note`` is null for a row that cannot be one
        (an old-format checkpoint, or a row altered past reading: shown, not hidden)."""
        shown = asdict(self)
        if self.origin is not None:
            try:
                shown["note"] = self.note(cosignatures)
            except ValueError:
                shown["note"] = None
        return shown

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Checkpoint":
        origin = data.get("origin")
        return cls(int(data["size"]), str(data["root"]), str(data["chain"]), str(data["at"]),
                   str(data["key_id"]), str(data["signature"]),
                   None if origin is None else str(origin))  # fmt: skip


def key_id_of(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def key_id_of_pem(public_pem: str) -> str:
    public = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(public, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key_id_of(public)


class Signer:
    """Signs checkpoints with an Ed25519 private key (PEM, PKCS#8), as the log named
    ``origin``."""

    def __init__(self, private: Ed25519PrivateKey, origin: str = DEFAULT_ORIGIN) -> None:
        self.private = private
        self.public = private.public_key()
        self.key_id = key_id_of(self.public)
        self.origin = origin

    @classmethod
    def from_file(cls, path: Path, origin: str = DEFAULT_ORIGIN) -> "Signer":
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return cls(key, origin)

    @classmethod
    def development(cls, path: Path, origin: str = DEFAULT_ORIGIN) -> "Signer":
        """A key made on first use and kept in ``path`` (for development only)."""
        made_once(path, lambda: Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ))  # fmt: skip
        return cls.from_file(path, origin)

    def vkey(self) -> str:
        """The note verifier key witnesses and transparency-log tools are given."""
        return notes.vkey(self.origin, notes.ED25519, self.public)

    def public_pem(self) -> str:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def sign(self, size: int, root: str, chain: str, at: datetime) -> Checkpoint:
        unsigned = Checkpoint(size, root, chain, at.astimezone(UTC).isoformat(), self.key_id, "",
                              self.origin)  # fmt: skip
        signed = notes.sign(unsigned.text(), self.origin, self.private)
        return replace(
            unsigned, signature=base64.b64encode(signed.key_id + signed.signature).decode()
        )


def signature_holds(checkpoint: Checkpoint, public_pem: str) -> bool:
    """Whether ``checkpoint`` was signed by the key whose public half is ``public_pem``."""
    public = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(public, Ed25519PublicKey) or key_id_of(public) != checkpoint.key_id:
        return False
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        if checkpoint.origin is not None:
            signed = notes.Signature(checkpoint.origin, signature[:4], signature[4:])
            return notes.holds(checkpoint.text(), signed, public)
        public.verify(signature, checkpoint.body())
    except (InvalidSignature, ValueError):
        return False
    return True


class CheckpointLog:
    """The checkpoints taken, in a table of their own beside the integrity record (not
    one of its tables: rebuilding the record keeps them)."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.table = view.dialect.qualified("integrity", CHECKPOINTS)
        self.cosigned = view.dialect.qualified("integrity", COSIGNATURES)
        create_tables(view, "integrity", CHECKPOINTS, COSIGNATURES)
        if view.creates_tables:
            self._add_origin()

    def _add_origin(self) -> None:
        """The column the signed-note format added, to a table made before it (several
        workers starting at once may each try: PostgreSQL's IF NOT EXISTS settles it;
        SQLite takes one writer at a time)."""
        with self.view.recorder.datastore.transaction(commit=True) as cursor:
            if self.view.dialect.schema is not None:
                cursor.execute(f'ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS "origin" TEXT')
                return
            cursor.execute(f"SELECT * FROM {self.table} LIMIT 0")
            described = cursor.sqlite_cursor.description
            if "origin" not in [d[0] for d in described]:
                cursor.execute(f'ALTER TABLE {self.table} ADD COLUMN "origin" TEXT')

    def cosignatures(self, checkpoint: Checkpoint) -> list[notes.Signature]:
        """The witnesses' cosignatures of ``checkpoint`` that read as signature lines, in
        the order of their names."""
        found = []
        for line in self.cosignature_lines(checkpoint):
            try:
                found.append(notes.Signature.parse(line))
            except notes.NoteError:
                continue  # altered past reading: `audit verify` reports it
        return found

    def cosignature_lines(self, checkpoint: Checkpoint) -> list[str]:
        """The cosignature lines kept for ``checkpoint``, as stored."""
        p = self.view.dialect.placeholder
        with self.view.reading() as rows:
            rows.cursor.execute(f'SELECT "line" FROM {self.cosigned} WHERE "size" = {p} AND '
                                f'"key_id" = {p} ORDER BY "witness"',
                                (checkpoint.size, checkpoint.key_id))  # fmt: skip
            return [str(values_of(r)[0]) for r in rows.cursor.fetchall()]

    def add_cosignature(self, checkpoint: Checkpoint, cosignature: notes.Signature) -> None:
        """Keeps a witness's cosignature (checked by the caller), replacing any earlier one
        of the same witness on the same checkpoint."""
        p = self.view.dialect.placeholder
        with self.view.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(f'DELETE FROM {self.cosigned} WHERE "size" = {p} AND "key_id" = {p} '
                           f'AND "witness" = {p}',
                           (checkpoint.size, checkpoint.key_id, cosignature.name))  # fmt: skip
            cursor.execute(f'INSERT INTO {self.cosigned} ("size", "key_id", "witness", "line") '
                           f"VALUES ({p}, {p}, {p}, {p})",
                           (checkpoint.size, checkpoint.key_id, cosignature.name,
                            cosignature.line()))  # fmt: skip

    def _select(self, where: str = "", params: tuple[Any, ...] = (), order: str = "DESC",
                limit: int = 1) -> list[Checkpoint]:  # fmt: skip
        columns = quoted(CHECKPOINTS.columns)
        with self.view.reading() as rows:
            rows.cursor.execute(f'SELECT {columns} FROM {self.table} {where} '
                                f'ORDER BY "size" {order} LIMIT {int(limit)}', params)  # fmt: skip
            found: list[Row] = [as_row(CHECKPOINTS, r) for r in rows.cursor.fetchall()]
        return [Checkpoint.from_json(dict(r)) for r in found]

    def latest(self, key_id: str | None = None) -> Checkpoint | None:
        """The largest checkpoint (signed with ``key_id``, if given)."""
        p = self.view.dialect.placeholder
        found = self._select(f'WHERE "key_id" = {p}', (key_id,)) if key_id else self._select()
        return found[0] if found else None

    def at_size(self, size: int, key_id: str | None = None) -> Checkpoint | None:
        """The checkpoint of ``size`` events: the one signed with ``key_id`` if there is
        one, else the one signed last."""
        p = self.view.dialect.placeholder
        found = self._select(f'WHERE "size" = {p}', (size,), limit=100)
        ranked = sorted(found, key=lambda c: (c.key_id == key_id, c.at), reverse=True)
        return ranked[0] if ranked else None

    def recent(self, limit: int = 20) -> list[Checkpoint]:
        return self._select(limit=limit)

    def broken(self, public_pem: str, limit: int = 1000) -> list[Checkpoint]:
        """Checkpoints signed with this key whose root the record no longer gives: the
        record was rebuilt from an altered store, or altered itself, after they were
        signed (newest first; the latest ``limit`` looked at)."""
        return self.broken_among(
            [c for c in self._select(limit=limit) if signature_holds(c, public_pem)]
        )

    def broken_among(self, signed: list[Checkpoint]) -> list[Checkpoint]:
        """Of checkpoints whose signatures have been checked, those whose root the record
        no longer gives."""
        with self.view.reading() as rows:
            size = int(head_of(rows)["size"] or 0)
            subtree = stored_subtree(rows)
            # one beyond the record (being rebuilt, or restored from a backup) is checked
            # once the record reaches it
            return [c for c in signed
                    if c.size <= size and merkle.root(subtree, c.size).hex() != c.root]  # fmt: skip

    def due(self, every_events: int, every_seconds: float, now: datetime,
            key_id: str | None = None) -> bool:  # fmt: skip
        """Whether the record has grown by ``every_events`` since the latest checkpoint
        (signed with ``key_id``, if given: a new key signs at once), or has grown at all
        and that checkpoint is ``every_seconds`` old."""
        with self.view.reading() as rows:
            size = int(head_of(rows)["size"] or 0)
        latest = self.latest(key_id)
        if latest is None:
            return size > 0
        age = (now - datetime.fromisoformat(latest.at)).total_seconds()
        return size - latest.size >= every_events or (size > latest.size and age >= every_seconds)

    def take(self, signer: Signer, now: datetime) -> Checkpoint | None:
        """Signs the record as it stands, unless the latest checkpoint signed with this
        key already covers it; ``None`` while the record is empty."""
        with self.view.reading() as rows:
            head = head_of(rows)
            size = int(head["size"] or 0)
            if size == 0:
                return None
            root = merkle.root(stored_subtree(rows), size).hex()
        latest = self.latest(signer.key_id)
        if latest is not None and latest.size >= size:
            return latest
        checkpoint = signer.sign(size, root, str(head["chain"]), now)
        p = self.view.dialect.placeholder
        columns = quoted(CHECKPOINTS.columns)
        values = ", ".join([p] * len(CHECKPOINTS.columns))
        with self.view.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"INSERT INTO {self.table} ({columns}) VALUES ({values}) "
                           'ON CONFLICT ("size", "key_id") DO NOTHING',
                           tuple(checkpoint.as_json()[c] for c in CHECKPOINTS.columns))  # fmt: skip
        return self.at_size(size, signer.key_id)
