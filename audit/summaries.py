"""What each decision said, as a sentence fragment completing "<role> <id>: ...".
Ids and amounts only; free text stays in the grounds."""

from collections.abc import Callable
from enum import Enum
from typing import Any

from domain.amending import decisions as amending
from domain.budget import aggregate as budgets
from domain.budget_after import decisions as budget_after
from domain.deciding import decisions as deciding
from domain.drafting import decisions as drafting
from domain.involvement import decisions as involvement
from domain.lifecycle import decisions as lifecycle
from domain.notifying import decisions as notifying
from domain.paying import decisions as paying
from domain.plan import starting
from domain.reviewing import decisions as reviewing
from domain.sharing import decisions as sharing


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def words(value: Any) -> str:
    """An enum's value, or a code, as words: ``sign_off_officer`` -> ``sign off officer``."""
    return str(value.value if isinstance(value, Enum) else value).replace("_", " ")


def _started(e: starting.Started) -> str:
    return f"started a {words(e.kind)} plan under the {words(e.basis)}"


def _indicative_shared(e: drafting.IndicativeBudgetShared) -> str:
    return (
        f"shared an indicative budget of £{e.weekly_amount} a week with the {words(e.shared_with)}"
    )


def _draft(e: drafting.DraftRecorded) -> str:
    d = e.draft
    return (
        f"recorded draft revision {e.revision} ({_plural(len(d.needs), 'need')}, "
        f"{_plural(len(d.outcomes), 'outcome')}, "
        f"{_plural(len(d.contingency), 'contingency entry').replace('entrys', 'entries')}), "
        f"prepared by the {words(e.prepared_by.kind)}"
    )


def _submitted(e: drafting.Submitted) -> str:
    justified = ", with a justification" if e.justification else ""
    return (
        f"submitted for sign-off (round {e.round}): proposed £{e.proposed_weekly} a week "
        f"against an indicative £{e.indicative_weekly}{justified}"
    )


def _information_requested(e: deciding.InformationRequested) -> str:
    return f"requested further information ({_plural(len(e.questions), 'question')})"


def _information_provided(e: deciding.InformationProvided) -> str:
    return f"provided the information ({_plural(len(e.evidence_refs), 'piece')} of evidence)"


def _returned(e: deciding.Returned) -> str:
    reasons = "; ".join(words(r) for r in e.reasons)
    return (
        f"returned the plan to {e.returned_to} (round {e.round}): {reasons}, with "
        f"{_plural(len(e.suggested_steps), 'suggested step')}; the {words(e.notice.recipient)} "
        "is to be told why and of their right to complain"
    )


def _signed_off(e: deciding.SignedOff) -> str:
    dp = ", direct payment agreed" if e.direct_payment else ""
    light = " (light sign-off of an amendment)" if e.route.value == "light" else ""
    return (
        f"signed the plan off (round {e.round}) at £{e.final_weekly} a week{dp}, relying on "
        f"{words(e.authority.level)} authority{light}"
    )


def _opened(_: budgets.Opened) -> str:
    return "opened the personal budget"


def _indicative_set(e: budgets.IndicativeSet) -> str:
    return f"set the indicative budget at £{e.weekly_amount} a week by {words(e.method)}"


def _costed(e: budgets.ProposedCosted) -> str:
    method = e.costing.split.method
    managed = f", managed as {words(method)}" if method else ""
    return (
        f"costed the proposed budget at £{e.weekly_cost} a week "
        f"(total plan cost £{e.total_plan_cost}){managed}"
    )


def _agreed(e: budgets.FinalAgreed) -> str:
    c = e.contributions
    return (
        f"agreed the final budget at £{e.cost} a week: the person pays £{c.person}, "
        f"the authority £{c.authority}"
    )


PLANNING: dict[type[Any], Callable[[Any], str]] = {
    starting.Started: _started,
    drafting.IndicativeBudgetShared: _indicative_shared,
    drafting.DraftRecorded: _draft,
    drafting.Submitted: _submitted,
    deciding.InformationRequested: _information_requested,
    deciding.InformationProvided: _information_provided,
    deciding.Returned: _returned,
    deciding.SignedOff: _signed_off,
    budgets.Opened: _opened,
    budgets.IndicativeSet: _indicative_set,
    budgets.ProposedCosted: _costed,
    budgets.FinalAgreed: _agreed,
}


def _shared(e: sharing.PlanShared) -> str:
    copy = e.copy
    extent = "in full" if not copy.omitted_sections else "in part"
    return (
        f"shared version {copy.plan_version} {extent} with {words(copy.recipient)} "
        f"{copy.recipient_ref} on the basis of {words(e.basis)}"
    )


