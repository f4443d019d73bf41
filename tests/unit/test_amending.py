"""Amending a signed-off plan (AMD-1..5) without withdrawing it (COMP-2), and reducing a
budget only with a review, an explanation and notice (BUD-15)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from api.schemas.views import PlanPublic
from domain.amending import AmendmentRequest, AmendmentRequester, SignOffRoute
from domain.amending.decisions import (
    AmendmentRefused,
    ConsultPerson,
    DecideAmendment,
    RequestAmendment,
)
from domain.amending.rules import decision_failures
from domain.deciding import Reduction
from domain.deciding.decisions import SignedOff
from domain.errors import DecisionNotAllowed, RuleBroken
from domain.kinds import PlanKind, PlanStatus
from domain.notifying import ContactMethod, CopyRecipient, Recipient
from domain.notifying.decisions import IssueCopy
from domain.reviewing import ReviewOutcome
from domain.reviewing.decisions import CompleteReview
from tests import builders as b
from tests.conftest import PlanInProgress

P = b.PRACTITIONER


def request(ref: str = "amend-1", by: AmendmentRequester = AmendmentRequester.PERSON,
            method: bool = False) -> RequestAmendment:  # fmt: skip
    return RequestAmendment(P, AmendmentRequest(ref, by, "requester-1", "more time", method))


def agree(ref: str = "amend-1", route: SignOffRoute | None = SignOffRoute.LIGHT,
          **more: object) -> DecideAmendment:  # fmt: skip
    return DecideAmendment(P, ref, agree=True, reasons="needs changed", route=route, **more)  # type: ignore[arg-type]


def refuse(ref: str = "amend-1", **more: object) -> DecideAmendment:
    return DecideAmendment(P, ref, agree=False, reasons="needs unchanged", **more)  # type: ignore[arg-type]


def test_a_request_from_someone_else_waits_for_the_person_to_be_consulted(
    signed_off_plan: PlanInProgress,
) -> None:  # AMD-1
    signed_off_plan.decide(request(by=AmendmentRequester.CARER))

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(agree())
    signed_off_plan.decide(ConsultPerson(P, "amend-1", Recipient.PERSON, "agrees"))
    signed_off_plan.decide(agree())

    assert refused.value.obligations == ("AMD-1",)
    assert signed_off_plan.plan.status is PlanStatus.AMENDING


def test_the_persons_own_request_needs_no_consultation(signed_off_plan: PlanInProgress) -> None:
    signed_off_plan.decide(request())  # AMD-1

    signed_off_plan.decide(agree())

    assert signed_off_plan.plan.amendment is not None


def test_an_agreed_amendment_records_its_sign_off_route(signed_off_plan: PlanInProgress) -> None:
    signed_off_plan.decide(request())  # AMD-2

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(agree(route=None))

    assert refused.value.obligations == ("AMD-2",)


def test_an_amendment_is_signed_off_again_lightly_without_the_eleven_questions(
    signed_off_plan: PlanInProgress,
) -> None:  # AMD-2
    signed_off_plan.decide(request())
    signed_off_plan.decide(agree())
    signed_off_plan.decide(b.record_draft(b.costing(weekly_hours="11")))
    signed_off_plan.decide(b.submit())

    signed_off_plan.decide(b.sign_off("40.00", "240.00", answers=()))

    signed = [e for e in signed_off_plan.planning.history(signed_off_plan.plan_id)
              if isinstance(e, SignedOff)]  # fmt: skip
    assert [e.route for e in signed] == [SignOffRoute.FULL, SignOffRoute.LIGHT]


def test_the_signed_off_version_stays_in_force_while_an_amendment_is_prepared(
    signed_off_plan: PlanInProgress,
) -> None:  # COMP-2
    in_force = signed_off_plan.version
    signed_off_plan.decide(request())
    signed_off_plan.decide(agree())
    signed_off_plan.decide(b.record_draft(b.costing(weekly_hours="12")))

    plan = signed_off_plan.plan
    assert plan.signed_off_version == in_force
    assert signed_off_plan.planning.plan(signed_off_plan.plan_id, in_force).status is (
        PlanStatus.SIGNED_OFF)  # fmt: skip
    assert signed_off_plan.budget.agreed is not None
    assert signed_off_plan.budget.agreed.plan_version == in_force


def test_the_amended_plan_goes_to_everyone_who_had_the_original(
    signed_off_plan: PlanInProgress,
) -> None:  # AMD-3
    original = signed_off_plan.version
    signed_off_plan.decide(IssueCopy(P, original, CopyRecipient.REPRESENTATIVE, "rep-0001",
                                     ContactMethod.EMAIL))  # fmt: skip
    signed_off_plan.decide(request())
    signed_off_plan.decide(agree())
    signed_off_plan.decide(b.record_draft(b.costing(weekly_hours="11")))
    signed_off_plan.decide(b.submit())

    signed_off_plan.decide(b.sign_off("40.00", "240.00"))

    owed = {(d.recipient, d.recipient_ref, d.obligation) for d in signed_off_plan.plan.copies_due}
    assert (CopyRecipient.REPRESENTATIVE, "rep-0001", "AMD-3") in owed


def test_not_circulating_the_amendment_records_what_the_person_asked(
    signed_off_plan: PlanInProgress,
) -> None:  # AMD-3
    signed_off_plan.decide(request())

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(agree(circulate_to_original_recipients=False))
    note = "the person asked that it go only to her"
    signed_off_plan.decide(agree(circulate_to_original_recipients=False, circulation_note=note))

    assert refused.value.obligations == ("AMD-3",)


def test_a_refused_amendment_records_reasons_and_the_right_to_complain(
    signed_off_plan: PlanInProgress,
) -> None:  # AMD-4, COMP-1
    signed_off_plan.decide(request())

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(refuse())
    signed_off_plan.decide(refuse(right_to_complain=True))

    last = signed_off_plan.planning.history(signed_off_plan.plan_id)[-1]
    assert refused.value.obligations == ("COMP-1",)
    assert isinstance(last, AmendmentRefused)
    assert last.notice.right_to_complain
    assert signed_off_plan.plan.status is PlanStatus.SIGNED_OFF  # COMP-2


def test_a_change_to_how_the_budget_is_managed_cannot_be_refused(
    signed_off_plan: PlanInProgress,
) -> None:  # AMD-5
    signed_off_plan.decide(request(method=True))

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(refuse(right_to_complain=True))
    signed_off_plan.decide(agree())

    assert refused.value.obligations == ("AMD-5",)


def test_only_a_signed_off_plan_is_amended(submitted_plan: PlanInProgress) -> None:  # AMD-2
    with pytest.raises(DecisionNotAllowed):
        submitted_plan.decide(request())


def reduced_to_eight_hours(case: PlanInProgress) -> None:
    case.decide(request())
    case.decide(agree())
    case.decide(b.record_draft(b.costing(weekly_hours="8")))
    case.decide(b.submit())


def test_a_budget_reduction_needs_a_review_an_explanation_and_notice(
    signed_off_plan: PlanInProgress,
) -> None:  # BUD-15
    reduced_to_eight_hours(signed_off_plan)

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(b.sign_off("40.00", "165.00"))

    assert refused.value.obligations == ("BUD-15",)
    assert len(refused.value.failures) == 2  # no review, no explanation or notice


def test_a_reduction_takes_effect_only_after_the_notice_period(
    signed_off_plan: PlanInProgress,
) -> None:  # BUD-15
    signed_off_plan.decide(CompleteReview(P, ReviewOutcome.AMEND, "needs less help",
                                          b.today() + timedelta(days=200)))  # fmt: skip
    reduced_to_eight_hours(signed_off_plan)
    short = Reduction("eight hours meet the needs found at review", b.today(),
                      b.today() + timedelta(weeks=2))  # fmt: skip

    with pytest.raises(RuleBroken) as too_soon:
        signed_off_plan.decide(b.sign_off("40.00", "165.00", reduction=short))
    proper = Reduction(short.explanation, b.today(), b.today() + timedelta(weeks=4))
    signed_off_plan.decide(b.sign_off("40.00", "165.00", reduction=proper))

    assert [f.field for f in too_soon.value.failures] == ["reduction.takes_effect_on"]
    signed = signed_off_plan.planning.history(signed_off_plan.plan_id)[-2]
    assert isinstance(signed, SignedOff)
    assert signed.reduction == proper


def test_a_reduction_to_come_is_shown_beside_the_budget_still_in_force(
    signed_off_plan: PlanInProgress,
) -> None:  # BUD-15: until the day it takes effect, the person keeps the budget they had
    signed_off_plan.decide(CompleteReview(P, ReviewOutcome.AMEND, "needs less help",
                                          b.today() + timedelta(days=200)))  # fmt: skip
    reduced_to_eight_hours(signed_off_plan)
    takes_effect = b.today() + timedelta(weeks=5)
    reduction = Reduction("eight hours meet the needs found at review", b.today(), takes_effect)
    signed_off_plan.decide(b.sign_off("40.00", "165.00", reduction=reduction))
    plan, budget = signed_off_plan.plan, signed_off_plan.budget

    now = PlanPublic.of(plan, budget)
    later = PlanPublic.of(plan, budget, takes_effect)

    assert now.budget_in_force is not None
    assert now.budget_to_come is not None
    assert (now.budget_in_force.weekly_cost, now.budget_in_force.takes_effect_on) == (
        Decimal("255.00"), None)  # fmt: skip
    assert (now.budget_to_come.weekly_cost, now.budget_to_come.takes_effect_on) == (
        Decimal("205.00"), takes_effect)  # fmt: skip
    assert later.budget_in_force == now.budget_to_come
    assert later.budget_to_come is None


def test_a_second_reduction_within_the_notice_leaves_the_first_to_come_in_between(
    signed_off_plan: PlanInProgress,
) -> None:  # BUD-15: each reduction takes effect on its own day, the budget before it till then
    weeks = [b.today() + timedelta(weeks=n) for n in (5, 7)]
    costs = []
    for hours, person, takes_effect in zip(("8", "6"), ("165.00", "115.00"), weeks, strict=True):
        signed_off_plan.decide(CompleteReview(P, ReviewOutcome.AMEND, "needs less help",
                                              b.today() + timedelta(days=200)))  # fmt: skip
        signed_off_plan.decide(request())
        signed_off_plan.decide(agree())
        signed_off_plan.decide(b.record_draft(b.costing(weekly_hours=hours)))
        signed_off_plan.decide(b.submit())
        reduction = Reduction("fewer hours meet the needs found at review", b.today(),
                              takes_effect)  # fmt: skip
        signed_off_plan.decide(b.sign_off("40.00", person, reduction=reduction))
        costs.append(signed_off_plan.budget.agreed.cost)  # type: ignore[union-attr]
    plan, budget = signed_off_plan.plan, signed_off_plan.budget

    def budgets_on(day: date) -> tuple[object, ...]:
        shown = PlanPublic.of(plan, budget, day)
        return tuple(
            (b.weekly_cost, b.takes_effect_on) if b else None
            for b in (shown.budget_in_force, shown.budget_to_come)
        )

    assert budgets_on(b.today()) == ((Decimal("255.00"), None), (costs[0], weeks[0]))
    assert budgets_on(weeks[0]) == ((costs[0], weeks[0]), (costs[1], weeks[1]))
    assert budgets_on(weeks[1]) == ((costs[1], weeks[1]), None)
    assert costs[0] > costs[1]


@pytest.mark.parametrize(("agree", "rule"), [(False, "AMD-4"), (True, "AMD-2")])
def test_a_decision_on_an_amendment_gives_its_reasons(agree: bool, rule: str) -> None:
    # AMD-4 (a refusal), AMD-2 (an agreement): blank reasons are refused, each naming its rule
    asked = AmendmentRequest("a-1", AmendmentRequester.PERSON, "person-000123", "later visits")

    failures = decision_failures(asked, PlanKind.CARE_AND_SUPPORT, False, agree, "  ")

    assert [(f.obligation, f.field) for f in failures] == [(rule, "reasons")]
    assert decision_failures(asked, PlanKind.CARE_AND_SUPPORT, False, agree, "changed") == []
