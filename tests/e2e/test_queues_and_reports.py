"""Work queues and reports over HTTP, on the demo data (the worked examples and the
caseload in progress), on a server of their own for each store."""

import csv
import io
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.demo.caseload import caseload
from api.demo.cases import CASES
from tests.e2e.conftest import (
    BIN,
    TEST_SECRET,
    Api,
    Server,
    actor_headers,
    child_processes,
    free_port,
    running_server,
    wait_until_up,
)
from tests.e2e.test_worked_examples import drive
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.e2e

WORKER = ("staff-1001", "practitioner")
MANAGER = ("staff-5001", "line_manager")


@dataclass
class Demo:
    api: Api
    server: Server
    plans: dict[str, str]  # person ref -> plan id
    position: int

    def queue(self, name: str, **params: Any) -> list[dict[str, object]]:
        items: list[dict[str, object]] = self.get(f"/queues/{name}", **params)["items"]
        return items

    def get(self, path: str, actor: tuple[str, ...] = WORKER, **params: Any) -> Any:
        query = {"after": self.position, **params}
        response = self.api.http.get(path, params=query, headers=_headers(actor))
        assert response.status_code == 200, response.text
        return response.json()

    def people(self, items: list[dict[str, object]]) -> list[str]:
        by_plan = {v: k for k, v in self.plans.items()}
        return [by_plan.get(str(i["plan_id"]), "worked example") for i in items]


def _headers(actor: tuple[str, ...]) -> dict[str, str]:
    return actor_headers(actor)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[Demo]:  # fmt: skip
    home: Path = tmp_path_factory.mktemp("queues")
    with running_server(request.param, home, request) as server:
        api = Api(server.base_url)
        plans = {}
        for case in (*CASES, *caseload()):
            plan_id, _ = drive(api, case)
            plans[str(case.steps[0].body["person_ref"])] = plan_id
        position = int(api.http.get("/readyz").json()["position"])
        yield Demo(api, server, plans, position)
        api.http.close()


def test_plans_awaiting_sign_off_come_oldest_first_with_their_age(demo: Demo) -> None:
    items = demo.queue("awaiting-sign-off")
    assert demo.people(items) == ["person-8002", "person-8001"]
    assert [i["age_days"] for i in items] == [11, 6]
    assert {i["level"] for i in items} == {"team_manager"}
    assert demo.people(demo.queue("awaiting-panel")) == ["person-8003"]


def test_a_queue_filters_by_team_and_practitioner_and_pages(demo: Demo) -> None:
    assert demo.people(demo.queue("awaiting-sign-off", team="west-locality")) == ["person-8002"]
    assert demo.people(demo.queue("awaiting-sign-off", practitioner="staff-1001")) == [
        "person-8001"]  # fmt: skip
    page = demo.get("/queues/awaiting-sign-off", limit=1, offset=1)
    assert page["total"] == 2
    assert demo.people(page["items"]) == ["person-8001"]


def test_questions_and_returns_wait_with_the_practitioner(demo: Demo) -> None:
    [asked] = demo.queue("information-requested")
    assert demo.people([asked]) == ["person-8004"]
    [returned] = demo.queue("returned")
    assert demo.people([returned]) == ["person-8005"]
    assert returned["practitioner"] == "staff-1002"
    assert returned["detail"] == "insufficient_information"


def test_people_still_to_be_told_and_copies_still_to_give_ret_3_not_1_not_2(demo: Demo) -> None:
    told = set(demo.people(demo.queue("notifications", limit=500)))
    copied = set(demo.people(demo.queue("copies", limit=500)))
    assert {"person-8005", "person-8008", "person-8011"} <= told
    assert told.isdisjoint({"person-8006", "person-8007", "person-8009", "person-8010"})
    assert {"person-8007", "person-8008", "person-8011"} <= copied
    assert copied.isdisjoint({"person-8006", "person-8009", "person-8010"})


