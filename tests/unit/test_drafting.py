"""What a draft must record before it can be submitted (CNT-1..5, KIND-2, BUD-11, DP-3,
DP-5)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.application import CarePlanning
from domain.budget import DirectPaymentProposal, LineCategory, ManagementMethod, ManagementSplit
from domain.drafting import CarerInvolvement, ContingencyEntry, Need, NeedMetBy, Outcome
from domain.drafting.rules import completeness_failures, justification_failures
from domain.errors import Failure, RuleBroken
from domain.kinds import PlanBasis
from domain.money import Frequency
from tests import builders as b
from tests.conftest import PlanInProgress, drafted


def failures_of(**changes: object) -> list[Failure]:
    draft = replace(b.draft(), **changes)  # type: ignore[arg-type]
    return completeness_failures(draft, b.costing(), True, PlanBasis.DUTY)


def fields_for(failures: list[Failure], obligation: str) -> set[str]:
    return {f.field for f in failures if f.obligation == obligation}


def test_a_complete_draft_has_no_failures() -> None:
    assert completeness_failures(b.draft(), b.costing(), True, PlanBasis.DUTY) == []


def test_missing_needs_are_named() -> None:  # CNT-1
    failures = failures_of(needs=(), outcomes=(), carers=())

    assert "draft.needs" in fields_for(failures, "CNT-1")


def test_every_missing_item_is_named_at_once() -> None:  # CNT-1
    empty = replace(b.draft(), needs=(), outcomes=(), contingency=(), carers=(),
                    review_arrangements=" ")  # fmt: skip

    failures = completeness_failures(empty, None, False, PlanBasis.DUTY)

    assert fields_for(failures, "CNT-1") >= {
        "indicative_budget",
        "draft.needs",
        "draft.contingency",
        "draft.review_arrangements",
        "costing",
    }
    assert fields_for(failures, "CNT-2") == {"draft.outcomes"}


def test_a_need_the_authority_meets_must_say_how() -> None:  # CNT-1
    needs = (Need("N1", "personal care", True, NeedMetBy.AUTHORITY, how_met="  "),)

    failures = failures_of(needs=needs, carers=())

    assert "draft.needs[0].how_met" in fields_for(failures, "CNT-1")


def test_a_draft_where_the_authority_meets_no_need_is_incomplete() -> None:  # CNT-1
    needs = (Need("N1", "meals", True, NeedMetBy.INFORMAL_SUPPORT),)

    failures = failures_of(needs=needs, outcomes=(), carers=())

    assert any(f.message.startswith("no need is recorded as met") for f in failures)


def test_prevention_advice_is_required_for_needs_the_authority_will_not_meet() -> None:  # CNT-1
    failures = failures_of(prevention_advice="")

    assert "draft.prevention_advice" in fields_for(failures, "CNT-1")


def test_prevention_advice_is_not_required_when_the_authority_meets_every_need() -> None:
    needs = (Need("N1", "personal care", True, NeedMetBy.AUTHORITY, "home care"),)
    outcomes = (Outcome("O1", "stay at home", ("N1",)),)

    failures = failures_of(needs=needs, outcomes=outcomes, carers=(), prevention_advice="")

    assert failures == []


def test_review_arrangements_are_required() -> None:  # CNT-1
    assert "draft.review_arrangements" in fields_for(failures_of(review_arrangements=""), "CNT-1")


def test_missing_indicative_budget_and_costing_are_named() -> None:  # CNT-1, BUD-2
    failures = completeness_failures(b.draft(), None, False, PlanBasis.DUTY)

    assert fields_for(failures, "CNT-1") == {"indicative_budget", "costing"}


def test_a_costing_without_lines_or_method_is_incomplete() -> None:  # CNT-1
    costing = replace(b.costing(), line_items=(), split=ManagementSplit())

    failures = completeness_failures(b.draft(), costing, True, PlanBasis.DUTY)

    assert fields_for(failures, "CNT-1") == {"costing.line_items", "costing.split"}


def test_management_parts_must_add_up_to_the_budget() -> None:  # BUD-11
    costing = replace(b.costing(), split=ManagementSplit(authority_managed=Decimal("100.00")))

    failures = completeness_failures(b.draft(), costing, True, PlanBasis.DUTY)

    assert fields_for(failures, "BUD-11") == {"costing.split"}


def test_a_mixed_budget_adding_up_is_accepted() -> None:  # BUD-11
    split = ManagementSplit(authority_managed=Decimal("200.00"), direct_payment=Decimal("55.00"))
    costing = replace(
        b.costing(),
        split=split,
        direct_payment=DirectPaymentProposal(("N1",), Frequency.FOUR_WEEKLY, "person-000123"),
    )

    assert completeness_failures(b.draft(), costing, True, PlanBasis.DUTY) == []
    assert split.method is ManagementMethod.MIXED


def test_a_direct_payment_must_name_the_needs_it_meets() -> None:  # CNT-1, DP-5
    costing = replace(b.direct_payment_costing(), direct_payment=None)

    failures = completeness_failures(b.draft(), costing, True, PlanBasis.DUTY)

    assert fields_for(failures, "CNT-1") == {"costing.direct_payment"}


def test_a_direct_payment_proposal_without_needs_is_refused() -> None:  # DP-5
    costing = replace(
        b.direct_payment_costing(), direct_payment=b.direct_payment_proposal(need_refs=())
    )

    failures = completeness_failures(b.draft(), costing, True, PlanBasis.DUTY)

    assert fields_for(failures, "DP-5") == {"costing.direct_payment.need_refs"}


def test_personal_assistants_need_employer_costs_on_the_draft() -> None:  # DP-3
    dp = b.direct_payment_costing()
    lines = tuple(i for i in dp.line_items if i.category is not LineCategory.EMPLOYER_COST)
    total = replace(dp, line_items=lines).weekly_cost
    costing = replace(dp, line_items=lines, split=ManagementSplit(direct_payment=total))

    failures = completeness_failures(b.draft(), costing, True, PlanBasis.DUTY)

    assert fields_for(failures, "DP-3") == {"costing.line_items"}


def test_outcomes_are_required_and_linked_to_needs() -> None:  # CNT-2
    unlinked = (Outcome("O1", "stay at home", ("N2",)),)

    failures = failures_of(outcomes=unlinked)

    assert fields_for(failures, "CNT-2") == {"draft.needs[0]"}


def test_an_outcome_linked_to_an_unknown_need_is_refused() -> None:  # CNT-2
    failures = failures_of(outcomes=(Outcome("O1", "stay at home", ("N1", "N9")),))

    assert fields_for(failures, "CNT-2") == {"draft.outcomes[0].need_refs"}


def test_every_contingency_field_is_required() -> None:  # CNT-3
    entry = ContingencyEntry("agency fails", "", "second agency", " ")

    failures = failures_of(contingency=(entry,))

    assert fields_for(failures, "CNT-3") == {
        "draft.contingency[0].likely_harm",
        "draft.contingency[0].reactive_measures",
    }


def test_contingency_costs_count_in_the_plan_cost() -> None:  # CNT-3
    costing = b.costing()

    contingency = sum(i.weekly_cost for i in costing.lines_in(LineCategory.CONTINGENCY))

    assert contingency == Decimal("5.00")
    assert costing.weekly_cost == Decimal("250.00") + contingency


@pytest.mark.parametrize(
    "carers",
    [
        (),
        (CarerInvolvement("carer-0001", False, "cooks each evening", ("N2",)),),
        (CarerInvolvement("carer-0001", True, "", ("N2",)),),
    ],
    ids=["no carer", "carer unwilling", "extent missing"],
)
def test_a_need_met_by_a_carer_needs_their_willingness_and_extent(
    carers: tuple[CarerInvolvement, ...],
) -> None:  # CNT-4
    assert fields_for(failures_of(carers=carers), "CNT-4") == {"draft.needs[1]"}


def test_a_plan_under_the_duty_meets_an_eligible_need() -> None:  # KIND-2
    needs = (Need("N1", "gardening", False, NeedMetBy.AUTHORITY, "a gardener"),)
    draft = replace(b.draft(), needs=needs, outcomes=(Outcome("O1", "tidy", ("N1",)),), carers=())

    under_duty = completeness_failures(draft, b.costing(), True, PlanBasis.DUTY)
    under_power = completeness_failures(draft, b.costing(), True, PlanBasis.POWER)

    assert fields_for(under_duty, "KIND-2") == {"basis"}
    assert under_power == []


def test_a_budget_above_indicative_with_no_justification_names_all_four_items() -> None:
    # CNT-5: the refusal says what a justification must cover, not only that one is needed.
    failures = justification_failures(Decimal("301.00"), Decimal("300.00"), None)

    assert fields_for(failures, "CNT-5") == {
        "justification.strengths_based_approach",
        "justification.options_explored",
        "justification.rationale",
        "justification.prevention_options",
    }
    assert all("exceeds the indicative £300.00" in f.message for f in failures)


def test_a_justification_covers_all_four_points() -> None:  # CNT-5
    thin = replace(b.justification(), options_explored="", prevention_options=" ")

    failures = justification_failures(Decimal("400.00"), Decimal("300.00"), thin)

    assert fields_for(failures, "CNT-5") == {
        "justification.options_explored",
        "justification.prevention_options",
    }


def test_a_budget_at_or_below_indicative_needs_no_justification() -> None:  # CNT-5
    assert justification_failures(Decimal("300.00"), Decimal("300.00"), None) == []


def test_submitting_an_incomplete_draft_is_refused_and_stores_nothing(
    drafted_plan: PlanInProgress,
) -> None:  # CNT-1
    incomplete = replace(b.draft(), contingency=(), review_arrangements="")
    drafted_plan.decide(b.record_draft(the_draft=incomplete))
    before = drafted_plan.event_count()

    with pytest.raises(RuleBroken) as refused:
        drafted_plan.decide(b.submit())

    assert refused.value.obligations == ("CNT-1",)
    assert {f.field for f in refused.value.failures} == {
        "draft.contingency",
        "draft.review_arrangements",
    }
    assert drafted_plan.event_count() == before
    assert drafted_plan.plan.status.value == "draft"


def test_submitting_above_indicative_without_justification_is_refused(
    planning: CarePlanning,
) -> None:  # CNT-5
    case = drafted(planning, the_costing=b.costing(weekly_hours="14"))

    with pytest.raises(RuleBroken) as refused:
        case.decide(b.submit())
    case.decide(b.submit(with_justification=True))

    assert refused.value.obligations == ("CNT-5",)
    assert case.plan.status.value == "submitted"
