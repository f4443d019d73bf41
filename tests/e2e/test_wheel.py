"""The package as a council would install it: the wheel, built from this checkout and
installed into a fresh virtual environment, serves a decision from another folder. It
installs the dependencies from the package index, as CI does."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import TEST_SECRET, free_port, wait_until_up

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
START = {"kind": "care_and_support", "basis": "duty", "person_ref": "person-9101",
         "team": "north-locality"}  # fmt: skip


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done.stdout


def test_the_installed_wheel_serves_a_decision_from_another_folder(tmp_path: Path) -> None:
    wheels, venv, elsewhere = tmp_path / "wheels", tmp_path / "venv", tmp_path / "elsewhere"
    elsewhere.mkdir()
    source = tmp_path / "source"  # a clean copy: setuptools reuses what an old build/ holds
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "var", "*.egg-info", "__pycache__", ".*_cache"))  # fmt: skip
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, source,
        cwd=tmp_path)  # fmt: skip
    [wheel] = wheels.glob("careledger-*.whl")
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
    careledger = venv / "bin" / "careledger"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CARELEDGER_")},
           "CARELEDGER_JWT_SECRET": TEST_SECRET, "CARELEDGER_LOG_LEVEL": "warning",
           "PYTHONPATH": ""}  # fmt: skip

    assert "serve" in run(careledger, "--help", cwd=elsewhere, env=env)
    token = run(careledger, "token", "--sub", "staff-1001", "--role", "practitioner",
                cwd=elsewhere, env=env).strip()  # fmt: skip
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen([str(careledger), "serve", "--port", str(port), "--development"],
                              cwd=elsewhere,
                              env=env, stdout=log, stderr=log)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server)
        started = httpx.post(f"{base}/plans", json=START, timeout=60,
                             headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        docs = httpx.get(f"{base}/docs", timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()

    assert started.status_code == 201, started.text
    assert docs.status_code == 200
    assert (elsewhere / "var" / "careledger.sqlite").exists()
    installed = run(venv / "bin" / "python", "-c", "import api, sys; print(api.__file__)",
                    cwd=elsewhere, env=env)  # fmt: skip
    assert installed.startswith(str(venv)), installed
