"""Signed notes (c2sp.org/signed-note) and the checkpoints and cosignatures written in
them (c2sp.org/tlog-checkpoint, c2sp.org/tlog-cosignature), Ed25519 throughout.

A checkpoint's note text is three lines: the log's origin, the tree size in decimal, and
the RFC 6962 root in base64. Each signature line is an em dash, a space, the key's name,
a space, and base64 of the key id (4 bytes) and the signature. The log signs the text
itself (signature type 0x01); a witness signs ``cosignature/v1``, a ``time`` line and
the text, and puts the time (8 bytes, big-endian) before its signature (type 0x04). Key
ids are the first 4 bytes of SHA-256(name || 0x0A || type || public key). Any tool that
speaks these formats checks them; nothing here is ours alone."""

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = 0x01  # a note signed by the log
COSIGNATURE = 0x04  # a timestamped Ed25519 cosignature, by a witness
DASH = "\u2014"


class NoteError(ValueError):
    """Not a signed note, or not a checkpoint."""


def raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(name: str, kind: int, public: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + raw(public)).digest()[:4]


def vkey(name: str, kind: int, public: Ed25519PublicKey) -> str:
    """The verifier key a client is configured with: ``name+keyid+base64(type||key)``."""
    return f"{name}+{key_id(name, kind, public).hex()}+" + base64.b64encode(
        bytes([kind]) + raw(public)).decode()  # fmt: skip


def from_vkey(text: str) -> tuple[str, int, Ed25519PublicKey]:
    """The name, signature type and public key of a verifier key."""
    try:
        name, hint, encoded = text.strip().split("+", 2)  # base64 may hold a "+"
        material = base64.b64decode(encoded, validate=True)
        kind, public = material[0], Ed25519PublicKey.from_public_bytes(material[1:])
    except (ValueError, IndexError, binascii.Error) as error:
        raise NoteError(f"not a verifier key: {error}") from None
    if key_id(name, kind, public).hex() != hint:
        raise NoteError("the verifier key's id does not match its key")
    return name, kind, public


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes  # for a cosignature: the time (8 bytes), then the signature

    def line(self) -> str:
        return f"{DASH} {self.name} {base64.b64encode(self.key_id + self.signature).decode()}\n"

    @classmethod
    def parse(cls, line: str) -> "Signature":
        dash, _, rest = line.rstrip("\n").partition(" ")
        name, _, encoded = rest.partition(" ")
        try:
            data = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise NoteError(f"a signature line is not base64: {line!r}") from None
        if dash != DASH or not name or len(data) < 5:
            raise NoteError(f"not a signature line: {line!r}")
        return cls(name, data[:4], data[4:])


@dataclass(frozen=True)
class Note:
    text: str  # ends with a newline
    signatures: tuple[Signature, ...]

    def render(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)

    @classmethod
    def parse(cls, note: str) -> "Note":
        text, separator, lines = note.rpartition("\n\n")
        if not separator or not lines.endswith("\n"):
            raise NoteError("a signed note is text, a blank line, then signature lines")
        return cls(text + "\n", tuple(Signature.parse(s) for s in lines.splitlines()))


def sign(text: str, name: str, private: Ed25519PrivateKey) -> Signature:
    return Signature(name, key_id(name, ED25519, private.public_key()),
                     private.sign(text.encode()))  # fmt: skip


def holds(text: str, signature: Signature, public: Ed25519PublicKey) -> bool:
    """Whether ``signature`` is ``public``'s over ``text`` (its name and id must match)."""
    if signature.key_id != key_id(signature.name, ED25519, public):
        return False
    try:
        public.verify(signature.signature, text.encode())
    except InvalidSignature:
        return False
    return True


def cosigned_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode()


def cosign(text: str, name: str, private: Ed25519PrivateKey, timestamp: int) -> Signature:
    signed = private.sign(cosigned_message(text, timestamp))
    return Signature(name, key_id(name, COSIGNATURE, private.public_key()),
                     timestamp.to_bytes(8, "big") + signed)  # fmt: skip


def cosignature_time(text: str, signature: Signature, name: str,
                     public: Ed25519PublicKey) -> int | None:  # fmt: skip
    """When ``public`` (the witness ``name``) cosigned ``text``; None if it did not."""
    if signature.name != name or signature.key_id != key_id(name, COSIGNATURE, public):
        return None
    if len(signature.signature) != 8 + 64:
        return None
    timestamp = int.from_bytes(signature.signature[:8], "big")
    try:
        public.verify(signature.signature[8:], cosigned_message(text, timestamp))
    except InvalidSignature:
        return None
    return timestamp


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def checkpoint_of(text: str) -> tuple[str, int, bytes]:
    """The origin, size and root a checkpoint's note text states."""
    lines = text.split("\n")
    try:
        origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
    except (IndexError, ValueError, binascii.Error):
        raise NoteError("a checkpoint is an origin, a size and a base64 root") from None
    if not origin or size < 0 or len(root) != 32 or str(size) != lines[1]:
        raise NoteError("a checkpoint is an origin, a size and a base64 root")
    return origin, size, root
