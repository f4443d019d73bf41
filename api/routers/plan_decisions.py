"""``POST`` one endpoint per decision. Every decision on an existing plan needs
``If-Match`` with the version it was made on; the answer's ``ETag`` is the new version."""

from uuid import UUID

from fastapi import APIRouter, Response

from api.dependencies import ActorDep, IfMatchDep, PlanningDep
from api.schemas.common import DecisionPublic
from api.schemas.decisions import (
    InformationRequest,
    InformationRequestRequest,
    ReturnRequest,
    SignOffRequest,
    SubmitRequest,
)
from api.schemas.draft import RecordDraftRequest
from api.schemas.planning import IndicativeBudgetRequest, StartPlanRequest
from domain.application import Recorded

router = APIRouter(prefix="/plans", tags=["decisions"])


def decided(response: Response, recorded: Recorded) -> DecisionPublic:
    response.headers["ETag"] = f'"{recorded.version}"'
    return DecisionPublic.of(recorded)


@router.post("", status_code=201, summary="Start a plan (and open its personal budget)")
def start_plan(
    body: StartPlanRequest, planning: PlanningDep, actor: ActorDep, response: Response
) -> DecisionPublic:
    recorded = planning.start_plan(body.to_command(actor))
    response.headers["Location"] = f"/plans/{recorded.plan_id}"
    return decided(response, recorded)


@router.post("/{plan_id}/indicative-budget", summary="Set and share the indicative budget")
def set_indicative_budget(
    plan_id: UUID,
    body: IndicativeBudgetRequest,
    planning: PlanningDep,
    actor: ActorDep,
    version: IfMatchDep,
    response: Response,
) -> DecisionPublic:
    recorded = planning.decide(plan_id, version, body.to_command(actor))
    return decided(response, recorded)


@router.post("/{plan_id}/draft", summary="Record or revise the draft and its costing")
def record_draft(
    plan_id: UUID,
    body: RecordDraftRequest,
    planning: PlanningDep,
    actor: ActorDep,
    version: IfMatchDep,
    response: Response,
) -> DecisionPublic:
    recorded = planning.decide(plan_id, version, body.to_command(actor))
    return decided(response, recorded)


@router.post("/{plan_id}/submission", summary="Submit (or resubmit) the draft for sign-off")
def submit(
    plan_id: UUID,
    body: SubmitRequest,
    planning: PlanningDep,
    actor: ActorDep,
    version: IfMatchDep,
    response: Response,
) -> DecisionPublic:
    recorded = planning.decide(plan_id, version, body.to_command(actor))
    return decided(response, recorded)


@router.post("/{plan_id}/information-request", summary="Ask the practitioner for more")
def request_information(
    plan_id: UUID,
    body: InformationRequestRequest,
    planning: PlanningDep,
    actor: ActorDep,
    version: IfMatchDep,
    response: Response,
) -> DecisionPublic:
    recorded = planning.decide(plan_id, version, body.to_command(actor))
    return decided(response, recorded)


@router.post("/{plan_id}/information", summary="Provide the information requested")
def provide_information(
    plan_id: UUID,
    body: InformationRequest,
    planning: PlanningDep,
    actor: ActorDep,
    version: IfMatchDep,
    response: Response,
) -> DecisionPublic:
    recorded = planning.decide(plan_id, version, body.to_command(actor))
    return decided(response, recorded)


@router.post("/{plan_id}/return", summary="Return the plan with reasons and suggested steps")
def return_plan(
    plan_id: UUID,
    body: ReturnRequest,
    planning: PlanningDep,
    actor: ActorDep,
    version: IfMatchDep,
    response: Response,
) -> DecisionPublic:
    recorded = planning.decide(plan_id, version, body.to_command(actor))
    return decided(response, recorded)


@router.post("/{plan_id}/sign-off", summary="Sign the plan off and agree the final budget")
def sign_off(
    plan_id: UUID,
    body: SignOffRequest,
    planning: PlanningDep,
    actor: ActorDep,
    version: IfMatchDep,
    response: Response,
) -> DecisionPublic:
    recorded = planning.decide(plan_id, version, body.to_command(actor))
    return decided(response, recorded)
