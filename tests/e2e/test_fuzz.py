"""Schemathesis against the served OpenAPI document, with a fixed seed: no 5xx, no
response outside the documented schemas, and refused commands store nothing."""

import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from api.demo.cases import SIGNER
from store.application import ServicePlanning
from tests import builders as b
from tests.e2e.conftest import BIN, Server, running_server, token_for

pytestmark = pytest.mark.e2e

SEED = "20261123"
ACTORS = (("staff-1001", "practitioner"), SIGNER)
PLAN_PATH = re.compile(r"/plans/([0-9a-f-]{36})(?:/|$)")


def fuzz(server: Server, actor: tuple[str, ...], har: Path) -> tuple[int, list[dict[str, Any]]]:
    run = subprocess.run(
        [str(BIN / "schemathesis"), "run", f"{server.base_url}/openapi.json",
         "-H", f"Authorization: Bearer {token_for(actor)}",
         "--checks", "all",
         # a request can fit the schema and still break a rule: the domain answers 422
         "--exclude-checks", "positive_data_acceptance",
         "--seed", SEED, "--max-examples", "5", "--workers", "1",
         "--generation-database", "none", "--no-color",
         "--report", "har", "--report-har-path", str(har)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:]
    generated = re.search(r"(\d+) generated", run.stdout)
    assert generated is not None, run.stdout[-2000:]
    entries: list[dict[str, Any]] = json.loads(har.read_text())["log"]["entries"]
    return int(generated.group(1)), entries


def answered_versions(entries: list[dict[str, Any]]) -> dict[str, set[int]]:
    """Per plan, the versions that successful decisions answered with."""
    versions: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        request, response = entry["request"], entry["response"]
        if request["method"] != "POST" or response["status"] not in (200, 201):
            continue
        body = json.loads(response["content"]["text"])
        versions[body["plan_id"]].add(body["version"])
    return versions


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_fuzzing_the_whole_api_finds_no_error_and_refusals_store_nothing(
    store: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with running_server(store, tmp_path, request) as server:
        runs = [fuzz(server, actor, tmp_path / f"{i}.har") for i, actor in enumerate(ACTORS)]

    cases = sum(generated for generated, _ in runs)
    answered = answered_versions([e for _, entries in runs for e in entries])
    with ServicePlanning(server.store_env, directory=b.directory) as reader:
        stored = reader.recorder.select_notifications(start=None, limit=1_000_000)
        started = {str(n.originator_id) for n in stored if n.topic == "careledger:Plan.Started"}
        latest = {plan_id: reader.plan(UUID(plan_id)).version for plan_id in started}

    assert cases >= 1000
    assert started == set(answered)  # no plan without a successful start
    for plan_id, versions in answered.items():
        # every stored version answered a successful request, and nothing else was stored
        assert versions == set(range(1, latest[plan_id] + 1))
