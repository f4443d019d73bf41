"""The PostgreSQL store as the service runs it: when the server stops answering, a
request is refused within the connect timeout, and the first request once it is back is
served, instead of each waiting out the library's retries and the pool's reconnection
backoff.

The library retries each statement ten times over, each attempt waiting for the pool's
connect timeout; and psycopg_pool, having lost its connections, tries to reconnect after
ever longer pauses. Here a statement is tried once more only when it failed at once (a
pooled connection the server had dropped, replaced on the spot), and a reconnection that
fails gives up within the connect timeout, so that the next request starts a fresh one.
"""

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
)

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

# A failure this quick is a dropped connection, not an unanswering server.
DROPPED_WITHIN_SECONDS = 0.5


def once_more_if_dropped(call: Callable[[], T]) -> T:
    """``call()``, tried again once, and only when it failed at once."""
    started = time.monotonic()
    try:
        return call()
    except (InterfaceError, OperationalError):
        if time.monotonic() - started > DROPPED_WITHIN_SECONDS:
            raise
        return call()


def tried_once_more_if_dropped(method: F) -> F:
    """The library's method without its retries: tried again once, and only when it
    failed at once."""
    inner: Callable[..., Any] = method.__wrapped__  # type: ignore[attr-defined]

    @functools.wraps(inner)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        return once_more_if_dropped(lambda: inner(self, *args, **kwargs))

    return call  # type: ignore[return-value]


class ServiceApplicationRecorder(PostgresApplicationRecorder):
    insert_events = tried_once_more_if_dropped(PostgresApplicationRecorder.insert_events)
    select_events = tried_once_more_if_dropped(PostgresAggregateRecorder.select_events)
    select_notifications = tried_once_more_if_dropped(
        PostgresApplicationRecorder.select_notifications
    )
    max_notification_id = tried_once_more_if_dropped(
        PostgresApplicationRecorder.max_notification_id
    )


class ServicePostgresFactory(PostgresFactory):
    application_recorder_class = ServiceApplicationRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        # give up a failing reconnection within the connect timeout: the next request
        # then starts a fresh one at once, rather than after the pool's growing backoff
        pool.reconnect_timeout = pool.timeout