def test_share_and_amendment_requests_wait_for_a_decision(demo: Demo) -> None:
    assert demo.people(demo.queue("share-requests")) == ["person-8009"]
    assert demo.people(demo.queue("amendment-requests")) == ["person-8009"]


def test_reviews_come_soonest_first_and_overdue_ones_are_marked_rev_1_rev_2(demo: Demo) -> None:
    overdue = demo.queue("reviews", due_within_days=0)
    assert demo.people(overdue) == ["person-8006", "person-8007"]
    assert all(i["overdue"] for i in overdue)
    everything = demo.queue("reviews", limit=500)
    dues = [str(i["due"]) for i in everything]
    assert dues == sorted(dues)
    assert len(everything) > len(overdue)
    assert "person-8012" in demo.people(demo.queue("direct-payment-reviews"))  # DP-8


def test_the_counts_of_every_queue(demo: Demo) -> None:
    counts = demo.get("/queues")["queues"]
    assert isinstance(counts, dict)
    assert counts["awaiting-sign-off"] == 2
    assert counts["awaiting-panel"] == 1
    assert counts["share-requests"] == 1


def test_a_decision_is_in_the_queue_when_read_with_its_position(demo: Demo) -> None:
    first, *rest = caseload()[0].steps  # another plan, up to its submission, just now
    answer = demo.api.post("/plans", first.actor, first.body)
    plan_id, version = answer.json()["plan_id"], answer.json()["version"]
    for step in rest:
        answer = demo.api.post(f"/plans/{plan_id}/{step.path}", step.actor, step.body, version)
        assert answer.status_code == 200, answer.text
        version = answer.json()["version"]
    position = int(answer.headers["X-Position"])  # the submission's place in the log
    assert position > demo.position
    page = demo.api.http.get("/queues/awaiting-sign-off", params={"after": position},
                             headers=_headers(WORKER))  # fmt: skip
    assert page.json()["position"] >= position
    assert plan_id in [i["plan_id"] for i in page.json()["items"]]
    beyond = demo.api.http.get("/queues", params={"after": position + 1000},
                               headers=_headers(WORKER))  # fmt: skip
    assert beyond.status_code == 422
    assert beyond.json()["type"] == "urn:careledger:problem:position-not-recorded"


def test_timeliness_by_team_and_signer_cons_3(demo: Demo) -> None:
    report = demo.get("/reports/timeliness", MANAGER)
    by_team = report["by_team"]
    assert isinstance(by_team, dict)
    assert by_team["east-locality"]["end_to_end"]["count"] >= 3
    assert (
        by_team["west-locality"]["end_to_end"]["worst"] == 12.0
    )  # person-8007: 4 steps, 3 days apart
    west = demo.get("/reports/timeliness", MANAGER, team="west-locality")["plans"]
    assert {p["team"] for p in west} == {"west-locality"}


def test_consistency_flags_the_dearest_plan_and_links_its_history_cons_1(demo: Demo) -> None:
    report = demo.get("/reports/consistency", MANAGER)
    outliers = report["outliers"]
    assert isinstance(outliers, list)
    assert demo.people(outliers) == ["person-8011"]
    history = demo.api.get(outliers[0]["history"], MANAGER)
    assert history.status_code == 200
    assert history.json()["events"][0]["type"] == "Plan.Started"


def test_compliance_lists_overdue_reviews_and_late_notices(demo: Demo) -> None:
    report = demo.get("/reports/compliance", MANAGER, within_days=5)
    overdue = set(demo.people(report["reviews_overdue"]))
    assert {"person-8006", "person-8007"} <= overdue
    late = set(demo.people(report["late_notifications_and_copies"]))
    assert "person-8008" in late  # NOT-1: signed off a month ago, still not told
    assert report["adverse_without_right_to_complain"] == []  # COMP-1
    assert report["sharing_by_basis"]  # SHR-5


