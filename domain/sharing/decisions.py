"""Sharing a copy of the plan in force, or declining to (SHR-1..5, COMP-1)."""

from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor, Role
from domain.errors import refuse_if
from domain.involvement import CapacityMatter, PartyKind
from domain.notifying import (
    ContactMethod,
    CopyFormat,
    CopyIssued,
    CopyRecipient,
    Extent,
    Notice,
    Recipient,
)
from domain.notifying.decisions import record_copy
from domain.plan.aggregate import LIVE, STATE_MACHINE, Plan
from domain.plan.context import Context
from domain.sharing import (
    ShareBasis,
    ShareException,
    ShareOutcome,
    ShareRequest,
    SharingPreference,
)
from domain.sharing.rules import (
    ShareChoice,
    ShareFacts,
    line_manager_failures,
    preference_failures,
    request_failures,
    share_failures,
    unknown_request_failures,
)

# --- what the person wants a carer to see (SHR-1) --------------------------------------


@dataclass(frozen=True)
class RecordSharingPreference:
    actor: Actor
    preference: SharingPreference
    occurred_at: datetime | None = None


class SharingPreferenceRecorded(Plan.Decision):
    TOPIC = "careledger:Plan.SharingPreferenceRecorded"
    class_version = 1
    preference: SharingPreference

    def evolve(self, plan: Plan) -> None:
        others = tuple(
            p for p in plan.sharing_preferences if p.carer_ref != self.preference.carer_ref
        )
        plan.sharing_preferences = (*others, self.preference)


def record_sharing_preference(plan: Plan, command: RecordSharingPreference, ctx: Context) -> None:
    decision = "record what a carer may see"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    preference = command.preference
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += preference_failures(
        preference,
        plan.kind,
        plan.lacks_capacity(CapacityMatter.SHARING),
        preference.carer_ref in plan.carer_refs(),
    )
    refuse_if(decision, failures)
    plan.record(
        SharingPreferenceRecorded,
        actor=command.actor,
        occurred_at=ctx.when(command),
        preference=preference,
    )


# --- requests to share ------------------------------------------------------------------


@dataclass(frozen=True)
class RequestShare:
    actor: Actor
    request: ShareRequest
    occurred_at: datetime | None = None


class ShareRequested(Plan.Decision):
    TOPIC = "careledger:Plan.ShareRequested"
    class_version = 1
    request: ShareRequest

    def evolve(self, plan: Plan) -> None:
        plan.share_requests = (*plan.share_requests, self.request)


def request_share(plan: Plan, command: RequestShare, ctx: Context) -> None:
    decision = "record a request to share"
    plan.require_status(decision, LIVE, STATE_MACHINE)
    request = command.request
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += request_failures(request, {r.ref for r in plan.share_requests})
    refuse_if(decision, failures)
    plan.record(ShareRequested, actor=command.actor, occurred_at=ctx.when(command), request=request)


# --- deciding a request -----------------------------------------------------------------


@dataclass(frozen=True)
class DecideShare:
    actor: Actor
    request_ref: str
    outcome: ShareOutcome
    basis: ShareBasis
    method: ContactMethod = ContactMethod.LETTER
    format: CopyFormat = CopyFormat.STANDARD
    omitted_sections: tuple[str, ...] = ()
    exception: ShareException | None = None
    line_manager_ref: str = ""
    reasons: str = ""
    notify: Recipient = Recipient.PERSON
    right_to_complain: bool = False
    occurred_at: datetime | None = None


class PlanShared(Plan.Decision):
    """Who decided (the actor), to whom, on what basis, how much (SHR-5, NOT-5)."""

    TOPIC = "careledger:Plan.PlanShared"
    class_version = 1
    request: ShareRequest
    basis: ShareBasis
    copy: CopyIssued
    exception: ShareException | None
    line_manager_ref: str
    reasons: str

    def evolve(self, plan: Plan) -> None:
        plan.share_requests = tuple(r for r in plan.share_requests if r != self.request)
        record_copy(plan, self.copy)


class ShareDeclined(Plan.Decision):
    """A decline with its reasons, the exception relied on and the line manager consulted
    (SHR-3, SHR-5); the person is to be told of their right to complain (COMP-1)."""

    TOPIC = "careledger:Plan.ShareDeclined"
    class_version = 1
    request: ShareRequest
    exception: ShareException | None
    line_manager_ref: str
    reasons: str
    notice: Notice | None

    def evolve(self, plan: Plan) -> None:
        plan.share_requests = tuple(r for r in plan.share_requests if r != self.request)
        if self.notice is not None:
            plan.notices = (*plan.notices, self.notice)


def decide_share(plan: Plan, command: DecideShare, ctx: Context) -> None:
    decision = "decide a request to share"
    version = plan.require_signed_off(decision, "SHR-1")
    request = next((r for r in plan.share_requests if r.ref == command.request_ref), None)
    failures = plan.timing(command.occurred_at, ctx.now)
    if request is None:
        refuse_if(decision, failures + unknown_request_failures(request))
    assert request is not None
    choice = ShareChoice(
        command.outcome,
        command.basis,
        command.omitted_sections,
        command.exception,
        command.line_manager_ref,
        command.reasons,
        command.right_to_complain,
    )
    failures += share_failures(request, choice, _facts(plan, request))
    # the practitioner whose line manager is consulted: the one deciding, or, when their
    # line manager decides, the one who submitted the plan
    actor = command.actor
    practitioner = actor.id if actor.role is Role.PRACTITIONER else plan.submitted_by
    their_manager = ctx.directory.line_manager_of(practitioner) if practitioner else None
    failures += line_manager_failures(command.line_manager_ref, practitioner, their_manager)
    refuse_if(decision, failures)
    common = {
        "actor": command.actor,
        "occurred_at": ctx.when(command),
        "request": request,
        "exception": command.exception,
        "line_manager_ref": command.line_manager_ref,
        "reasons": command.reasons,
    }
    if command.outcome is ShareOutcome.DECLINE:
        adverse = command.right_to_complain
        notice = (
            Notice("share_declined", plan.next_version, command.notify, True) if adverse else None
        )
        plan.record(ShareDeclined, notice=notice, **common)
        return
    extent = Extent.FULL if command.outcome is ShareOutcome.FULL else Extent.PARTIAL
    copy = CopyIssued(version, request.recipient, request.recipient_ref, command.method,
                      command.format, extent, command.omitted_sections)  # fmt: skip
    plan.record(PlanShared, basis=command.basis, copy=copy, **common)


def _facts(plan: Plan, request: ShareRequest) -> ShareFacts:
    preference = next(
        (p for p in plan.sharing_preferences if p.carer_ref == request.recipient_ref), None
    )
    return ShareFacts(
        kind=plan.kind,
        lacks_capacity=plan.lacks_capacity(CapacityMatter.SHARING),
        best_interests_decided=plan.has_best_interests_decision(CapacityMatter.SHARING),
        carer_preference=preference if request.recipient is CopyRecipient.CARER else None,
        joint_organisation=plan.party(request.recipient_ref, PartyKind.JOINT_ORGANISATION)
        is not None,
    )
