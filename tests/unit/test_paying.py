"""Direct payments after sign-off: who is paid (DP-6), care-home stays (DP-7) and reviews
(DP-8, REV-4)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from domain.application import CarePlanning
from domain.budget import DirectPaymentPayee, PayeeRelationship
from domain.deciding import ConditionKind, DirectPaymentCondition
from domain.deciding.decisions import SignOff
from domain.errors import NotPermitted, RuleBroken
from domain.paying import CareHomeStay, NecessityGround, PayeeNecessity
from domain.paying.decisions import (
    RecordCareHomeStay,
    RecordPayeeNecessity,
    ReviewDirectPayment,
    StartDirectPayment,
)
from domain.paying.rules import care_home_failures, direct_payment_review_due
from tests import builders as b
from tests.conftest import PlanInProgress, start

P = b.PRACTITIONER


def with_payee(planning: CarePlanning, payee: DirectPaymentPayee) -> PlanInProgress:
    case = start(planning)
    costing = replace(b.direct_payment_costing(),
                      direct_payment=b.direct_payment_proposal(payees=(payee,)))  # fmt: skip
    case.decide(b.indicative())
    case.decide(b.record_draft(costing))
    case.decide(b.submit())
    return case


def dp_sign_off() -> SignOff:
    return b.sign_off("0.00", "184.00", b.direct_payment_decision())


@pytest.mark.parametrize(
    ("relationship", "same_household"),
    [
        (PayeeRelationship.SPOUSE_OR_PARTNER, False),
        (PayeeRelationship.CLOSE_RELATIVE, True),
        (PayeeRelationship.CLOSE_RELATIVE, None),
    ],
    ids=["partner living elsewhere", "relative at home", "relative, household unknown"],
)
def test_a_direct_payment_may_not_pay_a_partner_or_a_household_relative(
    planning: CarePlanning, relationship: PayeeRelationship, same_household: bool | None
) -> None:  # DP-6
    case = with_payee(planning, DirectPaymentPayee("payee-01", relationship, same_household))

    with pytest.raises(RuleBroken) as refused:
        case.decide(dp_sign_off())

    assert refused.value.obligations == ("DP-6",)


def test_a_relative_living_elsewhere_may_be_paid(planning: CarePlanning) -> None:  # DP-6
    case = with_payee(planning, DirectPaymentPayee("payee-01", PayeeRelationship.CLOSE_RELATIVE,
                                                   False))  # fmt: skip

    case.decide(dp_sign_off())

    assert case.plan.signed_off_version == case.version


def test_a_recorded_necessary_decision_allows_paying_a_household_relative(
    planning: CarePlanning,
) -> None:  # DP-6
    case = with_payee(planning, DirectPaymentPayee("payee-01", PayeeRelationship.CLOSE_RELATIVE,
                                                   True))  # fmt: skip
    necessity = PayeeNecessity("payee-01", NecessityGround.FOR_CARE, "only she gives intimate "
                               "care the person accepts", "staff-0501")  # fmt: skip

    with pytest.raises(NotPermitted):  # the authority decides, not the practitioner
        case.decide(RecordPayeeNecessity(P, necessity))
    case.decide(RecordPayeeNecessity(b.LINE_MANAGER, necessity))
    case.decide(dp_sign_off())

    assert case.plan.payee_necessity == (necessity,)


def stay(start_day: int, days: int) -> CareHomeStay:
    first = date(2026, 1, 1) + timedelta(days=start_day)
    return CareHomeStay(first, first + timedelta(days=days - 1))


def test_care_home_stays_are_limited_to_four_consecutive_weeks() -> None:  # DP-7
    assert care_home_failures([stay(0, 28)]) == []
    assert [f.obligation for f in care_home_failures([stay(0, 29)])] == ["DP-7"]


def test_stays_less_than_four_weeks_apart_count_as_one() -> None:  # DP-7
    close = [stay(0, 14), stay(30, 15)]  # 16 days apart
    apart = [stay(0, 14), stay(60, 20)]  # 46 days apart

    assert [f.obligation for f in care_home_failures(close)] == ["DP-7"]
    assert care_home_failures(apart) == []


def test_a_stay_not_paid_by_direct_payment_does_not_count() -> None:  # DP-7
    respite = replace(stay(10, 20), funded_by_direct_payment=False)

    assert care_home_failures([stay(0, 14), respite]) == []


def test_recording_a_stay_that_breaks_the_limit_is_refused(planning: CarePlanning) -> None:
    case = with_payee(planning, DirectPaymentPayee("payee-01", PayeeRelationship.NOT_RELATED,
                                                   None))  # fmt: skip
    case.decide(dp_sign_off())
    case.decide(RecordCareHomeStay(P, stay(0, 20)))

    with pytest.raises(RuleBroken) as refused:  # DP-7
        case.decide(RecordCareHomeStay(P, stay(25, 10)))

    assert refused.value.obligations == ("DP-7",)
    assert len(case.plan.care_home_stays) == 1


def test_a_direct_payment_is_reviewed_within_six_months_then_yearly() -> None:  # DP-8
    first = date(2026, 3, 31)

    assert direct_payment_review_due(first, True, None) == date(2026, 9, 30)
    assert direct_payment_review_due(first, False, None) == date(2027, 3, 31)


def test_a_more_frequent_reviews_condition_shortens_the_schedule() -> None:  # DP-2, REV-4
    first = date(2026, 3, 31)

    assert direct_payment_review_due(first, True, 3) == date(2026, 6, 30)
    assert direct_payment_review_due(first, False, 3) == date(2026, 6, 30)


def test_the_first_payment_sets_the_review_date_and_a_review_moves_it(
    planning: CarePlanning,
) -> None:  # DP-8, REV-4
    case = with_payee(planning, DirectPaymentPayee("payee-01", PayeeRelationship.NOT_RELATED,
                                                   None))  # fmt: skip
    quarterly = DirectPaymentCondition(ConditionKind.MORE_FREQUENT_REVIEWS, "quarterly", 3)
    decision = replace(b.direct_payment_decision(), conditions=(quarterly,))
    case.decide(b.sign_off("0.00", "184.00", decision))

    case.decide(StartDirectPayment(P, date(2026, 1, 15)))
    first_due = case.plan.direct_payment_review_due_on
    case.decide(ReviewDirectPayment(P, "used as agreed"))

    assert first_due == date(2026, 4, 15)
    assert case.plan.direct_payment_review_due_on is not None
    assert case.plan.direct_payment_review_due_on > first_due
