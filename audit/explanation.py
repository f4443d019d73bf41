"""How a personal budget was decided, in plain English, from the events alone (CONS-2):
the indicative amount and how it was worked out, each costing and why it changed, the
final amount and who pays it, what others pay beside it, and later reductions and
challenges."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from domain.budget import Costing, LineItem
from domain.budget import aggregate as budgets
from domain.budget_after import decisions as budget_after
from domain.deciding import decisions as deciding
from domain.drafting import decisions as drafting


@dataclass(frozen=True)
class Explanation:
    paragraphs: tuple[str, ...]


def _words(value: Any) -> str:
    return str(value.value).replace("_", " ")


def _day(event: Any) -> str:
    return f"{event.occurred_at:%-d %B %Y}"


def _line(item: LineItem) -> str:
    per = "" if item.frequency.value == "weekly" else f" {_words(item.frequency)}"
    return f"{item.service}: {item.units} at £{item.unit_cost}{per} (£{item.weekly_cost} a week)"


def _costing(costing: Costing) -> str:
    lines = "; ".join(_line(i) for i in costing.line_items)
    text = f"{lines}. In all, £{costing.weekly_cost} a week"
    method = costing.split.method
    if method is not None:
        text += f", managed as {_words(method)}"
    return text + "."


def _beside(costing: Costing) -> str:
    if not costing.beside_budget:
        return ""
    paid = "; ".join(
        f"£{b.weekly_amount} a week paid by {b.paid_by} for {b.description}"
        for b in costing.beside_budget
    )
    return (
        f" Beside your budget, and not part of it: {paid}. The whole plan costs "
        f"£{costing.total_plan_cost} a week."
    )


def explain(events: Iterable[Any]) -> Explanation:
    paragraphs: list[str] = []
    indicative_seen = False
    for e in events:
        if isinstance(e, budgets.IndicativeSet):
            verb = "revised" if indicative_seen else "set"
            indicative_seen = True
            assumptions = "; ".join(e.cost_assumptions)
            paragraphs.append(
                f"On {_day(e)} your indicative budget was {verb} at £{e.weekly_amount} a week, "
                f"worked out by {_words(e.method)} on these assumptions: {assumptions}."
            )
        elif isinstance(e, budgets.ProposedCosted):
            paragraphs.append(f"On {_day(e)} your draft plan was costed: {_costing(e.costing)}")
        elif isinstance(e, drafting.Submitted) and e.justification is not None:
            paragraphs.append(
                f"The plan cost £{e.proposed_weekly} a week, more than the indicative "
                f"£{e.indicative_weekly}, because: {e.justification.rationale}"
            )
        elif isinstance(e, deciding.Returned):
            reasons = ", ".join(_words(r) for r in e.reasons)
            paragraphs.append(
                f"On {_day(e)} the plan was not signed off ({reasons}): {e.explanation}. "
                f"Suggested: {'; '.join(e.suggested_steps)}."
            )
        elif isinstance(e, deciding.SignedOff) and e.reduction is not None:
            r = e.reduction
            paragraphs.append(
                f"Your budget was reduced to £{e.final_weekly} a week from "
                f"{r.takes_effect_on:%-d %B %Y}, after notice given on "
                f"{r.notice_given_on:%-d %B %Y}, because {r.explanation}."
            )
        elif isinstance(e, budgets.FinalAgreed):
            c = e.contributions
            paragraphs.append(
                f"On {_day(e)} your final personal budget was agreed at £{e.cost} a week, the "
                f"cost of meeting your needs as planned: you pay £{c.person} and the council "
                f"pays £{c.authority}.{_beside(e.costing)}"
            )
        elif isinstance(e, budget_after.BudgetChallenged):
            paragraphs.append(f"On {_day(e)} the amount was challenged: {e.grounds}.")
        elif isinstance(e, budget_after.ChallengeAnswered):
            paragraphs.append(
                f"On {_day(e)} the challenge was answered ({_words(e.outcome)}): {e.response}."
            )
    return Explanation(tuple(paragraphs))
