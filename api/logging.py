"""structlog set-up and the decision log: ids only, never names, notes or free text."""

import logging
import re
import sys
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.persistence import Recording

from domain.events import event_type

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_threshold = logging.INFO  # the level configured last


def configure_logging(log_format: str = "json", level: str = "info") -> None:
    global _threshold
    _threshold = _LEVELS.get(level, logging.ERROR)
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(_threshold),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )


def event_name(domain_event: object) -> str:
    """``Plan.SignedOff`` -> ``plan.signed_off``; ``PersonalBudget.FinalAgreed`` ->
    ``budget.final_agreed``."""
    owner, _, name = event_type(domain_event).partition(".")
    owner = "budget" if owner == "PersonalBudget" else owner.lower()
    return f"{owner}.{re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()}"


def log_decisions(recordings: Sequence[Recording[UUID]]) -> None:
    """One line per recorded decision event (nothing worked out when info is not logged)."""
    if _threshold > logging.INFO:
        return
    log = structlog.get_logger("careledger.decisions")
    for recording in recordings:
        e: Any = recording.domain_event
        actor = getattr(e, "actor", None)
        if actor is None:
            continue  # not a decision: a keyed request's answer, say
        log.info(
            event_name(e),
            aggregate_id=str(e.originator_id),
            version=e.originator_version,
            position=recording.notification.id,
            actor_id=actor.id,
            actor_role=actor.role.value,
        )
