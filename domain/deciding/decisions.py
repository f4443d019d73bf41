"""The sign-off decision: return with reasons (RET-1, RET-3, COMP-1) or sign off and
agree the final budget (SIGN-1..6, DP-1..5, BUD-3..5, BUD-9)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.actors import Actor
from domain.amending import SignOffRoute
from domain.budget import Costing
from domain.budget.rules import contributions_failures, reduction_failures
from domain.deciding import (
    Agreement,
    Answer,
    AuthorityRelied,
    ConditionKind,
    Contributions,
    DirectPaymentDecision,
    PanelDecision,
    Reduction,
    ReturnReason,
    SignOffCriteria,
)
from domain.deciding.rules import (
    answers_failures,
    criteria_failures,
    direct_payment_failures,
    preferences_failures,
    questions_failures,
    response_failures,
    return_failures,
)
from domain.errors import Failure, refuse_if
from domain.involvement import PartyKind
from domain.kinds import PlanKind, PlanStatus
from domain.notifying import CopyDue, CopyRecipient, Notice, Recipient
from domain.paying.rules import payee_failures
from domain.plan.aggregate import LastReturn, Plan
from domain.plan.context import Context
from domain.reviewing import ReviewOutcome
from domain.reviewing.rules import first_review_failures
from domain.rules.authority import sign_off_authority
from domain.sharing import CarerCopy

# --- return with reasons --------------------------------------------------------------


# --- asking for information (SIGN-5) ----------------------------------------------------


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
    failures += questions_failures(command.questions)
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
    failures += response_failures(command.response)
    refuse_if(decision, failures)
    plan.record(
        InformationProvided,
        actor=command.actor,
        occurred_at=ctx.when(command),
        response=command.response,
        evidence_refs=command.evidence_refs,
    )


# --- returning (RET-1..3) -------------------------------------------------------------


@dataclass(frozen=True)
class ReturnPlan:
    actor: Actor
    reasons: tuple[ReturnReason, ...]
    explanation: str
    suggested_steps: tuple[str, ...]
    notify: Recipient
    right_to_complain: bool
    occurred_at: datetime | None = None


class Returned(Plan.Decision):
    TOPIC = "careledger:Plan.Returned"
    class_version = 1
    round: int
    reasons: tuple[ReturnReason, ...]
    explanation: str
    suggested_steps: tuple[str, ...]
    returned_to: str
    notice: Notice

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.RETURNED
        plan.last_return = LastReturn(self.round, self.reasons, self.suggested_steps)
        plan.notices = (*plan.notices, self.notice)


def return_to_practitioner(plan: Plan, command: ReturnPlan, ctx: Context) -> None:
    decision = "return the plan"
    plan.require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-1")
    failures = plan.timing(command.occurred_at, ctx.now) + plan.independence(command.actor)
    failures += return_failures(
        command.reasons, command.explanation, command.suggested_steps, command.right_to_complain
    )
    refuse_if(decision, failures)
    assert plan.submitted_by is not None
    plan.record(
        Returned,
        actor=command.actor,
        occurred_at=ctx.when(command),
        round=plan.round,
        reasons=command.reasons,
        explanation=command.explanation,
        suggested_steps=command.suggested_steps,
        returned_to=plan.submitted_by,
        notice=Notice("returned", plan.next_version, command.notify, right_to_complain=True),
    )


# --- sign-off -------------------------------------------------------------------------


@dataclass(frozen=True)
class SignOff:
    actor: Actor
    criteria: SignOffCriteria
    preferences_and_wellbeing: str
    answers: tuple[Answer, ...]
    contributions: Contributions
    notify: Recipient
    services_start_on: date
    first_review_on: date
    direct_payment: DirectPaymentDecision | None = None
    agreement: Agreement | None = None
    panel: PanelDecision | None = None
    reduction: Reduction | None = None
    occurred_at: datetime | None = None


class SignedOff(Plan.Decision):
    TOPIC = "careledger:Plan.SignedOff"
    class_version = 1
    round: int
    route: SignOffRoute
    authority: AuthorityRelied
    criteria: SignOffCriteria
    preferences_and_wellbeing: str
    answers: tuple[Answer, ...]
    direct_payment: DirectPaymentDecision | None
    agreement: Agreement | None
    final_weekly: Decimal
    reduction: Reduction | None
    services_start_on: date
    first_review_on: date
    notice: Notice
    copies_due: tuple[CopyDue, ...]

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.SIGNED_OFF
        plan.signed_off_version = self.originator_version
        plan.signed_off_versions = (*plan.signed_off_versions, self.originator_version)
        plan.notices = (*plan.notices, self.notice)
        plan.copies_due = self.copies_due
        plan.amendment = None
        plan.services_start_on = self.services_start_on
        plan.next_review_on = self.first_review_on
        plan.direct_payment_review_months = _review_condition(self.direct_payment) or 12
        if self.reduction is not None:
            plan.reductions = (*plan.reductions, (self.originator_version, self.reduction))


def sign_off(plan: Plan, command: SignOff, ctx: Context) -> None:
    """Checks the plan and the final budget together, then records both: the application
    saves them in one transaction."""
    decision = "sign off the plan"
    plan.require_status(decision, {PlanStatus.SUBMITTED}, "SIGN-1")
    budget = ctx.budget
    costing = budget.proposed
    assert costing is not None  # a submitted plan always has one (CNT-1)
    route = plan.amendment.route if plan.amendment else SignOffRoute.FULL
    authority, failures = sign_off_authority(
        command.actor,
        costing.weekly_cost,
        ctx.policy.delegation,
        command.panel,
        ctx.directory,
        plan.preparers | plan.submitters | {p.ref for p in plan.parties},
    )
    failures += plan.timing(command.occurred_at, ctx.now) + plan.independence(command.actor)
    failures += criteria_failures(command.criteria)
    failures += preferences_failures(command.preferences_and_wellbeing)
    if route is SignOffRoute.FULL:
        failures += answers_failures(command.answers)
    failures += direct_payment_failures(costing, command.direct_payment)
    failures += _payee_failures(plan, costing)
    failures += contributions_failures(
        command.contributions.person,
        command.contributions.authority,
        costing.weekly_cost,
        plan.kind,
        plan.basis,
    )
    failures += first_review_failures(command.services_start_on, command.first_review_on)
    failures += _reduction_failures(plan, command, costing, ctx)
    refuse_if(decision, failures)
    assert authority is not None
    plan.record(
        SignedOff,
        actor=command.actor,
        occurred_at=ctx.when(command),
        round=plan.round,
        route=route,
        authority=authority,
        criteria=command.criteria,
        preferences_and_wellbeing=command.preferences_and_wellbeing,
        answers=command.answers,
        direct_payment=command.direct_payment,
        agreement=command.agreement,
        final_weekly=costing.weekly_cost,
        reduction=command.reduction if _is_reduction(costing, ctx) else None,
        services_start_on=command.services_start_on,
        first_review_on=command.first_review_on,
        notice=Notice("signed_off", plan.next_version, command.notify, right_to_complain=False),
        copies_due=copies_due_on_sign_off(plan, plan.next_version),
    )
    budget.agree_final(command.contributions, command.actor, ctx.when(command), plan.version)


def copies_due_on_sign_off(plan: Plan, version: int) -> tuple[CopyDue, ...]:
    """Who is owed a copy of the newly signed-off version: the person (NOT-2), any
    joint-planning organisation (NOT-4), carers unless the person limited it (SHR-1), and
    for an amendment everyone who had the original unless the person asked otherwise
    (AMD-3)."""
    due = [CopyDue(version, CopyRecipient.PERSON, plan.person_ref, "NOT-2")]
    due += [
        CopyDue(version, CopyRecipient.JOINT_ORGANISATION, p.ref, "NOT-4")
        for p in plan.parties_of(PartyKind.JOINT_ORGANISATION)
    ]
    if plan.kind is PlanKind.CARE_AND_SUPPORT:
        no_copy = {
            p.carer_ref for p in plan.sharing_preferences if p.carer_copy is CarerCopy.NO_COPY
        }
        due += [
            CopyDue(version, CopyRecipient.CARER, ref, "SHR-1")
            for ref in plan.carer_refs()
            if ref not in no_copy
        ]
    if plan.amendment and plan.amendment.circulate_to_original_recipients:
        due += [
            CopyDue(version, c.recipient, c.recipient_ref, "AMD-3")
            for c in plan.copies
            if c.plan_version == plan.signed_off_version
        ]
    unique: dict[tuple[CopyRecipient, str], CopyDue] = {}
    for item in due:
        unique.setdefault((item.recipient, item.recipient_ref), item)
    return tuple(unique.values())


def _payee_failures(plan: Plan, costing: Costing) -> list[Failure]:
    proposal = costing.direct_payment
    if proposal is None or not costing.split.includes_direct_payment:
        return []
    return payee_failures(proposal.payees, plan.payee_necessity)


def _previous_cost(ctx: Context) -> Decimal | None:
    agreed = ctx.budget.agreed
    return agreed.cost if agreed else None


def _is_reduction(costing: Costing, ctx: Context) -> bool:
    previous = _previous_cost(ctx)
    return previous is not None and costing.weekly_cost < previous


def _reduction_failures(
    plan: Plan, command: SignOff, costing: Costing, ctx: Context
) -> list[Failure]:
    previous = _previous_cost(ctx)
    if previous is None:
        return []
    last = plan.last_review
    reviewed = (
        last is not None
        and last.plan_version > (plan.signed_off_version or 0)
        and last.outcome in (ReviewOutcome.AMEND, ReviewOutcome.REASSESS)
    )
    return reduction_failures(
        previous,
        costing.weekly_cost,
        command.reduction,
        reviewed,
        ctx.policy.reduction_notice_weeks,
    )


def _review_condition(decision: DirectPaymentDecision | None) -> int | None:
    if decision is None:
        return None
    months = [
        c.review_interval_months
        for c in decision.conditions
        if c.kind is ConditionKind.MORE_FREQUENT_REVIEWS and c.review_interval_months
    ]
    return min(months, default=None)
