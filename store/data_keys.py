"""Each person's data key (KEEP-2): made the first time their personal data is recorded,
held in the key table of the event store's own database, wrapped by the master key when
one is configured, and destroyed when their records are erased.

Two tables: ``careledger_data_keys`` (a key's id, whose it is, the key as wrapped, when it
was made and when destroyed) and ``careledger_keyed_streams`` (which key each stream of
events is sealed under: a plan, its budget, a complaint, a restriction, a read in the
access log). Once a key is destroyed its row keeps only its id and the day: neither the
person's ref nor the key remains.

Lookups are cached in the process: a stream's key id never changes; a key is read again
at most once a second, and every process notices a key destroyed elsewhere within a
second (``erasures``), as it does a restriction (decision 0009).
"""

import base64
import os
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID, uuid4

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from store.postgres import once_more_if_dropped

KEYS_TABLE = "careledger_data_keys"
STREAMS_TABLE = "careledger_keyed_streams"
FRESH_SECONDS = 1.0
NONCE_BYTES = 12
STREAMS_CACHED = 100_000
T = TypeVar("T")


class KeyWrapper(Protocol):
    """What wraps data keys at rest: a master key here, or a key management service."""

    def wrap(self, key_id: str, key: bytes, /) -> bytes: ...

    def unwrap(self, key_id: str, wrapped: bytes, /) -> bytes: ...


class Unwrapped:
    """Data keys kept as they are: for development and tests without a master key."""

    def wrap(self, _key_id: str, key: bytes, /) -> bytes:
        return key

    def unwrap(self, _key_id: str, wrapped: bytes, /) -> bytes:
        return wrapped


class MasterKey:
    """Data keys wrapped by AES-256-GCM under a master key from configuration, each bound
    to its own id (a wrapped key moved to another row does not unwrap)."""

    def __init__(self, master: bytes) -> None:
        if len(master) != 32:
            raise ValueError("the master key must be 32 bytes (AES-256)")
        self._aead = AESGCM(master)

    @classmethod
    def from_text(cls, text: str) -> "MasterKey":
        """From its URL-safe base64 text, as ``careledger keys master`` prints it."""
        return cls(base64.urlsafe_b64decode(text.strip().encode()))

    @staticmethod
    def new_text() -> str:
        return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()

    def wrap(self, key_id: str, key: bytes, /) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, key, key_id.encode())

    def unwrap(self, key_id: str, wrapped: bytes, /) -> bytes:
        return self._aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], key_id.encode())


class KeyTable(Protocol):
    def stream_key(self, stream_id: UUID) -> str | None: ...
    def bind(self, stream_id: UUID, key_id: str) -> str: ...
    def person_key(self, person_ref: str) -> str | None: ...
    def add(self, key_id: str, person_ref: str, wrapped: bytes, now: datetime, /) -> str: ...
    def wrapped(self, key_id: str) -> bytes | None: ...
    def destroy(self, key_id: str, now: datetime, /) -> bool: ...
    def streams(self, key_id: str) -> tuple[UUID, ...]: ...
    def destroyed(self) -> int: ...
    def any_held(self) -> tuple[str, bytes] | None: ...


class MemoryKeyTable:
    """The key table of an in-memory store."""

    def __init__(self) -> None:
        self._streams: dict[UUID, str] = {}
        self._people: dict[str, str] = {}
        self._keys: dict[str, bytes | None] = {}

    def stream_key(self, stream_id: UUID) -> str | None:
        return self._streams.get(stream_id)

    def bind(self, stream_id: UUID, key_id: str) -> str:
        return self._streams.setdefault(stream_id, key_id)

    def person_key(self, person_ref: str) -> str | None:
        return self._people.get(person_ref)

    def add(self, key_id: str, person_ref: str, wrapped: bytes, _now: datetime, /) -> str:
        found = self._people.setdefault(person_ref, key_id)
        if found == key_id:
            self._keys[key_id] = wrapped
        return found

    def wrapped(self, key_id: str) -> bytes | None:
        return self._keys.get(key_id)

    def destroy(self, key_id: str, _now: datetime, /) -> bool:
        if self._keys.get(key_id) is None:
            return False
        self._keys[key_id] = None
        self._people = {p: k for p, k in self._people.items() if k != key_id}
        return True

    def streams(self, key_id: str) -> tuple[UUID, ...]:
        return tuple(s for s, k in self._streams.items() if k == key_id)

    def destroyed(self) -> int:
        return sum(1 for wrapped in self._keys.values() if wrapped is None)

    def any_held(self) -> tuple[str, bytes] | None:
        return next(((k, w) for k, w in self._keys.items() if w is not None), None)


