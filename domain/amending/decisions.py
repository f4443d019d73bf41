"""Amending a signed-off plan (AMD-1..5). While an amendment is prepared and signed off
again, the signed-off version stays in force (COMP-2)."""

from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor
from domain.amending import AmendmentInProgress, AmendmentRequest, SignOffRoute
from domain.amending.rules import (
    agreement_failures,
    consultation_failures,
    decision_failures,
    open_request_failures,
    refusal_failures,
    request_failures,
)
from domain.errors import refuse_if
from domain.kinds import PlanStatus
from domain.notifying import Notice, Recipient
from domain.plan.aggregate import Plan
from domain.plan.context import Context


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
    failures += request_failures(request, {r.ref for r in plan.amendment_requests})
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
    failures += consultation_failures(
        _open_request(plan, command.request_ref), command.consulted, command.view
    )
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
    failures = plan.timing(command.occurred_at, ctx.now) + open_request_failures(request)
    if request is None:
        refuse_if(decision, failures)
    assert request is not None
    failures += decision_failures(
        request, plan.kind, request.ref in plan.consulted_on, command.agree, command.reasons
    )
    common = {"actor": command.actor, "occurred_at": ctx.when(command), "request": request}
    if command.agree:
        plan.require_status(decision, {PlanStatus.SIGNED_OFF}, "AMD-2")
        failures += agreement_failures(
            command.route, command.circulate_to_original_recipients, command.circulation_note
        )
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
    failures += refusal_failures(request, command.right_to_complain)
    refuse_if(decision, failures)
    notice = Notice("amendment_refused", plan.next_version, command.notify, True)
    plan.record(AmendmentRefused, reasons=command.reasons, notice=notice, **common)


def _open_request(plan: Plan, ref: str) -> AmendmentRequest | None:
    return next((r for r in plan.amendment_requests if r.ref == ref), None)
