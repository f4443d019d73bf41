"""Bodies for starting a plan and setting its indicative budget."""

from api.schemas.common import Line, Lines, Money, OccurredAt, Ref, RequestBody
from domain.actors import Actor
from domain.grounds import IndicativeMethod, Recipient
from domain.kinds import PlanBasis, PlanKind
from domain.plan.drafting import SetIndicativeBudget
from domain.plan.starting import StartPlan


class StartPlanRequest(RequestBody):
    kind: PlanKind
    basis: PlanBasis
    person_ref: Ref
    team: Ref
    occurred_at: OccurredAt = None

    def to_command(self, actor: Actor) -> StartPlan:
        return StartPlan(actor=actor, **self.domain_fields())


class IndicativeBudgetRequest(RequestBody):
    weekly_amount: Money
    method: IndicativeMethod
    cost_assumptions: Lines = ()
    shared_with: Recipient = Recipient.PERSON
    shared_how: Line = ""
    occurred_at: OccurredAt = None

    def to_command(self, actor: Actor) -> SetIndicativeBudget:
        return SetIndicativeBudget(actor=actor, **self.domain_fields())
