"""Work queues folded from real decisions: each queue holds what is waiting, and loses it
when it is done."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from domain.amending import AmendmentRequest, AmendmentRequester
from domain.amending import decisions as amending
from domain.application import CarePlanning
from domain.budget_after import ChallengeOutcome, Challenger
from domain.budget_after import decisions as budget_after
from domain.lifecycle import EndReason, SafeguardingOption
from domain.lifecycle import decisions as lifecycle
from domain.notifying import ContactMethod, CopyRecipient, Recipient
from domain.notifying import decisions as notifying
from domain.policy import DEFAULT_SCHEME
from domain.reviewing import ReviewOutcome, ReviewReason
from domain.reviewing import decisions as reviewing
from domain.sharing import Requester, ShareBasis, ShareOutcome, ShareRequest
from domain.sharing import decisions as sharing
from projections.queues import ITEMS, PLANS, WorkQueues
from projections.queues import QUEUES as NAMES
from projections.rows import Row
from tests import builders as b
from tests.conftest import PlanInProgress, drafted, start, submitted
from tests.lives import direct_payment_life
from tests.projected import folded, rows_of

QUEUES = WorkQueues(DEFAULT_SCHEME)
P = b.PRACTITIONER


def queue(planning: CarePlanning, name: str) -> list[Row]:
    return rows_of(folded(QUEUES, planning), ITEMS, queue=name)


def signed_off(planning: CarePlanning) -> tuple[PlanInProgress, int]:
    case = submitted(planning)
    return case, case.decide(b.sign_off()).version


def test_a_submitted_plan_waits_for_the_level_of_authority_its_cost_needs(
    planning: CarePlanning,
) -> None:
    case = submitted(planning)
    [item] = queue(planning, "awaiting-sign-off")
    assert item["plan_id"] == str(case.plan_id)
    assert item["level"] == "team_manager"
    assert item["team"] == "east-locality"
    assert item["practitioner"] == P.id
    assert queue(planning, "awaiting-panel") == []


def test_a_plan_costing_more_than_any_officer_may_sign_waits_for_the_panel(
    planning: CarePlanning,
) -> None:
    case = start(planning)
    case.decide(b.indicative("1600.00"))
    case.decide(b.record_draft(b.costing(weekly_hours="60")))
    case.decide(b.submit())
    [item] = queue(planning, "awaiting-panel")
    assert item["level"] == DEFAULT_SCHEME.panel.name  # type: ignore[union-attr]
    assert queue(planning, "awaiting-sign-off") == []


def test_a_question_moves_the_plan_to_information_requested_and_an_answer_moves_it_back(
    planning: CarePlanning,
) -> None:
    case = submitted(planning)
    case.decide(b.request_information())
    assert queue(planning, "awaiting-sign-off") == []
    [asked] = queue(planning, "information-requested")
    assert asked["practitioner"] == P.id
    case.decide(b.provide_information())
    assert queue(planning, "information-requested") == []
    [waiting] = queue(planning, "awaiting-sign-off")
    first = folded(QUEUES, planning).get(PLANS, (str(case.plan_id),))
    assert first is not None
    assert waiting["since"] == first["submitted_at"]


def test_a_returned_plan_waits_with_its_practitioner_and_reasons_until_resubmitted(
    planning: CarePlanning,
) -> None:
    case = submitted(planning)
    version = case.decide(b.return_plan()).version
    [returned] = queue(planning, "returned")
    assert returned["practitioner"] == P.id
    assert returned["detail"] == "insufficient_information"
    [tell] = queue(planning, "notifications")  # RET-3
    assert tell["item"] == f"returned:{version}:person"
    assert "right to complain" in str(tell["detail"])
    case.decide(b.resubmit())
    assert queue(planning, "returned") == []
    assert len(queue(planning, "awaiting-sign-off")) == 1


def test_a_sign_off_leaves_the_person_to_tell_a_copy_to_give_and_a_first_review(
    planning: CarePlanning,
) -> None:
    case, version = signed_off(planning)
    assert queue(planning, "awaiting-sign-off") == []
    [tell] = queue(planning, "notifications")  # NOT-1
    assert tell["item"] == f"signed_off:{version}:person"
    copies = {row["item"] for row in queue(planning, "copies")}  # NOT-2, SHR-1
    assert copies == {f"{version}:person:person-000123", f"{version}:carer:carer-0001"}
    [review] = queue(planning, "reviews")  # REV-1
    assert review["due"] == (b.today() + timedelta(weeks=6)).isoformat()

    case.decide(notifying.TellOfDecision(P, version, Recipient.PERSON, ContactMethod.PHONE))
    assert queue(planning, "notifications") == []
    case.decide(notifying.IssueCopy(P, version, CopyRecipient.PERSON, "person-000123",
                                    ContactMethod.LETTER))  # fmt: skip
    assert [row["item"] for row in queue(planning, "copies")] == [f"{version}:carer:carer-0001"]


def test_share_and_amendment_requests_wait_until_decided(planning: CarePlanning) -> None:
    case, _ = signed_off(planning)
    case.decide(
        sharing.RequestShare(
            P, ShareRequest("share-1", CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)
        )
    )
    case.decide(
        amending.RequestAmendment(
            P, AmendmentRequest("amend-1", AmendmentRequester.PERSON, "person-000123", "more")
        )
    )
    [share] = queue(planning, "share-requests")
    [amendment] = queue(planning, "amendment-requests")
    assert (share["item"], amendment["item"]) == ("share-1", "amend-1")

    case.decide(sharing.DecideShare(P, "share-1", ShareOutcome.FULL, ShareBasis.REQUEST))
    case.decide(amending.DecideAmendment(P, "amend-1", agree=False, reasons="needs are met",
                                         right_to_complain=True))  # fmt: skip
    assert queue(planning, "share-requests") == []
    assert queue(planning, "amendment-requests") == []
    refused = [i for i in queue(planning, "notifications") if "amendment_refused" in str(i["item"])]
    assert len(refused) == 1  # COMP-1: the refusal is owed to the person


def test_a_review_moves_the_next_review_date_on(planning: CarePlanning) -> None:
    case, _ = signed_off(planning)
    next_on = b.today() + timedelta(days=300)
    case.decide(reviewing.CompleteReview(P, ReviewOutcome.NO_CHANGE, "all well",
                                         next_on))  # fmt: skip
    [review] = queue(planning, "reviews")  # REV-2
    assert review["due"] == next_on.isoformat()


def test_an_unplanned_review_request_waits_in_the_reviews_queue_until_a_review(
    planning: CarePlanning,
) -> None:  # REV-3
    case, _ = signed_off(planning)
    asked = ReviewReason.NOT_WORKING
    case.decide(reviewing.RequestUnplannedReview(P, "neighbour-0003", asked, "visits missed"))

    waiting = {r["item"]: r for r in queue(planning, "reviews")}
    assert set(waiting) == {"", "unplanned"}  # the scheduled review, and the one asked for
    assert waiting["unplanned"]["due"] == b.today().isoformat()
    assert "not_working" in str(waiting["unplanned"]["detail"])

    next_on = b.today() + timedelta(days=300)
    case.decide(reviewing.CompleteReview(P, ReviewOutcome.AMEND, "visits moved", next_on))
    [review] = queue(planning, "reviews")
    assert (review["item"], review["due"]) == ("", next_on.isoformat())


def test_direct_payment_reviews_are_due_and_move_on_when_done(planning: CarePlanning) -> None:
    direct_payment_life(planning)  # started, then reviewed once (DP-8)
    [due] = queue(planning, "direct-payment-reviews")
    assert due["due"] is not None
    assert str(due["due"]) > b.today().isoformat()


def test_an_ended_plan_leaves_the_queues_but_people_are_still_owed_their_notices(
    planning: CarePlanning,
) -> None:
    case, _ = signed_off(planning)
    case.decide(
        sharing.RequestShare(
            P, ShareRequest("share-1", CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)
        )
    )
    case.decide(lifecycle.EndPlan(P, EndReason.MOVED_AWAY, "told how to reach the new council",
                                  b.today(), True, "services start on arrival"))  # fmt: skip
    names = {str(i["queue"]) for i in rows_of(folded(QUEUES, planning), ITEMS)}
    assert names == {"notifications", "copies"}


def test_the_queues_use_the_delegation_scheme_they_are_given(planning: CarePlanning) -> None:
    lower = replace(DEFAULT_SCHEME, levels=tuple(
        replace(lvl, weekly_limit=lvl.weekly_limit / 4, annual_limit=None)
        if lvl.weekly_limit else lvl
        for lvl in DEFAULT_SCHEME.levels))  # fmt: skip
    submitted(planning)
    [item] = rows_of(folded(WorkQueues(lower), planning), ITEMS, queue="awaiting-sign-off")
    assert item["level"] == "head_of_service"


def test_every_item_is_keyed_to_a_known_queue(planning: CarePlanning) -> None:
    direct_payment_life(planning)
    assert {str(i["queue"]) for i in rows_of(folded(QUEUES, planning), ITEMS)} <= set(NAMES)


def test_an_upheld_challenge_still_leaves_the_person_to_be_told(planning: CarePlanning) -> None:
    case, _ = signed_off(planning)
    case.decide(budget_after.ChallengeBudget(P, "c-1", Challenger.PERSON, "too little"))
    version = case.decide(budget_after.AnswerChallenge(
        P, "c-1", ChallengeOutcome.UPHELD, "agreed: two more hours")).version  # fmt: skip
    items = {str(i["item"]) for i in queue(planning, "notifications")}
    assert f"challenge_answered:{version}:person" in items


def test_a_plan_paused_for_safeguarding_leaves_the_sign_off_queue_until_resumed(
    planning: CarePlanning,
) -> None:
    case = submitted(planning)
    case.decide(lifecycle.DecideSafeguarding(P, SafeguardingOption.PAUSE,
                                             ("staff-0101", "lead-02"), "enquiry"))  # fmt: skip
    assert queue(planning, "awaiting-sign-off") == []  # LIFE-2: sign-off is refused meanwhile
    case.decide(lifecycle.ResumePlanning(P, "enquiry closed"))
    [back] = queue(planning, "awaiting-sign-off")
    assert back["plan_id"] == str(case.plan_id)


def test_items_are_dated_in_utc_whatever_offset_the_decision_came_with(
    planning: CarePlanning,
) -> None:
    case = drafted(planning)
    east = datetime.now(UTC).astimezone(timezone(timedelta(hours=5)))
    case.decide(replace(b.submit(), occurred_at=east))
    [item] = queue(planning, "awaiting-sign-off")
    assert item["since"] == east.astimezone(UTC).isoformat()  # sorts with the others


def test_a_further_review_request_keeps_the_first_ones_age(planning: CarePlanning) -> None:
    case, _ = signed_off(planning)  # REV-3
    case.decide(reviewing.RequestUnplannedReview(P, "neighbour-0003", ReviewReason.NOT_WORKING,
                                                 "visits missed"))  # fmt: skip
    [first] = [r for r in queue(planning, "reviews") if r["item"] == "unplanned"]
    case.decide(reviewing.RequestUnplannedReview(P, "gp-0004", ReviewReason.NEEDS_CHANGED,
                                                 "a fall at home"))  # fmt: skip

    [still] = [r for r in queue(planning, "reviews") if r["item"] == "unplanned"]
    assert (still["since"], still["detail"]) == (first["since"], first["detail"])
