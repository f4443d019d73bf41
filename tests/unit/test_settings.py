"""Settings read from the environment."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import Settings


def test_the_replaced_projections_setting_is_refused_not_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A deployment that set CARELEDGER_PROJECTIONS_IN_PROCESS=false runs its own
    follower; ignoring the old name would start a second one beside it."""
    monkeypatch.setenv("CARELEDGER_PROJECTIONS_IN_PROCESS", "false")
    with pytest.raises(ValidationError, match="CARELEDGER_PROJECTIONS to process"):
        Settings()


def test_by_default_serve_keeps_the_read_models_in_a_process_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CARELEDGER_PROJECTIONS", raising=False)
    monkeypatch.delenv("CARELEDGER_PROJECTIONS_IN_PROCESS", raising=False)
    assert Settings().projections == "process"
    monkeypatch.setenv("CARELEDGER_PROJECTIONS", "external")
    assert Settings().projections == "external"


def test_decisions_are_made_in_one_thread_a_worker_unless_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CARELEDGER_DECISION_THREADS", raising=False)
    assert Settings().decision_threads == 1
    assert Settings(store="postgres").decision_threads == 1
    monkeypatch.setenv("CARELEDGER_DECISION_THREADS", "3")
    assert Settings().decision_threads == 3
    monkeypatch.setenv("CARELEDGER_DECISION_THREADS", "0")
    with pytest.raises(ValidationError, match="decision_threads"):
        Settings()


def test_a_process_told_not_to_create_tables_tells_the_store_library_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`serve` creates the tables once, then starts its processes with this false: on
    PostgreSQL the same DDL from several processes at once can fail."""
    monkeypatch.setenv("CARELEDGER_SQLITE_PATH", str(tmp_path / "events.sqlite"))
    monkeypatch.delenv("CARELEDGER_CREATE_TABLES", raising=False)
    for store in ("sqlite", "postgres"):
        assert Settings(store=store).eventsourcing_env()["CREATE_TABLE"] == "y"
        assert Settings(store=store).views_env()["CREATE_TABLE"] == "y"
    monkeypatch.setenv("CARELEDGER_CREATE_TABLES", "false")
    for store in ("sqlite", "postgres"):
        assert Settings(store=store).eventsourcing_env()["CREATE_TABLE"] == "n"
        assert Settings(store=store).views_env()["CREATE_TABLE"] == "n"


def test_the_follower_yields_to_the_workers_by_a_nice_value_within_the_systems_range(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only a privileged process may raise its priority, and 19 is the lowest there is:
    a value past either end is refused at start rather than failing in the follower."""
    monkeypatch.delenv("CARELEDGER_PROJECTION_NICE", raising=False)
    assert Settings().projection_nice == 5
    monkeypatch.setenv("CARELEDGER_PROJECTION_NICE", "0")
    assert Settings().projection_nice == 0
    for refused in ("-1", "20"):
        monkeypatch.setenv("CARELEDGER_PROJECTION_NICE", refused)
        with pytest.raises(ValidationError, match="projection_nice"):
            Settings()


def test_workers_get_long_enough_to_start_on_a_busy_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """uvicorn replaces a worker that has not answered its health check within this; its
    own 5 s default killed workers still importing on a loaded machine."""
    monkeypatch.delenv("CARELEDGER_WORKER_HEALTHCHECK_SECONDS", raising=False)
    assert Settings().worker_healthcheck_seconds == 30
    monkeypatch.setenv("CARELEDGER_WORKER_HEALTHCHECK_SECONDS", "0")
    with pytest.raises(ValidationError, match="worker_healthcheck_seconds"):
        Settings()
