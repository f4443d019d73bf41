"""The three worked examples from the sign-off chapter, driven over HTTP."""

from decimal import Decimal

import pytest

from api.demo.cases import CASES, WORKED_EXAMPLES, Case
from tests.e2e.conftest import Api

pytestmark = pytest.mark.e2e


def drive(api: Api, case: Case) -> tuple[str, int]:
    first, *rest = case.steps
    started = api.post("/plans", first.actor, first.body)
    assert started.status_code == 201, started.text
    plan_id, version = started.json()["plan_id"], started.json()["version"]
    for step in rest:
        response = api.post(f"/plans/{plan_id}/{step.path}", step.actor, step.body, version)
        assert response.status_code == 200, (step.decision, response.text)
        assert response.headers["ETag"] == f'"{response.json()["version"]}"'
        assert response.json()["version"] > version
        version = response.json()["version"]
    return plan_id, version


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_demo_case_ends_signed_off_at_its_final_budget(api: Api, case: Case) -> None:
    plan_id, version = drive(api, case)

    plan = api.get(f"/plans/{plan_id}").json()

    assert plan["status"] == "signed_off"
    assert plan["version"] == version
    assert plan["in_force_version"] in plan["signed_off_versions"]
    agreed = plan["budget"]["agreed"]
    assert Decimal(agreed["cost"]) == Decimal(case.final_weekly)
    contributions = agreed["contributions"]
    assert Decimal(contributions["person"]) + Decimal(contributions["authority"]) == Decimal(
        case.final_weekly
    )  # BUD-3


@pytest.mark.parametrize("case", WORKED_EXAMPLES, ids=[c.name for c in WORKED_EXAMPLES])
def test_a_worked_examples_history_keeps_every_round(api: Api, case: Case) -> None:  # RET-2
    plan_id, _ = drive(api, case)

    events = api.get(f"/plans/{plan_id}/history").json()["events"]

    plan_events = [e["type"] for e in events if e["aggregate"] == "plan"]
    returns = [e for e in events if e["type"] == "Plan.Returned"]
    assert plan_events.count("Plan.Submitted") == 2
    assert len(returns) == 1
    assert returns[0]["grounds"]["notice"]["right_to_complain"] is True  # COMP-1
    assert returns[0]["grounds"]["suggested_steps"]  # RET-1
    assert events[-1]["type"] == "PersonalBudget.FinalAgreed"
    assert [e["plan_version"] for e in events] == sorted(e["plan_version"] for e in events)
    assert all(e["summary"] and e["actor"]["id"] for e in events)


def test_the_prevention_example_was_returned_for_insufficient_information(api: Api) -> None:
    plan_id, _ = drive(api, CASES[0])

    events = api.get(f"/plans/{plan_id}/history").json()["events"]

    kinds = [e["type"] for e in events if e["aggregate"] == "plan"]
    assert kinds == [
        "Plan.Started",
        "Plan.IndicativeBudgetShared",
        "Plan.DraftRecorded",
        "Plan.Submitted",
        "Plan.InformationRequested",
        "Plan.InformationProvided",
        "Plan.Returned",
        "Plan.DraftRecorded",
        "Plan.Submitted",
        "Plan.SignedOff",
    ]
    drafts = [e for e in events if e["type"] == "Plan.DraftRecorded"]
    assert "befriending" in drafts[1]["grounds"]["draft"]["prevention_advice"]


def test_the_proportionality_example_ends_cheaper_with_a_health_service(api: Api) -> None:
    plan_id, _ = drive(api, CASES[1])

    plan = api.get(f"/plans/{plan_id}").json()
    first_costing = api.get(f"/plans/{plan_id}/versions/4").json()["budget"]["proposed"]

    assert Decimal(first_costing["weekly_cost"]) == Decimal("508.00")
    assert Decimal(plan["budget"]["agreed"]["cost"]) == Decimal("269.00")
    met_by = {n["ref"]: n["met_by"] for n in plan["draft"]["needs"]}
    assert met_by["N2"] == "other_service"


def test_the_direct_payment_example_confirms_the_mother_lives_elsewhere(api: Api) -> None:
    plan_id, _ = drive(api, CASES[2])

    plan = api.get(f"/plans/{plan_id}").json()
    before_return = api.get(f"/plans/{plan_id}/versions/4").json()

    payee = plan["budget"]["agreed"]["costing"]["direct_payment"]["payees"][0]
    first_payee = before_return["budget"]["proposed"]["direct_payment"]["payees"][0]
    assert (first_payee["same_household"], payee["same_household"]) == (None, False)
    assert plan["budget"]["agreed"]["costing"]["method"] == "direct_payment"  # DP-5
