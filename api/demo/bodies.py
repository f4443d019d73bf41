"""Builders for the steps of a plan's life, as the request bodies the API takes: the one
set the demo, the end-to-end tests and the domain tests (``tests/builders.py`` turns these
bodies into domain objects through the same schemas) build plans with.

Each returns a complete, valid body; a caller gives what its plan says differently.
Amounts and dates are strings, as JSON carries them.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from domain.deciding import SignOffQuestion

Body = dict[str, Any]


def today() -> date:
    return datetime.now(UTC).date()


def days_from_today(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


# --- starting and the indicative budget ---------------------------------------------------


def start(person_ref: str, team: str, kind: str = "care_and_support", basis: str = "duty") -> Body:
    return {"kind": kind, "basis": basis, "person_ref": person_ref, "team": team}


def indicative(
    weekly_amount: str,
    *cost_assumptions: str,
    method: str = "resource_allocation_system",
    shared_with: str = "person",
    shared_how: str = "explained at a home visit",
) -> Body:
    return {
        "weekly_amount": weekly_amount,
        "method": method,
        "cost_assumptions": list(cost_assumptions),
        "shared_with": shared_with,
        "shared_how": shared_how,
    }


# --- the draft and its costing --------------------------------------------------------------


def need(
    ref: str, description: str, met_by: str = "authority", how_met: str = "", eligible: bool = True
) -> Body:
    body: Body = {"ref": ref, "description": description, "eligible": eligible, "met_by": met_by}
    return {**body, "how_met": how_met} if how_met else body


def outcome(ref: str, description: str, *need_refs: str, area: str | None = None) -> Body:
    body: Body = {"ref": ref, "description": description, "need_refs": list(need_refs)}
    return {**body, "area": area} if area else body


def contingency() -> list[Body]:
    return [
        {
            "risk": "the home care provider cannot cover a visit",
            "likely_harm": "missed personal care and medication",
            "proactive_measures": "a second provider is registered in advance",
            "reactive_measures": "the duty team arranges an emergency visit",
        }
    ]


def line(
    service: str,
    provider_type: str,
    units: str,
    unit_cost: str,
    *need_refs: str,
    frequency: str = "weekly",
    category: str = "service",
) -> Body:
    return {
        "service": service,
        "provider_type": provider_type,
        "units": units,
        "unit_cost": unit_cost,
        "frequency": frequency,
        "category": category,
        "need_refs": list(need_refs),
    }


def home_care_line(hours: str, rate: str = "24.50", needs: Iterable[str] = ("N1",)) -> Body:
    return line("home care visits", "home_care_agency", hours, rate, *needs)


def draft(
    needs: list[Body],
    outcomes: list[Body],
    lines: list[Body],
    split: Body,
    *,
    prevention_advice: str = "",
    review_arrangements: str = "review at six weeks",
    contingency_plan: list[Body] | None = None,
    more_draft: Body | None = None,
    **more_costing: Any,
) -> Body:
    """The body of ``/draft``: the draft's content and its costing. ``more_draft`` adds to
    the draft (carers, replacement care), ``more_costing`` to the costing (a direct
    payment, amounts beside the budget)."""
    content: Body = {
        "needs": needs,
        "outcomes": outcomes,
        "contingency": contingency() if contingency_plan is None else contingency_plan,
        "prevention_advice": prevention_advice,
        "review_arrangements": review_arrangements,
        **(more_draft or {}),
    }
    return {"draft": content, "costing": {"line_items": lines, "split": split, **more_costing}}


# --- submission, questions and returns --------------------------------------------------


def justification(
    strengths_based_approach: str = "family support is used first",
    options_explored: str = "home care, a day service and assistive technology",
    rationale: str = "home care is the only option available each morning",
    prevention_options: str = "the falls clinic and befriending were explored",
) -> Body:
    return {
        "strengths_based_approach": strengths_based_approach,
        "options_explored": options_explored,
        "rationale": rationale,
        "prevention_options": prevention_options,
    }


def submission(justified: Body | None = None) -> Body:
    return {"justification": justified} if justified else {}


def resubmission(days: int = 14, told_how: str = "phone") -> Body:
    """A resubmission gives the person a new timeframe for sign-off (RET-4)."""
    return {"timeframe": {"decision_expected_by": days_from_today(days), "told_how": told_how}}


def information_request(*questions: str) -> Body:
    return {"questions": list(questions)}


def information(response: str, *evidence_refs: str) -> Body:
    return {"response": response, "evidence_refs": list(evidence_refs)}


def return_plan(
    explanation: str,
    *suggested_steps: str,
    reasons: Iterable[str] = ("insufficient_information",),
    notify: str = "person",
) -> Body:
    return {
        "reasons": list(reasons),
        "explanation": explanation,
        "suggested_steps": list(suggested_steps),
        "notify": notify,
        "right_to_complain": True,
    }


# --- sign-off -----------------------------------------------------------------------------


def criteria(
    appropriate: str = "meets the eligible needs",
    reviewable: str = "outcomes can be reviewed",
    best_use: str = "least costly suitable option",
) -> Body:
    return {
        "appropriate_and_proportionate": {"met": True, "reasoning": appropriate},
        "clear_outcomes_for_review": {"met": True, "reasoning": reviewable},
        "best_use_of_resources": {"met": True, "reasoning": best_use},
    }


def direct_payment_checks(*conditions: Body, **outcomes: str) -> Body:
    """The four checks (DP-1), each satisfied unless given, and any conditions (DP-2)."""
    names = (
        "recipient_can_manage",
        "no_household_relative_paid",
        "care_home_within_four_weeks",
        "no_rehabilitation_order",
    )
    checks = {name: outcomes.get(name, "satisfied") for name in names}
    return {"checks": checks, "conditions": list(conditions)}


def sign_off(
    person: str,
    authority: str,
    direct_payment: Body | None = None,
    *,
    starts_on: date | None = None,
    first_review_weeks: int = 6,
    criteria_met: Body | None = None,
    preferences_and_wellbeing: str = "the person's preferred times and routine are kept",
    notify: str = "person",
) -> Body:
    """Signed off with the final contributions; services start on ``starts_on`` (today
    unless given) and the first review falls ``first_review_weeks`` later (REV-1)."""
    start_on = starts_on or today()
    body: Body = {
        "criteria": criteria_met or criteria(),
        "preferences_and_wellbeing": preferences_and_wellbeing,
        "answers": {q.value: {"answer": "yes"} for q in SignOffQuestion},
        "contributions": {"person": person, "authority": authority},
        "notify": notify,
        "services_start_on": start_on.isoformat(),
        "first_review_on": (start_on + timedelta(weeks=first_review_weeks)).isoformat(),
    }
    if direct_payment is not None:
        body["direct_payment"] = direct_payment
    return body


# --- after sign-off -------------------------------------------------------------------------


def told(plan_version: int, method: str = "phone", told_whom: str = "person", **more: Any) -> Body:
    """That someone was told of the decision at ``plan_version`` (NOT-1)."""
    return {"plan_version": plan_version, "told": told_whom, "method": method, **more}


def copy(plan_version: int, recipient_ref: str, method: str = "letter") -> Body:
    """A copy of a signed-off version given to the person (NOT-2, NOT-5)."""
    return {
        "plan_version": plan_version,
        "recipient": "person",
        "recipient_ref": recipient_ref,
        "method": method,
    }


def share_request(ref: str, recipient: str, recipient_ref: str, requested_by: str) -> Body:
    request = {
        "ref": ref,
        "recipient": recipient,
        "recipient_ref": recipient_ref,
        "requested_by": requested_by,
    }
    return {"request": request}


def amendment_request(ref: str, requester_ref: str, summary: str) -> Body:
    request = {
        "ref": ref,
        "requested_by": "person",
        "requester_ref": requester_ref,
        "summary": summary,
    }
    return {"request": request}
