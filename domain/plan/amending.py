"""Amending a signed-off plan (AMD-1..5). While an amendment is prepared and signed off
again, the signed-off version stays in force (COMP-2)."""

from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor
from domain.amendment import (
    AmendmentInProgress,
    AmendmentRequest,
    AmendmentRequester,
    SignOffRoute,
)
from domain.errors import Failure, refuse_if
from domain.kinds import PlanKind, PlanStatus
from domain.notifying import Notice, Recipient
from domain.plan.aggregate import Plan
from domain.plan.context import Context
from domain.rules.text import blank


@dataclass(frozen=True)
class RequestAmendment:
    actor: Actor
    request: AmendmentRequest
    occurred_at: datetime | None = None


class AmendmentRequested(Plan.Decision):
    TOPIC = "careledger:Plan.AmendmentRequested"
    class_version = 1
    request: AmendmentRequest

    def evolve(self, plan: Plan) -> None:
        plan.amendment_requests = (*plan.amendment_requests, self.request)


def request_amendment(plan: Plan, command: RequestAmendment, ctx: Context) -> None:
    decision = "record a request to amend"
    plan.require_signed_off(decision, "AMD-1")
    request = command.request
    failures = plan.timing(command.occurred_at, ctx.now)
    if blank(request.ref) or any(r.ref == request.ref for r in plan.amendment_requests):
        failures.append(Failure("AMD-1", "request.ref", "needs a ref not used by an open request"))
    for name in ("requester_ref", "summary"):
        if blank(getattr(request, name)):
            failures.append(Failure("AMD-1", f"request.{name}", "must not be blank"))
    refuse_if(decision, failures)
    plan.record(
        AmendmentRequested, actor=command.actor, occurred_at=ctx.when(command), request=request
    )


@dataclass(frozen=True)
class ConsultPerson:
    actor: Actor
    request_ref: str
    consulted: Recipient
    view: str
    occurred_at: datetime | None = None


class PersonConsulted(Plan.Decision):
    TOPIC = "careledger:Plan.PersonConsulted"
    class_version = 1
    request_ref: str
    consulted: Recipient
    view: str

    def evolve(self, plan: Plan) -> None:
        plan.consulted_on = plan.consulted_on | {self.request_ref}


def consult_person(plan: Plan, command: ConsultPerson, ctx: Context) -> None:
    decision = "record that the person was consulted"
    failures = plan.timing(command.occurred_at, ctx.now)
    if _open_request(plan, command.request_ref) is None:
        failures.append(Failure("AMD-1", "request_ref", "no open request has this ref"))
    if command.consulted not in (Recipient.PERSON, Recipient.REPRESENTATIVE):
        failures.append(
            Failure("AMD-1", "consulted", "the person, or their representative, is consulted")
        )
    if blank(command.view):
        failures.append(Failure("AMD-1", "view", "record what they said"))
    refuse_if(decision, failures)
    plan.record(
        PersonConsulted,
        actor=command.actor,
        occurred_at=ctx.when(command),
        request_ref=command.request_ref,
        consulted=command.consulted,
        view=command.view,
    )


@dataclass(frozen=True)
class DecideAmendment:
    actor: Actor
    request_ref: str
    agree: bool
    reasons: str
    route: SignOffRoute | None = None
    circulate_to_original_recipients: bool = True
    circulation_note: str = ""
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = False
    occurred_at: datetime | None = None


class AmendmentAgreed(Plan.Decision):
    """Opens a new draft to be signed off again, by the route recorded (AMD-2)."""

    TOPIC = "careledger:Plan.AmendmentAgreed"
    class_version = 1
    request: AmendmentRequest
    route: SignOffRoute
    reasons: str
    circulate_to_original_recipients: bool
    circulation_note: str

    def evolve(self, plan: Plan) -> None:
        plan.amendment_requests = tuple(r for r in plan.amendment_requests if r != self.request)
        plan.amendment = AmendmentInProgress(
            self.request.ref, self.route, self.circulate_to_original_recipients
        )
        plan.status = PlanStatus.AMENDING


class AmendmentRefused(Plan.Decision):
    TOPIC = "careledger:Plan.AmendmentRefused"
    class_version = 1
    request: AmendmentRequest
    reasons: str
    notice: Notice

    def evolve(self, plan: Plan) -> None:
        plan.amendment_requests = tuple(r for r in plan.amendment_requests if r != self.request)
        plan.notices = (*plan.notices, self.notice)


def decide_amendment(plan: Plan, command: DecideAmendment, ctx: Context) -> None:
    decision = "decide a request to amend"
    plan.require_signed_off(decision, "AMD-1")
    request = _open_request(plan, command.request_ref)
    failures = plan.timing(command.occurred_at, ctx.now)
    if request is None:
        failures.append(Failure("AMD-1", "request_ref", "no open request has this ref"))
        refuse_if(decision, failures)
    assert request is not None
    if _asked_by_someone_else(plan, request) and request.ref not in plan.consulted_on:
        failures.append(
            Failure("AMD-1", "request_ref", "someone else asked: consult the person first")
        )
    if blank(command.reasons):
        failures.append(Failure("AMD-4" if not command.agree else "AMD-2", "reasons",
                                "must not be blank"))  # fmt: skip
    common = {"actor": command.actor, "occurred_at": ctx.when(command), "request": request}
    if command.agree:
        plan.require_status(decision, {PlanStatus.SIGNED_OFF}, "AMD-2")
        failures += _agreement_failures(command)
        refuse_if(decision, failures)
        assert command.route is not None
        plan.record(
            AmendmentAgreed,
            route=command.route,
            reasons=command.reasons,
            circulate_to_original_recipients=command.circulate_to_original_recipients,
            circulation_note=command.circulation_note,
            **common,
        )
        return
    if request.changes_management_method:
        failures.append(
            Failure("AMD-5", "agree", "how the budget is managed may be changed at any time")
        )
    if not command.right_to_complain:
        failures.append(
            Failure("COMP-1", "right_to_complain", "a refusal is told with the right to complain")
        )
    refuse_if(decision, failures)
    notice = Notice("amendment_refused", plan.next_version, command.notify, True)
    plan.record(AmendmentRefused, reasons=command.reasons, notice=notice, **common)


def _agreement_failures(command: DecideAmendment) -> list[Failure]:
    failures = []
    if command.route is None:
        failures.append(
            Failure("AMD-2", "route", "say whether the amended plan has a light or full sign-off")
        )
    if not command.circulate_to_original_recipients and blank(command.circulation_note):
        failures.append(
            Failure(
                "AMD-3",
                "circulation_note",
                "the amended plan goes to everyone who had the original unless the person "
                "asked otherwise: record what they asked",
            )
        )
    return failures


def _open_request(plan: Plan, ref: str) -> AmendmentRequest | None:
    return next((r for r in plan.amendment_requests if r.ref == ref), None)


def _asked_by_someone_else(plan: Plan, request: AmendmentRequest) -> bool:
    own = AmendmentRequester.CARER if plan.kind is PlanKind.CARER_SUPPORT else None
    return request.requested_by not in (AmendmentRequester.PERSON, own)
