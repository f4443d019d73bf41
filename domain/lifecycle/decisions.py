"""The rest of a plan's life: safeguarding pauses (LIFE-2), interim services while
sign-off is pending (SIGN-10), explaining unmet needs (LIFE-4), combining plans (LIFE-1)
and ending a plan (LIFE-3)."""

from dataclasses import dataclass
from datetime import date, datetime

from domain.actors import Actor
from domain.drafting import NeedMetBy
from domain.errors import refuse_if
from domain.involvement import CapacityMatter
from domain.kinds import PlanStatus
from domain.lifecycle import (
    EndReason,
    InterimService,
    OtherPlan,
    PartyAgreement,
    SafeguardingOption,
    UnmetNeedsExplanation,
)
from domain.lifecycle.rules import (
    combining_failures,
    ending_failures,
    explanation_failures,
    interim_failures,
    resumption_failures,
    safeguarding_failures,
)
from domain.notifying import ContactMethod
from domain.plan.aggregate import LIVE, STATE_MACHINE, Plan
from domain.plan.context import Context

PAUSING = frozenset({SafeguardingOption.PAUSE, SafeguardingOption.PAUSE_WITH_INTERIM_SUPPORT})
BEFORE_SIGN_OFF = frozenset(
    {
        PlanStatus.STARTED,
        PlanStatus.DRAFT,
        PlanStatus.SUBMITTED,
        PlanStatus.INFORMATION_REQUESTED,
        PlanStatus.RETURNED,
        PlanStatus.PAUSED,
    }
)

# --- safeguarding (LIFE-2) --------------------------------------------------------------


@dataclass(frozen=True)
class DecideSafeguarding:
    actor: Actor
    option: SafeguardingOption
    decided_with: tuple[str, ...]
    reasons: str
    occurred_at: datetime | None = None


class SafeguardingDecided(Plan.Decision):
    TOPIC = "careledger:Plan.SafeguardingDecided"
    class_version = 1
    option: SafeguardingOption
    decided_with: tuple[str, ...]
    reasons: str

    def evolve(self, plan: Plan) -> None:
        if self.option in PAUSING:
            plan.paused_from = plan.status
            plan.status = PlanStatus.PAUSED


def decide_safeguarding(plan: Plan, command: DecideSafeguarding, ctx: Context) -> None:
    decision = "decide how planning goes on during a safeguarding enquiry"
    plan.require_status(decision, LIVE - {PlanStatus.PAUSED}, "LIFE-2")
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += safeguarding_failures(command.decided_with, command.reasons)
    refuse_if(decision, failures)
    plan.record(
        SafeguardingDecided,
        actor=command.actor,
        occurred_at=ctx.when(command),
        option=command.option,
        decided_with=command.decided_with,
        reasons=command.reasons,
    )


@dataclass(frozen=True)
class ResumePlanning:
    actor: Actor
    reasons: str
    occurred_at: datetime | None = None


class PlanResumed(Plan.Decision):
    TOPIC = "careledger:Plan.PlanResumed"
    class_version = 1
    resumed_to: PlanStatus
    reasons: str

    def evolve(self, plan: Plan) -> None:
        plan.status = self.resumed_to
        plan.paused_from = None


def resume_planning(plan: Plan, command: ResumePlanning, ctx: Context) -> None:
    decision = "resume planning"
    plan.require_status(decision, {PlanStatus.PAUSED}, "LIFE-2")
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += resumption_failures(command.reasons)
    refuse_if(decision, failures)
    assert plan.paused_from is not None
    plan.record(
        PlanResumed,
        actor=command.actor,
        occurred_at=ctx.when(command),
        resumed_to=plan.paused_from,
        reasons=command.reasons,
    )


# --- interim services (SIGN-10) ----------------------------------------------------------


@dataclass(frozen=True)
class StartInterimServices:
    actor: Actor
    service: InterimService
    urgent_because: str
    occurred_at: datetime | None = None


class InterimServicesStarted(Plan.Decision):
    TOPIC = "careledger:Plan.InterimServicesStarted"
    class_version = 1
    service: InterimService
    urgent_because: str

    def evolve(self, plan: Plan) -> None:
        plan.interim_services = (*plan.interim_services, self.service)


