"""Complaints and each step of their handling, as events of one ``Complaint`` aggregate
per complaint reference (CMP-1 to CMP-5). Each event carries the clock as it was decided:
the day to acknowledge by, the response date, the six-month longstop."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.complaining import (
    OPEN,
    AcknowledgedBy,
    Complainant,
    ComplaintOutcome,
    ComplaintStatus,
    EntryRef,
    PeriodBasis,
)
from domain.complaining.clock import acknowledge_by, day_in_england, longstop
from domain.complaining.rules import (
    HANDLERS,
    concerns_failures,
    extension_failures,
    late_failures,
    period_failures,
    ref_failures,
    response_failures,
    text_failures,
)
from domain.errors import DecisionNotAllowed, Failure, NotPermitted, refuse_if
from domain.events import copy_aggregate, register_explicit_topic
from domain.rules.timing import occurred_at_failures

COMPLAINT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:careledger:complaint")


@dataclass(frozen=True)
class Receive:
    """A complaint received about a person's planning, or about one plan of theirs."""

    actor: Actor
    complaint_ref: str
    person_ref: str
    plan_id: UUID | None
    complainant: Complainant
    summary: str
    matter_known_on: date  # when the matter happened, or the complainant learnt of it
    concerns: tuple[EntryRef, ...] = ()
    late_reason: str | None = None
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Acknowledge:
    actor: Actor
    complaint_ref: str
    method: AcknowledgedBy
    handling_discussion_offered: bool
    response_due_on: date
    period: PeriodBasis
    told_in_writing: bool = False  # of a period the authority set
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Extend:
    actor: Actor
    complaint_ref: str
    response_due_on: date
    reason: str
    agreed_with_complainant: bool
    told_why_in_writing: bool = False
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Answer:
    actor: Actor
    complaint_ref: str
    outcome: ComplaintOutcome
    conclusions: str
    actions: tuple[str, ...] = ()
    ombudsman_right_told: bool = False
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Withdraw:
    actor: Actor
    complaint_ref: str
    reason: str
    occurred_at: datetime | None = None


Command = Receive | Acknowledge | Extend | Answer | Withdraw


@dataclass(frozen=True)
class Where:
    """What the store says of the plan a complaint names: its person and team, when it
    started, and how far its plan and budget have gone."""

    person_ref: str
    team: str | None
    started_at: datetime
    plan_version: int
    budget_version: int


class Complaint(Aggregate):
    TOPIC = "careledger:Complaint"

    class Event(Aggregate.Event):
        TOPIC = "careledger:Complaint.Event"

        def __init_subclass__(cls) -> None:
            super().__init_subclass__()
            register_explicit_topic(cls)

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Complaint)
            self.evolve(aggregate)

        def evolve(self, complaint: "Complaint") -> None:
            """How this event changes the complaint."""

    class Created(Event, Aggregate.Created):
        """Never recorded: a complaint's first event is ``Complaint.Received``."""

        TOPIC = "careledger:Complaint.Created"

    def __init__(self, complaint_ref: str, person_ref: str, plan_id: UUID | None,
                 team: str | None, received_at: datetime, acknowledge_by: date,
                 respond_by_latest: date) -> None:  # fmt: skip
        self.complaint_ref = complaint_ref
        self.person_ref = person_ref
        self.plan_id = plan_id
        self.team = team
        self.received_at = received_at
        self.received_on = day_in_england(received_at)
        self.acknowledge_by = acknowledge_by
        self.respond_by_latest = respond_by_latest
        self.status = ComplaintStatus.RECEIVED
        self.response_due_on: date | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> "Complaint":
        return copy_aggregate(self)

    @staticmethod
    def create_id(complaint_ref: str) -> UUID:
        return uuid5(COMPLAINT_NAMESPACE, complaint_ref)


class Received(Complaint.Created):
    TOPIC = "careledger:Complaint.Received"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    complaint_ref: str
    person_ref: str
    plan_id: UUID | None
    team: str | None
    complainant: Complainant
    summary: str
    matter_known_on: date
    concerns: tuple[EntryRef, ...]
    late_reason: str | None
    received_at: datetime
    acknowledge_by: date
    respond_by_latest: date


class Acknowledged(Complaint.Event):
    TOPIC = "careledger:Complaint.Acknowledged"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    method: AcknowledgedBy
    handling_discussion_offered: bool
    response_due_on: date
    period: PeriodBasis
    told_in_writing: bool
    late: bool  # after the day to acknowledge by (CMP-2)

    def evolve(self, complaint: Complaint) -> None:
        complaint.status = ComplaintStatus.ACKNOWLEDGED
        complaint.response_due_on = self.response_due_on


class Extended(Complaint.Event):
    TOPIC = "careledger:Complaint.Extended"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    response_due_on: date
    previous_due_on: date
    reason: str
    agreed_with_complainant: bool
    told_why_in_writing: bool

    def evolve(self, complaint: Complaint) -> None:
        complaint.response_due_on = self.response_due_on


class Answered(Complaint.Event):
    TOPIC = "careledger:Complaint.Answered"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    outcome: ComplaintOutcome
    conclusions: str
    actions: tuple[str, ...]
    ombudsman_right_told: bool
    late: bool  # after the response date (CMP-4)

    def evolve(self, complaint: Complaint) -> None:
        complaint.status = ComplaintStatus.ANSWERED


