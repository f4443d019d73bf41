"""A caseload in progress, for the work queues and reports: plans waiting at each step
in two teams, and a run of comparable signed-off plans (one far dearer than the rest),
their decisions dated over the past ten weeks. ``careledger demo`` loads it after the
worked examples.

People and staff appear by opaque reference only.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from api.demo import bodies as do
from api.demo.bodies import Body
from api.demo.cases import CASES, Case, Step, Who, practitioner

SIGNERS: dict[str, Who] = {
    "team_manager": ("staff-2001", "sign_off_officer", "team_manager"),
    "head_of_service": ("staff-2002", "sign_off_officer", "head_of_service"),
}
RATE = Decimal("24.50")


@dataclass(frozen=True)
class Plan:
    """How far a plan has gone, and when its decisions were made (days ago)."""

    ref: str
    team: str
    worker: int
    hours: str
    started: int
    stage: str  # submitted, panel, asked, returned, signed, told, copied, requests
    step_days: int = 2
    signer: str = "team_manager"


def _draft(hours: str) -> Body:
    return do.draft(
        needs=[do.need("N1", "help to wash and dress each morning",
                       how_met="home care visits each morning"),
               do.need("N2", "getting to the shops", "informal_support", eligible=False)],
        outcomes=[do.outcome("O1", "start each day washed and dressed", "N1")],
        lines=[do.home_care_line(hours)],
        split={"authority_managed": str(Decimal(hours) * RATE)},
        prevention_advice="falls prevention advice given at the visit",
        review_arrangements="review six weeks after the visits start",
    )  # fmt: skip


def _case(plan: Plan, now: datetime) -> Case:
    me = practitioner(plan.worker)
    weekly = Decimal(plan.hours) * RATE
    day = [0]

    def at(body: Body | None = None) -> Body:
        moment = now - timedelta(days=plan.started) + timedelta(days=day[0] * plan.step_days)
        day[0] += 1
        return {**(body or {}), "occurred_at": moment.isoformat()}

    steps = [
        Step("start", me, at(do.start(plan.ref, plan.team))),
        Step("indicative-budget", me, at(do.indicative(
            str(max(weekly, Decimal("150.00"))), f"{plan.hours} hours of home care"))),
        Step("draft", me, at(_draft(plan.hours))),
        Step("submission", me, at()),
    ]  # fmt: skip
    signer = SIGNERS[plan.signer]
    if plan.stage == "asked":
        steps.append(
            Step(
                "information-request",
                signer,
                at(do.information_request("What did the occupational therapist recommend?")),
            )
        )
    elif plan.stage == "returned":
        steps.append(
            Step(
                "return",
                signer,
                at(
                    do.return_plan(
                        "the prevention options explored are not recorded",
                        "record the prevention options explored",
                    )
                ),
            )
        )
    elif plan.stage not in ("submitted", "panel"):
        signed = at()
        start_on = datetime.fromisoformat(signed["occurred_at"]).date()
        sign_off = do.sign_off("20.00", str(weekly - 20), starts_on=start_on)
        steps.append(Step("sign-off", signer, {**signed, **sign_off}))
        version = len(steps)
        if plan.stage in ("told", "copied", "requests"):
            steps.append(Step("notifications", me, at(do.told(version))))
        if plan.stage in ("copied", "requests"):
            steps.append(Step("copies", me, at(do.copy(version, plan.ref))))
        if plan.stage == "requests":
            share = do.share_request("share-1", "other", "gp-practice-12", "person")
            amend = do.amendment_request("amend-1", plan.ref, "a later morning visit")
            steps.append(Step("share-requests", me, at(share)))
            steps.append(Step("amendment-requests", me, at(amend)))
    return Case(f"caseload: {plan.ref} ({plan.stage})", tuple(steps), str(weekly))


def _paying_case(now: datetime) -> Case:
    """The worked direct-payment example for another person, its payments started."""
    worked = CASES[2]
    start, *rest = worked.steps
    first = replace(start, body={**start.body, "person_ref": "person-8012"})
    paid = Step("direct-payment-start", start.actor, {"first_paid_on": now.date().isoformat()})
    return Case("caseload: person-8012 (direct payment)", (first, *rest, paid),
                worked.final_weekly)  # fmt: skip


PLANS = (
    Plan("person-8001", "east-locality", 0, "7", started=12, stage="submitted"),
    Plan("person-8002", "west-locality", 1, "8", started=20, stage="submitted", step_days=3),
    Plan("person-8003", "east-locality", 2, "56", started=15, stage="panel"),
    Plan("person-8004", "west-locality", 0, "9", started=10, stage="asked"),
    Plan("person-8005", "east-locality", 1, "7", started=9, stage="returned"),
    Plan("person-8006", "east-locality", 0, "7", started=70, stage="copied", step_days=4),
    Plan("person-8007", "west-locality", 1, "8", started=64, stage="told", step_days=3),
    Plan("person-8008", "east-locality", 2, "7", started=40, stage="signed"),
    Plan("person-8009", "west-locality", 2, "9", started=30, stage="requests"),
    Plan("person-8010", "east-locality", 0, "8", started=25, stage="copied", step_days=1),
    Plan("person-8011", "west-locality", 1, "30", started=22, stage="signed",
         signer="head_of_service"),
)  # fmt: skip


def caseload(now: datetime | None = None) -> tuple[Case, ...]:
    moment = now or datetime.now(UTC)
    return (*(_case(plan, moment) for plan in PLANS), _paying_case(moment))
