"""Bodies for starting a plan and setting its indicative budget."""

from api.schemas.common import CommandBody, OccurredAt, Ref
from domain.kinds import PlanBasis, PlanKind
from domain.plan.starting import StartPlan


class StartPlanRequest(CommandBody):
    kind: PlanKind
    basis: PlanBasis
    person_ref: Ref
    team: Ref
    occurred_at: OccurredAt = None

    command = StartPlan
