"""Who is involved in planning, capacity and best interests (INV-1..4)."""

from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor
from domain.errors import refuse_if
from domain.involvement import BestInterests, CapacityFinding, CapacityMatter, Party
from domain.involvement.rules import (
    best_interests_failures,
    capacity_failures,
    involvement_failures,
)
from domain.plan.aggregate import LIVE, STATE_MACHINE, Plan
from domain.plan.context import Context


@dataclass(frozen=True)
class RecordInvolvement:
    actor: Actor
    party: Party
    occurred_at: datetime | None = None


class PartyInvolved(Plan.Decision):
    TOPIC = "careledger:Plan.PartyInvolved"
    class_version = 1
    party: Party

    def evolve(self, plan: Plan) -> None:
        others = tuple(p for p in plan.parties if p.ref != self.party.ref)
        plan.parties = (*others, self.party)


def record_involvement(plan: Plan, command: RecordInvolvement, ctx: Context) -> None:
    decision = "record who is involved"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    lacks = plan.lacks_capacity(CapacityMatter.INVOLVEMENT)
    refuse_if(
        decision,
        plan.timing(command.occurred_at, ctx.now)
        + involvement_failures(plan.kind, command.party, lacks),
    )
    plan.record(
        PartyInvolved, actor=command.actor, occurred_at=ctx.when(command), party=command.party
    )


@dataclass(frozen=True)
class RecordCapacity:
    actor: Actor
    finding: CapacityFinding
    occurred_at: datetime | None = None


class CapacityAssessed(Plan.Decision):
    TOPIC = "careledger:Plan.CapacityAssessed"
    class_version = 1
    finding: CapacityFinding

    def evolve(self, plan: Plan) -> None:
        plan.capacity = (*plan.capacity, self.finding)


def record_capacity(plan: Plan, command: RecordCapacity, ctx: Context) -> None:
    decision = "record a capacity finding"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    refuse_if(
        decision, plan.timing(command.occurred_at, ctx.now) + capacity_failures(command.finding)
    )
    plan.record(
        CapacityAssessed,
        actor=command.actor,
        occurred_at=ctx.when(command),
        finding=command.finding,
    )


@dataclass(frozen=True)
class RecordBestInterests:
    actor: Actor
    decision: BestInterests
    occurred_at: datetime | None = None


class BestInterestsDecided(Plan.Decision):
    TOPIC = "careledger:Plan.BestInterestsDecided"
    class_version = 1
    decision: BestInterests

    def evolve(self, plan: Plan) -> None:
        plan.best_interests = (*plan.best_interests, self.decision)


def record_best_interests(plan: Plan, command: RecordBestInterests, ctx: Context) -> None:
    decision = "record a best-interests decision"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    lacks = plan.lacks_capacity(command.decision.matter)
    refuse_if(
        decision,
        plan.timing(command.occurred_at, ctx.now)
        + best_interests_failures(command.decision, lacks),
    )
    plan.record(
        BestInterestsDecided,
        actor=command.actor,
        occurred_at=ctx.when(command),
        decision=command.decision,
    )
