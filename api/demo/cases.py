"""The three worked examples from the sign-off chapter, as the requests a front end
would send. ``careledger demo`` loads them; the end-to-end tests send them over HTTP.

People and staff appear by opaque reference only.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.deciding import SignOffQuestion

Body = dict[str, Any]

Who = tuple[str, ...]  # (id, role) or (id, role, authority level)

PRACTITIONERS = ("staff-1001", "staff-1002", "staff-1003")
SIGNER: Who = ("staff-2001", "sign_off_officer", "team_manager")


@dataclass(frozen=True)
class Step:
    decision: str  # the route under /plans/{id}/: "draft", "share-requests/{ref}/decision" ...
    actor: Who
    body: Body = field(default_factory=dict)
    ref: str | None = None  # fills {ref} in the route

    @property
    def path(self) -> str:
        return self.decision.replace("{ref}", self.ref or "")


@dataclass(frozen=True)
class Case:
    name: str
    steps: tuple[Step, ...]
    final_weekly: str  # the budget the case ends with, for checking


def practitioner(n: int) -> Who:
    return (PRACTITIONERS[n], "practitioner")


def days_from_today(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def resubmission() -> Body:
    """A resubmission gives the person a new timeframe for sign-off (RET-4)."""
    return {"timeframe": {"decision_expected_by": days_from_today(14), "told_how": "phone"}}


def contingency() -> list[Body]:
    return [
        {
            "risk": "the home care provider cannot cover a visit",
            "likely_harm": "missed personal care and medication",
            "proactive_measures": "a second provider is registered in advance",
            "reactive_measures": "the duty team arranges an emergency visit",
        }
    ]


def home_care_line(hours: str, rate: str = "24.50", needs: tuple[str, ...] = ("N1",)) -> Body:
    return {
        "service": "home care visits",
        "provider_type": "home_care_agency",
        "units": hours,
        "unit_cost": rate,
        "frequency": "weekly",
        "category": "service",
        "need_refs": list(needs),
    }


def sign_off_body(person: str, authority: str, direct_payment: Body | None = None) -> Body:
    body: Body = {
        "criteria": {
            "appropriate_and_proportionate": {"met": True, "reasoning": "meets eligible needs"},
            "clear_outcomes_for_review": {"met": True, "reasoning": "outcomes can be reviewed"},
            "best_use_of_resources": {"met": True, "reasoning": "least costly suitable option"},
        },
        "preferences_and_wellbeing": "the person's preferred times and routine are kept",
        "answers": {q.value: {"answer": "yes"} for q in SignOffQuestion},
        "contributions": {"person": person, "authority": authority},
        "notify": "person",
        "services_start_on": days_from_today(0),
        "first_review_on": days_from_today(42),
    }
    if direct_payment is not None:
        body["direct_payment"] = direct_payment
    return body


def _prevention_case() -> Case:
    """Returned because prevention work was not evidenced; the practitioner adds what she
    explored from her notes and resubmits."""
    me = practitioner(0)

    def draft(prevention_advice: str) -> Body:
        return {
            "draft": {
                "needs": [
                    {
                        "ref": "N1",
                        "description": "help to wash and dress each morning",
                        "eligible": True,
                        "met_by": "authority",
                        "how_met": "a home care visit each morning",
                    },
                    {
                        "ref": "N2",
                        "description": "getting out to the shops",
                        "eligible": False,
                        "met_by": "informal_support",
                    },
                ],
                "outcomes": [
                    {
                        "ref": "O1",
                        "description": "start each day washed, dressed and ready",
                        "need_refs": ["N1"],
                    }
                ],
                "contingency": contingency(),
                "prevention_advice": prevention_advice,
                "review_arrangements": "review six weeks after the visits start",
            },
            "costing": {
                "line_items": [home_care_line("7")],
                "split": {"authority_managed": "171.50"},
            },
        }

    return Case(
        name="prevention work not evidenced, then resubmitted",
        final_weekly="171.50",
        steps=(
            Step(
                "start",
                me,
                {"kind": "care_and_support", "basis": "duty", "person_ref": "person-7001",
                 "team": "north-locality"},
            ),
            Step(
                "indicative-budget",
                me,
                {"weekly_amount": "180.00", "method": "resource_allocation_system",
                 "cost_assumptions": ["home care at £24.50 an hour", "seven hours a week"],
                 "shared_with": "person", "shared_how": "explained at a home visit"},
            ),
            Step("draft", me, draft("leaflets left")),
            Step("submission", me),
            Step(
                "information-request",
                SIGNER,
                {"questions": ["Which prevention services were explored with the person?"]},
            ),
            Step("information", me, {"response": "see the revised draft once resubmitted"}),
            Step(
                "return",
                SIGNER,
                {"reasons": ["insufficient_information"],
                 "explanation": "the plan does not show that services to prevent, reduce or "
                 "delay needs were explored",
                 "suggested_steps": ["record the prevention options explored and the outcome"],
                 "notify": "person", "right_to_complain": True},
            ),
            Step(
                "draft",
                me,
                draft(
                    "explored the falls-prevention class (declined for now), a befriending "
                    "scheme (referred) and a pendant alarm (in place)"
                ),
            ),
            Step("submission", me, resubmission()),
            Step("sign-off", SIGNER, sign_off_body("35.00", "136.50")),
        ),
    )  # fmt: skip


def _proportionate_case() -> Case:
    """Returned as disproportionate; exploring services with the person finds a community
    health service for some needs, and the revised plan costs less."""
    me = practitioner(1)
    needs = [
        {"ref": "N1", "description": "personal care twice a day", "eligible": True,
         "met_by": "authority", "how_met": "home care visits"},
        {"ref": "N2", "description": "managing a leg wound", "eligible": True,
         "met_by": "authority", "how_met": "home care visits with wound checks"},
        {"ref": "N3", "description": "company during the day", "eligible": True,
         "met_by": "authority", "how_met": "a day service three days a week"},
    ]  # fmt: skip
    revised_needs = [
        needs[0],
        {"ref": "N2", "description": "managing a leg wound", "eligible": True,
         "met_by": "other_service", "how_met": "the community nursing team dresses it"},
        {"ref": "N3", "description": "company during the day", "eligible": True,
         "met_by": "authority", "how_met": "a lunch club twice a week"},
    ]  # fmt: skip
    outcomes = [
        {"ref": "O1", "description": "stay well at home", "need_refs": ["N1", "N2"]},
        {"ref": "O2", "description": "see people most days", "need_refs": ["N3"]},
    ]
    first: Body = {
        "draft": {
            "needs": needs,
            "outcomes": outcomes,
            "contingency": contingency(),
            "prevention_advice": "",
            "review_arrangements": "review eight weeks after the services start",
        },
        "costing": {
            "line_items": [
                home_care_line("14", needs=("N1", "N2")),
                {"service": "day service", "provider_type": "day_service", "units": "3",
                 "unit_cost": "55.00", "need_refs": ["N3"]},
            ],
            "split": {"authority_managed": "508.00"},
        },
    }  # fmt: skip
    revised: Body = {
        "draft": {
            **first["draft"],
            "needs": revised_needs,
            "prevention_advice": "the nursing team's advice on wound care was shared",
        },
        "costing": {
            "line_items": [
                home_care_line("10"),
                {"service": "lunch club", "provider_type": "community_service", "units": "2",
                 "unit_cost": "12.00", "need_refs": ["N3"]},
            ],
            "split": {"authority_managed": "269.00"},
        },
    }  # fmt: skip
    return Case(
        name="disproportionate, revised to a cheaper health-service option",
        final_weekly="269.00",
        steps=(
            Step("start", me, {"kind": "care_and_support", "basis": "duty",
                               "person_ref": "person-7002", "team": "south-locality"}),
            Step("indicative-budget", me,
                 {"weekly_amount": "420.00", "method": "resource_allocation_system",
                  "cost_assumptions": ["14 hours of home care", "three days of day service"],
                  "shared_with": "representative", "shared_how": "letter to the son"}),
            Step("draft", me, first),
            Step("submission", me,
                 {"justification": {
                     "strengths_based_approach": "family help with meals is used first",
                     "options_explored": "home care and a day service",
                     "rationale": "a day service meets the need for company",
                     "prevention_options": "none identified"}}),
            Step("return", SIGNER,
                 {"reasons": ["not_appropriate_or_proportionate"],
                  "explanation": "the services are more intensive than the needs call for",
                  "suggested_steps": ["explore less intensive options with the person",
                                      "ask the community nursing team about the wound"],
                  "notify": "representative", "right_to_complain": True}),
            Step("draft", me, revised),
            Step("submission", me, resubmission()),
            Step("sign-off", SIGNER, sign_off_body("0.00", "269.00")),
        ),
    )  # fmt: skip


def _direct_payment_case() -> Case:
    """A direct payment would pay the person's mother; returned until it is confirmed
    she lives elsewhere."""
    me = practitioner(2)

    def draft(same_household: bool | None) -> Body:
        return {
            "draft": {
                "needs": [
                    {"ref": "N1", "description": "support to get up and go to bed",
                     "eligible": True, "met_by": "authority",
                     "how_met": "a personal assistant paid by direct payment"},
                ],
                "outcomes": [{"ref": "O1", "description": "keep to my own routine",
                              "need_refs": ["N1"]}],
                "contingency": contingency(),
                "prevention_advice": "",
                "review_arrangements": "review six weeks after the payments start",
            },
            "costing": {
                "line_items": [
                    {"service": "personal assistant (the person's mother)",
                     "provider_type": "personal_assistant", "units": "14",
                     "unit_cost": "13.50", "need_refs": ["N1"]},
                    {"service": "payroll service and employer's liability insurance",
                     "provider_type": "other", "units": "1", "unit_cost": "48.00",
                     "frequency": "four_weekly", "category": "employer_cost"},
                ],
                "split": {"direct_payment": "201.00"},
                "direct_payment": {
                    "need_refs": ["N1"], "payment_frequency": "four_weekly",
                    "recipient_ref": "person-7003", "employs_personal_assistants": True,
                    "payees": [{"ref": "payee-01", "relationship": "close_relative",
                                "same_household": same_household}],
                },
            },
        }  # fmt: skip

    checks = {
        "checks": {
            "recipient_can_manage": "satisfied",
            "no_household_relative_paid": "satisfied",
            "care_home_within_four_weeks": "satisfied",
            "no_rehabilitation_order": "satisfied",
        },
        "conditions": [
            {"kind": "information_at_set_times", "detail": "timesheets every four weeks"}
        ],
    }
    return Case(
        name="direct payment to the person's mother, returned until she is shown to live "
        "elsewhere",
        final_weekly="201.00",
        steps=(
            Step("start", me, {"kind": "care_and_support", "basis": "duty",
                               "person_ref": "person-7003", "team": "west-locality"}),
            Step("indicative-budget", me,
                 {"weekly_amount": "210.00", "method": "resource_allocation_system",
                  "cost_assumptions": ["14 hours of support at £13.50", "employer costs"],
                  "shared_with": "person", "shared_how": "discussed at the assessment"}),
            Step("draft", me, draft(same_household=None)),
            Step("submission", me),
            Step("return", SIGNER,
                 {"reasons": ["insufficient_information"],
                  "explanation": "the direct payment pays the person's mother and it is "
                  "unclear whether she lives in the same household",
                  "suggested_steps": ["confirm where the mother lives"],
                  "notify": "person", "right_to_complain": True}),
            Step("draft", me, draft(same_household=False)),
            Step("submission", me, resubmission()),
            Step("sign-off", SIGNER, sign_off_body("20.00", "181.00", checks)),
        ),
    )  # fmt: skip


LINE_MANAGER: Who = ("staff-5001", "line_manager")


def simple_need_draft(
    needs: list[Body], outcomes: list[Body], lines: list[Body], split: Body, **more: Any
) -> Body:
    """A complete draft: the needs, outcomes and costing given, a standard contingency."""
    draft: Body = {
        "needs": needs,
        "outcomes": outcomes,
        "contingency": contingency(),
        "prevention_advice": "",
        "review_arrangements": "review at six weeks",
        **more.pop("draft", {}),
    }
    return {"draft": draft, "costing": {"line_items": lines, "split": split, **more}}


def _carers_plan_case() -> Case:
    """A carer's support plan: a break from caring and help to keep working; the sitting
    service for the cared-for person is described here but costed on their plan (BUD-10).
    The carer asks for a copy to go to their employer's occupational health service."""
    me = practitioner(0)
    carer = "carer-7004"
    draft = simple_need_draft(
        needs=[
            {
                "ref": "N1",
                "description": "regular time away from caring",
                "eligible": True,
                "met_by": "authority",
                "how_met": "a weekly fitness class",
            },
            {
                "ref": "N2",
                "description": "getting to work on late shifts",
                "eligible": True,
                "met_by": "authority",
                "how_met": "taxi fares",
            },
        ],
        outcomes=[
            {
                "ref": "O1",
                "description": "stay well while caring",
                "need_refs": ["N1"],
                "area": "recreation",
            },
            {
                "ref": "O2",
                "description": "keep my part-time job",
                "need_refs": ["N2"],
                "area": "work",
            },
        ],
        lines=[
            {
                "service": "fitness class",
                "provider_type": "community_service",
                "units": "1",
                "unit_cost": "9.00",
                "need_refs": ["N1"],
            },
            {
                "service": "taxi fares to work",
                "provider_type": "other",
                "units": "2",
                "unit_cost": "12.50",
                "need_refs": ["N2"],
            },
        ],
        split={"direct_payment": "34.00"},
        direct_payment={
            "need_refs": ["N1", "N2"],
            "payment_frequency": "four_weekly",
            "recipient_ref": carer,
        },
        draft={
            "replacement_care": [
                {
                    "description": "a sitting service on Thursday evenings",
                    "cared_for_plan_ref": "plan-of-person-7003",
                }
            ]
        },
    )
    checks = {
        "checks": {
            "recipient_can_manage": "satisfied",
            "no_household_relative_paid": "satisfied",
            "care_home_within_four_weeks": "satisfied",
            "no_rehabilitation_order": "satisfied",
        }
    }
    return Case(
        name="a carer's support plan, shared at the carer's request",
        final_weekly="34.00",
        steps=(
            Step("start", me, {"kind": "carer_support", "basis": "duty", "person_ref": carer,
                               "team": "carers-team"}),
            Step("indicative-budget", me,
                 {"weekly_amount": "40.00", "method": "banded_rates",
                  "cost_assumptions": ["carers' band B"], "shared_with": "person",
                  "shared_how": "carer's assessment meeting"}),
            Step("draft", me, draft),
            Step("submission", me),
            Step("sign-off", SIGNER, sign_off_body("0.00", "34.00", checks)),
            Step("notifications", me, {"plan_version": 5, "told": "person", "method": "phone"}),
            Step("copies", me, {"plan_version": 5, "recipient": "person",
                                "recipient_ref": carer, "method": "email"}),
            Step("share-requests", me,
                 {"request": {"ref": "share-1", "recipient": "other",
                              "recipient_ref": "employer-occupational-health",
                              "requested_by": "person"}}),
            Step("share-requests/{ref}/decision", me,
                 {"outcome": "full", "basis": "request", "method": "email"}, ref="share-1"),
        ),
    )  # fmt: skip


