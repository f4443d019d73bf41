"""Personal-budget rules: indicative budget, costing, beside-budget amounts and the final
split (BUD-1..16)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.application import CarePlanning
from domain.budget import (
    BesideBudget,
    BesideKind,
    Costing,
    LineCategory,
    LineItem,
    ManagementSplit,
    ProviderType,
)
from domain.budget.aggregate import PersonalBudget
from domain.budget.rules import contributions_failures, costing_failures, indicative_failures
from domain.deciding import PanelDecision
from domain.drafting import AccessibleFormat, AccessibleOriginal
from domain.errors import Failure, RuleBroken
from domain.kinds import PlanBasis, PlanKind
from domain.money import Frequency, weekly
from tests import builders as b
from tests.conftest import PlanInProgress, start, submitted

NEEDS = frozenset({"N1", "N2", "N3"})


def obligations(failures: list[Failure]) -> set[str]:
    return {f.obligation for f in failures}


def test_starting_a_plan_opens_its_personal_budget(started_plan: PlanInProgress) -> None:  # BUD-1
    budget = started_plan.budget

    assert budget.plan_id == started_plan.plan_id
    assert budget.id == PersonalBudget.create_id(started_plan.plan_id)


def test_the_indicative_budget_is_shared_with_its_method_and_assumptions() -> None:  # BUD-2
    failures = indicative_failures(Decimal("300.00"), (), "")

    assert {f.field for f in failures} == {"cost_assumptions", "shared_how"}
    assert obligations(failures) == {"BUD-2"}


def test_an_indicative_budget_in_fractions_of_a_penny_is_refused() -> None:  # BUD-2
    failures = indicative_failures(Decimal("300.001"), ("rate",), "by letter")

    assert [f.field for f in failures] == ["weekly_amount"]


def test_the_indicative_budget_may_go_up_or_down(started_plan: PlanInProgress) -> None:  # BUD-2
    started_plan.decide(b.indicative("300.00"))
    started_plan.decide(b.indicative("260.00"))
    started_plan.decide(b.indicative("320.00"))

    assert started_plan.budget.indicative_weekly == Decimal("320.00")


def test_the_indicative_budget_is_fixed_once_submitted(submitted_plan: PlanInProgress) -> None:
    from domain.errors import DecisionNotAllowed

    with pytest.raises(DecisionNotAllowed) as refused:
        submitted_plan.decide(b.indicative("200.00"))

    assert refused.value.obligation == "BUD-2"


def test_contributions_must_add_up_to_the_cost_of_the_draft() -> None:  # BUD-5
    failures = contributions_failures(
        Decimal("40.00"), Decimal("200.00"), Decimal("255.00"), PlanKind.CARE_AND_SUPPORT,
        PlanBasis.DUTY,
    )  # fmt: skip

    assert [(f.obligation, f.field) for f in failures] == [("BUD-5", "contributions")]


def test_contributions_are_whole_pence_and_not_negative() -> None:  # BUD-3
    failures = contributions_failures(
        Decimal("-5.00"), Decimal("100.005"), Decimal("255.00"), PlanKind.CARE_AND_SUPPORT,
        PlanBasis.DUTY,
    )  # fmt: skip

    assert [(f.obligation, f.field) for f in failures] == [
        ("BUD-3", "contributions.person"),
        ("BUD-3", "contributions.authority"),
    ]


def test_a_carer_never_contributes() -> None:  # BUD-4
    failures = contributions_failures(
        Decimal("10.00"), Decimal("90.00"), Decimal("100.00"), PlanKind.CARER_SUPPORT,
        PlanBasis.DUTY,
    )  # fmt: skip

    assert [(f.obligation, f.field) for f in failures] == [("BUD-4", "contributions.person")]


def test_a_self_funder_has_no_authority_contribution() -> None:  # BUD-9
    failures = contributions_failures(
        Decimal("0.00"), Decimal("100.00"), Decimal("100.00"), PlanKind.CARE_AND_SUPPORT,
        PlanBasis.SELF_FUNDER_REQUEST,
    )  # fmt: skip
    paying_in_full = contributions_failures(
        Decimal("100.00"), Decimal("0.00"), Decimal("100.00"), PlanKind.CARE_AND_SUPPORT,
        PlanBasis.SELF_FUNDER_REQUEST,
    )  # fmt: skip

    assert [(f.obligation, f.field) for f in failures] == [("BUD-9", "contributions.authority")]
    assert paying_in_full == []


def test_the_final_budget_follows_the_true_cost_above_the_indicative(
    planning: CarePlanning,
) -> None:  # BUD-5
    case = start(planning)
    case.decide(b.indicative("300.00"))
    case.decide(b.record_draft(b.costing(weekly_hours="14")))
    case.decide(b.submit(with_justification=True))

    case.decide(b.sign_off(person="40.00", authority="315.00"))

    agreed = case.budget.agreed
    assert agreed is not None
    assert agreed.cost == Decimal("355.00")
    assert agreed.cost > Decimal("300.00")


def test_a_final_budget_below_the_draft_cost_is_refused(
    submitted_plan: PlanInProgress,
) -> None:  # BUD-5
    before = submitted_plan.event_count()

    with pytest.raises(RuleBroken) as refused:
        submitted_plan.decide(b.sign_off(person="40.00", authority="100.00"))

    assert refused.value.obligations == ("BUD-5",)
    assert submitted_plan.event_count() == before
    assert submitted_plan.budget.agreed is None


def test_no_budget_is_capped_a_limit_only_routes_it_upwards(
    planning: CarePlanning,
) -> None:  # BUD-13, SIGN-7
    case = start(planning)
    case.decide(b.indicative("300.00"))
    case.decide(b.record_draft(b.costing(weekly_hours="1000")))
    case.decide(b.submit(with_justification=True))
    panel = PanelDecision((b.PANEL_CHAIR.id, "staff-0402", "staff-0403"), "panel-2026-114")

    with pytest.raises(RuleBroken) as too_high:
        case.decide(b.sign_off(person="0.00", authority="25005.00"))
    case.decide(b.sign_off("0.00", "25005.00", signer=b.PANEL_CHAIR, panel=panel))

    assert "approval_panel" in too_high.value.failures[0].message
    assert case.budget.agreed is not None
    assert case.budget.agreed.cost == Decimal("25005.00")


def test_amounts_beside_the_budget_are_not_part_of_it() -> None:  # BUD-6
    costing = replace(
        b.costing(),
        beside_budget=(
            BesideBudget(BesideKind.THIRD_PARTY_TOP_UP, "room upgrade", Decimal("50.00"), "son"),
            BesideBudget(BesideKind.NHS_JOINT_FUNDING, "nursing", Decimal("80.00"), "the ICB"),
        ),
    )

    assert costing.weekly_cost == Decimal("255.00")
    assert costing.beside_total == Decimal("130.00")
    assert costing.total_plan_cost == Decimal("385.00")


def test_a_beside_amount_says_who_pays_and_for_what() -> None:  # BUD-6
    costing = replace(
        b.costing(),
        beside_budget=(BesideBudget(BesideKind.THIRD_PARTY_TOP_UP, "", Decimal("5.00"), " "),),
    )

    failures = costing_failures(costing, PlanBasis.DUTY, NEEDS)

    assert {(f.obligation, f.field) for f in failures} == {
        ("BUD-6", "costing.beside_budget[0].description"),
        ("BUD-6", "costing.beside_budget[0].paid_by"),
    }


def test_an_arrangement_fee_sits_beside_a_self_funders_budget_only() -> None:  # BUD-7
    fee = BesideBudget(BesideKind.ARRANGEMENT_FEE, "arranging care", Decimal("3.00"), "person")
    costing = replace(b.costing(), beside_budget=(fee,))

    for_self_funder = costing_failures(costing, PlanBasis.SELF_FUNDER_REQUEST, NEEDS)
    under_duty = costing_failures(costing, PlanBasis.DUTY, NEEDS)

    assert for_self_funder == []
    assert costing.weekly_cost == Decimal("255.00")
    assert [(f.obligation, f.field) for f in under_duty] == [
        ("BUD-7", "costing.beside_budget[0].kind")
    ]


def test_free_reablement_is_excluded_and_says_how_long_it_lasts() -> None:  # BUD-8
    open_ended = BesideBudget(BesideKind.FREE_REABLEMENT, "reablement", Decimal("0"), "authority")
    six_weeks = replace(open_ended, duration_weeks=6)

    refused = costing_failures(
        replace(b.costing(), beside_budget=(open_ended,)), PlanBasis.DUTY, NEEDS
    )
    accepted = replace(b.costing(), beside_budget=(six_weeks,))

    assert [(f.obligation, f.field) for f in refused] == [
        ("BUD-8", "costing.beside_budget[0].duration_weeks")
    ]
    assert costing_failures(accepted, PlanBasis.DUTY, NEEDS) == []
    assert accepted.weekly_cost == Decimal("255.00")


def test_line_items_keep_their_breakdown(signed_off_plan: PlanInProgress) -> None:  # BUD-16
    agreed = signed_off_plan.budget.agreed

    assert agreed is not None
    assert agreed.costing.line_items == b.costing().line_items
    assert sum(i.weekly_cost for i in agreed.costing.line_items) == agreed.cost


def test_a_line_item_names_its_service_and_costs_whole_pence() -> None:  # BUD-16
    bad = LineItem(" ", ProviderType.OTHER, Decimal("-1"), Decimal("1.001"), need_refs=("N7",))
    costing = Costing((bad,), ManagementSplit())

    failures = costing_failures(costing, PlanBasis.DUTY, NEEDS)

    assert {(f.obligation, f.field) for f in failures} == {
        ("BUD-16", "costing.line_items[0].service"),
        ("BUD-16", "costing.line_items[0].unit_cost"),
        ("BUD-16", "costing.line_items[0].units"),
        ("BUD-16", "costing.line_items[0].need_refs"),
    }


@pytest.mark.parametrize(
    ("amount", "frequency", "expected"),
    [
        ("100.00", Frequency.WEEKLY, "100.00"),
        ("100.00", Frequency.FORTNIGHTLY, "50.00"),
        ("100.00", Frequency.FOUR_WEEKLY, "25.00"),
        ("100.00", Frequency.MONTHLY, "23.08"),
        ("520.00", Frequency.ANNUALLY, "10.00"),
        ("0.05", Frequency.FORTNIGHTLY, "0.03"),
    ],
)
def test_amounts_convert_to_whole_pence_a_week(
    amount: str, frequency: Frequency, expected: str
) -> None:
    assert weekly(Decimal(amount), frequency) == Decimal(expected)


def test_a_carers_plan_signs_off_with_no_contribution(planning: CarePlanning) -> None:  # BUD-4
    case = start(planning, PlanKind.CARER_SUPPORT)
    case.decide(b.indicative())
    case.decide(b.record_draft())
    case.decide(b.submit())

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.sign_off(person="40.00", authority="215.00"))
    case.decide(b.sign_off(person="0.00", authority="255.00"))

    assert refused.value.obligations == ("BUD-4",)
    assert case.budget.agreed is not None
    assert case.budget.agreed.contributions.person == Decimal("0.00")


def test_a_submitted_plan_has_its_proposed_costing(planning: CarePlanning) -> None:
    case = submitted(planning)

    assert case.budget.proposed == b.costing()


def equipment(unit_cost: str, provided: bool = True) -> LineItem:
    return LineItem(
        "grab rails and a perching stool",
        ProviderType.ASSISTIVE_TECHNOLOGY,
        Decimal("1"),
        Decimal(unit_cost),
        Frequency.ANNUALLY,
        LineCategory.EQUIPMENT,
        provided_on=b.today() if provided else None,
    )


def test_equipment_appears_with_its_date_at_no_cost() -> None:  # CNT-7
    free = Costing((equipment("0.00"),), ManagementSplit())
    undated = Costing((equipment("0.00", provided=False),), ManagementSplit())
    priced = Costing((equipment("400.00"),), ManagementSplit())

    assert costing_failures(free, PlanBasis.DUTY, NEEDS) == []
    assert [f.field for f in costing_failures(undated, PlanBasis.DUTY, NEEDS)] == [
        "costing.line_items[0].provided_on"
    ]
    assert [f.obligation for f in costing_failures(priced, PlanBasis.DUTY, NEEDS)] == ["CNT-7"]


def test_equipment_over_1000_is_charged_only_where_local_policy_charges() -> None:  # CNT-7
    hoist = Costing((equipment("1500.00"),), ManagementSplit())

    without_policy = costing_failures(hoist, PlanBasis.DUTY, NEEDS)
    with_policy = costing_failures(hoist, PlanBasis.DUTY, NEEDS, charges_for_equipment=True)

    assert [f.obligation for f in without_policy] == ["CNT-7"]
    assert with_policy == []


def test_an_accessible_original_says_where_it_is_kept(drafted_plan: PlanInProgress) -> None:
    audio = AccessibleOriginal(AccessibleFormat.AUDIO, "case file, disc 2")  # CNT-6

    with pytest.raises(RuleBroken) as refused:
        drafted_plan.decide(b.record_draft(the_draft=replace(
            b.draft(), accessible_originals=(replace(audio, location=" "),))))  # fmt: skip
    drafted_plan.decide(b.record_draft(the_draft=replace(b.draft(), accessible_originals=(audio,))))

    assert refused.value.obligations == ("CNT-6",)
    assert drafted_plan.plan.draft is not None
    assert drafted_plan.plan.draft.accessible_originals == (audio,)