class SqlKeyTable:
    """The key table in the event store's database (SQLite or PostgreSQL), through the
    store's own connections."""

    def __init__(self, datastore: Any, *, postgres: bool, create: bool) -> None:
        self._datastore = datastore
        self._p = "%s" if postgres else "?"
        schema = f'"{datastore.schema}".' if postgres else ""
        self._keys = f'{schema}"{KEYS_TABLE}"'
        self._streams = f'{schema}"{STREAMS_TABLE}"'
        if create:
            blob = "BYTEA" if postgres else "BLOB"
            with self._datastore.transaction(commit=True) as cursor:
                cursor.execute(
                    f"CREATE TABLE IF NOT EXISTS {self._keys} (key_id TEXT PRIMARY KEY, "
                    f"person_ref TEXT UNIQUE, wrapped {blob}, created_at TEXT NOT NULL, "
                    "destroyed_at TEXT)"
                )
                cursor.execute(
                    f"CREATE TABLE IF NOT EXISTS {self._streams} (stream_id TEXT PRIMARY KEY, "
                    "key_id TEXT NOT NULL)"
                )
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{STREAMS_TABLE}_key_id" '
                    f"ON {self._streams} (key_id)"
                )

    def _run(self, work: Callable[[Any], T], *, commit: bool = False) -> T:
        """``work`` on a cursor in a transaction of its own, tried once more if it failed
        at once (a pooled connection the server had dropped), as the events are."""

        def attempt() -> T:
            with self._datastore.transaction(commit=commit) as cursor:
                return work(cursor)

        return once_more_if_dropped(attempt)

    def _one(self, sql: str, *args: Any) -> Any:
        def fetch(cursor: Any) -> Any:
            cursor.execute(sql, args)
            return cursor.fetchone()

        return self._run(fetch)

    def _write(self, sql: str, *args: Any) -> Any:
        def execute(cursor: Any) -> Any:
            cursor.execute(sql, args)
            return cursor.fetchone() if "RETURNING" in sql else None

        return self._run(execute, commit=True)

    def stream_key(self, stream_id: UUID) -> str | None:
        row = self._one(f"SELECT key_id FROM {self._streams} WHERE stream_id = {self._p}",
                        stream_id.hex)  # fmt: skip
        return None if row is None else str(row["key_id"])

    def bind(self, stream_id: UUID, key_id: str) -> str:
        self._write(
            f"INSERT INTO {self._streams} (stream_id, key_id) VALUES ({self._p}, "
            f"{self._p}) ON CONFLICT (stream_id) DO NOTHING",
            stream_id.hex,
            key_id,
        )
        bound = self.stream_key(stream_id)
        assert bound is not None, "a stream just bound is in the table"
        return bound

    def person_key(self, person_ref: str) -> str | None:
        row = self._one(f"SELECT key_id FROM {self._keys} WHERE person_ref = {self._p}",
                        person_ref)  # fmt: skip
        return None if row is None else str(row["key_id"])

    def add(self, key_id: str, person_ref: str, wrapped: bytes, now: datetime) -> str:
        p = self._p
        self._write(f"INSERT INTO {self._keys} (key_id, person_ref, wrapped, created_at) "
                    f"VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (person_ref) DO NOTHING",
                    key_id, person_ref, wrapped, now.isoformat())  # fmt: skip
        found = self.person_key(person_ref)
        assert found is not None, "a key just added is in the table"
        return found

    def wrapped(self, key_id: str) -> bytes | None:
        row = self._one(f"SELECT wrapped FROM {self._keys} WHERE key_id = {self._p}", key_id)
        return None if row is None or row["wrapped"] is None else bytes(row["wrapped"])

    def destroy(self, key_id: str, now: datetime) -> bool:
        p = self._p
        return self._write(f"UPDATE {self._keys} SET wrapped = NULL, person_ref = NULL, "
                           f"destroyed_at = {p} WHERE key_id = {p} AND wrapped IS NOT NULL "
                           "RETURNING key_id", now.isoformat(), key_id) is not None  # fmt: skip

    def streams(self, key_id: str) -> tuple[UUID, ...]:
        def fetch(cursor: Any) -> tuple[UUID, ...]:
            cursor.execute(f"SELECT stream_id FROM {self._streams} WHERE key_id = {self._p} "
                           "ORDER BY stream_id", (key_id,))  # fmt: skip
            return tuple(UUID(str(row["stream_id"])) for row in cursor.fetchall())

        return self._run(fetch)

    def destroyed(self) -> int:
        row = self._one(f"SELECT COUNT(*) AS n FROM {self._keys} WHERE destroyed_at IS NOT NULL")
        return int(row["n"])

    def any_held(self) -> tuple[str, bytes] | None:
        row = self._one(f"SELECT key_id, wrapped FROM {self._keys} WHERE wrapped IS NOT NULL "
                        "LIMIT 1")  # fmt: skip
        return None if row is None else (str(row["key_id"]), bytes(row["wrapped"]))


