"""Bodies for the complaint record: a complaint received, acknowledged with a response
period, extended, answered or withdrawn (CMP-1 to CMP-5); and a complaint as read, with
its clock and every step."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import CommandBody, DomainBody, Line, OccurredAt, Ref, Text
from api.schemas.instants import Day
from domain.complaining import (
    ACTIONS_MAX,
    CONCERNS_MAX,
    AcknowledgedBy,
    Complainant,
    ComplaintOutcome,
    ComplaintStatus,
    EntryRef,
    PeriodBasis,
)
from domain.complaining import decisions as complaining
from domain.complaining.clock import day_in_england


class EntryRefBody(DomainBody):
    domain = EntryRef
    aggregate: Annotated[str, Field(pattern="^(plan|budget)$", description="plan or budget")]
    version: Annotated[int, Field(ge=1, le=1_000_000)]


class ReceiveRequest(CommandBody):
    command = complaining.Receive
    complaint_ref: Ref = Field(description="The complaints team's reference: the "
                                           "complaint's identity, recorded once.")  # fmt: skip
    person_ref: Ref
    plan_id: UUID | None = Field(None, description="The plan it is about, if one.")
    complainant: Complainant
    summary: Text = Field(description="What the complaint is about.")
    matter_known_on: Day = Field(description="When the matter happened, or the complainant "
                                             "learnt of it (CMP-1).")  # fmt: skip
    concerns: Annotated[tuple[EntryRefBody, ...], Field(max_length=CONCERNS_MAX)] = Field(
        (), description="The plan's timeline entries it concerns.")  # fmt: skip
    late_reason: Text | None = Field(
        None, description="Why a complaint made more than 12 months on is considered (CMP-1)."
    )
    occurred_at: OccurredAt = None


class AcknowledgeRequest(CommandBody):
    command = complaining.Acknowledge
    path_ref = "complaint_ref"
    method: AcknowledgedBy
    handling_discussion_offered: bool = Field(description="Whether the complainant was "
                                                          "offered a discussion of how it "
                                                          "will be handled (CMP-2).")  # fmt: skip
    response_due_on: Day
    period: PeriodBasis = Field(
        description="agreed with the complainant, or set by the authority when they declined "
        "to discuss it."
    )
    told_in_writing: bool = False
    occurred_at: OccurredAt = None


class ExtendRequest(CommandBody):
    command = complaining.Extend
    path_ref = "complaint_ref"
    response_due_on: Day
    reason: Text
    agreed_with_complainant: bool
    told_why_in_writing: bool = False
    occurred_at: OccurredAt = None


class AnswerRequest(CommandBody):
    command = complaining.Answer
    path_ref = "complaint_ref"
    outcome: ComplaintOutcome
    conclusions: Text
    actions: Annotated[tuple[Line, ...], Field(max_length=ACTIONS_MAX)] = ()
    ombudsman_right_told: bool = Field(
        False,
        description="The complainant was told of their right to go to the Local "
        "Government and Social Care Ombudsman (CMP-5).",
    )
    occurred_at: OccurredAt = None


class WithdrawRequest(CommandBody):
    command = complaining.Withdraw
    path_ref = "complaint_ref"
    reason: Text
    occurred_at: OccurredAt = None


class ComplaintStep(BaseModel):
    type: str
    version: int
    actor_id: str
    role: str
    occurred_at: datetime
    recorded_at: datetime
    detail: dict[str, Any]


class ComplaintPublic(BaseModel):
    complaint_ref: str
    person_ref: str
    plan_id: UUID | None
    status: ComplaintStatus
    version: int
    received_on: date
    acknowledge_by: date = Field(description="The third working day after receipt (CMP-2).")
    response_due_on: date | None
    respond_by_latest: date = Field(description="Six months from receipt (CMP-3, CMP-4).")
    waiting_for: str | None = Field(description="acknowledgement or response, while open.")
    overdue: bool = Field(description="Not acknowledged, or not answered, by its day (CMP-6).")
    concerns: tuple[EntryRef, ...]
    steps: list[ComplaintStep]


def complaint_public(complaint: complaining.Complaint, events: list[Any],
                     now: datetime) -> ComplaintPublic:  # fmt: skip
    received = events[0]
    assert isinstance(received, complaining.Received)
    today = day_in_england(now)
    waiting_for, due = None, None
    if complaint.status is ComplaintStatus.RECEIVED:
        waiting_for, due = "acknowledgement", complaint.acknowledge_by
    elif complaint.status is ComplaintStatus.ACKNOWLEDGED:
        waiting_for, due = "response", complaint.response_due_on
    return ComplaintPublic(
        complaint_ref=complaint.complaint_ref, person_ref=complaint.person_ref,
        plan_id=complaint.plan_id, status=complaint.status, version=complaint.version,
        received_on=complaint.received_on, acknowledge_by=complaint.acknowledge_by,
        response_due_on=complaint.response_due_on,
        respond_by_latest=complaint.respond_by_latest, waiting_for=waiting_for,
        overdue=due is not None and due < today, concerns=received.concerns,
        steps=[_step(e) for e in events],
    )  # fmt: skip


LEFT_OUT = frozenset({"originator_id", "originator_version", "originator_topic",
                      "timestamp", "actor", "occurred_at"})  # fmt: skip


def _step(event: Any) -> ComplaintStep:
    detail = {k: v for k, v in vars(event).items() if k not in LEFT_OUT}
    return ComplaintStep(type=type(event).__name__, version=event.originator_version,
                         actor_id=event.actor.id, role=event.actor.role.value,
                         occurred_at=event.occurred_at, recorded_at=event.timestamp,
                         detail=detail)  # fmt: skip
