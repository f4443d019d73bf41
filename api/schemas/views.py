"""What the queries return: a plan with its budget, and its history."""

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from audit.history import HistoryEntry
from domain.amending import AmendmentInProgress, AmendmentRequest
from domain.application import CarePlanning
from domain.budget import (
    BesideBudget,
    Costing,
    DirectPaymentProposal,
    LineItem,
    ManagementMethod,
    ManagementSplit,
)
from domain.budget.aggregate import Indicative, PersonalBudget
from domain.deciding import Contributions
from domain.drafting import Draft, PreparedBy
from domain.involvement import BestInterests, CapacityFinding, Party
from domain.kinds import PlanBasis, PlanKind, PlanStatus
from domain.lifecycle import InterimService, UnmetNeedsExplanation
from domain.notifying import CopyDue, CopyIssued, Notice
from domain.paying import CareHomeStay, PayeeNecessity
from domain.plan.aggregate import LastReturn, Plan
from domain.reviewing import CompletedReview, Monitoring
from domain.sharing import ShareRequest, SharingPreference


class LinePublic(BaseModel):
    item: LineItem
    weekly_cost: Decimal


class CostingPublic(BaseModel):
    line_items: list[LinePublic]
    split: ManagementSplit
    method: ManagementMethod | None
    beside_budget: tuple[BesideBudget, ...]
    direct_payment: DirectPaymentProposal | None
    weekly_cost: Decimal
    beside_total: Decimal
    total_plan_cost: Decimal

    @classmethod
    def of(cls, costing: Costing) -> "CostingPublic":
        return cls(
            line_items=[LinePublic(item=i, weekly_cost=i.weekly_cost) for i in costing.line_items],
            split=costing.split,
            method=costing.split.method,
            beside_budget=costing.beside_budget,
            direct_payment=costing.direct_payment,
            weekly_cost=costing.weekly_cost,
            beside_total=costing.beside_total,
            total_plan_cost=costing.total_plan_cost,
        )


class AgreedPublic(BaseModel):
    cost: Decimal
    contributions: Contributions
    costing: CostingPublic
    agreed_at_plan_version: int


class BudgetInForcePublic(BaseModel):
    """A weekly budget agreed at a sign-off, and the day it takes effect: from the sign-off
    itself unless a reduction was given notice (BUD-15)."""

    weekly_cost: Decimal
    agreed_at_plan_version: int
    takes_effect_on: date | None

    @classmethod
    def in_force(cls, plan: Plan, budget: PersonalBudget, on: date
                 ) -> "tuple[BudgetInForcePublic | None, BudgetInForcePublic | None]":  # fmt: skip
        """The budget in force ``on`` a day, and the one to come with the day it takes
        effect, if a reduction has been signed off that has not taken effect yet."""
        starts = {version: r.takes_effect_on for version, r in plan.reductions}
        in_force: int | None = None  # the latest agreed to have taken effect by ``on``
        for i, agreed in enumerate(budget.agreements):
            begins = starts.get(agreed.plan_version)
            if begins is None or begins <= on:
                in_force = i
        if in_force is None:
            return None, None
        # one agreed later that takes effect later; an earlier agreed one never will
        coming = [(starts[a.plan_version], a) for a in budget.agreements[in_force + 1 :]]
        now = budget.agreements[in_force]
        current = cls(weekly_cost=now.cost, agreed_at_plan_version=now.plan_version,
                      takes_effect_on=starts.get(now.plan_version))  # fmt: skip
        if not coming:
            return current, None
        begins, next_agreed = min(coming, key=lambda c: c[0])
        return current, cls(weekly_cost=next_agreed.cost,
                            agreed_at_plan_version=next_agreed.plan_version,
                            takes_effect_on=begins)  # fmt: skip


class BudgetPublic(BaseModel):
    budget_id: UUID
    version: int
    indicative: Indicative | None
    proposed: CostingPublic | None
    agreed: AgreedPublic | None

    @classmethod
    def of(cls, budget: PersonalBudget) -> "BudgetPublic":
        agreed = budget.agreed
        return cls(
            budget_id=budget.id,
            version=budget.version,
            indicative=budget.indicative,
            proposed=CostingPublic.of(budget.proposed) if budget.proposed else None,
            agreed=AgreedPublic(
                cost=agreed.cost,
                contributions=agreed.contributions,
                costing=CostingPublic.of(agreed.costing),
                agreed_at_plan_version=agreed.plan_version,
            )
            if agreed
            else None,
        )


