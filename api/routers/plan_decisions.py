"""``POST`` one endpoint per decision, from one table. Every decision on an existing plan
needs ``If-Match`` with the version it was made on; the answer's ``ETag`` is the new
version."""

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Request, Response

from api.dependencies import IfMatchDep, allow, desk_of, planning_of
from api.idempotency import IdempotencyKeyDep, request_key
from api.openapi import COMMAND_PROBLEMS, START_PROBLEMS
from api.schemas import changes, life, people
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN, CommandBody, DecisionPublic
from api.schemas.decisions import (
    InformationRequest,
    InformationRequestRequest,
    ReturnRequest,
    SignOffRequest,
    SubmitRequest,
)
from api.schemas.draft import RecordDraftRequest
from api.schemas.planning import IndicativeBudgetRequest, StartPlanRequest
from domain.actors import Actor
from domain.application import DecisionRequest, Recorded
from domain.plan import DECISIONS, DecisionRule
from domain.rules.authority import PLANNERS

router = APIRouter(prefix="/plans", tags=["decisions"])

PathRef = Annotated[str, Path(max_length=REF_MAX_LENGTH, pattern=REF_PATTERN)]


@dataclass(frozen=True)
class DecisionRoute:
    path: str  # under /plans/{plan_id}/
    body: type[CommandBody]
    summary: str
    tag: str = "decisions"


ROUTES: tuple[DecisionRoute, ...] = (
    DecisionRoute("indicative-budget", IndicativeBudgetRequest,
                  "Set the indicative budget and share it with the person (BUD-2)"),
    DecisionRoute("draft", RecordDraftRequest, "Record or revise the draft and its costing"),
    DecisionRoute("submission", SubmitRequest, "Submit or resubmit the draft for sign-off"),
    DecisionRoute("information-request", InformationRequestRequest,
                  "Ask the practitioner for more before deciding (SIGN-5)"),
    DecisionRoute("information", InformationRequest, "Provide the information requested"),
    DecisionRoute("return", ReturnRequest, "Return the plan with reasons and steps (RET-1)"),
    DecisionRoute("sign-off", SignOffRequest, "Sign off and agree the final budget"),
    DecisionRoute("involvement", people.InvolvementRequest,
                  "Record who is involved in planning (INV-1..3)", "people"),
    DecisionRoute("capacity", people.CapacityRequest, "Record a capacity finding (INV-4)",
                  "people"),
    DecisionRoute("best-interests", people.BestInterestsRequest,
                  "Record a best-interests decision (INV-4)", "people"),
    DecisionRoute("notifications", people.NotificationRequest,
                  "Record that someone was told of a decision (NOT-1, NOT-3, RET-3)", "people"),
    DecisionRoute("copies", people.CopyRequest,
                  "Record a copy of the plan given (NOT-2, NOT-4, NOT-5)", "people"),
    DecisionRoute("sharing-preference", people.SharingPreferenceRequest,
                  "Record what the person wants a carer to see (SHR-1)", "sharing"),
    DecisionRoute("share-requests", people.ShareRequestRequest,
                  "Record a request to share the plan", "sharing"),
    DecisionRoute("share-requests/{ref}/decision", people.ShareDecisionRequest,
                  "Share in full or in part, or decline (SHR-1..5)", "sharing"),
    DecisionRoute("amendment-requests", changes.AmendmentRequestRequest,
                  "Record a request to amend (AMD-1)", "amendments"),
    DecisionRoute("amendment-requests/{ref}/consultation", changes.ConsultationRequest,
                  "Record that the person was consulted (AMD-1)", "amendments"),
    DecisionRoute("amendment-requests/{ref}/decision", changes.AmendmentDecisionRequest,
                  "Agree or refuse an amendment (AMD-2..5)", "amendments"),
    DecisionRoute("review-requests", changes.ReviewRequestRequest,
                  "Record a request for an unplanned review (REV-3)", "reviews"),
    DecisionRoute("reviews", changes.ReviewRequest, "Record a completed review (REV-2)",
                  "reviews"),
    DecisionRoute("monitoring", changes.MonitoringRequest,
                  "Record monitoring arrangements (REV-5)", "reviews"),
    DecisionRoute("payee-necessity", changes.PayeeNecessityRequest,
                  "Record that paying a partner or household relative is necessary (DP-6)",
                  "direct payments"),
    DecisionRoute("care-home-stays", changes.CareHomeStayRequest,
                  "Record a care-home stay (DP-7)", "direct payments"),
    DecisionRoute("direct-payment-start", changes.DirectPaymentStartRequest,
                  "Record the first direct payment (DP-8)", "direct payments"),
    DecisionRoute("direct-payment-reviews", changes.DirectPaymentReviewRequest,
                  "Record a direct-payment review (DP-8)", "direct payments"),
    DecisionRoute("budget-challenges", changes.ChallengeRequest,
                  "Record a challenge to the budget's sufficiency (BUD-14)", "budget"),
    DecisionRoute("budget-challenges/{ref}/answer", changes.ChallengeAnswerRequest,
                  "Answer a challenge (BUD-14)", "budget"),
    DecisionRoute("independent-budget", changes.IndependentBudgetRequest,
                  "Record an independent personal budget for a self-funder (BUD-12)", "budget"),
    DecisionRoute("safeguarding", life.SafeguardingRequest,
                  "Decide how planning goes on during a safeguarding enquiry (LIFE-2)", "life"),
    DecisionRoute("resumption", life.ResumptionRequest, "Resume paused planning (LIFE-2)",
                  "life"),
    DecisionRoute("interim-services", life.InterimServicesRequest,
                  "Record interim services while sign-off is pending (SIGN-10)", "life"),
    DecisionRoute("unmet-needs-explanation", life.UnmetNeedsRequest,
                  "Record the explanation of needs not met (LIFE-4)", "life"),
    DecisionRoute("combination", life.CombinationRequest, "Combine plans (LIFE-1)", "life"),
    DecisionRoute("end", life.EndRequest, "End the plan (LIFE-3)", "life"),
)  # fmt: skip