def test_a_report_comes_as_csv(demo: Demo) -> None:
    response = demo.api.http.get("/reports/timeliness", params={"format": "csv"},
                                 headers=_headers(MANAGER))  # fmt: skip
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"plan_id", "team", "signer", "end_to_end"} <= set(rows[0])
    assert len(rows) == len(demo.get("/reports/timeliness", MANAGER)["plans"])


def test_who_may_read_queues_reports_and_the_read_models_state(demo: Demo) -> None:
    http = demo.api.http
    advocate = _headers(("advocacy-0301", "independent_advocate"))
    assert http.get("/queues", headers=advocate).status_code == 403
    assert http.get("/reports/compliance", headers=_headers(WORKER)).status_code == 403
    state = http.get("/projections", headers=_headers(("staff-9001", "admin")))
    assert state.status_code == 200
    names = {m["name"] for m in state.json()["read_models"]}
    assert names == {
        "work_queues",
        "plan_facts",
        "complaints",
        "retention",
        "integrity",
        "decision_log",
        "access_log",
    }
    ready = http.get("/readyz").json()
    assert set(ready["read_models"]) == names


def test_a_read_model_left_behind_answers_503_and_catches_up_when_run(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """With the read models kept by a process of their own that is not running, a read
    asking for a new decision waits its bounded time and is told to retry; once
    `careledger projections run --once` has caught up, the same read answers."""
    with running_server("sqlite", tmp_path, request, CARELEDGER_PROJECTIONS="external",
                        CARELEDGER_READ_YOUR_WRITES_SECONDS="0.3") as server:  # fmt: skip
        api = Api(server.base_url)
        first = caseload()[0].steps[0]
        started = api.post("/plans", first.actor, first.body)
        position = started.headers["X-Position"]
        behind = api.http.get("/queues", params={"after": position}, headers=_headers(WORKER))
        assert behind.status_code == 503
        assert behind.headers["Retry-After"] == "1"
        assert behind.json()["type"] == "urn:careledger:problem:read-model-behind"
        env = {**os.environ, "CARELEDGER_SQLITE_PATH": str(server.sqlite_path),
               "CARELEDGER_LOG_LEVEL": "warning"}  # fmt: skip
        subprocess.run([str(BIN / "careledger"), "projections", "run", "--once"], env=env,
                       check=True, capture_output=True, timeout=60)  # fmt: skip
        caught = api.http.get("/queues", params={"after": position}, headers=_headers(WORKER))
        assert caught.status_code == 200
        assert caught.json()["position"] >= int(position)
        api.http.close()


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":  # ended, not yet reaped by its (killed) parent
            return True
        time.sleep(0.1)
    return False


def test_serve_keeps_the_read_models_in_one_process_beside_its_workers(
    postgres_server: PostgresServer,
) -> None:
    """`careledger serve --workers 2` (on PostgreSQL) starts one follower for both
    workers, at a lower CPU priority than theirs: a decision made through either is in
    the queues at its position, and the follower goes when the server is killed outright."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CARELEDGER_STORE": "postgres",
           "CARELEDGER_POSTGRES_PORT": str(postgres_server.port),
           "CARELEDGER_POSTGRES_USER": "postgres",
           "CARELEDGER_POSTGRES_SCHEMA": postgres_server.new_schema(),
           "CARELEDGER_JWT_SECRET": TEST_SECRET, "CARELEDGER_LOG_LEVEL": "warning",
           "CARELEDGER_READ_YOUR_WRITES_SECONDS": "60"}  # fmt: skip
    server = subprocess.Popen([str(BIN / "careledger"), "serve", "--port", str(port),
                               "--development", "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(6):
            wait_until_up(url, server)
        children = child_processes(server.pid)
        followers = [pid for pid, line in children.items() if b"projections\0run" in line]
        workers = [pid for pid, line in children.items() if b"spawn_main" in line]
        assert len(followers) == 1
        assert len(workers) == 2
        for pid in workers:  # each leaves the read models to the follower
            assert b"CARELEDGER_PROJECTIONS=external\0" in Path(f"/proc/{pid}/environ").read_bytes()
        for pid in [*workers, *followers]:  # the tables were made once, before they started
            assert b"CARELEDGER_CREATE_TABLES=false\0" in Path(f"/proc/{pid}/environ").read_bytes()
        niceness = os.getpriority(os.PRIO_PROCESS, server.pid)
        assert [os.getpriority(os.PRIO_PROCESS, pid) for pid in workers] == [niceness] * 2
        # the decisions come first: the follower, once started, yields to the workers
        assert _niceness_becomes(followers[0], min(19, niceness + 5), within=30)
        api = Api(url)
        for step in caseload()[0].steps[:1] + caseload()[1].steps[:1]:
            started = api.post("/plans", step.actor, step.body)
            assert started.status_code == 201, started.text
            seen = api.http.get("/queues", params={"after": started.headers["X-Position"]},
                                headers=_headers(WORKER))  # fmt: skip
            assert seen.status_code == 200, seen.text
        ready = _until_ready_names(api, followers[0])
        assert ready["stale"] is False
        assert ready["failures"] == 0
        assert api.http.get("/readyz").json()["unfollowed"] == []  # it keeps every one
        api.http.close()
        server.kill()  # no chance to stop its children
        server.wait(timeout=60)
        for pid in workers:  # uvicorn's own workers outlive a killed server: not ours
            os.kill(pid, signal.SIGKILL)
        assert _gone(followers[0], within=60)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)


def _until_ready_names(api: Api, pid: int, within: float = 30) -> dict[str, Any]:
    """The follower ``pid`` as /readyz reports it, once it has said it is alive."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for follower in api.http.get("/readyz").json()["followers"]:
            if follower["pid"] == pid:
                return dict(follower)
        time.sleep(0.1)
    raise AssertionError(f"/readyz did not name follower {pid} within {within} s")


def _niceness_becomes(pid: int, niceness: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while os.getpriority(os.PRIO_PROCESS, pid) != niceness:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _followers(pid: int) -> list[int]:
    return [child for child, line in child_processes(pid).items() if b"projections\0run" in line]


def test_a_follower_that_ends_is_started_again_and_stopped_with_the_server(
    tmp_path: Path,
) -> None:
    """The follower killed outright is started again and the queues catch up; SIGTERM to
    the server then stops the follower with it (not left to find its parent gone)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    env = {**os.environ, "CARELEDGER_STORE": "sqlite",
           "CARELEDGER_SQLITE_PATH": str(tmp_path / "careledger.sqlite"),
           "CARELEDGER_JWT_SECRET": TEST_SECRET, "CARELEDGER_LOG_LEVEL": "info",
           "CARELEDGER_READ_YOUR_WRITES_SECONDS": "60"}  # fmt: skip
    with log_path.open("wb") as log:
        server = subprocess.Popen([str(BIN / "careledger"), "serve", "--port", str(port),
                                   "--development"],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            wait_until_up(url, server)
            deadline = time.monotonic() + 60
            while not (followers := _followers(server.pid)):  # started, not yet exec'd
                assert time.monotonic() < deadline, "no follower was started"
                time.sleep(0.1)
            [first] = followers
            os.kill(first, signal.SIGKILL)
            deadline = time.monotonic() + 60
            while not (again := [f for f in _followers(server.pid) if f != first]):
                assert time.monotonic() < deadline, "the follower was not started again"
                time.sleep(0.1)
            api = Api(url)
            step = caseload()[0].steps[0]
            started = api.post("/plans", step.actor, step.body)
            seen = api.http.get("/queues", params={"after": started.headers["X-Position"]},
                                headers=_headers(WORKER))  # fmt: skip
            assert seen.status_code == 200, seen.text
            api.http.close()
            server.terminate()
            assert server.wait(timeout=30) == 128 + signal.SIGTERM
            assert _gone(again[0], within=60)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait(timeout=60)
    logged = log_path.read_text()
    assert "projections.follower_ended" in logged
    assert "projections.server_gone" not in logged  # stopped, not orphaned
