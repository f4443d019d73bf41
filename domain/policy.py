"""The authority's local policy, from configuration: who may sign off what (SIGN-7), and
the notice before a budget reduction takes effect (BUD-15). Limits route decisions to a
higher level; they never cap a budget (BUD-13)."""

from dataclasses import dataclass, field
from decimal import Decimal

WEEKS_A_YEAR = 52


@dataclass(frozen=True)
class AuthorityLevel:
    """A level of sign-off authority; ``None`` limits mean no limit (the panel)."""

    name: str
    weekly_limit: Decimal | None = None
    annual_limit: Decimal | None = None
    panel: bool = False

    def covers(self, weekly_cost: Decimal) -> bool:
        within_week = self.weekly_limit is None or weekly_cost <= self.weekly_limit
        annual = weekly_cost * WEEKS_A_YEAR
        within_year = self.annual_limit is None or annual <= self.annual_limit
        return within_week and within_year

    def describe_limit(self) -> str:
        limits = []
        if self.weekly_limit is not None:
            limits.append(f"£{self.weekly_limit} a week")
        if self.annual_limit is not None:
            limits.append(f"£{self.annual_limit} a year")
        return " and ".join(limits) or "no limit"


@dataclass(frozen=True)
class DelegationScheme:
    """Levels in ascending order of authority; the last must have no limit."""

    levels: tuple[AuthorityLevel, ...]

    def __post_init__(self) -> None:
        if not self.levels:
            raise ValueError("a delegation scheme needs at least one level")
        if self.levels[-1].weekly_limit is not None or self.levels[-1].annual_limit is not None:
            raise ValueError("the highest level must have no limit, so no budget is capped")
        if len({lvl.name for lvl in self.levels}) != len(self.levels):
            raise ValueError("level names must be unique")

    def level(self, name: str | None) -> AuthorityLevel | None:
        return next((lvl for lvl in self.levels if lvl.name == name), None)

    def rank(self, level: AuthorityLevel) -> int:
        return self.levels.index(level)

    def required_for(self, weekly_cost: Decimal) -> AuthorityLevel:
        return next(lvl for lvl in self.levels if lvl.covers(weekly_cost))

    @property
    def panel(self) -> AuthorityLevel | None:
        return next((lvl for lvl in self.levels if lvl.panel), None)


DEFAULT_SCHEME = DelegationScheme(
    (
        AuthorityLevel("team_manager", Decimal("600.00"), Decimal("31200.00")),
        AuthorityLevel("head_of_service", Decimal("1200.00"), Decimal("62400.00")),
        AuthorityLevel("approval_panel", panel=True),
    )
)


@dataclass(frozen=True)
class Policy:
    delegation: DelegationScheme = field(default=DEFAULT_SCHEME)
    reduction_notice_weeks: int = 4
    # CNT-7: whether this authority charges for items of equipment over £1,000.
    charges_for_equipment_over_1000: bool = False
    # Whether practitioners and line managers read and decide only their own team's plans
    # (others with a cross-team reason, logged).
    team_scoped: bool = False
    # KEEP-1: how many years a person's records are kept after their care ended (their
    # last plan ended, or they died), before they are due to be destroyed.
    retention_years: int = 8
