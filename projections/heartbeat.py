"""Who keeps the read models up to date, in their own words: while it follows the log,
each follower (each process, by host and pid) records about once a second that it is
alive, how far its read models have got and how its passes have gone, in a table beside
the views; one silent for an hour is forgotten. The API reports it
(`/readyz`, `careledger projections status`), so a follower that has stopped (killed, or
stuck in a pass) is told apart from one with nothing to do, and a read model failing in
another process is seen from this one."""

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from projections.rows import Row, Table, utc_iso
from projections.sql import SqlRows
from projections.view import SERVICE_PREFIX, View, create_tables

FOLLOWERS = Table(
    "followers",
    ("read_models", "host", "pid", "seen_at", "position", "failures", "failing", "last_error"),
    ("read_models", "host", "pid"),
    frozenset({"pid", "position", "failures", "failing"}),
)
BEAT_SECONDS = 1.0  # at most one record a second, whatever the load
STALE_SECONDS = 10.0  # beats missed for this long: the follower has stopped, or is stuck
KEPT_SECONDS = 3600.0  # a follower silent this long is forgotten (restarted, or moved)


@dataclass(frozen=True)
class Follower:
    """A follower as it last said: which read models it keeps (several followers may each
    keep some), where it runs, when it spoke, the lowest position of its read models, how
    many of its passes have failed, whether its latest did, and the last error."""

    read_models: tuple[str, ...]
    host: str
    pid: int
    seen_at: datetime
    position: int
    failures: int
    failing: bool
    last_error: str | None

    def seconds_since_seen(self, now: datetime) -> float:
        return max(0.0, (now - self.seen_at).total_seconds())

    def stale(self, now: datetime) -> bool:
        return self.seconds_since_seen(now) > STALE_SECONDS

    def as_json(self, now: datetime) -> dict[str, Any]:
        return {
            "read_models": list(self.read_models),
            "host": self.host,
            "pid": self.pid,
            "seconds_since_seen": round(self.seconds_since_seen(now), 1),
            "stale": self.stale(now),
            "position": self.position,
            "failures": self.failures,
            "failing": self.failing,
            "last_error": self.last_error,
        }


class Heartbeats:
    """The followers' table, in the views' store (``view`` is any view there)."""

    def __init__(self, view: View) -> None:
        self.view = view
        create_tables(view, SERVICE_PREFIX, FOLLOWERS)

    def beat(self, read_models: Sequence[str], position: int, failures: int, failing: bool,
             last_error: str | None, now: datetime) -> None:  # fmt: skip
        row: Row = {
            "read_models": ",".join(sorted(read_models)), "host": socket.gethostname(),
            "pid": os.getpid(), "seen_at": utc_iso(now), "position": position,
            "failures": failures, "failing": int(failing), "last_error": last_error,
        }  # fmt: skip
        table = self.view.dialect.qualified(SERVICE_PREFIX, FOLLOWERS)
        forgotten = utc_iso(now - timedelta(seconds=KEPT_SECONDS))
        with self.view.recorder.datastore.transaction(commit=True) as cursor:
            rows = SqlRows(cursor, self.view.dialect, SERVICE_PREFIX)
            rows.put(FOLLOWERS, row)
            rows.flush()
            cursor.execute(f'DELETE FROM {table} WHERE "seen_at" < {self.view.dialect.placeholder}',
                           (forgotten,))  # fmt: skip

    def followers(self) -> list[Follower]:
        with self.view.reading() as reading:
            found = SqlRows(reading.cursor, self.view.dialect, SERVICE_PREFIX).select(FOLLOWERS)
        return sorted(
            (Follower(tuple(str(r["read_models"]).split(",")), str(r["host"]), int(r["pid"] or 0),
                      datetime.fromisoformat(str(r["seen_at"])).astimezone(UTC),
                      int(r["position"] or 0), int(r["failures"] or 0), bool(r["failing"]),
                      None if r["last_error"] is None else str(r["last_error"]))
             for r in found),
            key=lambda f: (f.read_models, f.host, f.pid),
        )  # fmt: skip


def unfollowed(read_models: Sequence[str], followers: Sequence[Follower],
               now: datetime) -> list[str]:  # fmt: skip
    """Those of ``read_models`` no follower that is alive keeps."""
    kept = {name for f in followers if not f.stale(now) for name in f.read_models}
    return [name for name in read_models if name not in kept]
