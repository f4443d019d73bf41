"""The complaint record and its statutory clock (CMP-1 to CMP-5): acknowledged within
three working days, a response period agreed or set, extensions with reasons, and a
response that tells of the right to go to the Ombudsman. On the in-memory store, with a
clock the tests move."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.complaining import (
    AcknowledgedBy,
    Complainant,
    ComplaintOutcome,
    ComplaintStatus,
    EntryRef,
    PeriodBasis,
)
from domain.complaining.clock import acknowledge_by, longstop, working_days_after
from domain.complaining.decisions import (
    Acknowledge,
    Acknowledged,
    Answer,
    Answered,
    Extend,
    Receive,
    Received,
    Withdraw,
)
from domain.errors import (
    ComplaintExists,
    ComplaintNotFound,
    DecisionNotAllowed,
    NotPermitted,
    RecordRestricted,
    RuleBroken,
)
from domain.restricting.decisions import Restrict
from tests import builders as b

HANDLER = Actor("staff-3001", Role.COMPLAINT_HANDLER)
# Wednesday 2 December 2026, ten in the morning in England (GMT)
RECEIVED = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Case:
    planning: CarePlanning
    clock: Clock
    plan_id: Any

    def events(self, ref: str = "CMP-1") -> list[Any]:
        return list(self.planning.events.get(self.planning.complaint(ref).id))


@pytest.fixture
def case() -> Iterator[Case]:
    clock = Clock(RECEIVED - timedelta(days=30))
    planning = CarePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock,
                            directory=b.directory)  # fmt: skip
    plan_id = planning.start_plan(b.start()).plan_id
    clock.now = RECEIVED
    yield Case(planning, clock, plan_id)
    planning.close()


def receive(case: Case, **changes: Any) -> Receive:
    command = Receive(HANDLER, "CMP-1", b.PERSON, case.plan_id, Complainant.REPRESENTATIVE,
                      "the plan was not shared with my mother's carer",
                      date(2026, 11, 20), (EntryRef("plan", 1),))  # fmt: skip
    return replace(command, **changes)


def acknowledge(**changes: Any) -> Acknowledge:
    command = Acknowledge(HANDLER, "CMP-1", AcknowledgedBy.WRITING, True, date(2027, 1, 29),
                          PeriodBasis.AGREED)  # fmt: skip
    return replace(command, **changes)


def answer(**changes: Any) -> Answer:
    command = Answer(HANDLER, "CMP-1", ComplaintOutcome.PARTLY_UPHELD,
                     "the carer should have had a copy; the delay was ours",
                     ("copy sent to the carer",), ombudsman_right_told=True)  # fmt: skip
    return replace(command, **changes)


def refused(case: Case, command: Any, error: type[Exception] = RuleBroken) -> Exception:
    stored = len(list(case.planning.recorder.select_notifications(start=1, limit=10_000)))
    with pytest.raises(error) as refusal:
        case.planning.complain(command)
    after = len(list(case.planning.recorder.select_notifications(start=1, limit=10_000)))
    assert after == stored  # nothing stored
    return refusal.value


def fields_of(error: Exception) -> set[tuple[str, str]]:
    assert isinstance(error, RuleBroken)
    return {(f.obligation, f.field) for f in error.failures}


def test_cmp_2_acknowledge_within_three_working_days_skipping_weekends_and_bank_holidays(
) -> None:  # fmt: skip
    assert acknowledge_by(date(2026, 12, 2)) == date(2026, 12, 7)  # Wed: Thu, Fri, Mon
    # Wed 23 Dec 2026: Thu 24; Christmas, the weekend, Boxing Day observed; Tue 29, Wed 30
    assert acknowledge_by(date(2026, 12, 23)) == date(2026, 12, 30)
    assert working_days_after(date(2026, 12, 5), 1) == date(2026, 12, 7)  # from a Saturday


def test_cmp_3_six_months_from_receipt_end_the_day_before_the_same_date_or_the_months_end(
) -> None:  # fmt: skip
    assert longstop(date(2026, 12, 2)) == date(2027, 6, 1)
    assert longstop(date(2026, 8, 31)) == date(2027, 2, 28)  # February has no 31st


def test_cmp_2_a_complaint_received_carries_its_clock_and_its_entries(case: Case) -> None:
    complaint, position = case.planning.complain(receive(case))

    received = case.events()[0]
    assert isinstance(received, Received)
    assert received.acknowledge_by == date(2026, 12, 7)
    assert received.respond_by_latest == date(2027, 6, 1)
    assert received.concerns == (EntryRef("plan", 1),)
    assert received.team == "east-locality"
    assert complaint.status is ComplaintStatus.RECEIVED
    notifications = case.planning.recorder.select_notifications(start=position, limit=1)
    assert notifications[0].originator_id == complaint.id  # its place in the store


def test_cmp_2_an_acknowledgement_after_the_third_working_day_is_recorded_late(
    case: Case,
) -> None:
    case.planning.complain(receive(case))
    case.clock.now = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)  # the last day: in time
    case.planning.complain(acknowledge())
    in_time = case.events()[-1]
    case.planning.complain(receive(case, complaint_ref="CMP-2", occurred_at=RECEIVED))
    case.clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)  # a day late
    case.planning.complain(acknowledge(complaint_ref="CMP-2"))

    late = case.events("CMP-2")[-1]
    assert isinstance(in_time, Acknowledged)
    assert not in_time.late
    assert isinstance(late, Acknowledged)
    assert late.late


def test_cmp_1_a_complaint_a_year_after_the_matter_needs_the_reason_it_is_taken(
    case: Case,
) -> None:
    late = receive(case, matter_known_on=date(2025, 11, 1))

    assert fields_of(refused(case, late)) == {("CMP-1", "late_reason")}
    case.planning.complain(replace(late, late_reason="in hospital until October; the "
                                   "records are complete"))  # fmt: skip
    assert case.planning.complaint("CMP-1").status is ComplaintStatus.RECEIVED


def test_cmp_1_the_entries_a_complaint_concerns_are_on_the_plans_timeline(
    case: Case,
) -> None:
    beyond = receive(case, concerns=(EntryRef("plan", 1), EntryRef("budget", 9)))
    elsewhere = receive(case, person_ref="person-999")
    no_plan = receive(case, plan_id=None)

    assert fields_of(refused(case, beyond)) == {("CMP-1", "concerns")}
    assert fields_of(refused(case, elsewhere)) == {("CMP-1", "person_ref")}
    assert fields_of(refused(case, no_plan)) == {("CMP-1", "concerns")}
    case.planning.complain(replace(no_plan, concerns=()))  # about the person's care overall
    assert case.planning.complaint("CMP-1").plan_id is None


def test_cmp_3_a_period_set_without_agreement_is_told_in_writing_and_ends_within_six_months(
    case: Case,
) -> None:
    case.planning.complain(receive(case))
    set_alone = acknowledge(period=PeriodBasis.SET, response_due_on=date(2027, 6, 2))

    assert fields_of(refused(case, set_alone)) == {
        ("CMP-3", "told_in_writing"), ("CMP-3", "response_due_on")}  # fmt: skip
    before = acknowledge(response_due_on=date(2026, 12, 1))
    assert fields_of(refused(case, before)) == {("CMP-3", "response_due_on")}
    case.planning.complain(acknowledge(response_due_on=date(2027, 7, 1)))  # agreed: may be longer
    assert case.planning.complaint("CMP-1").response_due_on == date(2027, 7, 1)


def test_cmp_4_an_extension_says_why_and_past_six_months_unagreed_is_explained_in_writing(
    case: Case,
) -> None:
    case.planning.complain(receive(case))
    case.planning.complain(acknowledge())
    extend = Extend(HANDLER, "CMP-1", date(2027, 6, 30), "", agreed_with_complainant=False)

    assert fields_of(refused(case, extend)) == {
        ("CMP-4", "reason"), ("CMP-4", "told_why_in_writing")}  # fmt: skip
    earlier = replace(extend, response_due_on=date(2027, 1, 15), reason="x")
    assert ("CMP-4", "response_due_on") in fields_of(refused(case, earlier))
    case.planning.complain(replace(extend, reason="the provider's records are awaited",
                                   told_why_in_writing=True))  # fmt: skip

    complaint = case.planning.complaint("CMP-1")
    assert complaint.response_due_on == date(2027, 6, 30)
    assert case.events()[-1].previous_due_on == date(2027, 1, 29)


def test_cmp_5_the_response_tells_of_the_right_to_go_to_the_ombudsman(case: Case) -> None:
    case.planning.complain(receive(case))
    case.planning.complain(acknowledge())

    assert fields_of(refused(case, answer(ombudsman_right_told=False, conclusions=" "))) == {
        ("CMP-5", "ombudsman_right_told"), ("CMP-5", "conclusions")}  # fmt: skip
    case.clock.now = datetime(2027, 2, 1, 12, tzinfo=UTC)  # after the agreed date
    case.planning.complain(answer())

    answered = case.events()[-1]
    assert isinstance(answered, Answered)
    assert answered.late
    assert answered.outcome is ComplaintOutcome.PARTLY_UPHELD
    assert case.planning.complaint("CMP-1").status is ComplaintStatus.ANSWERED


def test_a_complaint_is_acknowledged_before_it_is_answered_and_closed_once(case: Case) -> None:
    case.planning.complain(receive(case))

    refusal = refused(case, answer(), DecisionNotAllowed)
    assert "acknowledged" in str(refusal)
    case.planning.complain(Withdraw(HANDLER, "CMP-1", "resolved on the telephone"))
    refused(case, Withdraw(HANDLER, "CMP-1", "again"), DecisionNotAllowed)
    refused(case, receive(case), ComplaintExists)
    refused(case, acknowledge(complaint_ref="CMP-404"), ComplaintNotFound)


def test_design_roles_only_a_complaint_handler_records_complaints(case: Case) -> None:
    refused(case, receive(case, actor=b.PRACTITIONER), NotPermitted)
    refused(case, receive(case, actor=Actor("staff-3002", Role.AUDITOR)), NotPermitted)


def test_design_restricted_a_restricted_persons_complaint_is_for_the_named_alone(
    case: Case,
) -> None:
    case.planning.complain(receive(case))
    case.planning.restrict(Restrict(Actor("staff-6001", Role.ADMIN), b.PERSON,
                                    ("staff-3009",), "a relative of staff"))  # fmt: skip

    refused(case, acknowledge(), RecordRestricted)
    refused(case, receive(case, complaint_ref="CMP-2"), RecordRestricted)
    case.planning.complain(acknowledge(actor=Actor("staff-3009", Role.COMPLAINT_HANDLER)))


def test_a_received_complaint_must_not_predate_its_plan_or_lie_ahead(case: Case) -> None:
    ahead = receive(case, occurred_at=RECEIVED + timedelta(days=1))
    before_plan = receive(case, occurred_at=RECEIVED - timedelta(days=60),
                          matter_known_on=date(2026, 9, 1))  # fmt: skip

    assert fields_of(refused(case, ahead)) >= {("DESIGN-occurred-at", "occurred_at")}
    assert fields_of(refused(case, before_plan)) == {("DESIGN-occurred-at", "occurred_at")}


def test_cmp_2_an_acknowledgement_offers_to_discuss_how_the_complaint_is_handled(
    case: Case,
) -> None:
    case.planning.complain(receive(case))

    assert fields_of(refused(case, acknowledge(handling_discussion_offered=False))) == {
        ("CMP-2", "handling_discussion_offered")}  # fmt: skip


def test_cmp_4_agreement_to_run_past_six_months_counts_only_if_given_within_them(
    case: Case,
) -> None:
    case.planning.complain(receive(case))
    case.planning.complain(acknowledge(response_due_on=date(2027, 5, 1)))
    case.clock.now = datetime(2027, 6, 10, 12, tzinfo=UTC)  # the six months have run out
    agreed_late = Extend(HANDLER, "CMP-1", date(2027, 7, 1), "the provider's records came "
                         "late", agreed_with_complainant=True)  # fmt: skip

    assert fields_of(refused(case, agreed_late)) == {("CMP-4", "told_why_in_writing")}
    case.planning.complain(replace(agreed_late, told_why_in_writing=True))
    assert case.planning.complaint("CMP-1").response_due_on == date(2027, 7, 1)