def start_interim_services(plan: Plan, command: StartInterimServices, ctx: Context) -> None:
    decision = "record interim services"
    plan.require_status(decision, BEFORE_SIGN_OFF, "SIGN-10")
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += interim_failures(command.service, command.urgent_because)
    refuse_if(decision, failures)
    plan.record(
        InterimServicesStarted,
        actor=command.actor,
        occurred_at=ctx.when(command),
        service=command.service,
        urgent_because=command.urgent_because,
    )


# --- unmet needs (LIFE-4) ------------------------------------------------------------------


@dataclass(frozen=True)
class ExplainUnmetNeeds:
    actor: Actor
    explanation: UnmetNeedsExplanation
    method: ContactMethod
    occurred_at: datetime | None = None


class UnmetNeedsExplained(Plan.Decision):
    TOPIC = "careledger:Plan.UnmetNeedsExplained"
    class_version = 1
    explanation: UnmetNeedsExplanation
    method: ContactMethod

    def evolve(self, plan: Plan) -> None:
        plan.unmet_needs_explained = (*plan.unmet_needs_explained, self.explanation)


def explain_unmet_needs(plan: Plan, command: ExplainUnmetNeeds, ctx: Context) -> None:
    decision = "record the explanation of unmet needs"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    explanation = command.explanation
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += explanation_failures(
        explanation, plan.draft.needs_met_by(NeedMetBy.NOT_MET) if plan.draft else ()
    )
    refuse_if(decision, failures)
    plan.record(
        UnmetNeedsExplained,
        actor=command.actor,
        occurred_at=ctx.when(command),
        explanation=explanation,
        method=command.method,
    )


# --- combining plans (LIFE-1) -----------------------------------------------------------


@dataclass(frozen=True)
class CombinePlans:
    actor: Actor
    other_plans: tuple[OtherPlan, ...]
    agreements: tuple[PartyAgreement, ...]
    occurred_at: datetime | None = None


class PlansCombined(Plan.Decision):
    TOPIC = "careledger:Plan.PlansCombined"
    class_version = 1
    other_plans: tuple[OtherPlan, ...]
    agreements: tuple[PartyAgreement, ...]

    def evolve(self, plan: Plan) -> None:
        plan.combined_with = (*plan.combined_with, *(p.ref for p in self.other_plans))


def combine_plans(plan: Plan, command: CombinePlans, ctx: Context) -> None:
    decision = "combine plans"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += combining_failures(
        plan.kind,
        command.other_plans,
        command.agreements,
        plan.lacks_capacity(CapacityMatter.COMBINING_PLANS),
    )
    refuse_if(decision, failures)
    plan.record(
        PlansCombined,
        actor=command.actor,
        occurred_at=ctx.when(command),
        other_plans=command.other_plans,
        agreements=command.agreements,
    )


# --- ending (LIFE-3) --------------------------------------------------------------------


@dataclass(frozen=True)
class EndPlan:
    actor: Actor
    reason: EndReason
    advice_given: str = ""
    confirmed_in_writing_on: date | None = None
    alternative_services_in_place: bool = False
    alternatives: str = ""
    occurred_at: datetime | None = None


class PlanEnded(Plan.Decision):
    TOPIC = "careledger:Plan.PlanEnded"
    class_version = 1
    reason: EndReason
    advice_given: str
    confirmed_in_writing_on: date | None
    alternative_services_in_place: bool
    alternatives: str

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.ENDED


def end_plan(plan: Plan, command: EndPlan, ctx: Context) -> None:
    decision = "end the plan"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += ending_failures(
        command.reason,
        command.advice_given,
        command.confirmed_in_writing_on,
        command.alternative_services_in_place,
        command.alternatives,
    )
    refuse_if(decision, failures)
    plan.record(
        PlanEnded,
        actor=command.actor,
        occurred_at=ctx.when(command),
        reason=command.reason,
        advice_given=command.advice_given,
        confirmed_in_writing_on=command.confirmed_in_writing_on,
        alternative_services_in_place=command.alternative_services_in_place,
        alternatives=command.alternatives,
    )