def decided(recorded: Recorded, status: int = 200, **headers: str) -> Response:
    """The answer to a decision, its new version as the ETag and its place in the event
    log as ``X-Position`` (pass it as ``after`` to a queue or report to see the decision
    there). Built directly: the body is three fields, and checking it against the schema
    again would cost more than making it."""
    body = DecisionPublic.of(recorded).model_dump_json().encode()
    return Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={
            "ETag": f'"{recorded.version}"',
            "X-Position": str(recorded.position),
            **headers,
        },
    )


@router.post(
    "",
    status_code=201,
    summary="Start a plan (and open its personal budget)",
    responses=START_PROBLEMS,
    response_model=DecisionPublic,
)
async def start_plan(
    body: StartPlanRequest,
    actor: Annotated[Actor, Depends(allow(PLANNERS, "start a plan"))],
    request: Request,
    idempotency_key: IdempotencyKeyDep = None,
) -> Response:
    key = request_key(idempotency_key, request.url.path, body, actor)
    start = partial(planning_of(request).start_plan, body.to_command(actor), key)
    recorded = await desk_of(request).run(start)
    return decided(recorded, 201, Location=f"/plans/{recorded.plan_id}")


def _endpoint(route: DecisionRoute) -> Any:
    """One endpoint per route, admitting the roles the domain's table names; the store
    is called once, off the event loop."""
    body_type: Any = route.body
    rule = roles_for(route)
    Decider = Annotated[Actor, Depends(allow(rule.roles, route.summary, rule.rule))]
    if "{ref}" in route.path:

        async def decide_on_ref(
            plan_id: UUID,
            ref: PathRef,
            body: body_type,
            actor: Decider,
            version: IfMatchDep,
            request: Request,
            idempotency_key: IdempotencyKeyDep = None,
        ) -> Response:
            key = request_key(idempotency_key, request.url.path, body, actor)
            decision = DecisionRequest(plan_id, version, body.to_command(actor, ref), key)
            return decided(await desk_of(request).decide(decision))

        return decide_on_ref

    async def decide_on_plan(
        plan_id: UUID,
        body: body_type,
        actor: Decider,
        version: IfMatchDep,
        request: Request,
        idempotency_key: IdempotencyKeyDep = None,
    ) -> Response:
        key = request_key(idempotency_key, request.url.path, body, actor)
        decision = DecisionRequest(plan_id, version, body.to_command(actor), key)
        return decided(await desk_of(request).decide(decision))

    return decide_on_plan


def roles_for(route: DecisionRoute) -> DecisionRule:
    """Who may make the decision: the domain's own table."""
    return DECISIONS[route.body.command]


for _route in ROUTES:
    router.add_api_route(
        f"/{{plan_id}}/{_route.path}",
        _endpoint(_route),
        methods=["POST"],
        summary=_route.summary,
        name=_route.body.__name__,
        operation_id=_route.path.replace("/", "_").replace("{ref}", "ref").replace("-", "_"),
        tags=[_route.tag],
        response_model=DecisionPublic,
        responses=COMMAND_PROBLEMS,
    )
