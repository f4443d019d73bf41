"""Domain objects for tests, complete and valid unless a test changes them.

They are built as the demo builds its cases, from the request bodies of
``api/demo/bodies.py``, and read through the API's own schemas: every test starts from
input the API would accept. This file gives the values tests rely on (the person, the
practitioner, ten hours of home care at £25.00, ...)."""

from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

from api.demo import bodies as do
from api.directory_file import load_directory
from api.schemas.common import CommandBody, DomainBody
from api.schemas.deciding import (
    AskForInformationRequest,
    CriteriaIn,
    DirectPaymentDecisionIn,
    InformationRequest,
    ReturnRequest,
    SignOffRequest,
)
from api.schemas.drafting import (
    CostingIn,
    DirectPaymentProposalIn,
    DraftIn,
    IndicativeBudgetRequest,
    JustificationIn,
    SubmitRequest,
)
from api.schemas.planning import StartPlanRequest
from domain.actors import Actor, Role
from domain.budget import (
    Costing,
    DirectPaymentProposal,
    ManagementSplit,
)
from domain.deciding import (
    Answer,
    AnswerValue,
    DirectPaymentDecision,
    ReturnReason,
    SignOffCriteria,
    SignOffQuestion,
)
from domain.deciding.decisions import ProvideInformation, RequestInformation, ReturnPlan, SignOff
from domain.directory import Directory
from domain.drafting import Draft, Justification, PreparedBy, PreparerKind
from domain.drafting.decisions import RecordDraft, SetIndicativeBudget, Submit
from domain.kinds import PlanBasis, PlanKind
from domain.plan.starting import StartPlan

PRACTITIONER = Actor("staff-0101", Role.PRACTITIONER)
OTHER_PRACTITIONER = Actor("staff-0102", Role.PRACTITIONER)
SIGNER = Actor("staff-0201", Role.SIGN_OFF_OFFICER, authority_level="team_manager")
HEAD_OF_SERVICE = Actor("staff-0202", Role.SIGN_OFF_OFFICER, authority_level="head_of_service")
PANEL_CHAIR = Actor("staff-0401", Role.PANEL_MEMBER)
LINE_MANAGER = Actor("staff-0501", Role.LINE_MANAGER)
ADVOCATE = Actor("advocacy-0301", Role.INDEPENDENT_ADVOCATE)

PERSON = "person-000123"
# The staff directory the tests' staff are in (the demo's too): api/directory.toml
DIRECTORY = load_directory()


def directory() -> Directory:
    return DIRECTORY


T = TypeVar("T")


def _read(schema: type[BaseModel], body: do.Body, kind: type[T], actor: Actor = PRACTITIONER) -> T:
    """``body`` read as the API reads it: a domain value, or the command a decision is."""
    model = schema.model_validate(body)
    if isinstance(model, CommandBody):
        value = model.to_command(actor)
    else:
        assert isinstance(model, DomainBody)
        value = model.to_domain()
    assert isinstance(value, kind)
    return value


def today() -> date:
    return do.today()


def start(
    kind: PlanKind = PlanKind.CARE_AND_SUPPORT, basis: PlanBasis = PlanBasis.DUTY
) -> StartPlan:
    body = do.start(PERSON, "east-locality", kind.value, basis.value)
    return _read(StartPlanRequest, body, StartPlan)


def indicative(amount: str = "300.00") -> SetIndicativeBudget:
    body = do.indicative(
        amount,
        "home care at £25.00 an hour",
        "10 hours a week",
        shared_how="discussed at a home visit and confirmed by letter",
    )
    return _read(IndicativeBudgetRequest, body, SetIndicativeBudget)


def draft() -> Draft:
    body = do.draft(
        needs=[do.need("N1", "personal care each morning", how_met="home care visits"),
               do.need("N2", "preparing meals", "carer"),
               do.need("N3", "keeping in touch with friends", "informal_support",
                       eligible=False)],
        outcomes=[do.outcome("O1", "to stay living at home safely", "N1", "N2")],
        lines=[],
        split={},
        prevention_advice="advised of the local befriending scheme and falls clinic",
        review_arrangements="first review six weeks after the care starts, by the team",
        more_draft={"carers": [{"carer_ref": "carer-0001", "willing": True,
                                "extent": "cooks each evening", "need_refs": ["N2"]}]},
    )  # fmt: skip
    return _read(DraftIn, body["draft"], Draft)


