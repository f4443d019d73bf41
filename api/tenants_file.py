"""The authorities one deployment serves (decision 0011), read from a TOML file with
clear errors: each authority's own store, policy, staff directory and keys, as settings
that replace the deployment's for that authority alone.

    [authorities.north-council]
    postgres_schema = "north"                 # its events; its read models in north_views
    sqlite_path = "/srv/careledger/north.sqlite"
    policy_file = "/etc/careledger/north/policy.toml"
    directory_file = "/etc/careledger/north/directory.toml"  # its own staff
    audit_signing_key_file = "/etc/careledger/north/audit.pem"
    data_master_key = "..."                   # careledger data-master-key
    shred_log_file = "/var/log/careledger/north-shred-log.jsonl"

Whatever an authority does not set is the deployment's setting, except where two
authorities would then share a store, a staff directory, a key or a log: each must name
its own.
"""

import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from api.settings import Settings

AuthorityId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class _Authority(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sqlite_path: Path | None = None
    views_sqlite_path: Path | None = None
    postgres_schema: str | None = Field(None, min_length=1, max_length=40,
                                        pattern=r"^[a-z_][a-z0-9_]*$")  # fmt: skip
    views_postgres_schema: str | None = Field(None, min_length=1, max_length=50,
                                              pattern=r"^[a-z_][a-z0-9_]*$")  # fmt: skip
    policy_file: Path | None = None
    directory_file: Path | None = None
    audit_signing_key_file: Path | None = None
    audit_dev_key_file: Path | None = None
    audit_origin: str | None = Field(None, min_length=1, max_length=200, pattern=r"^[^\s+]+$")
    data_master_key: SecretStr | None = None
    shred_log_file: Path | None = None


class _TenantsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    authorities: dict[AuthorityId, _Authority] = Field(min_length=1)


def authority_settings(settings: Settings) -> dict[str, Settings]:
    """Each authority the deployment serves, with its settings: the one
    ``CARELEDGER_AUTHORITY`` names when there is no tenants file. Raises ``ValueError``
    naming what is wrong with the file."""
    if settings.tenants_file is None:
        return {settings.authority: settings}
    try:
        with settings.tenants_file.open("rb") as file:
            parsed = _TenantsFile.model_validate(tomllib.load(file))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as error:
        raise ValueError(f"the tenants file {settings.tenants_file}: {error}") from error
    found = {}
    for authority, own in parsed.authorities.items():
        changed = own.model_dump(exclude_none=True)
        found[authority] = settings.model_copy(update={**changed, "authority": authority})
    _each_their_own(settings, found)
    return found


def _each_their_own(settings: Settings, found: dict[str, Settings]) -> None:
    """Refuses two authorities sharing a store (events or read models), a staff directory,
    a signing key or the name its checkpoints are signed under, a data master key, or a
    shred log. A local policy may be shared."""
    each = found.values()
    store = "postgres_schema" if settings.store == "postgres" else "sqlite_path"
    owned = {
        store: [getattr(s, store) for s in each],
        "read models' store": [s.views_schema if s.store == "postgres" else s.views_path
                               for s in each],
        "directory_file": [s.directory_file for s in each],
        "audit signing key": [s.audit_signing_key_file or s.audit_dev_key_file for s in each],
        "audit_origin": [s.audit_origin or f"careledger.local/{s.authority}" for s in each],
        "data_master_key": [s.data_master_key.get_secret_value() for s in each
                            if s.data_master_key is not None],
        "shred_log_file": [s.shred_log_file for s in each],
    }  # fmt: skip
    for name, values in owned.items():
        if settings.store == "memory" and name in (store, "read models' store"):
            continue
        if len(set(values)) != len(values):
            raise ValueError(f"the tenants file: each authority needs its own {name}")


def chosen_authority(settings: Settings) -> Settings:
    """The settings of the authority a command is for: the one ``CARELEDGER_AUTHORITY``
    names (among the tenants file's, where there is one)."""
    found = authority_settings(settings)
    if settings.authority not in found:
        raise ValueError(f"CARELEDGER_AUTHORITY is {settings.authority!r}, which the tenants "
                         f"file does not list; it lists {', '.join(sorted(found))}")  # fmt: skip
    return found[settings.authority]
