"""Loads the demo cases into a store through the same request schemas the API uses."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

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

Decide = Callable[[CarePlanning, UUID, int, Any], Recorded]

# path segment -> (request body, application method)
DECISIONS: dict[str, tuple[type[Any], Decide]] = {
    "indicative-budget": (IndicativeBudgetRequest, CarePlanning.set_indicative_budget),
    "draft": (RecordDraftRequest, CarePlanning.record_draft),
    "submission": (SubmitRequest, CarePlanning.submit),
    "information-request": (InformationRequestRequest, CarePlanning.request_information),
    "information": (InformationRequest, CarePlanning.provide_information),
    "return": (ReturnRequest, CarePlanning.return_to_practitioner),
    "sign-off": (SignOffRequest, CarePlanning.sign_off),
}


def actor_of(step: Step) -> Actor:
    return Actor(step.actor[0], Role(step.actor[1]))


def load_case(planning: CarePlanning, case: Case) -> Recorded:
    first, *rest = case.steps
    assert first.decision == "start"
    recorded = planning.start_plan(
        StartPlanRequest.model_validate(first.body).to_command(actor_of(first))
    )
    for step in rest:
        body_class, decide = DECISIONS[step.decision]
        command = body_class.model_validate(step.body).to_command(actor_of(step))
        recorded = decide(planning, recorded.plan_id, recorded.version, command)
    return recorded