def _declined(e: sharing.ShareDeclined) -> str:
    why = f" ({words(e.exception)})" if e.exception else ""
    advice = f" on the advice of line manager {e.line_manager_ref}" if e.line_manager_ref else ""
    return f"declined to share with {e.request.recipient_ref}{why}{advice}"


def _copy(e: notifying.CopyProvided) -> str:
    c = e.copy
    return (
        f"gave {words(c.recipient)} {c.recipient_ref} a copy of version {c.plan_version} "
        f"by {words(c.method)}, {words(c.format)}"
    )


def _told(e: notifying.PersonNotified) -> str:
    complain = ", with the right to complain" if e.right_to_complain_explained else ""
    return (
        f"told the {words(e.told)} of the {words(e.notice.decision)} "
        f"decision (version {e.notice.plan_version}) by {words(e.method)}{complain}"
    )


AFTER_SIGN_OFF: dict[type[Any], Callable[[Any], str]] = {
    involvement.PartyInvolved: lambda e: (
        f"recorded {words(e.party.kind)} {e.party.ref} as involved ({words(e.party.basis)})"
    ),
    involvement.CapacityAssessed: lambda e: (
        f"recorded that the person {'has' if e.finding.has_capacity else 'lacks'} capacity "
        f"to decide on {words(e.finding.matter)}"
    ),
    involvement.BestInterestsDecided: lambda e: (
        f"recorded a best-interests decision on {words(e.decision.matter)} by "
        f"{e.decision.decided_by}"
    ),
    notifying.PersonNotified: _told,
    notifying.CopyProvided: _copy,
    sharing.SharingPreferenceRecorded: lambda e: (
        f"recorded that carer {e.preference.carer_ref} is to get {words(e.preference.carer_copy)}"
    ),
    sharing.ShareRequested: lambda e: (
        f"recorded a request by the {words(e.request.requested_by)} to share with "
        f"{e.request.recipient_ref}"
    ),
    sharing.PlanShared: _shared,
    sharing.ShareDeclined: _declined,
    amending.AmendmentRequested: lambda e: (
        f"recorded a request to amend by the {words(e.request.requested_by)}"
    ),
    amending.PersonConsulted: lambda e: f"consulted the {words(e.consulted)} on the amendment",
    amending.AmendmentAgreed: lambda e: f"agreed the amendment, for a {words(e.route)} sign-off",
    amending.AmendmentRefused: lambda _: (
        "refused the amendment; the person is to be told why and of their right to complain"
    ),
    reviewing.UnplannedReviewRequested: lambda e: (
        f"recorded a request for a review ({words(e.reason)})"
    ),
    reviewing.ReviewCompleted: lambda e: (
        f"completed a review ({words(e.review.outcome)}); next review by {e.next_review_on}"
    ),
    reviewing.MonitoringArranged: lambda _: "arranged monitoring",
    paying.PayeeNecessityRecorded: lambda e: (
        f"recorded that paying {e.necessity.payee_ref} is necessary ({words(e.necessity.ground)})"
    ),
    paying.CareHomeStayRecorded: lambda e: (
        f"recorded a care-home stay of {e.stay.days} days from {e.stay.starts_on}"
    ),
    paying.DirectPaymentStarted: lambda e: (
        f"recorded the first direct payment on {e.first_paid_on}; review due by {e.review_due_on}"
    ),
    paying.DirectPaymentReviewed: lambda e: (
        f"reviewed the direct payment; next review due by {e.next_due_on}"
    ),
    budget_after.BudgetChallenged: lambda e: (
        f"recorded a challenge by the {words(e.challenger)} to the £{e.agreed_weekly} budget"
    ),
    budget_after.ChallengeAnswered: lambda e: f"answered the challenge: {words(e.outcome)}",
    budget_after.IndependentBudgetRecorded: lambda e: (
        f"recorded an independent personal budget of £{e.weekly_amount} a week"
    ),
    lifecycle.SafeguardingDecided: lambda e: (
        f"decided planning should {words(e.option)} during a safeguarding enquiry, with "
        f"{len(e.decided_with)} people"
    ),
    lifecycle.PlanResumed: lambda e: f"resumed planning ({words(e.resumed_to)})",
    lifecycle.InterimServicesStarted: lambda e: (
        f"recorded interim services from {e.service.started_on}"
    ),
    lifecycle.UnmetNeedsExplained: lambda e: (
        f"explained in writing why {_plural(len(e.explanation.need_refs), 'need')} will not be met"
    ),
    lifecycle.PlansCombined: lambda e: (
        f"combined this plan with {_plural(len(e.other_plans), 'other plan')}"
    ),
    lifecycle.PlanEnded: lambda e: f"ended the plan ({words(e.reason)})",
}

SUMMARIES = {**PLANNING, **AFTER_SIGN_OFF}
