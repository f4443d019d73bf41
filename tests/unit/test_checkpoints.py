"""Signed checkpoints: a signature holds under its own public key and no other, and not
once any signed value is changed."""

import base64
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit import notes
from audit.checkpoints import Checkpoint, Signer, signature_holds

ROOT = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"


@pytest.fixture
def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


def test_a_checkpoint_holds_under_its_public_key(signer: Signer) -> None:
    checkpoint = signer.sign(8, ROOT, "ab" * 32, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    assert checkpoint.at == "2026-11-23T09:00:00+00:00"
    assert signature_holds(checkpoint, signer.public_pem())
    assert Checkpoint.from_json(checkpoint.as_json()) == checkpoint


@pytest.mark.parametrize(
    "change", [{"size": 9}, {"root": "00" * 32}, {"origin": "careledger.local/another"}],
    ids=["size", "root", "origin"],
)  # fmt: skip
def test_a_changed_checkpoint_no_longer_holds(signer: Signer, change: dict[str, object]) -> None:
    checkpoint = signer.sign(8, ROOT, "ab" * 32, datetime.now(UTC))
    assert not signature_holds(replace(checkpoint, **change), signer.public_pem())  # type: ignore[arg-type]


def test_a_checkpoint_is_a_c2sp_signed_note_of_its_origin_size_and_root(signer: Signer) -> None:
    checkpoint = signer.sign(8, ROOT, "ab" * 32, datetime.now(UTC))

    note = notes.Note.parse(checkpoint.note())

    assert note.text == f"{signer.origin}\n8\n{base64.b64encode(bytes.fromhex(ROOT)).decode()}\n"
    name, _, public = notes.from_vkey(signer.vkey())
    assert [s.name for s in note.signatures] == [name] == [signer.origin]
    assert notes.holds(note.text, note.signatures[0], public)


@pytest.mark.parametrize(
    "change", [{}, {"size": 9}, {"chain": "cd" * 32}, {"at": "2026-11-24T09:00:00+00:00"}],
    ids=["as signed", "size", "chain", "time"],
)  # fmt: skip
def test_a_checkpoint_of_the_old_format_is_checked_as_it_was_signed(
    signer: Signer, change: dict[str, object]
) -> None:
    # before signed notes: five lines (a fixed first line, size, hex root, chain, time)
    old = Checkpoint(8, ROOT, "ab" * 32, "2026-11-23T09:00:00+00:00", signer.key_id, "")
    body = f"careledger integrity checkpoint\n8\n{ROOT}\n{'ab' * 32}\n{old.at}\n".encode()
    signed = replace(old, signature=base64.b64encode(signer.private.sign(body)).decode())

    holds = signature_holds(replace(signed, **change), signer.public_pem())  # type: ignore[arg-type]

    assert holds is (change == {})


def test_another_key_or_a_garbled_signature_does_not_hold(signer: Signer) -> None:
    checkpoint = signer.sign(8, ROOT, "ab" * 32, datetime.now(UTC))
    other = Signer(Ed25519PrivateKey.generate())
    assert not signature_holds(checkpoint, other.public_pem())
    assert not signature_holds(replace(checkpoint, key_id=other.key_id), other.public_pem())
    assert not signature_holds(replace(checkpoint, signature="AAAA"), signer.public_pem())


def test_a_development_key_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "var" / "dev-audit-key.pem"
    first, again = Signer.development(path), Signer.development(path)
    assert first.key_id == again.key_id
    assert path.stat().st_mode & 0o777 == 0o600
