"""Two authorities served by one deployment on one PostgreSQL server (decision 0011): each
with its own schemas, keys and checkpoints. A token of one authority, in every role, sent
to every endpoint of the role matrix with the other authority's plan ids and people's
refs, finds nothing of theirs (404, or a list without them); a token of an authority not
served is refused; a rebuild of one authority's read models leaves the other's as they
were."""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import psycopg
import pytest

from api.directory_file import DEFAULT_DIRECTORY_FILE
from tests.e2e.conftest import BIN, Api, Server, running_server, store_settings, token_for
from tests.e2e.test_auth import ROLE_MATRIX, ROLES
from tests.e2e.test_erasure_http import case_of
from tests.e2e.test_pages import csrf_in
from tests.e2e.test_worked_examples import drive
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.e2e

AUTHORITIES = ("north-council", "south-council")


class AuthorityApi(Api):
    """A client whose tokens name one authority."""

    def __init__(self, base_url: str, authority: str) -> None:
        super().__init__(base_url)
        self.authority = authority

    def headers(self, actor: tuple[str, ...]) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(actor, authority=self.authority)}"}

    def post(self, path: str, actor: tuple[str, ...], body: dict[str, Any] | None = None,
             version: int | str | None = None) -> httpx.Response:  # fmt: skip
        headers = self.headers(actor)
        if version is not None:
            headers["If-Match"] = f'"{version}"' if isinstance(version, int) else version
        return self.http.post(path, json=body or {}, headers=headers)

    def get(self, path: str, actor: tuple[str, ...] = ("staff-3001", "auditor")) -> httpx.Response:
        return self.http.get(path, headers=self.headers(actor))


@dataclass(frozen=True)
class Held:
    """What one authority holds: a plan and its person, named in the requests sent to the
    other authority; and a second plan and person, never named: found in any answer, the
    other authority's data would have leaked."""

    plan_id: str
    person: str
    unnamed: tuple[str, str]


