"""Decisions after sign-off, over HTTP: sharing and declining, amendments, reductions,
direct payments to relatives, the plan in force and the budget's explanation."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from api.demo.bodies import sign_off
from api.demo.cases import CASES, LINE_MANAGER, SIGNER
from tests.e2e.conftest import Api
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

ME = ("staff-1001", "practitioner")


def day(offset: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


def signed_off(api: Api) -> tuple[str, int]:
    """The first worked example, signed off: £171.50 a week."""
    return drive(api, CASES[0])


def post(api: Api, plan_id: str, version: int, path: str, body: dict[str, Any],
         actor: tuple[str, ...] = ME) -> Any:  # fmt: skip
    return api.post(f"/plans/{plan_id}/{path}", actor, body, version)


def ok(response: Any) -> int:
    assert response.status_code == 200, response.text
    version: int = response.json()["version"]
    return version


def refused(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_share_request_is_declined_for_risk_of_abuse_after_line_manager_advice(
    api: Api,
) -> None:  # SHR-3, SHR-5, COMP-1
    plan_id, v = signed_off(api)
    v = ok(post(api, plan_id, v, "share-requests", {"request": {
        "ref": "share-1", "recipient": "other", "recipient_ref": "neighbour-0009",
        "requested_by": "person"}}))  # fmt: skip
    decline = {"outcome": "decline", "basis": "request", "exception": "risk_of_abuse_or_neglect",
               "reasons": "a safeguarding enquiry concerns the neighbour",
               "right_to_complain": True}  # fmt: skip

    without_advice = refused(post(api, plan_id, v, "share-requests/share-1/decision", decline))
    v = ok(post(api, plan_id, v, "share-requests/share-1/decision",
                {**decline, "line_manager_ref": "staff-5001"}, LINE_MANAGER))  # fmt: skip

    assert "SHR-3" in without_advice["obligations"]
    events = api.get(f"/plans/{plan_id}/history").json()["events"]
    declined = events[-1]
    assert declined["type"] == "Plan.ShareDeclined"
    assert declined["grounds"]["line_manager_ref"] == "staff-5001"
    assert declined["grounds"]["notice"]["right_to_complain"] is True
    plan = api.get(f"/plans/{plan_id}").json()
    assert [n["decision"] for n in plan["pending_notices"]][-1] == "share_declined"


def test_a_partial_share_to_a_carer(api: Api) -> None:  # SHR-1, SHR-5
    plan_id, _ = drive(api, CASES[4])

    events = api.get(f"/plans/{plan_id}/history").json()["events"]

    shared = next(e for e in events if e["type"] == "Plan.PlanShared")
    assert shared["grounds"]["copy"]["extent"] == "partial"
    assert shared["grounds"]["copy"]["omitted_sections"] == ["finances"]
    assert shared["grounds"]["basis"] == "carer_default"


def test_an_amendment_refused_with_the_right_to_complain(api: Api) -> None:  # AMD-4, COMP-1
    plan_id, v = signed_off(api)
    v = ok(post(api, plan_id, v, "amendment-requests", {"request": {
        "ref": "amend-1", "requested_by": "person", "requester_ref": "person-7001",
        "summary": "an extra evening visit"}}))  # fmt: skip
    refusal = {"agree": False, "reasons": "the evening need is met by her daughter"}

    not_told = refused(post(api, plan_id, v, "amendment-requests/amend-1/decision", refusal))
    v = ok(post(api, plan_id, v, "amendment-requests/amend-1/decision",
                {**refusal, "right_to_complain": True}))  # fmt: skip

    assert not_told["obligations"] == ["COMP-1"]
    plan = api.get(f"/plans/{plan_id}").json()
    assert plan["status"] == "signed_off"
    assert plan["pending_notices"][-1]["right_to_complain"] is True


def amend(api: Api, plan_id: str, v: int, hours: str, split: str) -> int:
    """Agree an amendment for a light re-sign-off, and submit the redrafted plan."""
    v = ok(post(api, plan_id, v, "amendment-requests", {"request": {
        "ref": f"amend-{v}", "requested_by": "person", "requester_ref": "person-7001",
        "summary": "change the hours"}}))  # fmt: skip
    v = ok(post(api, plan_id, v, f"amendment-requests/amend-{v - 1}/decision",
                {"agree": True, "reasons": "needs changed", "route": "light"}))  # fmt: skip
    draft = next(s for s in reversed(CASES[0].steps) if s.decision == "draft").body
    costing = {"line_items": [{**draft["costing"]["line_items"][0], "units": hours}],
               "split": {"authority_managed": split}}  # fmt: skip
    v = ok(post(api, plan_id, v, "draft", {**draft, "costing": costing}))
    return ok(post(api, plan_id, v, "submission", {}))


def test_an_agreed_amendment_is_signed_off_lightly_and_lists_the_recipients(
    api: Api,
) -> None:  # AMD-2, AMD-3, COMP-2
    plan_id, v = signed_off(api)
    original = v
    v = ok(post(api, plan_id, v, "copies", {"plan_version": original, "recipient":
                "representative", "recipient_ref": "rep-0001", "method": "email"}))  # fmt: skip
    v = amend(api, plan_id, v, "7", "171.50")

    in_force = api.get(f"/plans/{plan_id}/in-force").json()
    light = {**sign_off("35.00", "136.50"), "answers": {}}
    v = ok(post(api, plan_id, v, "sign-off", light, SIGNER))

    assert in_force["version"] == original  # COMP-2: the original held while amending
    plan = api.get(f"/plans/{plan_id}").json()
    assert plan["in_force_version"] == v
    owed = {(d["recipient"], d["recipient_ref"], d["obligation"]) for d in plan["copies_due"]}
    assert ("representative", "rep-0001", "AMD-3") in owed
    signed = api.get(f"/plans/{plan_id}/history").json()["events"][-2]
    assert signed["grounds"]["route"] == "light"


def test_a_budget_reduction_is_refused_without_notice_then_accepted_with_it(api: Api) -> None:
    plan_id, v = signed_off(api)  # BUD-15
    v = ok(post(api, plan_id, v, "reviews", {"outcome": "amend", "summary": "needs less help",
                                            "next_review_on": day(180)}))  # fmt: skip
    v = amend(api, plan_id, v, "5", "122.50")
    cut = sign_off("35.00", "87.50")

    without_notice = refused(post(api, plan_id, v, "sign-off", cut, SIGNER))
    short_notice = refused(post(api, plan_id, v, "sign-off", {**cut, "reduction": {
        "explanation": "five hours meet the needs found at review",
        "notice_given_on": day(0), "takes_effect_on": day(7)}}, SIGNER))  # fmt: skip
    v = ok(post(api, plan_id, v, "sign-off", {**cut, "reduction": {
        "explanation": "five hours meet the needs found at review",
        "notice_given_on": day(0), "takes_effect_on": day(28)}}, SIGNER))  # fmt: skip

    assert without_notice["obligations"] == ["BUD-15"]
    assert [e["field"] for e in short_notice["errors"]] == ["reduction.takes_effect_on"]
    budget = api.get(f"/plans/{plan_id}").json()["budget"]
    assert Decimal(budget["agreed"]["cost"]) == Decimal("122.50")
    explanation = api.get(f"/plans/{plan_id}/budget/explanation").json()["paragraphs"]
    assert any("reduced to £122.50" in p for p in explanation)  # CONS-2


def test_a_direct_payment_to_a_household_relative_needs_a_recorded_necessary_decision(
    api: Api,
) -> None:  # DP-6
    first_round = list(CASES[2].steps[:4])  # start, indicative budget, draft, submission
    first_round[2] = replace(first_round[2], body=_payee_at_home(first_round[2].body))
    plan_id, v = drive(api, replace(CASES[2], steps=tuple(first_round)))
    sign = CASES[2].steps[-1].body

    not_necessary = refused(post(api, plan_id, v, "sign-off", sign, SIGNER))
    v = ok(post(api, plan_id, v, "payee-necessity", {"necessity": {
        "payee_ref": "payee-01", "ground": "for_care", "decided_by": "staff-5001",
        "explanation": "no other carer can meet his needs at night"}}, LINE_MANAGER))  # fmt: skip
    v = ok(post(api, plan_id, v, "sign-off", sign, SIGNER))

    assert not_necessary["obligations"] == ["DP-6"]
    assert api.get(f"/plans/{plan_id}").json()["status"] == "signed_off"


def _payee_at_home(body: dict[str, Any]) -> dict[str, Any]:
    proposal = body["costing"]["direct_payment"]
    payees = [{**p, "same_household": True} for p in proposal["payees"]]
    costing = {**body["costing"], "direct_payment": {**proposal, "payees": payees}}
    return {**body, "costing": costing}


def test_the_budget_explanation_tells_how_it_was_decided(api: Api) -> None:  # CONS-2
    plan_id, _ = drive(api, CASES[1])

    paragraphs = api.get(f"/plans/{plan_id}/budget/explanation").json()["paragraphs"]

    text = " ".join(paragraphs)
    assert "indicative budget was set at £420.00 a week" in text
    assert "resource allocation system" in text
    assert "not signed off (not appropriate or proportionate)" in text
    assert "final personal budget was agreed at £269.00 a week" in text


def test_nothing_is_in_force_before_sign_off(api: Api) -> None:  # COMP-2
    started = api.post("/plans", ME, CASES[0].steps[0].body).json()["plan_id"]

    assert api.get(f"/plans/{started}/in-force").status_code == 404


def test_every_decision_has_its_endpoint(api: Api) -> None:
    paths = api.http.get("/openapi.json").json()["paths"]

    for route in ("share-requests/{ref}/decision", "amendment-requests/{ref}/decision",
                  "payee-necessity", "care-home-stays", "budget-challenges/{ref}/answer",
                  "safeguarding", "end", "combination", "unmet-needs-explanation"):  # fmt: skip
        assert f"/plans/{{plan_id}}/{route}" in paths
