"""The three worked examples from the sign-off chapter, as the requests a front end
would send. ``careledger demo`` loads them; the end-to-end tests send them over HTTP.

People and staff appear by opaque reference only.
"""

from dataclasses import dataclass, field

from api.demo import bodies as do
from api.demo.bodies import Body

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


def _prevention_case() -> Case:
    """Returned because prevention work was not evidenced; the practitioner adds what she
    explored from her notes and resubmits."""
    me = practitioner(0)

    def draft(prevention_advice: str) -> Body:
        return do.draft(
            needs=[do.need("N1", "help to wash and dress each morning",
                           how_met="a home care visit each morning"),
                   do.need("N2", "getting out to the shops", "informal_support",
                           eligible=False)],
            outcomes=[do.outcome("O1", "start each day washed, dressed and ready", "N1")],
            lines=[do.home_care_line("7")],
            split={"authority_managed": "171.50"},
            prevention_advice=prevention_advice,
            review_arrangements="review six weeks after the visits start",
        )  # fmt: skip

    return Case(
        name="prevention work not evidenced, then resubmitted",
        final_weekly="171.50",
        steps=(
            Step("start", me, do.start("person-7001", "north-locality")),
            Step("indicative-budget", me,
                 do.indicative("180.00", "home care at £24.50 an hour", "seven hours a week")),
            Step("draft", me, draft("leaflets left")),
            Step("submission", me),
            Step("information-request", SIGNER, do.information_request(
                "Which prevention services were explored with the person?")),
            Step("information", me, do.information("see the revised draft once resubmitted")),
            Step("return", SIGNER, do.return_plan(
                "the plan does not show that services to prevent, reduce or delay needs were "
                "explored", "record the prevention options explored and the outcome")),
            Step("draft", me, draft(
                "explored the falls-prevention class (declined for now), a befriending "
                "scheme (referred) and a pendant alarm (in place)")),
            Step("submission", me, do.resubmission()),
            Step("sign-off", SIGNER, do.sign_off("35.00", "136.50")),
        ),
    )  # fmt: skip


def _proportionate_case() -> Case:
    """Returned as disproportionate; exploring services with the person finds a community
    health service for some needs, and the revised plan costs less."""
    me = practitioner(1)
    outcomes = [
        do.outcome("O1", "stay well at home", "N1", "N2"),
        do.outcome("O2", "see people most days", "N3"),
    ]
    personal_care = do.need("N1", "personal care twice a day", how_met="home care visits")
    first = do.draft(
        needs=[personal_care,
               do.need("N2", "managing a leg wound", how_met="home care visits with wound checks"),
               do.need("N3", "company during the day",
                       how_met="a day service three days a week")],
        outcomes=outcomes,
        lines=[do.home_care_line("14", needs=("N1", "N2")),
               do.line("day service", "day_service", "3", "55.00", "N3")],
        split={"authority_managed": "508.00"},
        review_arrangements="review eight weeks after the services start",
    )  # fmt: skip
    revised = do.draft(
        needs=[personal_care,
               do.need("N2", "managing a leg wound", "other_service",
                       "the community nursing team dresses it"),
               do.need("N3", "company during the day", how_met="a lunch club twice a week")],
        outcomes=outcomes,
        lines=[do.home_care_line("10"),
               do.line("lunch club", "community_service", "2", "12.00", "N3")],
        split={"authority_managed": "269.00"},
        prevention_advice="the nursing team's advice on wound care was shared",
        review_arrangements="review eight weeks after the services start",
    )  # fmt: skip
    justified = do.justification(
        "family help with meals is used first", "home care and a day service",
        "a day service meets the need for company", "none identified")  # fmt: skip
    return Case(
        name="disproportionate, revised to a cheaper health-service option",
        final_weekly="269.00",
        steps=(
            Step("start", me, do.start("person-7002", "south-locality")),
            Step("indicative-budget", me,
                 do.indicative("420.00", "14 hours of home care", "three days of day service",
                               shared_with="representative", shared_how="letter to the son")),
            Step("draft", me, first),
            Step("submission", me, do.submission(justified)),
            Step("return", SIGNER, do.return_plan(
                "the services are more intensive than the needs call for",
                "explore less intensive options with the person",
                "ask the community nursing team about the wound",
                reasons=["not_appropriate_or_proportionate"], notify="representative")),
            Step("draft", me, revised),
            Step("submission", me, do.resubmission()),
            Step("sign-off", SIGNER, do.sign_off("0.00", "269.00")),
        ),
    )  # fmt: skip


