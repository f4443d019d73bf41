"""Delegated sign-off authority (SIGN-7, BUD-13) and agreement recorded (SIGN-9)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.actors import Actor, Role
from domain.application import CarePlanning
from domain.deciding import Agreement, PanelDecision
from domain.deciding import decisions as deciding
from domain.errors import RuleBroken
from domain.involvement import InvolvementBasis, Party, PartyKind
from domain.involvement import decisions as involvement
from domain.kinds import PlanStatus
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
    strict_planning = CarePlanning(planning.env, policy=strict, directory=b.directory)
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


@pytest.mark.parametrize(
    ("members", "rule", "field"),
    [(("staff-0401", "staff-0201"), "SIGN-7", "panel.members"),  # a signer, not on the panel
     (("staff-0401", "staff-0101"), "SIGN-6", "panel.members")],  # prepared and submitted it
    ids=["not seated on the panel", "prepared the plan"],
)  # fmt: skip
def test_a_panel_is_its_members_by_the_staff_directory(
    planning: CarePlanning, members: tuple[str, ...], rule: str, field: str
) -> None:  # SIGN-6, SIGN-7
    case = submitted_at(planning, "60")

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off("0.00", "1505.00", signer=b.PANEL_CHAIR,
                               panel=PanelDecision(members, "panel-2026-08")))  # fmt: skip

    assert (rule, field) in {(f.obligation, f.field) for f in refused.value.failures}
    assert case.plan.status is PlanStatus.SUBMITTED


def test_no_one_involved_in_the_plan_sits_on_its_panel(planning: CarePlanning) -> None:
    case = submitted_at(planning, "60")  # SIGN-6: staff-0403 is also the person's relative
    relative = Party("staff-0403", PartyKind.FAMILY_OR_FRIEND, InvolvementBasis.PERSON_ASKED)
    case.decide(involvement.RecordInvolvement(b.PRACTITIONER, relative))
    panel = PanelDecision((b.PANEL_CHAIR.id, "staff-0402", "staff-0403"), "panel-2026-10")

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off("0.00", "1505.00", signer=b.PANEL_CHAIR, panel=panel))

    assert [(f.obligation, f.field) for f in refused.value.failures] == [
        ("SIGN-6", "panel.members")
    ]


def test_a_panel_needs_its_quorum_from_the_staff_directory() -> None:  # SIGN-7
    three = replace(b.DIRECTORY, panel_quorum=3)
    two = PanelDecision(("staff-0401", "staff-0402"), "panel-2026-09")
    planning = CarePlanning(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                            directory=lambda: three)  # fmt: skip
    case = submitted_at(planning, "60")

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off("0.00", "1505.00", signer=b.PANEL_CHAIR, panel=two))
    case.decide(b.sign_off("0.00", "1505.00", signer=b.PANEL_CHAIR,
                           panel=replace(two, members=(*two.members, "staff-0403"))))  # fmt: skip

    assert [f.message for f in refused.value.failures] == [
        "name at least 3 members (the quorum), the signer among them"
    ]
    assert case.plan.status is PlanStatus.SIGNED_OFF


def test_no_one_involved_in_the_plan_may_sign_it_off(planning: CarePlanning) -> None:  # SIGN-6
    case = submitted_at(planning, "10")
    advocate = Party(b.ADVOCATE.id, PartyKind.INDEPENDENT_ADVOCATE, InvolvementBasis.ADVOCACY)
    case.decide(involvement.RecordInvolvement(b.PRACTITIONER, advocate))
    # the advocate's token also carries the sign-off role, and the level the plan needs
    signing = Actor(b.ADVOCATE.id, Role.SIGN_OFF_OFFICER, authority_level="head_of_service")

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off(signer=signing))

    assert [(f.obligation, f.field) for f in refused.value.failures] == [("SIGN-6", "actor")]
    assert "independent advocate" in refused.value.failures[0].message
    assert case.plan.status is PlanStatus.SUBMITTED


def test_agreement_with_the_person_is_recorded_with_the_sign_off(
    submitted_plan: PlanInProgress,
) -> None:  # SIGN-9
    agreement = Agreement(with_person=True, with_preparer=False, note="agreed at a home visit")

    submitted_plan.decide(b.sign_off(agreement=agreement))

    assert signed_off_event(submitted_plan).agreement == agreement
