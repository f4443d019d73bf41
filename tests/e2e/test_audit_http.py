"""The integrity record over HTTP and the command line: the server signs a checkpoint
once the record has events; an auditor fetches a proof for an event and checks it
offline with `careledger audit verify-proof` and the public key; a doctored proof fails."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.demo.cases import CASES, Case
from audit.checkpoints import key_id_of
from store.data_keys import MasterKey
from tests.e2e.conftest import BIN, Api, actor_headers, running_server
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

AUDITOR = ("staff-3001", "auditor")


def proof_of_the_first_event(api: Api, case: Case) -> dict[str, Any]:
    """Once a case has been driven and the record has caught up, the proof of the log's
    first event (in every checkpoint signed)."""
    drive(api, case)
    position = int(api.http.get("/readyz").json()["position"])
    api.http.get("/queues", params={"after": position},
                 headers=actor_headers(("staff-1001", "practitioner")))  # fmt: skip
    deadline = time.monotonic() + 60  # the checkpoint is signed just after the catch-up
    while (answer := api.http.get("/audit/proof/1", headers=actor_headers(AUDITOR))
           ).status_code != 200:  # fmt: skip
        assert time.monotonic() < deadline, answer.text
        time.sleep(0.05)
    found: dict[str, Any] = answer.json()
    return found


def test_an_auditor_checks_a_proof_offline(api: Api, tmp_path: Path) -> None:
    document = proof_of_the_first_event(api, CASES[0])
    assert document["kind"] == "inclusion"
    assert document["checkpoint"]["size"] >= 1
    key = api.http.get("/audit/public-key", headers=actor_headers(AUDITOR)).json()
    (tmp_path / "key.pem").write_text(key["public_key"])
    (tmp_path / "proof.json").write_text(json.dumps(document))

    def verify_proof(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "careledger"), "audit", "verify-proof", str(path),
                               "--public-key", str(tmp_path / "key.pem")],
                              capture_output=True, text=True, timeout=60)  # fmt: skip

    holds = verify_proof(tmp_path / "proof.json")
    assert holds.returncode == 0, holds.stdout + holds.stderr
    assert holds.stdout.startswith("holds: the event at position 1 is in the checkpoint")
    doctored = {**document, "content": "00" * 32}
    (tmp_path / "doctored.json").write_text(json.dumps(doctored))
    fails = verify_proof(tmp_path / "doctored.json")
    assert fails.returncode == 1
    assert fails.stdout.startswith("DOES NOT HOLD")


def test_checkpoints_and_proofs_are_for_auditors(api: Api) -> None:
    worker = actor_headers(("staff-1001", "practitioner"))
    assert api.http.get("/audit/checkpoints", headers=worker).status_code == 403
    listed = api.http.get("/audit/checkpoints", headers=actor_headers(AUDITOR))
    assert listed.status_code == 200
    missing = api.http.get("/audit/proof/999999999", headers=actor_headers(AUDITOR))
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:careledger:problem:not-in-record"


def test_verify_over_http_gives_the_command_lines_verdict(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """An auditor runs verify over HTTP, then someone alters a stored tree node: HTTP and
    the command line report the same finding."""
    key = str(tmp_path / "audit-key.pem")
    with running_server("sqlite", tmp_path, request, CARELEDGER_AUDIT_DEV_KEY_FILE=key) as server:
        api = Api(server.base_url)
        drive(api, CASES[0])
        position = int(api.http.get("/readyz").json()["position"])
        api.http.get("/queues", params={"after": position},
                     headers=actor_headers(("staff-1001", "practitioner")))  # fmt: skip

        def verdict() -> dict[str, object]:
            answer = api.http.get("/audit/verify", headers=actor_headers(AUDITOR))
            assert answer.status_code == 200, answer.text
            found: dict[str, object] = answer.json()
            return found

        before = verdict()
        views = sqlite3.connect(tmp_path / "careledger-views.sqlite", isolation_level=None)
        views.execute("UPDATE integrity_nodes SET hash = ? WHERE level = 1 AND idx = 0",
                      ("00" * 32,))  # fmt: skip
        views.close()
        after = verdict()
        cli = subprocess.run([str(BIN / "careledger"), "audit", "verify"], capture_output=True,
                             text=True, timeout=120, env={
                                 **os.environ, "CARELEDGER_AUDIT_DEV_KEY_FILE": key,
                                 "CARELEDGER_SQLITE_PATH": str(server.sqlite_path)})  # fmt: skip
        refused = api.http.get("/audit/verify",
                               headers=actor_headers(("staff-1001", "practitioner")))  # fmt: skip

    assert before["intact"] is True
    assert int(str(before["checked"])) >= position
    assert after["intact"] is False
    findings = after["findings"]
    assert isinstance(findings, list)
    assert "node stored at level 1, index 0" in findings[0]
    assert cli.returncode == 1
    assert [line.removeprefix("TAMPERED: ") for line in cli.stdout.splitlines()
            if line.startswith("TAMPERED: ")] == findings  # fmt: skip
    assert refused.status_code == 403


def test_a_server_with_its_own_keys_serves_without_development_mode(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    keys = tmp_path / "keys"  # apart from the store, as in production
    keys.mkdir()
    signing = Ed25519PrivateKey.generate()
    (keys / "audit.pem").write_bytes(signing.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))  # fmt: skip
    home = tmp_path / "home"
    home.mkdir()
    with running_server(
        "sqlite",
        home,
        request,
        CARELEDGER_DEVELOPMENT="false",
        CARELEDGER_AUDIT_SIGNING_KEY_FILE=str(keys / "audit.pem"),
        CARELEDGER_DATA_MASTER_KEY=MasterKey.new_text(),
    ) as server:
        key = httpx.get(f"{server.base_url}/audit/public-key", headers=actor_headers(AUDITOR))

    assert key.status_code == 200, key.text
    assert key.json()["key_id"] == key_id_of(signing.public_key())


def test_a_proof_and_its_checkpoint_check_out_with_nothing_of_the_projects(
    api: Api, tmp_path: Path
) -> None:
    """leaf -> root -> signed checkpoint, checked by tests/third_party/verify_proof.py: the
    standard library and `cryptography` only, run isolated (no project on its path)."""
    document = proof_of_the_first_event(api, CASES[1])
    key = api.http.get("/audit/public-key", headers=actor_headers(AUDITOR)).json()
    (tmp_path / "key.pem").write_text(key["public_key"])
    verifier = Path(__file__).parents[1] / "third_party" / "verify_proof.py"

    def check(document: dict[str, object]) -> subprocess.CompletedProcess[str]:
        (tmp_path / "proof.json").write_text(json.dumps(document))
        return subprocess.run([sys.executable, "-I", str(verifier), str(tmp_path / "proof.json"),
                               str(tmp_path / "key.pem")], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)  # fmt: skip

    holds = check(document)
    note = str(document["checkpoint"]["note"])
    other_root = note.split("\n")[2][::-1]
    rewritten = {
        **document,
        "checkpoint": {
            **document["checkpoint"],
            "note": note.replace(note.split("\n")[2], other_root),
        },
    }
    moved = {**document, "position": document["position"] + 1}

    assert (holds.returncode, holds.stdout.strip()) == (0, "holds"), holds.stderr
    assert note.startswith(f"{key['origin']}\n")
    assert check(rewritten).stdout.strip() == (
        "does not hold: the log's signature on the checkpoint does not hold"
    )
    assert check(moved).stdout.strip() == (
        "does not hold: the leaf data does not name the event's position"
    )
