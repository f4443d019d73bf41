"""The README's walk-through, run as written against a real server."""

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import TEST_SECRET, Server

pytestmark = pytest.mark.e2e

README = Path(__file__).parents[2] / "README.md"


def walk_through() -> str:
    text = README.read_text()
    section = text[text.index("## Walk-through") :]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return block.group(1)


def test_the_readme_opens_with_the_run_and_test_commands() -> None:
    opening = README.read_text().splitlines()[:5]

    assert any("make run" in line for line in opening)
    assert any("make test" in line for line in opening)


def test_the_readme_walk_through_works_as_written(server: Server) -> None:
    script = walk_through().replace("http://127.0.0.1:8000", server.base_url)

    env = {**os.environ, "CARELEDGER_JWT_SECRET": TEST_SECRET}
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                         cwd=README.parent, env=env)  # fmt: skip

    assert run.returncode == 0, run.stdout + run.stderr
    assert '"obligations":["RET-1","COMP-1"]' in run.stdout
    assert "Sign-off officer staff-2001: signed the plan off (round 2) at £171.50" in run.stdout
    assert "agreed the final budget at £171.50 a week" in run.stdout
    assert "4 submitted\n" in run.stdout
    assert "notifications signed_off to the person\ncopies person person-7001 (NOT-2)\n" in (
        run.stdout
    )
    timeline = run.stdout.split("(NOT-2)\n")[1].splitlines()
    assert timeline[0].startswith("None Practitioner staff-1001: started a care and support")
    returned = next(line for line in timeline if "returned the plan" in line)
    assert returned.endswith("not yet told")  # the walk-through never tells them (COMP-1)
