"""Reads the authority's local policy from a TOML file, with clear errors."""

import tomllib
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from domain.policy import AuthorityLevel, DelegationScheme, Policy

DEFAULT_POLICY_FILE = Path(__file__).with_name("policy.toml")


class _Level(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64)
    weekly_limit: Decimal | None = Field(default=None, ge=0)
    annual_limit: Decimal | None = Field(default=None, ge=0)
    panel: bool = False


class _Delegation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    levels: list[_Level] = Field(min_length=1)


class _PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reduction_notice_weeks: int = Field(default=4, ge=0, le=52)
    charges_for_equipment_over_1000: bool = False
    team_scoped: bool = False
    retention_years: int = Field(default=8, ge=1, le=100)
    delegation: _Delegation


def load_policy(path: Path = DEFAULT_POLICY_FILE) -> Policy:
    """The policy in ``path``; raises ``ValueError`` naming what is wrong with it."""
    with path.open("rb") as file:
        parsed = _PolicyFile.model_validate(tomllib.load(file))
    scheme = DelegationScheme(
        tuple(AuthorityLevel(**lvl.model_dump()) for lvl in parsed.delegation.levels)
    )
    return Policy(
        delegation=scheme,
        reduction_notice_weeks=parsed.reduction_notice_weeks,
        charges_for_equipment_over_1000=parsed.charges_for_equipment_over_1000,
        team_scoped=parsed.team_scoped,
        retention_years=parsed.retention_years,
    )
