"""The Plan aggregate (``aggregate``) and its decisions, one module per part of a plan's
life. ``DECISIONS`` maps each command type to the function that decides it; importing
this package registers every plan event's topic."""

from typing import Any

from domain.plan import deciding, drafting, information, starting
from domain.plan.aggregate import LastReturn, Plan
from domain.plan.context import Context, Decide

DECISIONS: dict[type[Any], Decide] = {
    drafting.SetIndicativeBudget: drafting.share_indicative_budget,
    drafting.RecordDraft: drafting.record_draft,
    drafting.Submit: drafting.submit,
    information.RequestInformation: information.request_information,
    information.ProvideInformation: information.provide_information,
    deciding.ReturnPlan: deciding.return_to_practitioner,
    deciding.SignOff: deciding.sign_off,
}

__all__ = ["DECISIONS", "Context", "LastReturn", "Plan", "starting"]
