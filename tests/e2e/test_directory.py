"""Authority proved, not claimed: a signer's level, a panel seat and a line manager come
from the staff directory, never from what a token says of its holder (SIGN-6, SIGN-7,
SHR-3). Over HTTP, against a real server."""

from decimal import Decimal

from api.demo import bodies as do
from api.demo.cases import CASES
from tests.e2e.conftest import Api
from tests.e2e.test_http_contract import is_problem

PRACTITIONER = ("staff-1001", "practitioner")


def submitted_costing(api: Api, hours: str) -> tuple[str, int]:
    """A plan of ``hours`` of home care a week (£24.50 an hour), submitted."""
    started = api.post("/plans", PRACTITIONER, do.start("person-7401", "north-locality"))
    plan_id = started.json()["plan_id"]
    weekly = str(Decimal(hours) * Decimal("24.50"))
    steps = [
        ("indicative-budget", do.indicative(weekly, f"{hours} hours of home care")),
        ("draft", do.draft(needs=[do.need("N1", "help to wash and dress", how_met="visits")],
                           outcomes=[do.outcome("O1", "ready for the day", "N1")],
                           lines=[do.home_care_line(hours)],
                           split={"authority_managed": weekly})),
        ("submission", {}),
    ]  # fmt: skip
    version = 1
    for decision, body in steps:
        answer = api.post(f"/plans/{plan_id}/{decision}", PRACTITIONER, body, version)
        assert answer.status_code == 200, answer.text
        version = answer.json()["version"]
    return plan_id, version


def test_a_signer_cannot_grant_themselves_a_level(api: Api) -> None:  # SIGN-7
    plan_id, version = submitted_costing(api, "60")  # £1,470 a week: the panel's to decide
    # staff-2001 is a team manager by the directory; the token claims the approval panel
    claiming = ("staff-2001", "sign_off_officer", "approval_panel")

    body = is_problem(api.post(f"/plans/{plan_id}/sign-off", claiming,
                               do.sign_off("0.00", "1470.00"), version), 422)  # fmt: skip

    assert [(e["obligation"], e["field"]) for e in body["errors"]] == [
        ("SIGN-7", "actor.authority_level")
    ]
    assert "the signer is team_manager" in body["errors"][0]["message"]
    assert api.get(f"/plans/{plan_id}").json()["status"] == "submitted"


def test_a_signer_the_directory_does_not_list_has_no_level(api: Api) -> None:  # SIGN-7
    plan_id, version = submitted_costing(api, "7")  # £171.50: within a team manager's limit

    body = is_problem(api.post(f"/plans/{plan_id}/sign-off",
                               ("staff-9002", "sign_off_officer", "head_of_service"),
                               do.sign_off("0.00", "171.50"), version), 422)  # fmt: skip

    assert [(e["obligation"], e["field"]) for e in body["errors"]] == [
        ("SIGN-7", "actor.authority_level")
    ]
    assert api.get(f"/plans/{plan_id}").json()["status"] == "submitted"


def test_the_worked_examples_sign_off_at_the_level_the_directory_gives(api: Api) -> None:
    # SIGN-7: the level recorded is the directory's, whatever the token said
    case = CASES[0]
    start, *rest = case.steps
    plan_id = api.post("/plans", start.actor, start.body).json()["plan_id"]
    version = 1
    for step in rest:
        actor = ("staff-2001", "sign_off_officer", "head_of_service") if step.decision == \
            "sign-off" else step.actor  # fmt: skip
        answer = api.post(f"/plans/{plan_id}/{step.path}", actor, step.body, version)
        assert answer.status_code == 200, answer.text
        version = answer.json()["version"]

    signed = [e for e in api.get(f"/plans/{plan_id}/history").json()["events"]
              if e["type"] == "Plan.SignedOff"]  # fmt: skip
    assert signed[0]["actor"]["authority_level"] == "team_manager"
