"""One settings class, read from ``CARELEDGER_*`` environment variables."""

from pathlib import Path
from typing import Literal
from uuid import uuid4

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.directory_file import DEFAULT_DIRECTORY_FILE
from api.policy_file import DEFAULT_POLICY_FILE


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARELEDGER_", extra="ignore")

    store: Literal["sqlite", "postgres", "memory"] = "sqlite"
    sqlite_path: Path = Path("var/careledger.sqlite")
    sqlite_lock_timeout_seconds: int = 10
    postgres_host: str = "127.0.0.1"
    postgres_port: int = 5432
    postgres_dbname: str = "careledger"
    postgres_user: str = "careledger"
    postgres_password: SecretStr = SecretStr("")
    postgres_schema: str = "careledger"
    postgres_lock_timeout_seconds: int = 5
    postgres_connect_timeout_seconds: int = 2
    postgres_pool_size: int = 5
    postgres_max_overflow: int = 10
    # A query before each use of a pooled connection, to find one the server has dropped.
    # Off: it is a round trip per transaction, and the store library already retries a
    # statement that meets a dropped connection, on a new one.
    postgres_pre_ping: bool = False
    cipher_key: SecretStr | None = None  # AES-GCM key for event payloads; `careledger cipher-key`
    # The master key that wraps each person's data key in the key table (KEEP-2); without
    # one (development only) the data keys are kept unwrapped. `careledger data-master-key`.
    data_master_key: SecretStr | None = None
    # The shred log (KEEP-3): each data key destroyed, kept apart from the store and its
    # backups (another disk or service), to apply again to a store restored from a backup.
    shred_log_file: Path = Path("var/shred-log.jsonl")
    # Threads a worker makes its decisions in (``api.group_commit``), each saving the decisions
    # waiting for it in one transaction. One makes the largest batches: on SQLite more
    # only queue on its one writer's lock, and on PostgreSQL on the events table's lock
    # (more workers are the way to use more cores).
    decision_threads: int = Field(1, ge=1)
    # Whether this process creates the tables it needs (if not there). `serve` creates
    # them once, then starts its workers and follower with false: on PostgreSQL several
    # processes issuing the same DDL at once can fail with "tuple concurrently updated".
    create_tables: bool = True
    policy_file: Path = DEFAULT_POLICY_FILE
    directory_file: Path = DEFAULT_DIRECTORY_FILE
    # Read models (queues and reports): their own SQLite file (by default beside the
    # events', with "-views" added), or their own PostgreSQL schema in the same database
    # (by default the events' schema with "_views" added).
    views_sqlite_path: Path | None = None
    views_postgres_schema: str | None = None
    # Who keeps them up to date: "process", one process `careledger serve` starts beside
    # its workers (an app started another way keeps them in a thread); "thread", each API
    # process in a thread of its own; "external", `careledger projections run`, started
    # and supervised apart (production).
    projections: Literal["process", "thread", "external"] = "process"
    # the setting it replaced: refused, so that a deployment that set it to false (and
    # runs `careledger projections run` apart) does not start a second follower
    projections_in_process: str | None = None
    projection_batch_size: int = 1000
    # How far `careledger projections run` lowers its CPU priority while it follows (its
    # nice value goes up by this): under load the decisions come first and the read
    # models catch up in the time left. 0 keeps it level with the workers.
    projection_nice: int = Field(5, ge=0, le=19)
    projection_poll_seconds: float = 0.5
    # How long a read asked to see a given decision (`?after=`) waits for the read model.
    read_your_writes_seconds: float = 2.0
    # How long `serve` gives each of several workers to answer its health checks, starting
    # included, before it replaces it (uvicorn's own default is 5: too short on a busy
    # machine, where importing the service can take longer).
    worker_healthcheck_seconds: int = Field(30, ge=1, le=600)
    # Notifications and copies not given within this many days are late in the reports.
    notice_within_days: int = 5
    # Serving with development keys (a token secret and an audit signing key made under
    # ./var/ beside the store): `serve` refuses them unless this says so (or --development).
    development: bool = False
    # Signed checkpoints of the integrity record: the Ed25519 key (PEM), and how often.
    # Without a key one is made for development in `audit_dev_key_file`.
    audit_signing_key_file: Path | None = None
    audit_dev_key_file: Path = Path("var/dev-audit-key.pem")
    # The log's name: the first line of every checkpoint and the name of its signature
    # (a schema-less URL, no spaces or '+'); careledger.local/<authority> if not set.
    audit_origin: str | None = Field(None, min_length=1, max_length=200, pattern=r"^[^\s+]+$")
    # Witnesses whose cosignatures of checkpoints are accepted: their note verifier keys
    # (``name+id+key``, as `careledger witness init` prints them), separated by commas;
    # and how many of them `audit verify` requires on a checkpoint (0: none required).
    audit_witnesses: str = ""
    audit_witness_threshold: int = Field(0, ge=0, le=16)
    checkpoint_every_events: int = 1000
    checkpoint_every_seconds: float = 3600.0
    jwt_algorithm: Literal["HS256", "RS256", "EdDSA"] = "HS256"
    jwt_secret: SecretStr | None = None
    jwt_public_key_file: Path | None = None
    jwt_private_key_file: Path | None = None
    # The authority whose records this service keeps: a token must name it in its
    # ``authority`` claim (a token for another council's staff is refused, 403).
    authority: str = Field("demo-council", min_length=1, max_length=64)
    # Several authorities served by one deployment, each with a store and keys of its own
    # (decision 0011): the file listing them (`api/tenants_file.py`). Without it, the one
    # authority above.
    tenants_file: Path | None = None
    # Sign-in to the pages through the authority's identity provider (OpenID Connect,
    # the authorisation code flow with PKCE): its issuer URL (its discovery document is
    # at <issuer>/.well-known/openid-configuration), this service's client id and secret
    # there, the ID token claims naming the staff id and the role, and the address the
    # provider sends the reader back to (this service's /pages/sign-in/callback).
    oidc_issuer: str | None = Field(None, pattern=r"^https?://\S+$")
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_staff_claim: str = "sub"
    oidc_role_claim: str = "careledger_role"
    # the ID token claim naming the reader's authority, where the deployment serves several
    oidc_authority_claim: str = "careledger_authority"
    oidc_redirect_url: str | None = Field(None, pattern=r"^https?://\S+$")
    jwt_issuer: str = "careledger"
    jwt_audience: str = "careledger-api"
    jwt_dev_secret_file: Path = Path("var/dev-jwt-secret")
    host: str = "127.0.0.1"
    port: int = 8000
    log_format: Literal["json", "console"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("projections_in_process")
    @classmethod
    def _replaced(cls, value: str | None) -> None:
        if value is not None:
            raise ValueError("no longer read: set CARELEDGER_PROJECTIONS to process (one "
                             "follower beside the workers), thread or external")  # fmt: skip

    def eventsourcing_env(self) -> dict[str, str]:
        """The event store's configuration, in the library's own variables. Each is also
        given under the application's prefix (``CARELEDGER_POSTGRES_SCHEMA``), which the
        library reads first: the process's own ``CARELEDGER_*`` settings would otherwise
        pick the store, whichever authority these settings are for."""
        plain = {**self._store_env(), **self._cipher_env(), **self._tables_env(),
                 **self._data_keys_env()}  # fmt: skip
        return {**plain, **{f"CARELEDGER_{key}": value for key, value in plain.items()}}

    def _data_keys_env(self) -> dict[str, str]:
        if self.data_master_key is None:
            return {}
        return {"DATA_MASTER_KEY": self.data_master_key.get_secret_value()}

    def _tables_env(self) -> dict[str, str]:
        return {"CREATE_TABLE": "y" if self.create_tables else "n"}

    def _cipher_env(self) -> dict[str, str]:
        """Payloads encrypted at rest when a key is set; ids and topics stay readable."""
        if self.cipher_key is None:
            return {}
        return {
            "CIPHER_TOPIC": "eventsourcing.cipher:AESCipher",
            "CIPHER_KEY": self.cipher_key.get_secret_value(),
        }

    def _store_env(self) -> dict[str, str]:
        if self.store == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.store == "postgres":
            return {
                # the library's PostgreSQL store, refusing promptly while the server is away
                "PERSISTENCE_MODULE": "store.postgres:ServicePostgresFactory",
                "POSTGRES_HOST": self.postgres_host,
                "POSTGRES_PORT": str(self.postgres_port),
                "POSTGRES_DBNAME": self.postgres_dbname,
                "POSTGRES_USER": self.postgres_user,
                "POSTGRES_PASSWORD": self.postgres_password.get_secret_value(),
                "POSTGRES_SCHEMA": self.postgres_schema,
                "POSTGRES_LOCK_TIMEOUT": str(self.postgres_lock_timeout_seconds),
                "POSTGRES_CONNECT_TIMEOUT": str(self.postgres_connect_timeout_seconds),
                "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
                "POSTGRES_MAX_OVERFLOW": str(self.postgres_max_overflow),
                "POSTGRES_PRE_PING": "y" if self.postgres_pre_ping else "n",
                # the locking insert path, whatever the process environment says: with
                # the library's stored functions, commit order is not notification order
                # and the runners could skip an event
                "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
                "CARELEDGER_POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            }
        self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(self.sqlite_path),
            "SQLITE_LOCK_TIMEOUT": str(self.sqlite_lock_timeout_seconds),
        }

    @property
    def views_schema(self) -> str:
        return self.views_postgres_schema or f"{self.postgres_schema}_views"

    @property
    def views_path(self) -> Path:
        default = self.sqlite_path.with_name(f"{self.sqlite_path.stem}-views.sqlite")
        return self.views_sqlite_path or default

    def views_env(self) -> dict[str, str]:
        """Where the read models keep their tables and positions."""
        if self.store == "postgres":  # a pool each read model: one connection kept open
            return {**self._store_env(), "POSTGRES_SCHEMA": self.views_schema,
                    "POSTGRES_POOL_SIZE": "1", **self._tables_env()}  # fmt: skip
        if self.store == "memory":  # one in-memory database, shared by this process
            name = f"file:careledger-views-{uuid4().hex}?mode=memory&cache=shared"
            return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": name}
        self.views_path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(self.views_path),
            "SQLITE_LOCK_TIMEOUT": str(self.sqlite_lock_timeout_seconds),
            **self._tables_env(),
        }

    def prepare_store(self) -> None:
        """PostgreSQL tables go in their own schemas, which must exist first."""
        if self.store != "postgres":
            return
        import psycopg  # here: the command line's light commands never load it
        from psycopg import sql

        with psycopg.connect(
            host=self.postgres_host,
            port=self.postgres_port,
            dbname=self.postgres_dbname,
            user=self.postgres_user,
            password=self.postgres_password.get_secret_value(),
            connect_timeout=self.postgres_connect_timeout_seconds,
            autocommit=True,
        ) as conn:
            for schema in (self.postgres_schema, self.views_schema):
                conn.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
                )
