"""Bodies for starting a plan and setting its indicative budget."""

from api.schemas.common import CommandBody, Line, Lines, Money, OccurredAt, Ref
from domain.grounds import IndicativeMethod
from domain.kinds import PlanBasis, PlanKind
from domain.notifying import Recipient
from domain.plan.drafting import SetIndicativeBudget
from domain.plan.starting import StartPlan


class StartPlanRequest(CommandBody):
    kind: PlanKind
    basis: PlanBasis
    person_ref: Ref
    team: Ref
    occurred_at: OccurredAt = None

    command = StartPlan


class IndicativeBudgetRequest(CommandBody):
    weekly_amount: Money
    method: IndicativeMethod
    cost_assumptions: Lines = ()
    shared_with: Recipient = Recipient.PERSON
    shared_how: Line = ""
    occurred_at: OccurredAt = None

    command = SetIndicativeBudget
