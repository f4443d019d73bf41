"""What the queries return: a plan with its budget, and its history."""

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

from audit.history import HistoryEntry
from domain.budgets import Indicative, PersonalBudget
from domain.costing import (
    BesideBudget,
    Costing,
    DirectPaymentProposal,
    LineItem,
    ManagementMethod,
    ManagementSplit,
)
from domain.draft import Draft, PreparedBy
from domain.grounds import Notice
from domain.kinds import PlanBasis, PlanKind, PlanStatus
from domain.plan.aggregate import LastReturn, Plan
from domain.sign_off import Contributions


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
    signed_off_version: int | None
    pending_notices: tuple[Notice, ...]
    budget: BudgetPublic

    @classmethod
    def of(cls, plan: Plan, budget: PersonalBudget) -> "PlanPublic":
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
            signed_off_version=plan.signed_off_version,
            pending_notices=plan.notices,
            budget=BudgetPublic.of(budget),
        )


class HistoryPublic(BaseModel):
    plan_id: UUID
    events: list[HistoryEntry]
