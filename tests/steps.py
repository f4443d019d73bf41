"""Random decisions for property-based tests: a catalogue of steps, each making the
command it would take on a plan as it stands. Steps the plan's state does not allow are
refused by the rules and leave nothing behind, which is part of what is tested."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from domain.amending import AmendmentRequest, AmendmentRequester
from domain.amending import decisions as amending
from domain.application import CarePlanning
from domain.errors import DecisionNotAllowed, RuleBroken
from domain.lifecycle import EndReason
from domain.lifecycle import decisions as lifecycle
from domain.notifying import ContactMethod, CopyRecipient, Recipient
from domain.notifying import decisions as notifying
from domain.reviewing import ReviewOutcome
from domain.reviewing import decisions as reviewing
from domain.sharing import Requester, ShareBasis, ShareException, ShareOutcome, ShareRequest
from domain.sharing import decisions as sharing
from tests import builders as b
from tests.conftest import PlanInProgress

P = b.PRACTITIONER
TEAMS = ("east-locality", "west-locality")


@dataclass
class Case:
    """A plan under test, with what later steps need to know of its past."""

    progress: PlanInProgress
    decided: int = 0  # the version of its latest sign-off or return
    requests: int = 0
    refs: list[str] = field(default_factory=list)


Step = Callable[[Case], Any]


def _share_ref(case: Case) -> str:
    case.requests += 1
    ref = f"r-{case.requests}"
    case.refs.append(ref)
    return ref


def _latest_ref(case: Case) -> str:
    return case.refs[-1] if case.refs else "none"


# fmt: off
STEPS: dict[str, Step] = {
    "indicative": lambda _: b.indicative("1200.00"),
    "draft": lambda _: b.record_draft(),
    "draft_more": lambda _: b.record_draft(b.costing(weekly_hours="12")),
    "submit": lambda _: b.submit(),
    "resubmit": lambda _: b.resubmit(),
    "ask": lambda _: b.request_information(),
    "answer": lambda _: b.provide_information(),
    "return": lambda _: b.return_plan(),
    "sign_off": lambda _: b.sign_off(),
    "sign_off_more": lambda _: b.sign_off(authority="265.00"),
    "tell": lambda c: notifying.TellOfDecision(P, c.decided, Recipient.PERSON,
                                               ContactMethod.PHONE),
    "copy": lambda c: notifying.IssueCopy(P, c.decided, CopyRecipient.PERSON, "person-000123",
                                          ContactMethod.LETTER),
    "ask_share": lambda c: sharing.RequestShare(
        P, ShareRequest(_share_ref(c), CopyRecipient.OTHER, "gp-4", Requester.PERSON)),
    "share": lambda c: sharing.DecideShare(P, _latest_ref(c), ShareOutcome.FULL,
                                           ShareBasis.REQUEST),
    "decline": lambda c: sharing.DecideShare(
        b.LINE_MANAGER, _latest_ref(c), ShareOutcome.DECLINE, ShareBasis.REQUEST,
        exception=ShareException.RISK_OF_ABUSE_OR_NEGLECT, line_manager_ref="staff-0501",
        reasons="an enquiry is open", right_to_complain=True),
    "ask_amend": lambda c: amending.RequestAmendment(P, AmendmentRequest(
        _share_ref(c), AmendmentRequester.PERSON, "person-000123", "more evening care")),
    "refuse_amend": lambda c: amending.DecideAmendment(
        P, _latest_ref(c), agree=False, reasons="needs are met", right_to_complain=True),
    "agree_amend": lambda c: amending.DecideAmendment(P, _latest_ref(c), agree=True,
                                                      reasons="needs changed"),
    "review": lambda _: reviewing.CompleteReview(P, ReviewOutcome.NO_CHANGE, "all well",
                                                 b.today() + timedelta(days=200)),
    "end": lambda _: lifecycle.EndPlan(P, EndReason.MOVED_AWAY, "told who to contact",
                                       b.today(), True, "services start on arrival"),
}
# fmt: on
DECIDING = {"return", "sign_off", "sign_off_more"}


def open_case(planning: CarePlanning, team: str) -> Case:
    recorded = planning.start_plan(replace(b.start(), team=team))
    return Case(PlanInProgress(planning, recorded.plan_id, recorded.version))


def take(case: Case, step: str) -> bool:
    """Takes the step if the rules allow it; whether they did."""
    try:
        recorded = case.progress.decide(STEPS[step](case))
    except (RuleBroken, DecisionNotAllowed):
        return False
    if step in DECIDING:
        case.decided = recorded.version
    return True
