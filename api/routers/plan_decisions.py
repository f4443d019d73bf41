"""``POST`` one route per decision, from one table, each answered by a
``DecisionEndpoint`` (``api.decision_endpoint``), and their part of the OpenAPI document.
Every decision on an existing plan needs ``If-Match`` with the version it was made on; the
answer's ``ETag`` is the new version."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from api.access import PURPOSE_MAX
from api.decision_endpoint import ETAG_PATTERN, DecisionCheck, DecisionEndpoint
from api.openapi import COMMAND_PROBLEMS, START_PROBLEMS
from api.schemas import (
    amending,
    budget_after,
    involvement,
    lifecycle,
    notifying,
    paying,
    reviewing,
    sharing,
)
from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN, CommandBody
from api.schemas.deciding import (
    AskForInformationRequest,
    InformationRequest,
    ReturnRequest,
    SignOffRequest,
)
from api.schemas.drafting import (
    IndicativeBudgetRequest,
    RecordDraftRequest,
    SubmitRequest,
)
from api.schemas.planning import StartPlanRequest
from domain.decisions import DECISIONS, DecisionRule
from domain.rules.authority import CROSS_TEAM_GROUNDS, PLANNERS


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
    DecisionRoute("information-request", AskForInformationRequest,
                  "Ask the practitioner for more before deciding (SIGN-5)"),
    DecisionRoute("information", InformationRequest, "Provide the information requested"),
    DecisionRoute("return", ReturnRequest, "Return the plan with reasons and steps (RET-1)"),
    DecisionRoute("sign-off", SignOffRequest, "Sign off and agree the final budget"),
    DecisionRoute("involvement", involvement.InvolvementRequest,
                  "Record who is involved in planning (INV-1..3)", "people"),
    DecisionRoute("capacity", involvement.CapacityRequest, "Record a capacity finding (INV-4)",
                  "people"),
    DecisionRoute("best-interests", involvement.BestInterestsRequest,
                  "Record a best-interests decision (INV-4)", "people"),
    DecisionRoute("notifications", notifying.NotificationRequest,
                  "Record that someone was told of a decision (NOT-1, NOT-3, RET-3)", "people"),
    DecisionRoute("copies", notifying.CopyRequest,
                  "Record a copy of the plan given (NOT-2, NOT-4, NOT-5)", "people"),
    DecisionRoute("sharing-preference", sharing.SharingPreferenceRequest,
                  "Record what the person wants a carer to see (SHR-1)", "sharing"),
    DecisionRoute("share-requests", sharing.AskToShareRequest,
                  "Record a request to share the plan", "sharing"),
    DecisionRoute("share-requests/{ref}/decision", sharing.ShareDecisionRequest,
                  "Share in full or in part, or decline (SHR-1..5)", "sharing"),
    DecisionRoute("amendment-requests", amending.AskToAmendRequest,
                  "Record a request to amend (AMD-1)", "amendments"),
    DecisionRoute("amendment-requests/{ref}/consultation", amending.ConsultationRequest,
                  "Record that the person was consulted (AMD-1)", "amendments"),
    DecisionRoute("amendment-requests/{ref}/decision", amending.AmendmentDecisionRequest,
                  "Agree or refuse an amendment (AMD-2..5)", "amendments"),
    DecisionRoute("review-requests", reviewing.AskForReviewRequest,
                  "Record a request for an unplanned review (REV-3)", "reviews"),
    DecisionRoute("reviews", reviewing.ReviewRequest, "Record a completed review (REV-2)",
                  "reviews"),
    DecisionRoute("monitoring", reviewing.MonitoringRequest,
                  "Record monitoring arrangements (REV-5)", "reviews"),
    DecisionRoute("payee-necessity", paying.PayeeNecessityRequest,
                  "Record that paying a partner or household relative is necessary (DP-6)",
                  "direct payments"),
    DecisionRoute("care-home-stays", paying.CareHomeStayRequest,
                  "Record a care-home stay (DP-7)", "direct payments"),
    DecisionRoute("direct-payment-start", paying.DirectPaymentStartRequest,
                  "Record the first direct payment (DP-8)", "direct payments"),
    DecisionRoute("direct-payment-reviews", paying.DirectPaymentReviewRequest,
                  "Record a direct-payment review (DP-8)", "direct payments"),
    DecisionRoute("budget-challenges", budget_after.ChallengeRequest,
                  "Record a challenge to the budget's sufficiency (BUD-14)", "budget"),
    DecisionRoute("budget-challenges/{ref}/answer", budget_after.ChallengeAnswerRequest,
                  "Answer a challenge (BUD-14)", "budget"),
    DecisionRoute("independent-budget", budget_after.IndependentBudgetRequest,
                  "Record an independent personal budget for a self-funder (BUD-12)", "budget"),
    DecisionRoute("safeguarding", lifecycle.SafeguardingRequest,
                  "Decide how planning goes on during a safeguarding enquiry (LIFE-2)", "life"),
    DecisionRoute("resumption", lifecycle.ResumptionRequest, "Resume paused planning (LIFE-2)",
                  "life"),
    DecisionRoute("interim-services", lifecycle.InterimServicesRequest,
                  "Record interim services while sign-off is pending (SIGN-10)", "life"),
    DecisionRoute("unmet-needs-explanation", lifecycle.UnmetNeedsRequest,
                  "Record the explanation of needs not met (LIFE-4)", "life"),
    DecisionRoute("combination", lifecycle.CombinationRequest, "Combine plans (LIFE-1)", "life"),
    DecisionRoute("end", lifecycle.EndRequest, "End the plan (LIFE-3)", "life"),
)  # fmt: skip


def roles_for(route: DecisionRoute) -> DecisionRule:
    """Who may make the decision: the domain's own table."""
    return DECISIONS[route.body.command]


