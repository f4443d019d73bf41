"""The ``careledger`` command: ``demo`` loads the worked examples and a caseload into an
SQLite file; ``projections`` catches the read models up, reports and rebuilds them."""

import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest

from api.demo.caseload import caseload
from api.demo.cases import CASES
from domain.actors import Actor, Role
from domain.kinds import PlanStatus
from domain.restricting.decisions import Restrict
from store.application import ServicePlanning
from tests.e2e.conftest import BIN

pytestmark = pytest.mark.e2e
Careledger = Callable[..., subprocess.CompletedProcess[str]]


def command(tmp_path: Path, store: Path) -> Careledger:
    """``careledger`` on an SQLite store, with a development key of its own."""
    env = {**os.environ, "CARELEDGER_SQLITE_PATH": str(store), "CARELEDGER_LOG_LEVEL": "warning",
           "CARELEDGER_AUDIT_DEV_KEY_FILE": str(tmp_path / "key.pem"),
           "CARELEDGER_SHRED_LOG_FILE": str(tmp_path / "apart" / "shred-log.jsonl")}  # fmt: skip

    def careledger(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "careledger"), *args], env=env, capture_output=True,
                              text=True, timeout=120)  # fmt: skip

    return careledger


def test_demo_loads_the_worked_examples_and_a_caseload(tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite"
    env = {**os.environ, "CARELEDGER_SQLITE_PATH": str(store), "CARELEDGER_LOG_LEVEL": "warning",
           "CARELEDGER_AUDIT_DEV_KEY_FILE": str(tmp_path / "key.pem")}  # fmt: skip

    run = subprocess.run([str(BIN / "careledger"), "demo"], env=env, capture_output=True,
                         text=True, timeout=60, check=True)  # fmt: skip

    lines = run.stdout.strip().splitlines()
    assert len(lines) == len(CASES) + len(caseload()) + 1
    planning = ServicePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                 "SQLITE_DBNAME": str(store)})  # fmt: skip
    # the demo ends signed: its checkpoint covers every event it stored
    stored = planning.recorder.max_notification_id()
    assert lines[-1].startswith(f"checkpoint: the first {stored} events, signed at ")
    for line, case in zip(lines, CASES, strict=False):
        plan_id = UUID(line.split()[0])
        agreed = planning.budget(plan_id).agreed
        assert planning.plan(plan_id).status is PlanStatus.SIGNED_OFF
        assert agreed is not None
        assert str(agreed.cost) == case.final_weekly
        assert case.name in line
    planning.close()
    for line, case in zip(lines[len(CASES) : -1], caseload(), strict=True):
        assert case.name in line


def test_the_demo_loaded_again_into_the_same_store_is_refused_unless_asked(
    tmp_path: Path,
) -> None:
    careledger = command(tmp_path, tmp_path / "demo.sqlite")
    assert careledger("demo").returncode == 0
    planning = ServicePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                 "SQLITE_DBNAME": str(tmp_path / "demo.sqlite")})  # fmt: skip
    held = planning.recorder.max_notification_id()

    again = careledger("demo")

    assert again.returncode == 1
    assert f"holds {held} events already" in again.stderr
    assert planning.recorder.max_notification_id() == held
    assert careledger("demo", "--again").returncode == 0
    assert (planning.recorder.max_notification_id() or 0) > 2 * (held or 0) - 10
    planning.close()


