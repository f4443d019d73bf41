"""When a decision happened in the world (``occurred_at``) against when it is recorded."""

from datetime import UTC, datetime

from domain.errors import Failure

RULE = "DESIGN-occurred-at"


def occurred_at_failures(
    occurred_at: datetime | None, now: datetime, plan_started: datetime | None
) -> list[Failure]:
    """A decision may be recorded late, never ahead of time, and never before its plan
    began."""
    if occurred_at is None:
        return []
    if occurred_at.tzinfo is None or occurred_at.utcoffset() is None:
        return [Failure(RULE, "occurred_at", "must carry a time zone (UTC offset)")]
    try:
        occurred_at.astimezone(UTC)
    except OverflowError:
        return [Failure(RULE, "occurred_at", "is outside the instants UTC can hold")]
    if occurred_at > now:
        return [Failure(RULE, "occurred_at", f"{occurred_at.isoformat()} is in the future")]
    if plan_started is not None and occurred_at < plan_started:
        return [
            Failure(
                RULE,
                "occurred_at",
                f"{occurred_at.isoformat()} is before the plan started "
                f"({plan_started.isoformat()})",
            )
        ]
    return []
