"""The ``careledger`` command: ``demo`` loads the worked examples into an SQLite file."""

import os
import subprocess
from pathlib import Path
from uuid import UUID

import pytest

from api.demo_cases import CASES
from domain.application import CarePlanning
from domain.kinds import PlanStatus
from tests.e2e.conftest import BIN

pytestmark = pytest.mark.e2e


def test_demo_loads_the_three_worked_examples(tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite"
    env = {**os.environ, "CARELEDGER_SQLITE_PATH": str(store), "CARELEDGER_LOG_LEVEL": "warning"}

    run = subprocess.run([str(BIN / "careledger"), "demo"], env=env, capture_output=True,
                         text=True, timeout=60, check=True)  # fmt: skip

    lines = run.stdout.strip().splitlines()
    assert len(lines) == len(CASES)
    planning = CarePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                 "SQLITE_DBNAME": str(store)})  # fmt: skip
    for line, case in zip(lines, CASES, strict=True):
        plan_id = UUID(line.split()[0])
        agreed = planning.budget(plan_id).agreed
        assert planning.plan(plan_id).status is PlanStatus.SIGNED_OFF
        assert agreed is not None
        assert str(agreed.cost) == case.final_weekly
        assert case.name in line
    planning.close()
