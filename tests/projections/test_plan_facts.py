"""Plan facts folded from real decisions, with a clock the test moves: time in each
state (CONS-3), budgets and signers (CONS-1, CNT-5), adverse decisions (COMP-1), shares
(SHR-5) and what people were owed (RET-3, NOT-1, NOT-2)."""

from datetime import datetime, timedelta

from domain.application import CarePlanning
from domain.lifecycle import SafeguardingOption
from domain.lifecycle import decisions as lifecycle
from domain.notifying import ContactMethod, CopyRecipient, Recipient
from domain.notifying import decisions as notifying
from domain.sharing import Requester, ShareBasis, ShareException, ShareOutcome, ShareRequest
from domain.sharing import decisions as sharing
from projections.facts import DECISIONS, DUES, PLAN_FACTS, SPANS, PlanFacts
from tests import builders as b
from tests.conftest import PlanInProgress, submitted
from tests.projected import folded, rows_of
from tests.projections.conftest import Clock

FACTS = PlanFacts()
P = b.PRACTITIONER


def test_spans_record_how_long_the_plan_spent_in_each_state_cons_3(
    timed: CarePlanning, clock: Clock
) -> None:
    case = PlanInProgress(timed, timed.start_plan(b.start()).plan_id, 1)
    case.decide(b.indicative())
    clock.after(days=3)
    case.decide(b.record_draft())
    clock.after(days=1)
    case.decide(b.submit())
    clock.after(days=2)
    case.decide(b.request_information())
    clock.after(days=4)
    case.decide(b.provide_information())
    clock.after(hours=12)
    case.decide(b.return_plan())
    clock.after(days=1)
    case.decide(b.resubmit())
    clock.after(days=1)
    case.decide(b.sign_off())

    rows = folded(FACTS, timed)
    spans = rows_of(rows, SPANS, plan_id=str(case.plan_id))
    held = [
        (s["state"], datetime.fromisoformat(str(s["left_at"]))
         - datetime.fromisoformat(str(s["entered_at"])))
        for s in sorted(spans, key=lambda s: int(s["seq"] or 0))
    ]  # fmt: skip
    assert held == [
        ("drafting", timedelta(days=4)),
        ("awaiting_sign_off", timedelta(days=2)),
        ("information_requested", timedelta(days=4)),
        ("awaiting_sign_off", timedelta(hours=12)),
        ("returned", timedelta(days=1)),
        ("awaiting_sign_off", timedelta(days=1)),
    ]
    facts = rows.get(PLAN_FACTS, (str(case.plan_id),))
    assert facts is not None
    assert (facts["status"], facts["rounds"], facts["returns"]) == ("signed_off", 2, 1)
    assert facts["information_requests"] == 1
    assert facts["signer"] == b.SIGNER.id
    assert facts["final_weekly"] == "255.00"
    assert facts["open_state"] is None


def test_a_sign_off_above_the_indicative_budget_is_marked_with_its_justification_cnt_5(
    timed: CarePlanning,
) -> None:
    case = PlanInProgress(timed, timed.start_plan(b.start()).plan_id, 1)
    case.decide(b.indicative("200.00"))
    case.decide(b.record_draft())
    case.decide(b.submit(with_justification=True))
    case.decide(b.sign_off())
    facts = folded(FACTS, timed).get(PLAN_FACTS, (str(case.plan_id),))
    assert facts is not None
    assert (facts["above_indicative"], facts["justified"]) == (1, 1)
    assert facts["indicative_weekly"] == "200.00"


def test_adverse_decisions_and_shares_are_kept_with_their_basis_comp_1_shr_5(
    timed: CarePlanning,
) -> None:
    case = submitted(timed)
    returned = case.decide(b.return_plan()).version
    case.decide(b.resubmit())
    signed = case.decide(b.sign_off()).version
    case.decide(
        sharing.RequestShare(
            P, ShareRequest("share-1", CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)
        )
    )
    declined = case.decide(sharing.DecideShare(
        b.LINE_MANAGER, "share-1", ShareOutcome.DECLINE, ShareBasis.REQUEST,
        exception=ShareException.RISK_OF_ABUSE_OR_NEGLECT, line_manager_ref="staff-0501",
        reasons="a safeguarding enquiry is open", right_to_complain=True)).version  # fmt: skip

    rows = folded(FACTS, timed)
    decisions = {
        int(d["version"] or 0): d for d in rows_of(rows, DECISIONS, plan_id=str(case.plan_id))
    }
    assert decisions[returned]["kind"] == "returned"
    assert decisions[returned]["right_to_complain"] == 1
    assert decisions[signed]["kind"] == "signed_off"
    assert decisions[declined]["kind"] == "share_declined"
    assert decisions[declined]["line_manager"] == "staff-0501"
    assert decisions[declined]["detail"] == "a safeguarding enquiry is open"


def test_what_people_are_owed_is_marked_done_when_given_ret_3_not_1_not_2(
    timed: CarePlanning, clock: Clock
) -> None:
    case = submitted(timed)
    version = case.decide(b.sign_off()).version
    clock.after(days=2)
    case.decide(notifying.TellOfDecision(P, version, Recipient.PERSON, ContactMethod.PHONE))

    dues = {str(d["item"]): d for d in rows_of(folded(FACTS, timed), DUES)}
    told = dues[f"notice:signed_off:{version}:person"]
    copy = dues[f"copy:{version}:person:person-000123"]
    assert datetime.fromisoformat(str(told["done_at"])) - datetime.fromisoformat(
        str(told["since"])) == timedelta(days=2)  # fmt: skip
    assert copy["done_at"] is None


def test_time_paused_for_safeguarding_is_a_span_of_its_own_life_2(
    timed: CarePlanning, clock: Clock
) -> None:
    case = submitted(timed)
    clock.after(days=1)
    case.decide(lifecycle.DecideSafeguarding(P, SafeguardingOption.PAUSE, ("staff-0101",),
                                             "enquiry opened"))  # fmt: skip
    clock.after(days=5)
    case.decide(lifecycle.ResumePlanning(P, "enquiry closed"))
    spans = sorted(folded(FACTS, timed).all(SPANS), key=lambda s: int(s["seq"] or 0))
    assert [s["state"] for s in spans] == ["drafting", "awaiting_sign_off", "paused",
                                           "awaiting_sign_off"]  # fmt: skip
    paused = spans[2]
    assert datetime.fromisoformat(str(paused["left_at"])) - datetime.fromisoformat(
        str(paused["entered_at"])) == timedelta(days=5)  # fmt: skip
