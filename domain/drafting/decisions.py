"""Preparing a plan: the indicative budget (BUD-2), drafts and their costing (CNT-2..4,
BUD-6..8, BUD-11, BUD-16, SIGN-8), and submission for sign-off (CNT-1, CNT-5, RET-2)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.actors import Actor
from domain.budget import Costing
from domain.budget.aggregate import Indicative
from domain.budget.rules import (
    costing_failures,
    indicative_failures,
    replacement_care_failures,
)
from domain.drafting import Draft, IndicativeMethod, Justification, PreparedBy, Timeframe
from domain.drafting.rules import (
    completeness_failures,
    draft_failures,
    justification_failures,
    resubmission_failures,
)
from domain.errors import refuse_if
from domain.kinds import PlanStatus
from domain.lifecycle.rules import unmet_needs_failures
from domain.notifying import Recipient
from domain.plan.aggregate import STATE_MACHINE, Plan
from domain.plan.context import Context

OPEN_FOR_PLANNING = frozenset(
    {PlanStatus.STARTED, PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.AMENDING}
)


# --- the indicative budget (BUD-2) ----------------------------------------------------


@dataclass(frozen=True)
class SetIndicativeBudget:
    """Set the indicative budget and share it with the person (BUD-2)."""

    actor: Actor
    weekly_amount: Decimal
    method: IndicativeMethod
    cost_assumptions: tuple[str, ...]
    shared_with: Recipient
    shared_how: str
    occurred_at: datetime | None = None


class IndicativeBudgetShared(Plan.Decision):
    TOPIC = "careledger:Plan.IndicativeBudgetShared"
    class_version = 1
    weekly_amount: Decimal
    shared_with: Recipient
    shared_how: str

    def evolve(self, plan: Plan) -> None:
        plan.indicative_shared = True


def share_indicative_budget(plan: Plan, command: SetIndicativeBudget, ctx: Context) -> None:
    """Shared with the person on the plan; set on the budget."""
    decision = "set the indicative budget"
    plan.require_status(decision, OPEN_FOR_PLANNING, "BUD-2")
    refuse_if(
        decision,
        plan.timing(command.occurred_at, ctx.now)
        + indicative_failures(command.weekly_amount, command.cost_assumptions, command.shared_how),
    )
    when = ctx.when(command)
    plan.record(
        IndicativeBudgetShared,
        actor=command.actor,
        occurred_at=when,
        weekly_amount=command.weekly_amount,
        shared_with=command.shared_with,
        shared_how=command.shared_how,
    )
    indicative = Indicative(command.weekly_amount, command.method, command.cost_assumptions)
    ctx.budget.set_indicative(indicative, command.actor, when, plan.version)


# --- drafts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordDraft:
    actor: Actor
    draft: Draft
    costing: Costing
    prepared_by: PreparedBy
    occurred_at: datetime | None = None


class DraftRecorded(Plan.Decision):
    TOPIC = "careledger:Plan.DraftRecorded"
    class_version = 1
    revision: int
    draft: Draft
    prepared_by: PreparedBy

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.DRAFT
        plan.revision = self.revision
        plan.draft = self.draft
        plan.prepared_by = self.prepared_by
        plan.preparers = plan.preparers | {self.actor.id, self.prepared_by.ref}


def record_draft(plan: Plan, command: RecordDraft, ctx: Context) -> None:
    """The content on the plan; its costing on the budget."""
    decision = "record a draft"
    plan.require_status(decision, OPEN_FOR_PLANNING, STATE_MACHINE)
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += draft_failures(command.draft, command.prepared_by)
    failures += costing_failures(
        command.costing,
        plan.basis,
        command.draft.need_refs,
        ctx.policy.charges_for_equipment_over_1000,
    )
    failures += replacement_care_failures(command.costing, plan.kind)
    refuse_if(decision, failures)
    when = ctx.when(command)
    plan.record(
        DraftRecorded,
        actor=command.actor,
        occurred_at=when,
        revision=plan.revision + 1,
        draft=command.draft,
        prepared_by=command.prepared_by,
    )
    ctx.budget.propose(command.costing, command.actor, when, plan.version)


# --- submission -----------------------------------------------------------------------


@dataclass(frozen=True)
class Submit:
    actor: Actor
    justification: Justification | None = None
    timeframe: Timeframe | None = None
    occurred_at: datetime | None = None


class Submitted(Plan.Decision):
    TOPIC = "careledger:Plan.Submitted"
    class_version = 1
    round: int
    proposed_weekly: Decimal
    indicative_weekly: Decimal
    justification: Justification | None
    timeframe: Timeframe | None

    def evolve(self, plan: Plan) -> None:
        plan.status = PlanStatus.SUBMITTED
        plan.round = self.round
        plan.submitted_by = self.actor.id
        plan.submitters = plan.submitters | {self.actor.id}


def submit(plan: Plan, command: Submit, ctx: Context) -> None:
    decision = "submit the plan"
    plan.require_status(decision, {PlanStatus.DRAFT, PlanStatus.RETURNED}, STATE_MACHINE)
    budget = ctx.budget
    indicative_known = plan.indicative_shared and budget.indicative is not None
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += completeness_failures(plan.draft, budget.proposed, indicative_known, plan.basis)
    failures += justification_failures(
        budget.proposed_weekly, budget.indicative_weekly, command.justification
    )
    failures += unmet_needs_failures(plan.draft, (e.need_refs for e in plan.unmet_needs_explained))
    resubmission = plan.last_return is not None and plan.last_return.round == plan.round
    failures += resubmission_failures(resubmission, command.timeframe)
    refuse_if(decision, failures)
    assert budget.proposed_weekly is not None
    assert budget.indicative_weekly is not None
    plan.record(
        Submitted,
        actor=command.actor,
        occurred_at=ctx.when(command),
        round=plan.round + 1,
        proposed_weekly=budget.proposed_weekly,
        indicative_weekly=budget.indicative_weekly,
        justification=command.justification,
        timeframe=command.timeframe,
    )