def _direct_payment_case() -> Case:
    """A direct payment would pay the person's mother; returned until it is confirmed
    she lives elsewhere."""
    me = practitioner(2)

    def draft(same_household: bool | None) -> Body:
        return do.draft(
            needs=[do.need("N1", "support to get up and go to bed",
                           how_met="a personal assistant paid by direct payment")],
            outcomes=[do.outcome("O1", "keep to my own routine", "N1")],
            lines=[do.line("personal assistant (the person's mother)", "personal_assistant",
                           "14", "13.50", "N1"),
                   do.line("payroll service and employer's liability insurance", "other", "1",
                           "48.00", frequency="four_weekly", category="employer_cost")],
            split={"direct_payment": "201.00"},
            review_arrangements="review six weeks after the payments start",
            direct_payment={
                "need_refs": ["N1"], "payment_frequency": "four_weekly",
                "recipient_ref": "person-7003", "employs_personal_assistants": True,
                "payees": [{"ref": "payee-01", "relationship": "close_relative",
                            "same_household": same_household}],
            },
        )  # fmt: skip

    checks = do.direct_payment_checks(
        {"kind": "information_at_set_times", "detail": "timesheets every four weeks"}
    )
    return Case(
        name="direct payment to the person's mother, returned until she is shown to live "
        "elsewhere",
        final_weekly="201.00",
        steps=(
            Step("start", me, do.start("person-7003", "west-locality")),
            Step("indicative-budget", me,
                 do.indicative("210.00", "14 hours of support at £13.50", "employer costs",
                               shared_how="discussed at the assessment")),
            Step("draft", me, draft(same_household=None)),
            Step("submission", me),
            Step("return", SIGNER, do.return_plan(
                "the direct payment pays the person's mother and it is unclear whether she "
                "lives in the same household", "confirm where the mother lives")),
            Step("draft", me, draft(same_household=False)),
            Step("submission", me, do.resubmission()),
            Step("sign-off", SIGNER, do.sign_off("20.00", "181.00", checks)),
        ),
    )  # fmt: skip


LINE_MANAGER: Who = ("staff-5001", "line_manager")


def _carers_plan_case() -> Case:
    """A carer's support plan: a break from caring and help to keep working; the sitting
    service for the cared-for person is described here but costed on their plan (BUD-10).
    The carer asks for a copy to go to their employer's occupational health service."""
    me = practitioner(0)
    carer = "carer-7004"
    sitting_service = {"description": "a sitting service on Thursday evenings",
                       "cared_for_plan_ref": "plan-of-person-7003"}  # fmt: skip
    draft = do.draft(
        needs=[do.need("N1", "regular time away from caring", how_met="a weekly fitness class"),
               do.need("N2", "getting to work on late shifts", how_met="taxi fares")],
        outcomes=[do.outcome("O1", "stay well while caring", "N1", area="recreation"),
                  do.outcome("O2", "keep my part-time job", "N2", area="work")],
        lines=[do.line("fitness class", "community_service", "1", "9.00", "N1"),
               do.line("taxi fares to work", "other", "2", "12.50", "N2")],
        split={"direct_payment": "34.00"},
        direct_payment={"need_refs": ["N1", "N2"], "payment_frequency": "four_weekly",
                        "recipient_ref": carer},
        more_draft={"replacement_care": [sitting_service]},
    )  # fmt: skip
    return Case(
        name="a carer's support plan, shared at the carer's request",
        final_weekly="34.00",
        steps=(
            Step("start", me, do.start(carer, "carers-team", kind="carer_support")),
            Step("indicative-budget", me,
                 do.indicative("40.00", "carers' band B", method="banded_rates",
                               shared_how="carer's assessment meeting")),
            Step("draft", me, draft),
            Step("submission", me),
            Step("sign-off", SIGNER, do.sign_off("0.00", "34.00", do.direct_payment_checks())),
            Step("notifications", me, do.told(5)),
            Step("copies", me, do.copy(5, carer, "email")),
            Step("share-requests", me, do.share_request(
                "share-1", "other", "employer-occupational-health", "person")),
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
    draft = do.draft(
        needs=[do.need("N1", "help to wash and dress", how_met="home care each morning")],
        outcomes=[do.outcome("O1", "be ready for the day centre", "N1")],
        lines=[do.home_care_line("7")],
        split={"authority_managed": "171.50"},
    )
    return Case(
        name="a partial share to a carer, and a request to share declined for risk of abuse",
        final_weekly="171.50",
        steps=(
            Step("start", me, do.start("person-7005", "east-locality")),
            Step("involvement", me,
                 {"party": {"ref": son, "kind": "carer", "basis": "carer"}}),
            Step("sharing-preference", me,
                 {"preference": {"carer_ref": son, "carer_copy": "parts_only",
                                 "withheld_sections": ["finances"]}}),
            Step("indicative-budget", me, do.indicative("180.00", "seven hours of home care")),
            Step("draft", me, draft),
            Step("submission", me),
            Step("sign-off", SIGNER, do.sign_off("20.00", "151.50")),
            Step("share-requests", me, do.share_request("share-1", "carer", son, "practitioner")),
            Step("share-requests/{ref}/decision", me,
                 {"outcome": "partial", "basis": "carer_default",
                  "omitted_sections": ["finances"]}, ref="share-1"),
            Step("share-requests", me,
                 do.share_request("share-2", "other", "neighbour-0009", "person")),
            Step("share-requests/{ref}/decision", LINE_MANAGER,
                 {"outcome": "decline", "basis": "request",
                  "exception": "risk_of_abuse_or_neglect", "line_manager_ref": "staff-5001",
                  "reasons": "the neighbour is the subject of a safeguarding enquiry",
                  "right_to_complain": True}, ref="share-2"),
            Step("notifications", me, do.told(11, "in_person", reasons_explained=True,
                                              right_to_complain_explained=True)),
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