class Withdrawn(Complaint.Event):
    TOPIC = "careledger:Complaint.Withdrawn"
    class_version = 1
    actor: Actor
    occurred_at: datetime
    reason: str

    def evolve(self, complaint: Complaint) -> None:
        complaint.status = ComplaintStatus.WITHDRAWN


WHAT = {Receive: "record a complaint", Acknowledge: "acknowledge the complaint",
        Extend: "extend the response period", Answer: "answer the complaint",
        Withdraw: "record the complaint withdrawn"}  # fmt: skip
ALLOWED = {Acknowledge: {ComplaintStatus.RECEIVED}, Extend: {ComplaintStatus.ACKNOWLEDGED},
           Answer: {ComplaintStatus.ACKNOWLEDGED}, Withdraw: set(OPEN)}  # fmt: skip


def _permitted(command: Command) -> None:
    if command.actor.role not in HANDLERS:
        raise NotPermitted(WHAT[type(command)], command.actor.role.value,
                           (r.value for r in HANDLERS), "DESIGN-roles")  # fmt: skip


def receive(command: Receive, where: Where | None, now: datetime) -> Complaint:
    """A new complaint; ``where`` is what the store says of the plan it names."""
    _permitted(command)
    received_at = command.occurred_at or now
    received_on = day_in_england(received_at)
    failures = [
        *ref_failures(command.complaint_ref),
        *occurred_at_failures(command.occurred_at, now, where.started_at if where else None),
        *text_failures("CMP-1", "summary", command.summary, "say what the complaint is about"),
        *late_failures(command.matter_known_on, received_on, command.late_reason),
        *concerns_failures(command.concerns, where is not None),
    ]
    if where is not None:
        beyond = [c for c in command.concerns
                  if c.version > (where.plan_version if c.aggregate == "plan"
                                  else where.budget_version)]  # fmt: skip
        if beyond:
            failures.append(Failure("CMP-1", "concerns", "no such entry on the plan's "
                                    f"timeline: {_entries(beyond)}"))  # fmt: skip
    refuse_if(WHAT[Receive], failures)
    return Complaint._create(
        Received, id=Complaint.create_id(command.complaint_ref), actor=command.actor,
        occurred_at=received_at, complaint_ref=command.complaint_ref,
        person_ref=command.person_ref, plan_id=command.plan_id,
        team=where.team if where else None, complainant=command.complainant,
        summary=command.summary, matter_known_on=command.matter_known_on,
        concerns=command.concerns, late_reason=command.late_reason or None,
        received_at=received_at, acknowledge_by=acknowledge_by(received_on),
        respond_by_latest=longstop(received_on),
    )  # fmt: skip


def handle(complaint: Complaint, command: Command, now: datetime) -> Complaint:
    """A step in handling a complaint already received."""
    _permitted(command)
    what = WHAT[type(command)]
    allowed = ALLOWED[type(command)]
    if complaint.status not in allowed:
        raise DecisionNotAllowed(what, complaint.status.value, (s.value for s in allowed),
                                 "DESIGN-state-machine")  # fmt: skip
    occurred_at = command.occurred_at or now
    timing = occurred_at_failures(command.occurred_at, now, complaint.received_at)
    day = day_in_england(occurred_at)
    if isinstance(command, Acknowledge):
        refuse_if(what, [*timing, *period_failures(
            command.period, command.response_due_on, day, complaint.received_on,
            command.told_in_writing, command.handling_discussion_offered)])  # fmt: skip
        complaint.trigger_event(
            Acknowledged, actor=command.actor, occurred_at=occurred_at, method=command.method,
            handling_discussion_offered=command.handling_discussion_offered,
            response_due_on=command.response_due_on, period=command.period,
            told_in_writing=command.told_in_writing, late=day > complaint.acknowledge_by,
        )  # fmt: skip
    elif isinstance(command, Extend):
        current = complaint.response_due_on
        assert current is not None  # acknowledged
        refuse_if(what, [*timing, *text_failures("CMP-4", "reason", command.reason, "say why"),
                         *extension_failures(command.response_due_on, current,
                                             complaint.received_on,
                                             command.agreed_with_complainant,
                                             command.told_why_in_writing, day)])  # fmt: skip
        complaint.trigger_event(
            Extended, actor=command.actor, occurred_at=occurred_at,
            response_due_on=command.response_due_on, previous_due_on=current,
            reason=command.reason, agreed_with_complainant=command.agreed_with_complainant,
            told_why_in_writing=command.told_why_in_writing,
        )  # fmt: skip
    elif isinstance(command, Answer):
        assert complaint.response_due_on is not None  # acknowledged
        refuse_if(what, [*timing, *response_failures(command.conclusions, command.actions,
                                                     command.ombudsman_right_told)])  # fmt: skip
        complaint.trigger_event(
            Answered, actor=command.actor, occurred_at=occurred_at, outcome=command.outcome,
            conclusions=command.conclusions, actions=tuple(command.actions),
            ombudsman_right_told=command.ombudsman_right_told,
            late=day > complaint.response_due_on,
        )  # fmt: skip
    elif isinstance(command, Withdraw):
        why = text_failures("CMP-1", "reason", command.reason, "say why, as they put it")
        refuse_if(what, [*timing, *why])
        complaint.trigger_event(Withdrawn, actor=command.actor, occurred_at=occurred_at,
                                reason=command.reason)  # fmt: skip
    else:
        raise TypeError(f"not a step in handling a complaint: {command!r}")
    return complaint


def _entries(refs: list[EntryRef]) -> str:
    return ", ".join(f"{r.aggregate} version {r.version}" for r in refs)
