"""Decisions are first made on the plan and budget as this instance last saw them, with
no read of the store. These tests put another instance's decisions between the cache and
the store, and check every answer is the one the stored state gives."""

from decimal import Decimal
from uuid import UUID

import pytest

from domain.amending import AmendmentRequest, AmendmentRequester, SignOffRoute
from domain.amending import decisions as amending
from domain.application import CarePlanning
from domain.budget_after import Challenger
from domain.budget_after import decisions as budget_after
from domain.budget_after.decisions import BudgetChallenged
from domain.errors import StaleVersion
from tests import builders as b
from tests.conftest import PlanInProgress, submitted
from tests.integration.conftest import OpenPlanning


def _as_seen_by(other: CarePlanning, case: PlanInProgress) -> PlanInProgress:
    return PlanInProgress(other, case.plan_id, case.version)


def test_a_decision_on_the_version_another_instance_saved_is_made_on_it(
    open_planning: OpenPlanning,
) -> None:
    first, second = open_planning(), open_planning()
    case = submitted(first)  # the plan and budget cached by the first, as it saved them
    elsewhere = _as_seen_by(second, case)
    elsewhere.decide(b.return_plan())

    # the client saw the second instance's answer, and the first decides on it
    resubmitted = first.decide(case.plan_id, elsewhere.version, b.resubmit())

    assert resubmitted.version == elsewhere.version + 1
    assert open_planning().plan(case.plan_id).version == resubmitted.version


def test_a_decision_on_a_cached_version_the_store_has_moved_past_is_refused(
    open_planning: OpenPlanning,
) -> None:
    first, second = open_planning(), open_planning()
    case = PlanInProgress(first, *_started(first))
    seen = case.version
    second.plan(case.plan_id)  # cached by the second at the version the client saw
    case.decide(b.indicative("300.00"))

    with pytest.raises(StaleVersion) as refused:
        second.decide(case.plan_id, seen, b.indicative("250.00"))

    assert refused.value.expected == seen
    fresh = open_planning()
    assert fresh.budget(case.plan_id).indicative_weekly == Decimal("300.00")
    assert fresh.plan(case.plan_id).version == case.version


def test_reads_see_what_another_instance_decided_since_they_were_cached(
    open_planning: OpenPlanning,
) -> None:
    first, second = open_planning(), open_planning()
    case = PlanInProgress(first, *_started(first))
    second.plan(case.plan_id)
    second.budget(case.plan_id)

    case.decide(b.indicative("275.00"))

    assert second.plan(case.plan_id).version == case.version
    assert second.budget(case.plan_id).indicative_weekly == Decimal("275.00")


def test_a_budget_read_but_not_changed_is_read_as_stored(open_planning: OpenPlanning) -> None:
    """A challenge records the agreed budget without changing it, so no version check
    at saving covers the budget: a cached budget from before an amendment must not be
    what the challenge reads."""
    first, second = open_planning(), open_planning()
    case = submitted(first)
    case.decide(b.sign_off())
    # the budget alone cached by the second (its plan crowded out, say), as first agreed
    second.budget(case.plan_id)
    _amend_to_twelve_hours(case)
    agreed = first.budget(case.plan_id).agreed
    assert agreed is not None
    assert agreed.cost == Decimal("305.00")

    recorded = second.decide(
        case.plan_id,
        case.version,
        budget_after.ChallengeBudget(b.PRACTITIONER, "c-1", Challenger.PERSON, "too little"),
    )

    challenged = open_planning().history(case.plan_id)[-1]
    assert isinstance(challenged, BudgetChallenged)
    assert challenged.originator_version == recorded.version
    assert challenged.agreed_weekly == Decimal("305.00")


def test_a_cached_budget_that_breaks_a_rule_is_read_again_before_refusing(
    open_planning: OpenPlanning,
) -> None:
    """A cached budget from before the sign-off has nothing agreed; the challenge is
    decided on the budget as stored, not refused or failed on the cached one."""
    first, second = open_planning(), open_planning()
    case = submitted(first)
    second.budget(case.plan_id)  # the budget alone cached, before the sign-off
    case.decide(b.sign_off())

    recorded = second.decide(
        case.plan_id,
        case.version,
        budget_after.ChallengeBudget(b.PRACTITIONER, "c-1", Challenger.PERSON, "too little"),
    )

    assert recorded.version == case.version + 1


def _amend_to_twelve_hours(case: PlanInProgress) -> None:
    request = AmendmentRequest("amend-1", AmendmentRequester.PERSON, "person-000123", "more")
    case.decide(amending.RequestAmendment(b.PRACTITIONER, request))
    case.decide(
        amending.DecideAmendment(
            b.PRACTITIONER, "amend-1", agree=True, reasons="needs grew", route=SignOffRoute.LIGHT
        )
    )
    case.decide(b.record_draft(b.costing(weekly_hours="12")))
    case.decide(b.submit(with_justification=True))
    case.decide(b.sign_off(authority="265.00"))


def _started(app: CarePlanning) -> tuple[UUID, int]:
    recorded = app.start_plan(b.start())
    return recorded.plan_id, recorded.version
