"""The signer asks the practitioner for more before deciding (SIGN-5)."""

from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor
from domain.errors import Failure, refuse_if
from domain.kinds import PlanStatus
from domain.plan.aggregate import Plan
from domain.plan.context import Context
from domain.rules.text import blank


@dataclass(frozen=True)
class RequestInformation:
    actor: Actor
    questions: tuple[str, ...]
    occurred_at: datetime | None = None


class InformationRequested(Plan.Decision):
    TOPIC = "careledger:Plan.InformationRequested"
    class_version = 1
    questions: tuple[str, ...]

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.INFORMATION_REQUESTED
        plan.open_questions = self.questions


def request_information(plan: Plan, command: RequestInformation, ctx: Context) -> None:
    decision = "request information"
    plan.require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-5")
    failures = plan.timing(command.occurred_at, ctx.now) + plan.independence(command.actor)
    if not command.questions or any(blank(q) for q in command.questions):
        failures.append(
            Failure("SIGN-5", "questions", "say what information is needed, question by question")
        )
    refuse_if(decision, failures)
    plan.record(
        InformationRequested,
        actor=command.actor,
        occurred_at=ctx.when(command),
        questions=command.questions,
    )


@dataclass(frozen=True)
class ProvideInformation:
    actor: Actor
    response: str
    evidence_refs: tuple[str, ...] = ()
    occurred_at: datetime | None = None


class InformationProvided(Plan.Decision):
    TOPIC = "careledger:Plan.InformationProvided"
    class_version = 1
    response: str
    evidence_refs: tuple[str, ...]

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.SUBMITTED
        plan.open_questions = ()


def provide_information(plan: Plan, command: ProvideInformation, ctx: Context) -> None:
    decision = "provide information"
    plan.require_status(decision, {PlanStatus.INFORMATION_REQUESTED}, "SIGN-5")
    failures = plan.timing(command.occurred_at, ctx.now)
    if blank(command.response):
        failures.append(Failure("SIGN-5", "response", "must answer the request"))
    refuse_if(decision, failures)
    plan.record(
        InformationProvided,
        actor=command.actor,
        occurred_at=ctx.when(command),
        response=command.response,
        evidence_refs=command.evidence_refs,
    )