@pytest.fixture(scope="module")
def two(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[tuple[Server, Path]]:  # fmt: skip
    home = tmp_path_factory.mktemp("tenants")
    settings, _ = store_settings("postgres", home, request)
    base = settings["CARELEDGER_POSTGRES_SCHEMA"]
    tenants = home / "tenants.toml"
    tenants.write_text("".join(
        f'[authorities.{name}]\npostgres_schema = "{base}_{name.split("-")[0]}"\n'
        f'audit_dev_key_file = "{home / name}-audit.pem"\n'
        f'directory_file = "{copied(DEFAULT_DIRECTORY_FILE, home / name)}"\n'
        f'shred_log_file = "{home / name}-shred-log.jsonl"\n\n'
        for name in AUTHORITIES))  # fmt: skip
    with running_server("postgres", home, request, CARELEDGER_TENANTS_FILE=str(tenants),
                        CARELEDGER_AUTHORITY=AUTHORITIES[0]) as server:  # fmt: skip
        yield server, tenants


def copied(file: Path, beside: Path) -> Path:
    """A copy of ``file``, an authority's own (the staff of each are different people)."""
    copy = beside.with_name(f"{beside.name}-{file.name}")
    shutil.copy(file, copy)
    return copy


def held_by(api: AuthorityApi) -> Held:
    person, unnamed = (f"person-{api.authority[:5]}{uuid4().hex[:8]}" for _ in range(2))
    plan_id, _ = drive(api, case_of(person))
    second, _ = drive(api, case_of(unnamed))
    return Held(plan_id, person, (second, unnamed))


def test_no_endpoint_shows_one_authority_anything_of_the_others(
    two: tuple[Server, Path],
) -> None:
    server, _ = two
    north, south = (AuthorityApi(server.base_url, a) for a in AUTHORITIES)
    theirs = {north.authority: held_by(north), south.authority: held_by(south)}
    leaks: list[str] = []
    asked = 0
    for api, other in ((north, theirs[south.authority]), (south, theirs[north.authority])):
        own = theirs[api.authority]
        assert api.get(f"/plans/{own.plan_id}", ("staff-3001", "auditor")).status_code == 200
        listed = api.get("/audit/decisions?limit=500", ("staff-3001", "auditor")).text
        assert own.unnamed[0] in listed  # the lists are not empty: they hold one's own
        for line in ROLE_MATRIX.strip().splitlines():
            method, path, *letters = line.split()
            path = path.replace("{id}", other.plan_id).replace("person-8101", other.person)
            path = path.replace("person-8102", other.person)
            for role in (ROLES[x] for x in letters):
                headers = {**api.headers(("staff-9001", role.value, "team_manager")),
                           "If-Match": '"1"', "X-Purpose": "audit of another council"}  # fmt: skip
                answer = api.http.request(method, path, json={}, headers=headers)
                asked += 1
                if any(marker in answer.text for marker in other.unnamed):
                    leaks.append(f"{method} {path} as {role.value}: {answer.status_code}")
                if other.plan_id in path and answer.status_code not in (404, 422):
                    leaks.append(f"{method} {path} as {role.value}: {answer.status_code}")
                if answer.status_code >= 500:
                    leaks.append(f"{method} {path} as {role.value}: {answer.status_code}")
    assert asked > 150
    assert leaks == []


def test_a_token_of_an_authority_not_served_is_refused(two: tuple[Server, Path]) -> None:
    server, _ = two
    stranger = AuthorityApi(server.base_url, "west-council")
    refused = stranger.get("/audit/decisions")
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:careledger:problem:other-authority"
    assert "north" not in refused.text  # which authorities it serves is not told


def test_each_authority_signs_its_own_checkpoints(two: tuple[Server, Path]) -> None:
    server, _ = two
    keys = {AuthorityApi(server.base_url, a).get("/audit/public-key").json()["key_id"]
            for a in AUTHORITIES}  # fmt: skip
    assert len(keys) == 2
    ready = httpx.get(f"{server.base_url}/readyz").json()
    assert sorted(ready["authorities"]) == list(AUTHORITIES)


def caught_up(server: Server, authority: str) -> None:
    """Waits until every read model of the authority has every event."""
    deadline = time.monotonic() + 60
    while True:
        ready = httpx.get(f"{server.base_url}/readyz").json()["authorities"][authority]
        if all(m["events_behind"] == 0 for m in ready["read_models"].values()):
            return
        assert time.monotonic() < deadline, ready
        time.sleep(0.2)


def views_held(postgres: PostgresServer, schema: str) -> dict[str, list[Any]]:
    """Every row of every table in the schema, in order; not the followers' heartbeats,
    which change each second."""
    with psycopg.connect(postgres.dsn()) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name NOT LIKE %s ORDER BY table_name", (schema, "%followers"))]  # fmt: skip
        return {t: sorted(map(str, connection.execute(f'SELECT * FROM "{schema}"."{t}"')))
                for t in tables}  # fmt: skip


def test_a_rebuild_of_one_authority_leaves_the_others_read_models_alone(
    two: tuple[Server, Path], postgres_server: PostgresServer
) -> None:
    server, tenants = two
    held_by(AuthorityApi(server.base_url, AUTHORITIES[1]))
    caught_up(server, AUTHORITIES[1])
    base = server.store_env["POSTGRES_SCHEMA"]
    south_views = f"{base}_south_views"
    before = views_held(postgres_server, south_views)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARELEDGER_")}
    env |= {"CARELEDGER_STORE": "postgres", "CARELEDGER_POSTGRES_PORT": str(postgres_server.port),
            "CARELEDGER_POSTGRES_USER": "postgres", "CARELEDGER_POSTGRES_SCHEMA": base,
            "CARELEDGER_TENANTS_FILE": str(tenants), "CARELEDGER_AUTHORITY": AUTHORITIES[0],
            "CARELEDGER_LOG_LEVEL": "warning"}  # fmt: skip

    rebuilt = subprocess.run([str(BIN / "careledger"), "projections", "rebuild", "work_queues"],
                             env=env, capture_output=True, text=True, timeout=300)  # fmt: skip

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "events applied" in rebuilt.stdout
    assert views_held(postgres_server, south_views) == before
    assert before  # the south's read models are there to be left alone


def test_a_reader_signs_in_to_one_authority_and_its_pages_show_only_its_records(
    two: tuple[Server, Path],
) -> None:
    server, _ = two
    north, south = (AuthorityApi(server.base_url, a) for a in AUTHORITIES)
    ours, theirs = held_by(north), held_by(south)
    with httpx.Client(base_url=server.base_url, timeout=120) as browser:
        form = browser.get("/pages/sign-in")
        assert '<select id="authority" name="authority">' in form.text
        fields = {"csrf": csrf_in(form.text), "staff_id": "staff-3001",
                  "role": "complaint_handler", "then": "/pages/"}  # fmt: skip
        stranger = browser.post("/pages/sign-in", data={**fields, "authority": "west-council"})
        assert stranger.status_code == 403
        signed = browser.post("/pages/sign-in", data={**fields, "authority": AUTHORITIES[0]})
        assert signed.status_code == 303, signed.text

        def timeline(plan_id: str) -> httpx.Response:
            asked = browser.get(f"/pages/plans/{plan_id}/timeline")
            return browser.post(f"/pages/plans/{plan_id}/timeline",
                                data={"csrf": csrf_in(asked.text),
                                      "purpose": "complaint C-77"})  # fmt: skip

        mine, other = timeline(ours.plan_id), timeline(theirs.plan_id)
    assert mine.status_code == 200, mine.text
    assert ours.person in mine.text
    assert other.status_code == 404
    assert theirs.person not in other.text
