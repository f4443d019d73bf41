"""Telling the person of decisions (NOT-1, NOT-3, RET-3, COMP-1) and giving copies of the
plan in force (NOT-2, NOT-4, NOT-5): the commands, events and decide functions."""

from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor
from domain.errors import refuse_if
from domain.involvement import PartyKind
from domain.notifying import ContactMethod, CopyFormat, CopyIssued, CopyRecipient, Notice, Recipient
from domain.notifying.rules import copy_failures, telling_failures
from domain.plan.aggregate import Plan
from domain.plan.context import Context


@dataclass(frozen=True)
class TellOfDecision:
    """The person (or their representative, carer or advocate) was told of a decision."""

    actor: Actor
    plan_version: int
    told: Recipient
    method: ContactMethod
    reasons_explained: bool = False
    right_to_complain_explained: bool = False
    occurred_at: datetime | None = None


class PersonNotified(Plan.Decision):
    TOPIC = "careledger:Plan.PersonNotified"
    class_version = 1
    notice: Notice
    told: Recipient
    method: ContactMethod
    reasons_explained: bool
    right_to_complain_explained: bool

    def evolve(self, plan: Plan) -> None:
        plan.notices = tuple(n for n in plan.notices if n != self.notice)


def _outstanding(plan: Plan, version: int, told: Recipient) -> Notice | None:
    """The notice this telling answers: the advocate's own, or the person's."""
    for notice in plan.notices:
        if notice.plan_version == version and (
            (notice.recipient is Recipient.ADVOCATE) is (told is Recipient.ADVOCATE)
        ):
            return notice
    return None


def tell_of_decision(plan: Plan, command: TellOfDecision, ctx: Context) -> None:
    decision = "record that a decision was told"
    notice = _outstanding(plan, command.plan_version, command.told)
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += telling_failures(
        notice,
        command.plan_version,
        command.reasons_explained,
        command.right_to_complain_explained,
    )
    refuse_if(decision, failures)
    assert notice is not None
    plan.record(
        PersonNotified,
        actor=command.actor,
        occurred_at=ctx.when(command),
        notice=notice,
        told=command.told,
        method=command.method,
        reasons_explained=command.reasons_explained,
        right_to_complain_explained=command.right_to_complain_explained,
    )


@dataclass(frozen=True)
class IssueCopy:
    actor: Actor
    plan_version: int
    recipient: CopyRecipient
    recipient_ref: str
    method: ContactMethod
    format: CopyFormat = CopyFormat.STANDARD
    occurred_at: datetime | None = None


class CopyProvided(Plan.Decision):
    TOPIC = "careledger:Plan.CopyProvided"
    class_version = 1
    copy: CopyIssued
    advocate_notice: Notice | None

    def evolve(self, plan: Plan) -> None:
        record_copy(plan, self.copy)
        if self.advocate_notice is not None:
            plan.notices = (*plan.notices, self.advocate_notice)


def record_copy(plan: Plan, copy: CopyIssued) -> None:
    """A copy given settles what was due to that recipient for that version."""
    plan.copies = (*plan.copies, copy)
    plan.copies_due = tuple(
        due
        for due in plan.copies_due
        if not (
            due.plan_version == copy.plan_version
            and due.recipient is copy.recipient
            and due.recipient_ref == copy.recipient_ref
        )
    )


def issue_copy(plan: Plan, command: IssueCopy, ctx: Context) -> None:
    decision = "record a copy given"
    failures = plan.timing(command.occurred_at, ctx.now)
    failures += copy_failures(
        command.recipient,
        command.recipient_ref,
        plan.person_ref,
        signed_off=command.plan_version in plan.signed_off_versions,
        advocate_involved=plan.party(command.recipient_ref, PartyKind.INDEPENDENT_ADVOCATE)
        is not None,
        planned_jointly=plan.party(command.recipient_ref, PartyKind.JOINT_ORGANISATION) is not None,
    )
    refuse_if(decision, failures)
    plan.record(
        CopyProvided,
        actor=command.actor,
        occurred_at=ctx.when(command),
        copy=CopyIssued(
            command.plan_version,
            command.recipient,
            command.recipient_ref,
            command.method,
            command.format,
        ),
        advocate_notice=_advocate_notice(plan, command),
    )


def _advocate_notice(plan: Plan, command: IssueCopy) -> Notice | None:
    """NOT-3: an advocate already involved is told when the person is given the plan."""
    to_the_person = command.recipient in (CopyRecipient.PERSON, CopyRecipient.REPRESENTATIVE)
    if not to_the_person or not plan.parties_of(PartyKind.INDEPENDENT_ADVOCATE):
        return None
    notice = Notice("plan_provided", command.plan_version, Recipient.ADVOCATE, False)
    already = notice in plan.notices or any(
        c.plan_version == command.plan_version
        and c.recipient in (CopyRecipient.PERSON, CopyRecipient.REPRESENTATIVE)
        for c in plan.copies
    )
    return None if already else notice