class DataKeys:
    """Each person's data key, found by their ref or by a stream sealed under it."""

    def __init__(self, wrapper: KeyWrapper | None = None,
                 clock_seconds: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.unwrapped = Unwrapped()
        self.wrapper: KeyWrapper = wrapper or self.unwrapped
        self.table: KeyTable = MemoryKeyTable()
        self._clock = clock_seconds
        self._streams: dict[UUID, str | None] = {}  # a stream's key id, which never changes
        self._keys: dict[str, tuple[bytes | None, float]] = {}  # as read, and when
        self._destroyed = 0
        self._destroyed_read = -FRESH_SECONDS
        self.erasures: list[Callable[[], None]] = []  # told when a key is seen destroyed

    # --- recording ----------------------------------------------------------------------

    def stream_key_id(self, stream_id: UUID, *, settled: bool = False) -> str | None:
        """The key id the stream is sealed under, if any. ``settled``: the stream's first
        event is stored (a later one is being recorded), so it has its key, if it will
        ever have one, and a stream without one is remembered as such."""
        if stream_id in self._streams:
            return self._streams[stream_id]
        key_id = self.table.stream_key(stream_id)
        if key_id is not None or settled:
            if len(self._streams) >= STREAMS_CACHED:
                self._streams.clear()
            self._streams[stream_id] = key_id
        return key_id

    def bind(self, stream_id: UUID, key_id: str) -> str:
        """Binds the stream to the key; the key it is bound to (another's, had another
        process bound it first)."""
        bound = self._streams.get(stream_id)
        if bound is None:
            bound = self._streams[stream_id] = self.table.bind(stream_id, key_id)
        return bound

    def person_key_id(self, person_ref: str, now: datetime) -> str:
        """The person's key id, made with a new key if they have none."""
        found = self.table.person_key(person_ref)
        if found is not None:
            return found
        key_id = uuid4().hex
        key = AESGCM.generate_key(bit_length=256)
        return self.table.add(key_id, person_ref, self.wrapper.wrap(key_id, key), now)

    def check_wrapper(self) -> None:
        """Refuses, at once, a master key that does not unwrap the keys held here (or a
        store whose keys were wrapped by one, opened without)."""
        held = self.table.any_held()
        if held is None:
            return
        try:
            key = self.wrapper.unwrap(*held)
        except Exception:
            key = b""
        if len(key) != 32:
            raise ValueError("the data master key (CARELEDGER_DATA_MASTER_KEY) does not unwrap "
                             "the data keys this store holds: is it this store's?")  # fmt: skip

    # --- reading ------------------------------------------------------------------------

    def key(self, key_id: str) -> bytes | None:
        """The key, or None once it has been destroyed."""
        now = self._clock()
        self.notice_erasures(now)
        known = self._keys.get(key_id)
        if known is not None and now - known[1] < FRESH_SECONDS:
            return known[0]
        wrapped = self.table.wrapped(key_id)
        key = None if wrapped is None else self.wrapper.unwrap(key_id, wrapped)
        if len(self._keys) >= 10_000:
            self._keys.clear()
        self._keys[key_id] = (key, now)
        return key

    def erased(self, stream_id: UUID) -> bool:
        """Whether the stream's personal data has been erased (its key destroyed)."""
        key_id = self.stream_key_id(stream_id)
        return key_id is not None and self.key(key_id) is None

    def notice_erasures(self, now: float | None = None) -> None:
        """Looks, at most once a second, for keys destroyed by any process; when there are
        new ones, forgets every key read and tells ``erasures`` (which drop what they
        hold of people's records)."""
        now = self._clock() if now is None else now
        if now - self._destroyed_read < FRESH_SECONDS:
            return
        self._destroyed_read = now
        destroyed = self.table.destroyed()
        if destroyed != self._destroyed:
            self._destroyed = destroyed
            self.forget()

    def forget(self) -> None:
        self._keys.clear()
        for told in self.erasures:
            told()

    # --- erasing ------------------------------------------------------------------------

    def destroy_key(self, key_id: str, now: datetime) -> bool:
        """Destroys a key by its id (re-applying a shred log); whether it was still held."""
        destroyed = self.table.destroy(key_id, now)
        if destroyed:
            self._destroyed_read = -FRESH_SECONDS
            self.forget()
        return destroyed


def key_table_for(recorder: Any, env: Any) -> KeyTable:
    """The key table beside the recorder's events: in its SQLite or PostgreSQL database,
    or in memory for an in-memory store."""
    datastore = getattr(recorder, "datastore", None)
    if datastore is None:
        return MemoryKeyTable()
    postgres = type(datastore).__module__.startswith("eventsourcing.postgres")
    create = str(env.get("CREATE_TABLE", "y")).lower() in ("y", "yes", "t", "true", "on", "1")
    return SqlKeyTable(datastore, postgres=postgres, create=create)
