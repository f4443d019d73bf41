"""Settings read from the environment."""

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