def body_models() -> tuple[type[CommandBody], ...]:
    """Every decision's body, for the OpenAPI document's schemas."""
    return (StartPlanRequest, *(route.body for route in ROUTES))


def decision_routes(checks: Sequence[DecisionCheck] = ()) -> list[tuple[str, DecisionEndpoint]]:
    """Every decision's path and endpoint; ``checks`` run before each decision's own."""
    given = tuple(checks)
    routes = [("/plans", DecisionEndpoint(StartPlanRequest, PLANNERS, "start a plan",
                                          on_plan=False, checks=given))]  # fmt: skip
    for route in ROUTES:
        rule = roles_for(route)
        endpoint = DecisionEndpoint(route.body, rule.roles, route.summary, rule.rule,
                                    has_ref="{ref}" in route.path, checks=given)  # fmt: skip
        routes.append((f"/plans/{{plan_id}}/{route.path}", endpoint))
    return routes


def decision_operations() -> dict[str, dict[str, Any]]:
    """The decisions' paths in the OpenAPI document, as FastAPI would describe them."""
    paths = {"/plans": {"post": {
        "tags": ["decisions"], "summary": "Start a plan (and open its personal budget)",
        "operationId": "start_plan", **_documented("", StartPlanRequest, on_plan=False),
        "responses": _responses(201, START_PROBLEMS)}}}  # fmt: skip
    for route in ROUTES:
        paths[f"/plans/{{plan_id}}/{route.path}"] = {"post": {
            "tags": [route.tag], "summary": route.summary,
            "operationId": route.path.replace("/", "_").replace("{ref}", "ref").replace("-", "_"),
            **_documented(route.path, route.body, on_plan=True),
            "responses": _responses(200, COMMAND_PROBLEMS)}}  # fmt: skip
    return paths


def _responses(status: int, problems: dict[int | str, dict[str, Any]]) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/DecisionPublic"}
    answered = {"description": "Decided", "content": {"application/json": {"schema": schema}}}
    return {str(status): answered, **{str(code): why for code, why in problems.items()}}


REF_SCHEMA = {"type": "string", "maxLength": REF_MAX_LENGTH, "pattern": REF_PATTERN}


def _documented(route_path: str, body: type[CommandBody], on_plan: bool) -> dict[str, Any]:
    """What the endpoint reads, for the OpenAPI document: it reads the request itself,
    so FastAPI cannot see it in the signature."""
    parameters: list[dict[str, Any]] = []
    if on_plan:
        parameters.append(_parameter("plan_id", "path", {"type": "string", "format": "uuid"}))
    if "{ref}" in route_path:
        parameters.append(_parameter("ref", "path", REF_SCHEMA))
    if on_plan:
        parameters.append(_parameter(
            "if-match", "header", {"type": "string", "pattern": ETAG_PATTERN},
            'The plan version the decision is made on, as in the ETag: "3".'))  # fmt: skip
    parameters += [
        _parameter("Idempotency-Key", "header", REF_SCHEMA,
                   "Makes a retry safe: the same key and body get the first answer.",
                   required=False),
        _parameter("x-acting-role", "header", {"type": "string"},
                   "Which role to act in, when the token grants several.", required=False),
        _parameter("X-Cross-Team", "header", {"type": "string", "enum": list(CROSS_TEAM_GROUNDS)},
                   "Deciding on another team's plan where the local policy keeps the role to "
                   "its own team: the ground, with the reason in X-Purpose (both logged).",
                   required=False),
        _parameter("X-Purpose", "header", {"type": "string", "maxLength": PURPOSE_MAX},
                   "Why, with X-Cross-Team.", required=False),
    ]  # fmt: skip
    schema = {"$ref": f"#/components/schemas/{body.__name__}"}
    return {
        "security": [{"HTTPBearer": []}],
        "parameters": parameters,
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
    }


def _parameter(name: str, where: str, schema: dict[str, Any], description: str = "",
               required: bool = True) -> dict[str, Any]:  # fmt: skip
    parameter = {"name": name, "in": where, "required": required, "schema": schema}
    return {**parameter, "description": description} if description else parameter
