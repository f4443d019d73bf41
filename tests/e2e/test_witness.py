"""A witness end to end, against a real server: `careledger witness init` makes its key,
the service is configured with it and requires one cosignature; `careledger witness
cosign` cosigns checkpoints as the log grows, and verify then holds; a log that no longer
extends what the witness cosigned is refused, and a cosignature the witness did not make
is not kept."""

import base64
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.demo.cases import CASES
from audit import notes
from tests.e2e.conftest import BIN, Api, actor_headers, running_server, token_for
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

AUDITOR = ("staff-3001", "auditor")
WITNESS_TOKEN = ("witness-0001", "admin")


def careledger(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "careledger"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CARELEDGER_LOG_LEVEL": "warning"},
    )


def test_a_witness_cosigns_a_growing_log_and_refuses_a_rewritten_one(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    home = tmp_path / "witness"
    made = careledger("witness", "init", "--home", str(home), "--name", "audit.example/w1")
    assert made.returncode == 0, made.stderr
    vkey = made.stdout.strip()
    with running_server("sqlite", tmp_path, request, CARELEDGER_AUDIT_WITNESSES=vkey,
                        CARELEDGER_AUDIT_WITNESS_THRESHOLD="1",
                        CARELEDGER_CHECKPOINT_EVERY_EVENTS="1") as server:  # fmt: skip
        api = Api(server.base_url)
        log_vkey = api.get("/audit/public-key", AUDITOR).json()["vkey"]

        def signed_after(case_index: int) -> int:
            """Drives a case and waits for the checkpoint that covers it."""
            drive(api, CASES[case_index])
            top = int(api.http.get("/readyz").json()["position"])
            deadline = time.monotonic() + 60
            while True:
                latest = api.get("/audit/checkpoints", AUDITOR).json()["checkpoints"]
                if latest and latest[0]["size"] >= top:
                    return int(latest[0]["size"])
                assert time.monotonic() < deadline, "no checkpoint was signed"
                time.sleep(0.1)

        def cosign() -> subprocess.CompletedProcess[str]:
            return careledger("witness", "cosign", "--home", str(home), "--log",
                              server.base_url, "--log-vkey", log_vkey,
                              "--token", token_for(WITNESS_TOKEN))  # fmt: skip

        def verdict() -> dict[str, object]:
            found: dict[str, object] = api.get("/audit/verify", AUDITOR).json()
            return found

        first = signed_after(0)
        unwitnessed = verdict()
        once = cosign()
        second = signed_after(1)
        twice = cosign()
        latest = api.get("/audit/checkpoints", AUDITOR).json()["checkpoints"][0]
        witnessed = verdict()
        # a cosignature made with a key that is not the witness's, in its name (DESIGN-witness)
        forged = notes.cosign(notes.Note.parse(latest["note"]).text, "audit.example/w1",
                              Ed25519PrivateKey.generate(), int(time.time()))  # fmt: skip
        refused_forgery = api.http.post(
            f"/audit/checkpoints/{latest['size']}/cosignatures",
            json={"cosignature": forged.line().strip()},
            headers=actor_headers(WITNESS_TOKEN))  # fmt: skip
        # the witness's own memory says it saw another tree of that size: to it, the log
        # it is now shown is a rewritten one
        state = json.loads((home / "state.json").read_text())
        (home / "state.json").write_text(json.dumps(
            {**state, "root": base64.b64encode(bytes(32)).decode()}))  # fmt: skip
        rewritten = cosign()

    assert "checkpoint-unwitnessed" in str(unwitnessed["findings"])
    assert (once.returncode, once.stdout.strip()) == (
        0, f"cosigned the checkpoint of {first} events"), once.stderr  # fmt: skip
    assert (twice.returncode, twice.stdout.strip()) == (
        0, f"cosigned the checkpoint of {second} events"), twice.stderr  # fmt: skip
    assert [line.split(" ")[1] for line in latest["note"].splitlines() if line.startswith(
        "\u2014")] == [log_vkey.split("+")[0], "audit.example/w1"]  # fmt: skip
    assert witnessed["intact"] is True, witnessed["findings"]
    assert witnessed["witnessed"]["size"] == second  # type: ignore[index]
    assert refused_forgery.status_code == 422
    assert refused_forgery.json()["type"] == "urn:careledger:problem:cosignature-not-valid"
    assert rewritten.returncode == 1
    assert rewritten.stdout.startswith("refused: ")
    assert "the log was rewritten" in rewritten.stdout