class PlanPublic(BaseModel):
    plan_id: UUID
    version: int
    kind: PlanKind
    basis: PlanBasis
    person_ref: str
    team: str
    status: PlanStatus
    started_at: datetime
    revision: int
    round: int
    draft: Draft | None
    prepared_by: PreparedBy | None
    submitted_by: str | None
    open_questions: tuple[str, ...]
    last_return: LastReturn | None
    in_force_version: int | None
    signed_off_versions: tuple[int, ...]
    pending_notices: tuple[Notice, ...]
    copies_due: tuple[CopyDue, ...]
    copies: tuple[CopyIssued, ...]
    parties: tuple[Party, ...]
    capacity: tuple[CapacityFinding, ...]
    best_interests: tuple[BestInterests, ...]
    sharing_preferences: tuple[SharingPreference, ...]
    open_share_requests: tuple[ShareRequest, ...]
    open_amendment_requests: tuple[AmendmentRequest, ...]
    amendment_in_progress: AmendmentInProgress | None
    services_start_on: date | None
    next_review_on: date | None
    last_review: CompletedReview | None
    open_review_requests: int
    monitoring: tuple[Monitoring, ...]
    payee_necessity: tuple[PayeeNecessity, ...]
    care_home_stays: tuple[CareHomeStay, ...]
    direct_payment_first_paid_on: date | None
    direct_payment_review_due_on: date | None
    open_challenges: tuple[str, ...]
    independent_budget: Decimal | None
    paused_from: PlanStatus | None
    interim_services: tuple[InterimService, ...]
    unmet_needs_explained: tuple[UnmetNeedsExplanation, ...]
    combined_with: tuple[str, ...]
    budget: BudgetPublic
    budget_in_force: BudgetInForcePublic | None = Field(
        description="The weekly budget in force on the day asked about (today, or as_of)."
    )
    budget_to_come: BudgetInForcePublic | None = Field(
        description="A reduced budget signed off with notice, and the day it takes effect (BUD-15)."
    )

    @classmethod
    def at(cls, planning: CarePlanning, plan_id: UUID, version: int) -> "PlanPublic":
        """The plan as it stood at ``version``, with its budget as it stood then."""
        return cls.of(planning.plan(plan_id, version), planning.budget(plan_id, version))

    @classmethod
    def of(cls, plan: Plan, budget: PersonalBudget, on: date | None = None) -> "PlanPublic":
        """The plan and its budget; which budget is in force is reckoned ``on`` a day
        (today unless given)."""
        in_force, to_come = BudgetInForcePublic.in_force(
            plan, budget, on or datetime.now(UTC).date()
        )
        return cls(
            plan_id=plan.id,
            version=plan.version,
            kind=plan.kind,
            basis=plan.basis,
            person_ref=plan.person_ref,
            team=plan.team,
            status=plan.status,
            started_at=plan.started_at,
            revision=plan.revision,
            round=plan.round,
            draft=plan.draft,
            prepared_by=plan.prepared_by,
            submitted_by=plan.submitted_by,
            open_questions=plan.open_questions,
            last_return=plan.last_return,
            in_force_version=plan.signed_off_version,
            signed_off_versions=plan.signed_off_versions,
            pending_notices=plan.notices,
            copies_due=plan.copies_due,
            copies=plan.copies,
            parties=plan.parties,
            capacity=plan.capacity,
            best_interests=plan.best_interests,
            sharing_preferences=plan.sharing_preferences,
            open_share_requests=plan.share_requests,
            open_amendment_requests=plan.amendment_requests,
            amendment_in_progress=plan.amendment,
            services_start_on=plan.services_start_on,
            next_review_on=plan.next_review_on,
            last_review=plan.last_review,
            open_review_requests=plan.open_review_requests,
            monitoring=plan.monitoring,
            payee_necessity=plan.payee_necessity,
            care_home_stays=plan.care_home_stays,
            direct_payment_first_paid_on=plan.direct_payment_first_paid_on,
            direct_payment_review_due_on=plan.direct_payment_review_due_on,
            open_challenges=tuple(sorted(plan.open_challenges)),
            independent_budget=plan.independent_budget,
            paused_from=plan.paused_from,
            interim_services=plan.interim_services,
            unmet_needs_explained=plan.unmet_needs_explained,
            combined_with=plan.combined_with,
            budget=BudgetPublic.of(budget),
            budget_in_force=in_force,
            budget_to_come=to_come,
        )


class ExplanationPublic(BaseModel):
    """How the personal budget was decided, in plain English (CONS-2)."""

    plan_id: UUID
    paragraphs: tuple[str, ...]


class HistoryPublic(BaseModel):
    plan_id: UUID
    events: list[HistoryEntry]