def test_projections_catch_up_report_their_lag_and_rebuild(tmp_path: Path) -> None:
    env = {**os.environ, "CARELEDGER_SQLITE_PATH": str(tmp_path / "demo.sqlite"),
           "CARELEDGER_LOG_LEVEL": "warning",
           "CARELEDGER_AUDIT_DEV_KEY_FILE": str(tmp_path / "key.pem")}  # fmt: skip

    def careledger(*args: str) -> str:
        run = subprocess.run([str(BIN / "careledger"), *args], env=env, capture_output=True,
                             text=True, timeout=120, check=True)  # fmt: skip
        return run.stdout

    careledger("demo")
    status = careledger("projections", "status")
    before = {line.split()[0]: line.split()[1:]
              for line in status.split("\n\n")[0].splitlines()[1:]}  # fmt: skip
    assert "no follower has been seen" in status  # none has followed the log here yet
    assert set(before) == {"work_queues", "plan_facts", "complaints", "retention", "integrity",
                           "decision_log", "access_log"}  # fmt: skip
    # the demo signs its record at the end: the integrity record alone has caught up
    signed = before.pop("integrity")
    assert all(int(position) == 0 and int(behind) > 0 for position, behind, _ in before.values())
    assert (int(signed[0]), int(signed[1])) == (int(before["work_queues"][1]), 0)

    assert "events applied" in careledger("projections", "run", "--once")
    after = {line.split()[0]: line.split()[1:] for line in careledger(
        "projections", "status").split("\n\n")[0].splitlines()[1:]}  # fmt: skip
    top = int(before["work_queues"][1])
    assert all(int(position) == top and int(behind) == 0 for position, behind, _ in after.values())

    rebuilt = careledger("projections", "rebuild", "work_queues")
    assert f"work_queues: at position {top}" in rebuilt
    assert "plan_facts" not in rebuilt


