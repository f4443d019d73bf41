"""Loads the demo cases into a store through the same request schemas the API uses."""

from typing import Any

from api.demo_cases import Case, Step
from api.schemas.decisions import (
    InformationRequest,
    InformationRequestRequest,
    ReturnRequest,
    SignOffRequest,
    SubmitRequest,
)
from api.schemas.draft import RecordDraftRequest
from api.schemas.planning import IndicativeBudgetRequest, StartPlanRequest
from domain.actors import Actor, Role
from domain.application import CarePlanning, Recorded

# path segment -> request body
DECISIONS: dict[str, type[Any]] = {
    "indicative-budget": IndicativeBudgetRequest,
    "draft": RecordDraftRequest,
    "submission": SubmitRequest,
    "information-request": InformationRequestRequest,
    "information": InformationRequest,
    "return": ReturnRequest,
    "sign-off": SignOffRequest,
}


def actor_of(step: Step) -> Actor:
    level = step.actor[2] if len(step.actor) > 2 else None
    return Actor(step.actor[0], Role(step.actor[1]), authority_level=level)


def load_case(planning: CarePlanning, case: Case) -> Recorded:
    first, *rest = case.steps
    assert first.decision == "start"
    recorded = planning.start_plan(
        StartPlanRequest.model_validate(first.body).to_command(actor_of(first))
    )
    for step in rest:
        command = DECISIONS[step.decision].model_validate(step.body).to_command(actor_of(step))
        recorded = planning.decide(recorded.plan_id, recorded.version, command)
    return recorded
