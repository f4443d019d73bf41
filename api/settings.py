"""One settings class, read from ``CARELEDGER_*`` environment variables."""

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from api.policy_file import DEFAULT_POLICY_FILE


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARELEDGER_", extra="ignore")

    store: Literal["sqlite", "memory"] = "sqlite"
    sqlite_path: Path = Path("var/careledger.sqlite")
    sqlite_lock_timeout_seconds: int = 10
    host: str = "127.0.0.1"
    port: int = 8000
    policy_file: Path = DEFAULT_POLICY_FILE
    log_format: Literal["json", "console"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    def eventsourcing_env(self) -> dict[str, str]:
        """The event store's configuration, in the library's own variables."""
        if self.store == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(self.sqlite_path),
            "SQLITE_LOCK_TIMEOUT": str(self.sqlite_lock_timeout_seconds),
        }
