"""A plan's decision history: each event with who, when it happened, when it was
recorded, its grounds, and a sentence saying what was decided."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from audit.plain import to_plain
from domain import budgets
from domain.actors import Actor
from domain.budgets import PersonalBudget
from domain.events import event_type
from domain.plan import deciding, drafting, information, starting

# A recording made this long after the event it records is marked as backdated.
BACKDATED_AFTER = timedelta(minutes=5)

_COMMON = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "actor",
     "occurred_at", "plan_version"}
)  # fmt: skip


@dataclass(frozen=True)
class HistoryEntry:
    type: str
    aggregate: str
    version: int
    plan_version: int
    actor: Actor
    recorded_at: datetime
    occurred_at: datetime
    backdated: bool
    summary: str
    grounds: dict[str, Any]


def history_entries(events: Iterable[Any]) -> list[HistoryEntry]:
    return [entry(e) for e in events]


def entry(event: Any) -> HistoryEntry:
    is_budget = isinstance(event, PersonalBudget.Decision)
    return HistoryEntry(
        type=event_type(event),
        aggregate="budget" if is_budget else "plan",
        version=event.originator_version,
        plan_version=event.plan_version if is_budget else event.originator_version,
        actor=event.actor,
        recorded_at=event.timestamp,
        occurred_at=event.occurred_at,
        backdated=event.timestamp - event.occurred_at > BACKDATED_AFTER,
        summary=summary(event),
        grounds={k: to_plain(v) for k, v in vars(event).items() if k not in _COMMON},
    )


def summary(event: Any) -> str:
    """One sentence of what was decided and by whom (ids and roles only)."""
    role = _words(event.actor.role).replace("sign off", "sign-off")
    who = f"{role.capitalize()} {event.actor.id}"
    describe = _SENTENCES.get(type(event))
    what = describe(event) if describe else event_type(event)
    return f"{who}: {what}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _words(value: Any) -> str:
    return str(value.value).replace("_", " ")


def _started(e: starting.Started) -> str:
    return f"started a {_words(e.kind)} plan under the {_words(e.basis)}"


def _indicative_shared(e: drafting.IndicativeBudgetShared) -> str:
    return (
        f"shared an indicative budget of £{e.weekly_amount} a week with the {_words(e.shared_with)}"
    )


def _draft(e: drafting.DraftRecorded) -> str:
    d = e.draft
    return (
        f"recorded draft revision {e.revision} ({_plural(len(d.needs), 'need')}, "
        f"{_plural(len(d.outcomes), 'outcome')}, "
        f"{_plural(len(d.contingency), 'contingency entry').replace('entrys', 'entries')}), "
        f"prepared by the {_words(e.prepared_by.kind)}"
    )


def _submitted(e: drafting.Submitted) -> str:
    again = "resubmitted" if e.round > 1 else "submitted"
    justified = ", with a justification" if e.justification else ""
    return (
        f"{again} for sign-off (round {e.round}): proposed £{e.proposed_weekly} a week "
        f"against an indicative £{e.indicative_weekly}{justified}"
    )


def _information_requested(e: information.InformationRequested) -> str:
    return f"requested further information ({_plural(len(e.questions), 'question')})"


def _information_provided(e: information.InformationProvided) -> str:
    return f"provided the information ({_plural(len(e.evidence_refs), 'piece')} of evidence)"


def _returned(e: deciding.Returned) -> str:
    reasons = "; ".join(_words(r) for r in e.reasons)
    return (
        f"returned the plan to {e.returned_to} (round {e.round}): {reasons}, with "
        f"{_plural(len(e.suggested_steps), 'suggested step')}; the {_words(e.notice.recipient)} "
        "is to be told why and of their right to complain"
    )


def _signed_off(e: deciding.SignedOff) -> str:
    dp = ", direct payment agreed" if e.direct_payment else ""
    return f"signed the plan off (round {e.round}) at £{e.final_weekly} a week{dp}"


def _opened(_: budgets.Opened) -> str:
    return "opened the personal budget"


def _indicative_set(e: budgets.IndicativeSet) -> str:
    return f"set the indicative budget at £{e.weekly_amount} a week by {_words(e.method)}"


def _costed(e: budgets.ProposedCosted) -> str:
    method = e.costing.split.method
    managed = f", managed as {_words(method)}" if method else ""
    return (
        f"costed the proposed budget at £{e.weekly_cost} a week "
        f"(total plan cost £{e.total_plan_cost}){managed}"
    )


def _agreed(e: budgets.FinalAgreed) -> str:
    c = e.contributions
    return (
        f"agreed the final budget at £{e.cost} a week: the person pays £{c.person}, "
        f"the authority £{c.authority}"
    )


_SENTENCES: dict[type[Any], Callable[[Any], str]] = {
    starting.Started: _started,
    drafting.IndicativeBudgetShared: _indicative_shared,
    drafting.DraftRecorded: _draft,
    drafting.Submitted: _submitted,
    information.InformationRequested: _information_requested,
    information.InformationProvided: _information_provided,
    deciding.Returned: _returned,
    deciding.SignedOff: _signed_off,
    budgets.Opened: _opened,
    budgets.IndicativeSet: _indicative_set,
    budgets.ProposedCosted: _costed,
    budgets.FinalAgreed: _agreed,
}
