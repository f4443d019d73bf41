"""Reports over plan facts folded from real decisions: timeliness (CONS-3), compliance
(COMP-1, CNT-5, REV-2, SHR-5, NOT-1, NOT-2) and consistency (CONS-1)."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain.amending import AmendmentRequest, AmendmentRequester, SignOffRoute
from domain.amending import decisions as amending
from domain.application import CarePlanning
from domain.budget_after import ChallengeOutcome, Challenger
from domain.budget_after import decisions as budget_after
from domain.notifying import ContactMethod, CopyRecipient, Recipient
from domain.notifying import decisions as notifying
from domain.sharing import Requester, ShareBasis, ShareOutcome, ShareRequest
from domain.sharing import decisions as sharing
from projections import reports
from projections.facts import DECISIONS, DUES, PLAN_FACTS, SPANS, PlanFacts
from projections.reports import Filters
from projections.rows import Row
from tests import builders as b
from tests.conftest import PlanInProgress, submitted
from tests.projected import folded
from tests.projections.conftest import Clock

FACTS = PlanFacts()


def signed_plan(planning: CarePlanning, clock: Clock, *, drafting_days: float = 0,
                hours: str = "10", team: str = "east-locality",
                signer: object = b.SIGNER) -> PlanInProgress:  # fmt: skip
    start = b.start()
    case = PlanInProgress(planning, planning.start_plan(
        type(start)(**{**start.__dict__, "team": team})).plan_id, 1)  # fmt: skip
    case.decide(b.indicative("1200.00"))
    case.decide(b.record_draft(b.costing(weekly_hours=hours)))
    clock.now += timedelta(days=drafting_days)
    case.decide(b.submit())
    weekly = Decimal(hours) * 25 + 5  # the hours at £25.00 and a £20.00 four-weekly retainer
    case.decide(b.sign_off(authority=str(weekly - 40), signer=signer))  # type: ignore[arg-type]
    return case


def test_timeliness_gives_median_90th_percentile_and_worst_by_team_and_signer_cons_3(
    timed: CarePlanning, clock: Clock
) -> None:
    for days in (2, 4, 10):
        signed_plan(timed, clock, drafting_days=days)
    signed_plan(timed, clock, drafting_days=1, team="west-locality")
    rows = folded(FACTS, timed)
    report = reports.timeliness(rows.all(PLAN_FACTS), rows.all(SPANS), Filters(), clock.now)

    east = report["by_team"]["east-locality"]["end_to_end"]
    assert east == {"count": 3, "median": 4.0, "p90": 10.0, "worst": 10.0}
    assert report["by_team"]["east-locality"]["drafting"]["median"] == 4.0
    assert report["by_team"]["west-locality"]["end_to_end"]["count"] == 1
    assert report["by_signer"][b.SIGNER.id]["end_to_end"]["count"] == 4

    west_only = reports.timeliness(rows.all(PLAN_FACTS), rows.all(SPANS),
                                   Filters(team="west-locality"), clock.now)  # fmt: skip
    assert [p["team"] for p in west_only["plans"]] == ["west-locality"]
    tomorrow = Filters(since=clock.now.date() + timedelta(days=1))
    later = reports.timeliness(rows.all(PLAN_FACTS), rows.all(SPANS), tomorrow, clock.now)
    assert later["plans"] == []


def test_consistency_flags_a_budget_outside_its_profile_and_links_its_history_cons_1(
    timed: CarePlanning, clock: Clock
) -> None:
    usual = [signed_plan(timed, clock, hours=h) for h in ("10", "10", "11", "12", "10")]
    odd = signed_plan(timed, clock, hours="40", signer=b.HEAD_OF_SERVICE)
    rows = folded(FACTS, timed)
    report = reports.consistency(rows.all(PLAN_FACTS), Filters())

    [profile] = report["profiles"]
    assert profile["profile"] == "care_and_support/community/1"
    assert profile["count"] == 6
    assert profile["median"] == "267.50"
    [flagged] = report["outliers"]
    assert flagged["plan_id"] == str(odd.plan_id)
    assert flagged["history"] == f"/plans/{odd.plan_id}/history"
    assert flagged["signer"] == b.HEAD_OF_SERVICE.id
    assert str(usual[0].plan_id) not in {o["plan_id"] for o in report["outliers"]}
    assert profile["by_signer"][b.SIGNER.id]["count"] == 5


def test_too_few_comparable_plans_flag_nothing(timed: CarePlanning, clock: Clock) -> None:
    signed_plan(timed, clock, hours="10")
    signed_plan(timed, clock, hours="40", signer=b.HEAD_OF_SERVICE)
    report = reports.consistency(folded(FACTS, timed).all(PLAN_FACTS), Filters())
    assert report["outliers"] == []
    assert "fences" not in report["profiles"][0]


def test_compliance_lists_late_notices_and_copies_overdue_reviews_and_shares(
    timed: CarePlanning, clock: Clock
) -> None:
    case = signed_plan(timed, clock)
    case.decide(
        sharing.RequestShare(
            b.PRACTITIONER, ShareRequest("s-1", CopyRecipient.OTHER, "gp-4", Requester.PERSON)
        )
    )
    case.decide(sharing.DecideShare(b.PRACTITIONER, "s-1", ShareOutcome.FULL,
                                    ShareBasis.REQUEST))  # fmt: skip
    rows = folded(FACTS, timed)
    today = clock.now.date() + timedelta(days=90)
    report = reports.compliance(rows.all(PLAN_FACTS), rows.all(DECISIONS), rows.all(DUES),
                                Filters(), today, within_days=5)  # fmt: skip

    late = {str(d["item"]).split(":")[0] for d in report["late_notifications_and_copies"]}
    assert late == {"notice", "copy"}  # NOT-1, NOT-2: neither given after 90 days
    assert all(d["days"] == 90 for d in report["late_notifications_and_copies"])
    [overdue] = report["reviews_overdue"]  # REV-2: first review six weeks after sign-off
    assert overdue["plan_id"] == str(case.plan_id)
    assert report["sharing_by_basis"] == {"request": 1}  # SHR-5
    assert report["adverse_without_right_to_complain"] == []

    on_time = reports.compliance(rows.all(PLAN_FACTS), rows.all(DECISIONS), rows.all(DUES),
                                 Filters(), clock.now.date(), within_days=5)  # fmt: skip
    assert on_time["late_notifications_and_copies"] == []
    assert on_time["reviews_overdue"] == []


def test_compliance_finds_an_adverse_decision_recorded_without_the_right_to_complain() -> None:
    """The rules refuse such a decision now (COMP-1); the report still finds any that a
    store holds, such as decisions imported from before."""
    decision: Row = {"plan_id": "p-1", "version": 4, "kind": "returned", "decided_at":
                "2026-01-05T10:00:00+00:00", "decided_by": "staff-0201", "team": "east",
                "practitioner": "staff-0101", "right_to_complain": 0, "basis": None,
                "extent": None, "line_manager": None, "detail": "other",
                     "notice": "notice:returned:4:person"}  # fmt: skip
    report = reports.compliance([], [decision], [], Filters(), date(2026, 2, 1), 5)
    assert report["adverse_without_right_to_complain"] == [decision]
    assert report["adverse_not_yet_told"] == [decision]
    assert reports.compliance([], [decision], [], Filters(team="west"), date(2026, 2, 1), 5)[
        "adverse_without_right_to_complain"] == []  # fmt: skip


def test_a_summary_of_no_values_is_empty() -> None:
    assert reports.summary([]) == {"count": 0, "median": None, "p90": None, "worst": None}


def test_profiles_band_needs_into_one_two_to_three_and_four_or_more() -> None:
    assert [reports.band(n) for n in (0, 1, 2, 3, 4, 9)] == ["1", "1", "2-3", "2-3", "4+", "4+"]


def test_an_adverse_decision_told_to_the_advocate_is_not_reported_untold_comp_1(
    timed: CarePlanning, clock: Clock
) -> None:
    case = submitted(timed)
    returned = case.decide(replace(b.return_plan(), notify=Recipient.ADVOCATE)).version
    rows = folded(FACTS, timed)
    untold = reports.compliance(rows.all(PLAN_FACTS), rows.all(DECISIONS), rows.all(DUES),
                                Filters(), clock.now.date(), 5)["adverse_not_yet_told"]  # fmt: skip
    assert [d["version"] for d in untold] == [returned]
    case.decide(notifying.TellOfDecision(b.PRACTITIONER, returned, Recipient.ADVOCATE,
                                         ContactMethod.PHONE, reasons_explained=True,
                                         right_to_complain_explained=True))  # fmt: skip
    rows = folded(FACTS, timed)
    told = reports.compliance(rows.all(PLAN_FACTS), rows.all(DECISIONS), rows.all(DUES),
                              Filters(), clock.now.date(), 5)  # fmt: skip
    assert told["adverse_not_yet_told"] == []


def test_compliance_findings_follow_the_practitioner_and_team_filters(
    timed: CarePlanning, clock: Clock
) -> None:
    signed_plan(timed, clock)  # by staff-0101 in east-locality
    rows = folded(FACTS, timed)
    later = clock.now.date() + timedelta(days=90)

    def report(**filters: str) -> dict[str, Any]:
        return reports.compliance(rows.all(PLAN_FACTS), rows.all(DECISIONS), rows.all(DUES),
                                  Filters(**filters), later, 5)  # type: ignore[arg-type]  # fmt: skip

    mine = report(practitioner=b.PRACTITIONER.id)
    late = {item["item"] for item in mine["late_notifications_and_copies"]}
    assert {i.split(":")[0] for i in late} == {"notice", "copy"}
    assert len(late) == 3  # the person told, and copies to the person and the draft's carer
    assert len(mine["reviews_overdue"]) == 1
    theirs = report(practitioner="staff-0999")
    assert theirs["late_notifications_and_copies"] == []
    assert theirs["reviews_overdue"] == []
    assert report(team="west-locality")["reviews_overdue"] == []


def test_timeliness_counts_the_way_to_the_first_sign_off_only_cons_3(
    timed: CarePlanning, clock: Clock
) -> None:
    case = signed_plan(timed, clock, drafting_days=3)
    clock.now += timedelta(days=1)
    case.decide(amending.RequestAmendment(b.PRACTITIONER, AmendmentRequest(
        "a-1", AmendmentRequester.PERSON, "person-000123", "later visits")))  # fmt: skip
    case.decide(amending.DecideAmendment(b.PRACTITIONER, "a-1", agree=True,
                                         reasons="changed", route=SignOffRoute.LIGHT))  # fmt: skip
    clock.now += timedelta(days=10)  # drafting the amendment
    case.decide(b.record_draft())
    case.decide(b.submit())
    case.decide(b.sign_off(signer=b.HEAD_OF_SERVICE))
    rows = folded(FACTS, timed)
    [plan] = reports.timeliness(rows.all(PLAN_FACTS), rows.all(SPANS), Filters(),
                                clock.now)["plans"]  # fmt: skip
    assert plan["drafting"] == 3.0
    assert plan["end_to_end"] == 3.0
    assert plan["signer"] == b.SIGNER.id  # who made the first sign-off


def test_the_90th_percentile_is_the_value_nine_tenths_of_plans_are_within() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20 days
    assert reports.summary(values) == {"count": 20, "median": 10.5, "p90": 18.0, "worst": 20.0}


def test_an_upheld_challenge_is_owed_to_the_person_too(timed: CarePlanning, clock: Clock) -> None:
    case = signed_plan(timed, clock)
    case.decide(budget_after.ChallengeBudget(b.PRACTITIONER, "c-1", Challenger.PERSON, "more"))
    version = case.decide(budget_after.AnswerChallenge(
        b.PRACTITIONER, "c-1", ChallengeOutcome.UPHELD, "agreed")).version  # fmt: skip
    items = {str(d["item"]) for d in folded(FACTS, timed).all(DUES)}
    assert f"notice:challenge_answered:{version}:person" in items
