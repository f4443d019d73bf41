"""Domain objects for tests, complete and valid unless a test changes them."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.actors import Actor, Role
from domain.budget import (
    BesideBudget,
    BesideKind,
    Costing,
    DirectPaymentProposal,
    LineCategory,
    LineItem,
    ManagementSplit,
    ProviderType,
)
from domain.deciding import (
    Answer,
    AnswerValue,
    CheckOutcome,
    Contributions,
    DirectPaymentChecks,
    DirectPaymentDecision,
    Judgement,
    ReturnReason,
    SignOffCriteria,
    SignOffQuestion,
)
from domain.deciding.decisions import ProvideInformation, RequestInformation, ReturnPlan, SignOff
from domain.drafting import (
    CarerInvolvement,
    ContingencyEntry,
    Draft,
    IndicativeMethod,
    Justification,
    Need,
    NeedMetBy,
    Outcome,
    PreparedBy,
    PreparerKind,
    Timeframe,
)
from domain.drafting.decisions import RecordDraft, SetIndicativeBudget, Submit
from domain.kinds import PlanBasis, PlanKind
from domain.money import Frequency
from domain.notifying import ContactMethod, Recipient
from domain.plan.starting import StartPlan

PRACTITIONER = Actor("staff-0101", Role.PRACTITIONER)
OTHER_PRACTITIONER = Actor("staff-0102", Role.PRACTITIONER)
SIGNER = Actor("staff-0201", Role.SIGN_OFF_OFFICER, authority_level="team_manager")
HEAD_OF_SERVICE = Actor("staff-0202", Role.SIGN_OFF_OFFICER, authority_level="head_of_service")
PANEL_CHAIR = Actor("staff-0401", Role.PANEL_MEMBER)
LINE_MANAGER = Actor("staff-0501", Role.LINE_MANAGER)
ADVOCATE = Actor("advocacy-0301", Role.INDEPENDENT_ADVOCATE)


def start(
    kind: PlanKind = PlanKind.CARE_AND_SUPPORT, basis: PlanBasis = PlanBasis.DUTY
) -> StartPlan:
    return StartPlan(PRACTITIONER, kind, basis, person_ref="person-000123", team="east-locality")


def indicative(amount: str = "300.00") -> SetIndicativeBudget:
    return SetIndicativeBudget(
        PRACTITIONER,
        weekly_amount=Decimal(amount),
        method=IndicativeMethod.RESOURCE_ALLOCATION_SYSTEM,
        cost_assumptions=("home care at £25.00 an hour", "10 hours a week"),
        shared_with=Recipient.PERSON,
        shared_how="discussed at a home visit and confirmed by letter",
    )


def draft() -> Draft:
    return Draft(
        needs=(
            Need("N1", "personal care each morning", True, NeedMetBy.AUTHORITY, "home care visits"),
            Need("N2", "preparing meals", True, NeedMetBy.CARER),
            Need("N3", "keeping in touch with friends", False, NeedMetBy.INFORMAL_SUPPORT),
        ),
        outcomes=(Outcome("O1", "to stay living at home safely", ("N1", "N2")),),
        contingency=(
            ContingencyEntry(
                risk="the home care agency cannot staff a visit",
                likely_harm="missed personal care and medication",
                proactive_measures="a second agency is registered in advance",
                reactive_measures="the duty team arranges an emergency visit",
            ),
        ),
        prevention_advice="advised of the local befriending scheme and falls clinic",
        review_arrangements="first review six weeks after the care starts, by the team",
        carers=(CarerInvolvement("carer-0001", True, "cooks each evening", ("N2",)),),
    )


def costing(weekly_hours: str = "10", split: ManagementSplit | None = None) -> Costing:
    lines = (
        LineItem(
            "morning personal care",
            ProviderType.HOME_CARE_AGENCY,
            Decimal(weekly_hours),
            Decimal("25.00"),
            Frequency.WEEKLY,
            LineCategory.SERVICE,
            ("N1",),
        ),
        LineItem(
            "back-up agency retainer",
            ProviderType.HOME_CARE_AGENCY,
            Decimal("1"),
            Decimal("20.00"),
            Frequency.FOUR_WEEKLY,
            LineCategory.CONTINGENCY,
        ),
    )
    total = Costing(lines, ManagementSplit()).weekly_cost
    return Costing(
        line_items=lines,
        split=split or ManagementSplit(authority_managed=total),
        beside_budget=(
            BesideBudget(BesideKind.PERSON_PAID_ACTIVITY, "art class", Decimal("12.00"), "person"),
        ),
    )


def direct_payment_costing() -> Costing:
    """A costing paid wholly by direct payment, employing a personal assistant."""
    lines = (
        LineItem(
            "personal assistant",
            ProviderType.PERSONAL_ASSISTANT,
            Decimal("12"),
            Decimal("15.00"),
            need_refs=("N1",),
        ),
        LineItem(
            "payroll and employer's insurance",
            ProviderType.OTHER,
            Decimal("1"),
            Decimal("16.00"),
            Frequency.FOUR_WEEKLY,
            LineCategory.EMPLOYER_COST,
        ),
    )
    total = Costing(lines, ManagementSplit()).weekly_cost
    return Costing(
        line_items=lines,
        split=ManagementSplit(direct_payment=total),
        direct_payment=direct_payment_proposal(),
    )


def direct_payment_proposal(**changes: Any) -> DirectPaymentProposal:
    proposal = DirectPaymentProposal(
        need_refs=("N1",),
        payment_frequency=Frequency.FOUR_WEEKLY,
        recipient_ref="person-000123",
        employs_personal_assistants=True,
    )
    return replace(proposal, **changes)


def record_draft(the_costing: Costing | None = None, the_draft: Draft | None = None) -> RecordDraft:
    return RecordDraft(
        PRACTITIONER,
        the_draft or draft(),
        the_costing or costing(),
        PreparedBy(PreparerKind.PRACTITIONER, PRACTITIONER.id),
    )


def justification() -> Justification:
    return Justification(
        strengths_based_approach="family support used first",
        options_explored="day centre, home care, assistive technology",
        rationale="home care is the only option available each morning",
        prevention_options="falls clinic and befriending explored",
    )


def submit(with_justification: bool = False) -> Submit:
    return Submit(PRACTITIONER, justification() if with_justification else None)


def resubmit() -> Submit:
    """After a return, with the new timeframe given to the person (RET-4)."""
    return replace(submit(), timeframe=Timeframe(today() + timedelta(days=14), ContactMethod.PHONE))


def request_information() -> RequestInformation:
    return RequestInformation(SIGNER, ("What did the occupational therapist recommend?",))


def provide_information() -> ProvideInformation:
    return ProvideInformation(PRACTITIONER, "A perching stool and grab rails.", ("ot-report-17",))


def return_plan(*reasons: ReturnReason) -> ReturnPlan:
    return ReturnPlan(
        SIGNER,
        reasons=reasons or (ReturnReason.INSUFFICIENT_INFORMATION,),
        explanation="it is unclear whether prevention services were explored",
        suggested_steps=("record the prevention options explored with the person",),
        notify=Recipient.PERSON,
        right_to_complain=True,
    )


def criteria() -> SignOffCriteria:
    return SignOffCriteria(
        Judgement(True, "matches the eligible needs"),
        Judgement(True, "outcomes are measurable at review"),
        Judgement(True, "cheapest available service that meets the needs"),
    )


def answers() -> tuple[Answer, ...]:
    return tuple(Answer(q, AnswerValue.YES) for q in SignOffQuestion)


def direct_payment_decision() -> DirectPaymentDecision:
    return DirectPaymentDecision(
        DirectPaymentChecks(
            recipient_can_manage=CheckOutcome.SATISFIED,
            no_household_relative_paid=CheckOutcome.SATISFIED,
            care_home_within_four_weeks=CheckOutcome.SATISFIED,
            no_rehabilitation_order=CheckOutcome.SATISFIED,
        )
    )


def today() -> date:
    return datetime.now(UTC).date()


def sign_off(
    person: str = "40.00",
    authority: str = "215.00",
    direct_payment: DirectPaymentDecision | None = None,
    signer: Actor = SIGNER,
    **changes: Any,
) -> SignOff:
    command = SignOff(
        signer,
        criteria=criteria(),
        preferences_and_wellbeing="she prefers morning visits; the plan keeps her routine",
        answers=answers(),
        contributions=Contributions(Decimal(person), Decimal(authority)),
        notify=Recipient.PERSON,
        services_start_on=today(),
        first_review_on=today() + timedelta(weeks=6),
        direct_payment=direct_payment,
    )
    return replace(command, **changes)
