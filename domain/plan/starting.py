"""Starting a plan (KIND-1, KIND-2): the first event of every plan."""

from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor
from domain.drafting.rules import start_failures
from domain.errors import refuse_if
from domain.kinds import PlanBasis, PlanKind
from domain.plan.aggregate import STATE_MACHINE, Plan
from domain.rules.authority import PLANNERS, require_role
from domain.rules.timing import occurred_at_failures


@dataclass(frozen=True)
class StartPlan:
    actor: Actor
    kind: PlanKind
    basis: PlanBasis
    person_ref: str
    team: str
    occurred_at: datetime | None = None


class Started(Plan.Decision, Plan.Created):
    TOPIC = "careledger:Plan.Started"
    class_version = 1
    kind: PlanKind
    basis: PlanBasis
    person_ref: str
    team: str


def start(command: StartPlan, now: datetime) -> Plan:
    decision = "start a plan"
    require_role(command.actor, decision, PLANNERS, STATE_MACHINE)
    failures = occurred_at_failures(command.occurred_at, now, None)
    failures += start_failures(command.person_ref, command.team)
    refuse_if(decision, failures)
    return Plan._create(
        Started,
        actor=command.actor,
        occurred_at=command.occurred_at or now,
        kind=command.kind,
        basis=command.basis,
        person_ref=command.person_ref,
        team=command.team,
    )