def _shared_and_declined_case() -> Case:
    """The person wants her son, her carer, to see all but her finances; she also asks for
    a copy to go to a neighbour, but a safeguarding concern about the neighbour means that,
    on line-manager advice, it is declined and she is told of her right to complain."""
    me = practitioner(1)
    son = "carer-7006"
    draft = simple_need_draft(
        needs=[
            {
                "ref": "N1",
                "description": "help to wash and dress",
                "eligible": True,
                "met_by": "authority",
                "how_met": "home care each morning",
            }
        ],
        outcomes=[{"ref": "O1", "description": "be ready for the day centre", "need_refs": ["N1"]}],
        lines=[home_care_line("7", "24.50")],
        split={"authority_managed": "171.50"},
    )
    return Case(
        name="a partial share to a carer, and a request to share declined for risk of abuse",
        final_weekly="171.50",
        steps=(
            Step("start", me, {"kind": "care_and_support", "basis": "duty",
                               "person_ref": "person-7005", "team": "east-locality"}),
            Step("involvement", me,
                 {"party": {"ref": son, "kind": "carer", "basis": "carer"}}),
            Step("sharing-preference", me,
                 {"preference": {"carer_ref": son, "carer_copy": "parts_only",
                                 "withheld_sections": ["finances"]}}),
            Step("indicative-budget", me,
                 {"weekly_amount": "180.00", "method": "resource_allocation_system",
                  "cost_assumptions": ["seven hours of home care"], "shared_with": "person",
                  "shared_how": "explained at a home visit"}),
            Step("draft", me, draft),
            Step("submission", me),
            Step("sign-off", SIGNER, sign_off_body("20.00", "151.50")),
            Step("share-requests", me,
                 {"request": {"ref": "share-1", "recipient": "carer", "recipient_ref": son,
                              "requested_by": "practitioner"}}),
            Step("share-requests/{ref}/decision", me,
                 {"outcome": "partial", "basis": "carer_default",
                  "omitted_sections": ["finances"]}, ref="share-1"),
            Step("share-requests", me,
                 {"request": {"ref": "share-2", "recipient": "other",
                              "recipient_ref": "neighbour-0009", "requested_by": "person"}}),
            Step("share-requests/{ref}/decision", LINE_MANAGER,
                 {"outcome": "decline", "basis": "request",
                  "exception": "risk_of_abuse_or_neglect", "line_manager_ref": "staff-5001",
                  "reasons": "the neighbour is the subject of a safeguarding enquiry",
                  "right_to_complain": True}, ref="share-2"),
            Step("notifications", me,
                 {"plan_version": 11, "told": "person", "method": "in_person",
                  "reasons_explained": True, "right_to_complain_explained": True}),
        ),
    )  # fmt: skip


CASES: tuple[Case, ...] = (
    _prevention_case(),
    _proportionate_case(),
    _direct_payment_case(),
    _carers_plan_case(),
    _shared_and_declined_case(),
)
WORKED_EXAMPLES = CASES[:3]
