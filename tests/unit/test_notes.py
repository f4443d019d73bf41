"""Signed notes, checkpoints and cosignatures in the C2SP formats, checked against the
published vectors of the Go implementation (golang.org/x/mod/sumdb/note), so that other
transparency-log tooling reads what the service signs."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit import notes

# golang.org/x/mod/sumdb/note: its documented example key pair and signed note
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"  # type 0x01, then the seed
PETER_TEXT = ("If you think cryptography is the answer to your problem,\n"
              "then you don't know what your problem is.\n")  # fmt: skip
PETER_NOTE = PETER_TEXT + (
    "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvq"
    "fqdngotpRZb6KE6RyyBwJnAM=\n")  # fmt: skip


def peter() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(PETER_SKEY_SEED)[1:])


def test_a_note_signed_as_the_go_implementation_signs_it() -> None:
    name, kind, public = notes.from_vkey(PETER_VKEY)

    signed = notes.Note(PETER_TEXT, (notes.sign(PETER_TEXT, name, peter()),))

    assert (name, kind) == ("PeterNeumann", notes.ED25519)
    assert notes.vkey(name, kind, public) == PETER_VKEY
    assert signed.render() == PETER_NOTE
    parsed = notes.Note.parse(PETER_NOTE)
    assert parsed.text == PETER_TEXT
    assert notes.holds(parsed.text, parsed.signatures[0], public)
    assert not notes.holds(PETER_TEXT.replace("answer", "question"), parsed.signatures[0], public)


def test_a_cosignature_holds_for_its_time_and_text_only() -> None:
    witness = Ed25519PrivateKey.generate()
    text = notes.checkpoint_text("careledger.local/demo-council", 42, bytes(range(32)))

    line = notes.cosign(text, "audit.example/w1", witness, 1_700_000_000)
    public = witness.public_key()

    assert notes.cosignature_time(text, line, "audit.example/w1", public) == 1_700_000_000
    assert notes.cosignature_time(text.replace("42", "43"), line, "audit.example/w1",
                                  public) is None  # fmt: skip
    assert notes.cosignature_time(text, line, "audit.example/w2", public) is None
    assert line.key_id == notes.key_id("audit.example/w1", notes.COSIGNATURE, public)


@pytest.mark.parametrize(
    "text",
    ["origin\n42\n", "origin\n042\n" + base64.b64encode(bytes(32)).decode() + "\n",
     "origin\n42\n" + base64.b64encode(bytes(31)).decode() + "\n", "\n42\nAAAA\n"],
    ids=["no root", "a leading zero", "a short root", "no origin"],
)  # fmt: skip
def test_a_checkpoint_not_in_the_format_is_refused(text: str) -> None:
    with pytest.raises(notes.NoteError):
        notes.checkpoint_of(text)


def test_a_verifier_key_whose_base64_holds_a_plus_is_read_whole() -> None:
    # transparency-dev/formats' test key of type 0x01, whose base64 contains a '+'
    plus = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"

    name, kind, public = notes.from_vkey(plus)

    assert (name, kind) == ("TEST", notes.ED25519)
    assert notes.vkey(name, kind, public) == plus
