"""Followers say, about once a second, that they are alive and how they are doing, and
any process reading the views' store sees it: one that has stopped saying so is stale,
and a read model failing in the follower is seen from elsewhere."""

import os
import socket
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from structlog.testing import capture_logs

from domain.drafting.decisions import Submitted
from domain.policy import DEFAULT_SCHEME, Policy
from projections.catalogue import read_models
from projections.heartbeat import STALE_SECONDS, Follower, unfollowed
from projections.rows import ReadModel, Rows
from projections.runner import Projections
from tests.integration.conftest import OpenPlanning
from tests.lives import care_plan_life

MODELS = read_models(Policy(delegation=DEFAULT_SCHEME))


def _until_seen(projections: Projections, test: Any, within: float = 10) -> Follower:
    """The first follower seen for which ``test`` holds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for follower in projections.heartbeats.followers():
            if test(follower):
                return follower
        time.sleep(0.05)
    raise AssertionError(f"no such follower within {within} s")


def test_a_follower_says_it_is_alive_and_how_far_it_has_got(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    planning = open_planning()
    care_plan_life(planning)
    top = int(planning.recorder.max_notification_id() or 0)
    follower = Projections(planning, MODELS, views_env)
    elsewhere = Projections(open_planning(), MODELS, views_env)  # as the API process has
    follower.start(interval=60)  # beats go on between passes, too
    try:
        seen = _until_seen(elsewhere, lambda f: f.position == top)
        assert seen.read_models == tuple(sorted(m.name for m in MODELS))
        assert seen.pid == os.getpid()
        assert (seen.failures, seen.failing, seen.last_error) == (0, False, None)
        assert not seen.stale(datetime.now(UTC))
        again = _until_seen(elsewhere, lambda f: f.seen_at > seen.seen_at, within=60)
        assert again.position == top  # nothing new: it said so again, while it waited
        follower.stop()
        [last] = elsewhere.heartbeats.followers()  # said before it stopped, and kept
    finally:
        follower.stop()
        elsewhere.stop()
    assert not last.stale(last.seen_at + timedelta(seconds=STALE_SECONDS))
    assert last.stale(last.seen_at + timedelta(seconds=STALE_SECONDS + 1))
    assert last.as_json(last.seen_at + timedelta(seconds=STALE_SECONDS + 1))["stale"] is True


def test_a_read_model_failing_in_the_follower_is_seen_by_others_reading_the_views(
    open_planning: OpenPlanning, views_env: dict[str, str]
) -> None:
    class Faulty:
        def __init__(self, model: ReadModel) -> None:
            self.model = model
            self.name, self.tables, self.topics = model.name, model.tables, model.topics

        def apply(self, event: Any, rows: Rows) -> None:
            if isinstance(event, Submitted):
                raise AssertionError("a bug on submission")
            self.model.apply(event, rows)

    planning = open_planning()
    care_plan_life(planning)
    follower = Projections(planning, [Faulty(MODELS[0]), MODELS[1]], views_env)
    elsewhere = Projections(open_planning(), [MODELS[1]], views_env)
    follower.start(interval=0.2)
    try:
        seen = _until_seen(elsewhere, lambda f: f.failures >= 1)
    finally:
        follower.stop()
        elsewhere.stop()
    assert seen.failing
    assert seen.last_error is not None
    assert seen.last_error.startswith("AssertionError: a bug on submission")


def test_readiness_names_the_read_models_no_live_follower_keeps_and_old_followers_go(
    open_planning: OpenPlanning, views_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process per read model, say: each says which it keeps. A follower silent for an
    hour (restarted since, or moved) is forgotten at the next beat of any other."""
    projections = Projections(open_planning(), MODELS, views_env)
    heartbeats, names = (
        projections.heartbeats,
        ["access_log", "decision_log", "integrity", "work_queues"],
    )
    now = datetime.now(UTC)
    try:
        heartbeats.beat(names[1:2], 10, 0, False, None, now - timedelta(seconds=30))
        heartbeats.beat(names[:1], 10, 0, False, None, now - timedelta(hours=2))
        assert {f.read_models for f in heartbeats.followers()} == {(names[0],), (names[1],)}
        assert unfollowed(names, heartbeats.followers(), now) == names  # both silent

        heartbeats.beat(names[2:], 12, 0, False, None, now)

        followers = heartbeats.followers()
        assert {f.read_models for f in followers} == {(names[1],), tuple(sorted(names[2:]))}
        assert unfollowed(names, followers, now) == names[:2]

        with monkeypatch.context() as elsewhere:  # the same read models kept on another host
            elsewhere.setattr(socket, "gethostname", lambda: "another-host")
            heartbeats.beat(names[2:], 12, 1, True, "an error there", now)
        kept = [f for f in heartbeats.followers() if f.read_models == tuple(sorted(names[2:]))]
        assert sorted((f.host, f.failing) for f in kept) == [
            ("another-host", True), (socket.gethostname(), False)]  # fmt: skip
    finally:
        projections.stop()


def test_a_heartbeat_that_cannot_be_written_is_reported_once_a_streak(
    open_planning: OpenPlanning, views_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    projections = Projections(open_planning(), MODELS, views_env)
    written = projections.heartbeats.beat
    refusing = [True]

    def beat(*args: Any) -> None:
        if refusing[0]:
            raise OSError("the views' store is away")
        written(*args)

    monkeypatch.setattr(projections.heartbeats, "beat", beat)
    monkeypatch.setattr("projections.runner.BEAT_SECONDS", 0.0)
    try:
        with capture_logs() as logs:
            for _ in range(3):
                projections._beat_now_and_then()
            refusing[0] = False
            projections._beat_now_and_then()
            refusing[0] = True
            projections._beat_now_and_then()
        assert [e["event"] for e in logs] == ["projections.beat_failed"] * 2
        assert len(projections.heartbeats.followers()) == 1  # the one that went through
    finally:
        projections.stop()
