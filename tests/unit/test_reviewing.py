"""Reviews and monitoring of a plan in force (REV-1..3, REV-5)."""

from datetime import timedelta

import pytest

from domain.errors import RuleBroken
from domain.reviewing import Monitoring, ReviewOutcome, ReviewReason
from domain.reviewing.decisions import (
    ArrangeMonitoring,
    CompleteReview,
    RequestUnplannedReview,
    UnplannedReviewRequested,
)
from tests import builders as b
from tests.conftest import PlanInProgress

P = b.PRACTITIONER


@pytest.mark.parametrize("weeks", [2, 5, 9], ids=["two weeks", "five weeks", "nine weeks"])
def test_the_first_review_falls_six_to_eight_weeks_after_the_start(
    submitted_plan: PlanInProgress, weeks: int
) -> None:  # REV-1
    outside = b.today() + timedelta(weeks=weeks)

    with pytest.raises(RuleBroken) as refused:
        submitted_plan.decide(b.sign_off(first_review_on=outside))
    submitted_plan.decide(b.sign_off(first_review_on=b.today() + timedelta(weeks=8)))

    assert [(f.obligation, f.field) for f in refused.value.failures] == [
        ("REV-1", "first_review_on")
    ]
    assert submitted_plan.plan.next_review_on == b.today() + timedelta(weeks=8)


def test_a_review_sets_the_next_within_twelve_months(signed_off_plan: PlanInProgress) -> None:
    too_late = b.today() + timedelta(days=400)  # REV-2

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(CompleteReview(P, ReviewOutcome.NO_CHANGE, "stable", too_late))
    next_year = b.today() + timedelta(days=360)
    signed_off_plan.decide(CompleteReview(P, ReviewOutcome.NO_CHANGE, "stable", next_year))

    assert refused.value.obligations == ("REV-2",)
    assert signed_off_plan.plan.next_review_on == next_year


def test_anyone_may_ask_for_an_unplanned_review(signed_off_plan: PlanInProgress) -> None:
    signed_off_plan.decide(
        RequestUnplannedReview(  # REV-3
            P, "neighbour-0003", ReviewReason.INFORMAL_SUPPORT_CHANGED, "the daughter moved away"
        )
    )

    last = signed_off_plan.planning.history(signed_off_plan.plan_id)[-1]
    assert isinstance(last, UnplannedReviewRequested)
    assert last.reason is ReviewReason.INFORMAL_SUPPORT_CHANGED
    assert signed_off_plan.plan.open_review_requests == 1


def test_monitoring_says_what_who_and_how_often(signed_off_plan: PlanInProgress) -> None:
    with pytest.raises(RuleBroken) as refused:  # REV-5
        signed_off_plan.decide(ArrangeMonitoring(P, Monitoring("falls", "", "weekly")))
    signed_off_plan.decide(ArrangeMonitoring(P, Monitoring("falls", "the provider", "weekly")))

    assert [f.field for f in refused.value.failures] == ["monitoring.who"]
    assert len(signed_off_plan.plan.monitoring) == 1
