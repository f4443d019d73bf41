"""Delegated sign-off authority (SIGN-7, BUD-13) and agreement recorded (SIGN-9)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.application import CarePlanning
from domain.deciding import Agreement, PanelDecision
from domain.deciding import decisions as deciding
from domain.errors import RuleBroken
from domain.policy import DEFAULT_SCHEME, AuthorityLevel, DelegationScheme, Policy
from tests import builders as b
from tests.conftest import PlanInProgress, start


def submitted_at(planning: CarePlanning, weekly_hours: str) -> PlanInProgress:
    case = start(planning)
    case.decide(b.indicative("300.00"))
    case.decide(b.record_draft(b.costing(weekly_hours=weekly_hours)))
    case.decide(b.submit(with_justification=True))
    return case


def signed_off_event(case: PlanInProgress) -> deciding.SignedOff:
    event = case.planning.history(case.plan_id)[-2]
    assert isinstance(event, deciding.SignedOff)
    return event


def test_a_plan_within_the_signers_limit_records_the_level_relied_on(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-7
    submitted_plan.decide(b.sign_off())

    authority = signed_off_event(submitted_plan).authority
    assert authority.level == "team_manager"
    assert "£255.00 a week is within the team_manager limit" in authority.rule


def test_a_plan_above_the_signers_limit_is_refused_naming_the_level_needed(
    planning: CarePlanning,
) -> None:  # SIGN-7
    case = submitted_at(planning, "30")  # £755 a week

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off(person="0.00", authority="755.00"))
    case.decide(b.sign_off("0.00", "755.00", signer=b.HEAD_OF_SERVICE))

    assert refused.value.obligations == ("SIGN-7",)
    assert "needs head_of_service" in refused.value.failures[0].message
    assert signed_off_event(case).authority.level == "head_of_service"


def test_a_signer_with_no_level_cannot_sign_off(submitted_plan: PlanInProgress) -> None:
    with pytest.raises(RuleBroken) as refused:  # SIGN-7
        submitted_plan.decide(b.sign_off(signer=replace(b.SIGNER, authority_level=None)))

    assert [f.field for f in refused.value.failures] == ["actor.authority_level"]


def test_an_annual_limit_also_routes_the_decision() -> None:  # SIGN-7
    scheme = DelegationScheme(
        (
            AuthorityLevel("team_manager", Decimal("1000.00"), Decimal("26000.00")),
            AuthorityLevel("panel", panel=True),
        )
    )

    assert scheme.required_for(Decimal("500.00")).name == "team_manager"
    assert scheme.required_for(Decimal("501.00")).name == "panel"


def test_the_scheme_is_configuration_not_code(planning: CarePlanning) -> None:  # SIGN-7
    strict = Policy(DelegationScheme((AuthorityLevel("team_manager", Decimal("100.00")),
                                      AuthorityLevel("approval_panel", panel=True))))  # fmt: skip
    strict_planning = CarePlanning(planning.env, policy=strict)
    case = submitted_at(strict_planning, "10")

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off())

    assert "needs approval_panel" in refused.value.failures[0].message


def test_no_level_may_cap_a_budget() -> None:  # BUD-13
    with pytest.raises(ValueError, match="no budget is capped"):
        DelegationScheme((AuthorityLevel("team_manager", Decimal("600.00")),))

    assert DEFAULT_SCHEME.levels[-1].covers(Decimal("1000000.00"))


def test_a_panel_sign_off_records_its_members_and_decision(planning: CarePlanning) -> None:
    case = submitted_at(planning, "60")  # £1,505 a week: above head of service  # SIGN-7
    panel = PanelDecision((b.PANEL_CHAIR.id, "staff-0402"), "panel-2026-07")

    case.decide(b.sign_off("0.00", "1505.00", signer=b.PANEL_CHAIR, panel=panel))

    authority = signed_off_event(case).authority
    assert authority.level == "approval_panel"
    assert authority.panel == panel


@pytest.mark.parametrize(
    "panel",
    [None, PanelDecision(("staff-0401",), "panel-1"), PanelDecision(("staff-0402", "x"), " ")],
    ids=["no panel", "one member", "not a member, no ref"],
)
def test_a_panel_sign_off_needs_two_members_including_the_signer(
    planning: CarePlanning, panel: PanelDecision | None
) -> None:  # SIGN-7
    case = submitted_at(planning, "60")

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off("0.00", "1505.00", signer=b.PANEL_CHAIR, panel=panel))

    assert refused.value.obligations == ("SIGN-7",)


def test_agreement_with_the_person_is_recorded_with_the_sign_off(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-9
    agreement = Agreement(with_person=True, with_preparer=False, note="agreed at a home visit")

    submitted_plan.decide(b.sign_off(agreement=agreement))

    assert signed_off_event(submitted_plan).agreement == agreement