def _costing(lines: list[do.Body], split: dict[str, str] | None, **more: Any) -> Costing:
    """The lines costed, managed as ``split`` says or, by default, all by the authority."""
    plain = _read(CostingIn, {"line_items": lines}, Costing)
    whole = {"authority_managed": str(plain.weekly_cost)}
    return _read(CostingIn, {"line_items": lines, "split": split or whole, **more}, Costing)


def costing(weekly_hours: str = "10", split: ManagementSplit | None = None) -> Costing:
    lines = [
        do.line("morning personal care", "home_care_agency", weekly_hours, "25.00", "N1"),
        do.line("back-up agency retainer", "home_care_agency", "1", "20.00",
                frequency="four_weekly", category="contingency"),
    ]  # fmt: skip
    beside = [{"kind": "person_paid_activity", "description": "art class",
               "weekly_amount": "12.00", "paid_by": "person"}]  # fmt: skip
    made = _costing(lines, None, beside_budget=beside)
    return replace(made, split=split) if split else made


def direct_payment_costing() -> Costing:
    """A costing paid wholly by direct payment, employing a personal assistant."""
    lines = [
        do.line("personal assistant", "personal_assistant", "12", "15.00", "N1"),
        do.line("payroll and employer's insurance", "other", "1", "16.00",
                frequency="four_weekly", category="employer_cost"),
    ]  # fmt: skip
    plain = _read(CostingIn, {"line_items": lines}, Costing)
    paid = {"direct_payment": str(plain.weekly_cost)}
    return replace(_costing(lines, paid), direct_payment=direct_payment_proposal())


def direct_payment_proposal(**changes: Any) -> DirectPaymentProposal:
    body = {"need_refs": ["N1"], "payment_frequency": "four_weekly", "recipient_ref": PERSON,
            "employs_personal_assistants": True}  # fmt: skip
    return replace(_read(DirectPaymentProposalIn, body, DirectPaymentProposal), **changes)


def record_draft(the_costing: Costing | None = None, the_draft: Draft | None = None) -> RecordDraft:
    return RecordDraft(
        PRACTITIONER,
        the_draft or draft(),
        the_costing or costing(),
        PreparedBy(PreparerKind.PRACTITIONER, PRACTITIONER.id),
    )


def justification() -> Justification:
    body = do.justification(
        "family support used first",
        "day centre, home care, assistive technology",
        "home care is the only option available each morning",
        "falls clinic and befriending explored",
    )
    return _read(JustificationIn, body, Justification)


def submit(with_justification: bool = False) -> Submit:
    return replace(_read(SubmitRequest, {}, Submit), justification=(
        justification() if with_justification else None))  # fmt: skip


def resubmit() -> Submit:
    """After a return, with the new timeframe given to the person (RET-4)."""
    return _read(SubmitRequest, do.resubmission(), Submit)


def request_information() -> RequestInformation:
    body = do.information_request("What did the occupational therapist recommend?")
    return _read(AskForInformationRequest, body, RequestInformation, SIGNER)


def provide_information() -> ProvideInformation:
    body = do.information("A perching stool and grab rails.", "ot-report-17")
    return _read(InformationRequest, body, ProvideInformation)


def return_plan(*reasons: ReturnReason) -> ReturnPlan:
    body = do.return_plan(
        "it is unclear whether prevention services were explored",
        "record the prevention options explored with the person",
        reasons=[r.value for r in reasons or (ReturnReason.INSUFFICIENT_INFORMATION,)],
    )
    return _read(ReturnRequest, body, ReturnPlan, SIGNER)


CRITERIA = do.criteria(
    "matches the eligible needs",
    "outcomes are measurable at review",
    "cheapest available service that meets the needs",
)


def criteria() -> SignOffCriteria:
    return _read(CriteriaIn, CRITERIA, SignOffCriteria)


def answers() -> tuple[Answer, ...]:
    return tuple(Answer(q, AnswerValue.YES) for q in SignOffQuestion)


def direct_payment_decision() -> DirectPaymentDecision:
    return _read(DirectPaymentDecisionIn, do.direct_payment_checks(), DirectPaymentDecision)


def sign_off(
    person: str = "40.00",
    authority: str = "215.00",
    direct_payment: DirectPaymentDecision | None = None,
    signer: Actor = SIGNER,
    **changes: Any,
) -> SignOff:
    preferences = "she prefers morning visits; the plan keeps her routine"
    body = do.sign_off(person, authority, preferences_and_wellbeing=preferences)
    body["criteria"] = CRITERIA
    command = _read(SignOffRequest, body, SignOff, signer)
    return replace(command, direct_payment=direct_payment, **changes)