def test_audit_verify_finds_the_demo_intact_then_a_tampered_payload(tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite"
    careledger = command(tmp_path, store)

    assert careledger("demo").returncode == 0
    intact = careledger("audit", "verify", "--catch-up")
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert intact.stdout.strip().endswith("intact")
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("UPDATE stored_events SET topic = 'careledger:Plan.SignedOff' WHERE rowid = 7")
    db.close()
    tampered = careledger("audit", "verify")
    assert tampered.returncode == 1
    assert "TAMPERED: altered at position 7" in tampered.stdout


def test_records_read_through_the_command_line_are_logged(tmp_path: Path) -> None:
    """A complaint handler's timeline, chronology, plan as of an instant and diff on the
    demo data; each read lands in the access log, which an auditor lists."""
    store = tmp_path / "demo.sqlite"
    careledger = command(tmp_path, store)

    plan_id = careledger("demo").stdout.split()[0]
    me = ("--reader", "staff-3001", "--purpose", "complaint C-7")
    for blank in (("--reader", " ", "--purpose", "complaint C-7"),
                  ("--reader", "staff-3001", "--purpose", " ")):  # fmt: skip
        refused = careledger("records", "timeline", "--plan", plan_id, *blank)
        assert refused.returncode == 2
        assert "must" in refused.stderr
    timeline = careledger("records", "timeline", "--plan", plan_id, *me)
    assert timeline.returncode == 0, timeline.stderr
    assert "started a care and support plan" in timeline.stdout
    assert "returned the plan" in timeline.stdout
    assert careledger("audit", "checkpoint").returncode == 0
    chronology = careledger("records", "chronology", "--plan", plan_id, "--format", "csv", *me)
    assert chronology.returncode == 0, chronology.stderr
    rows = chronology.stdout.splitlines()
    assert rows[0].startswith("occurred_at,recorded_at")
    assert all(row.endswith(",verified") for row in rows[1:])
    pdf = tmp_path / "chronology.pdf"
    filed = careledger("records", "chronology", "--plan", plan_id, "--format", "pdf",
                       "--output", str(pdf), *me)  # fmt: skip
    assert filed.returncode == 0, filed.stderr
    assert filed.stdout == ""
    assert pdf.read_bytes().startswith(b"%PDF-")
    stood = careledger("records", "as-of", plan_id, "2020-01-01T00:00:00", "--reader", "s-1")
    assert stood.returncode == 1
    assert "had not been started" in stood.stderr
    changed = careledger("records", "diff", plan_id, "1", "3", "--reader", "staff-3001")
    assert changed.returncode == 0, changed.stderr
    assert "draft" in changed.stdout
    person = careledger("records", "timeline", "--person", "person-7001", *me)
    assert person.returncode == 0, person.stderr

    logged = careledger("records", "access", "--plan", plan_id)
    assert logged.returncode == 0, logged.stderr
    whats = [line.split("  ")[2] for line in logged.stdout.splitlines()[:-1]]
    assert whats == ["timeline", "chronology.csv", "chronology.pdf", "diff", "timeline"]
    assert "purpose: complaint C-7" in logged.stdout
    untold = careledger("records", "adverse-untold", "--reader", "staff-3002")
    assert untold.returncode == 0, untold.stderr
    assert "adverse decisions without the right to complain recorded" in untold.stdout


def test_audit_verify_finds_a_store_and_record_rewritten_together(tmp_path: Path) -> None:
    """Someone alters an event and rebuilds the integrity record from the altered store:
    store and record agree, but the record no longer gives a signed checkpoint's root."""
    store = tmp_path / "demo.sqlite"
    careledger = command(tmp_path, store)

    assert careledger("demo").returncode == 0
    assert careledger("audit", "checkpoint").returncode == 0
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("UPDATE stored_events SET topic = 'careledger:Plan.SignedOff' WHERE rowid = 7")
    db.close()
    assert careledger("projections", "rebuild", "integrity").returncode == 0
    tampered = careledger("audit", "verify")
    assert tampered.returncode == 1, tampered.stdout
    assert "TAMPERED: checkpoint-broken: the record no longer gives the root of the " \
           "checkpoint" in tampered.stdout  # fmt: skip


def test_audit_verify_finds_the_newest_events_deleted_under_a_signed_checkpoint(
    tmp_path: Path,
) -> None:
    """Someone deletes the last events (a decision and a read of the access log) and
    rebuilds the record: store and record agree, but a signed checkpoint covers positions
    the store no longer holds."""
    store = tmp_path / "demo.sqlite"
    careledger = command(tmp_path, store)
    assert careledger("demo").returncode == 0
    assert careledger("audit", "checkpoint").returncode == 0
    db = sqlite3.connect(store, isolation_level=None)
    last = db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
    db.execute("DELETE FROM stored_events WHERE rowid > ?", (last - 2,))
    db.close()
    assert careledger("projections", "rebuild", "integrity").returncode == 0

    tampered = careledger("audit", "verify")

    assert tampered.returncode == 1, tampered.stdout
    assert f"the events after position {last - 2} are gone" in tampered.stdout


def test_a_follower_refuses_a_server_pid_that_did_not_start_it(tmp_path: Path) -> None:
    """`--server-pid` is the parent it watches: any other id would stop it at once."""
    careledger = command(tmp_path, tmp_path / "careledger.sqlite")
    refused = careledger("projections", "run", "--server-pid", "1")
    assert refused.returncode == 2
    assert "did not start this process" in refused.stderr


def test_a_changed_integrity_record_waits_for_a_deliberate_rebuild(tmp_path: Path) -> None:
    """An upgrade that changed the integrity record's shape (here, a fingerprint left by
    another release): a catch-up does the other read models, names the command that
    rebuilds it and fails, until that command is run."""
    store = tmp_path / "careledger.sqlite"
    careledger = command(tmp_path, store)
    assert careledger("demo").returncode == 0
    assert careledger("projections", "run", "--once").returncode == 0
    views = sqlite3.connect(tmp_path / "careledger-views.sqlite")
    with views:
        views.execute("UPDATE projections_shapes SET shape = 'an-older-release' "
                      "WHERE read_model = 'integrity'")  # fmt: skip
    views.close()

    held = careledger("projections", "run", "--once")
    assert held.returncode == 1
    assert "run `careledger projections rebuild integrity`" in held.stderr

    assert careledger("projections", "rebuild", "integrity").returncode == 0
    again = careledger("projections", "run", "--once")
    assert again.returncode == 0, again.stderr
    assert careledger("audit", "verify").stdout.strip().endswith("intact")


def test_serving_an_sqlite_store_with_several_workers_is_refused(tmp_path: Path) -> None:
    careledger = command(tmp_path, tmp_path / "careledger.sqlite")

    run = careledger("serve", "--development", "--workers", "2", "--port", "1")

    assert run.returncode == 2
    assert "several workers need PostgreSQL" in run.stderr
    assert not (tmp_path / "careledger.sqlite").exists()


def test_a_token_asked_for_where_no_server_made_a_secret_is_refused_naming_the_file(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARELEDGER_")}

    run = subprocess.run([str(BIN / "careledger"), "token", "--sub", "staff-1", "--role",
                          "practitioner"], cwd=elsewhere, env=env, capture_output=True,
                         text=True, timeout=120)  # fmt: skip

    assert run.returncode == 1
    assert f"no development secret at {elsewhere / 'var' / 'dev-jwt-secret'}" in run.stderr
    assert run.stdout == ""
    assert not (elsewhere / "var").exists()


def test_a_token_names_the_secret_it_was_signed_with(tmp_path: Path) -> None:
    secret = tmp_path / "var" / "dev-jwt-secret"
    secret.parent.mkdir()
    secret.write_text("a-development-secret-of-at-least-thirty-two-bytes")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARELEDGER_")}

    run = subprocess.run([str(BIN / "careledger"), "token", "--sub", "staff-1", "--role",
                          "practitioner"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert run.stdout.count(".") == 2  # a JWT
    assert f"signed with the development secret in {secret}" in run.stderr


def test_help_and_token_do_not_load_the_service(tmp_path: Path) -> None:
    """What makes the command line start slowly (the web framework, the store's drivers,
    the service) is loaded only by the commands that use it."""
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from api.cli import app\n"
        "for args in (['--help'], ['records', '--help'], ['token', '--sub', 's-1', '--role', "
        "'practitioner']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0, args\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'psycopg', 'api.main', 'api.service',"
        " 'audit.person_records', 'eventsourcing.application') if m in sys.modules))\n"
    )
    env = {**os.environ, "CARELEDGER_JWT_SECRET": "a-secret-of-at-least-thirty-two-bytes-long"}

    run = subprocess.run([str(BIN / "python"), "-c", probe], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("configured", "says"),
    [({}, "no token secret is configured"),
     ({"CARELEDGER_JWT_SECRET": "s" * 40}, "no audit signing key is configured"),
     ({"CARELEDGER_JWT_SECRET": "s" * 40, "CARELEDGER_AUDIT_SIGNING_KEY_FILE": "{store}/k.pem"},
      "is in the store's folder"),
     ({"CARELEDGER_JWT_SECRET": "s" * 40}, "no data master key is configured")],
    ids=["nothing configured", "no signing key", "the signing key beside the store",
         "no data master key"],
)  # fmt: skip
def test_serving_with_development_keys_is_refused_unless_marked_development(
    tmp_path: Path, configured: dict[str, str], says: str
) -> None:
    store = tmp_path / "store" / "careledger.sqlite"
    store.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARELEDGER_")}
    env |= {"CARELEDGER_SQLITE_PATH": str(store)}
    env |= {k: v.format(store=store.parent) for k, v in configured.items()}

    run = subprocess.run([str(BIN / "careledger"), "serve", "--port", "1"], env=env,
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)  # fmt: skip

    assert run.returncode == 2
    assert says in " ".join(run.stderr.replace("│", " ").split())  # unboxed and unwrapped
    assert not store.exists()
    assert not (tmp_path / "var").exists()  # no development key or secret made


def test_the_command_line_keeps_to_a_restriction_as_the_api_does(tmp_path: Path) -> None:
    store = tmp_path / "demo.sqlite"
    careledger = command(tmp_path, store)
    assert careledger("demo").returncode == 0
    planning = ServicePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                 "SQLITE_DBNAME": str(store)})  # fmt: skip
    planning.restrict(Restrict(Actor("staff-6001", Role.ADMIN), "person-7001", ("staff-3002",),
                               "a relative of a member of staff"))  # fmt: skip
    planning.close()
    asked = ("records", "timeline", "--person", "person-7001", "--purpose", "complaint C-3")

    refused = careledger(*asked, "--reader", "staff-3001")
    named = careledger(*asked, "--reader", "staff-3002")

    assert refused.returncode == 1
    assert "DESIGN-restricted" in refused.stderr
    assert refused.stdout == ""
    assert named.returncode == 0, named.stderr
