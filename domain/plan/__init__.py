"""The Plan aggregate (``aggregate``) and its decisions, one module per part of a plan's
life. ``DECISIONS`` maps each command type to the function that decides it; importing
this package registers every plan event's topic."""

from typing import Any

from domain.plan import (
    amending,
    budget_after,
    deciding,
    drafting,
    information,
    involvement,
    lifecycle,
    notifying,
    paying,
    reviewing,
    sharing,
    starting,
)
from domain.plan.aggregate import LastReturn, Plan
from domain.plan.context import Context, Decide

DECISIONS: dict[type[Any], Decide] = {
    drafting.SetIndicativeBudget: drafting.share_indicative_budget,
    drafting.RecordDraft: drafting.record_draft,
    drafting.Submit: drafting.submit,
    information.RequestInformation: information.request_information,
    information.ProvideInformation: information.provide_information,
    deciding.ReturnPlan: deciding.return_to_practitioner,
    deciding.SignOff: deciding.sign_off,
    involvement.RecordInvolvement: involvement.record_involvement,
    involvement.RecordCapacity: involvement.record_capacity,
    involvement.RecordBestInterests: involvement.record_best_interests,
    notifying.TellOfDecision: notifying.tell_of_decision,
    notifying.IssueCopy: notifying.issue_copy,
    sharing.RecordSharingPreference: sharing.record_sharing_preference,
    sharing.RequestShare: sharing.request_share,
    sharing.DecideShare: sharing.decide_share,
    amending.RequestAmendment: amending.request_amendment,
    amending.ConsultPerson: amending.consult_person,
    amending.DecideAmendment: amending.decide_amendment,
    reviewing.RequestUnplannedReview: reviewing.request_unplanned_review,
    reviewing.CompleteReview: reviewing.complete_review,
    reviewing.ArrangeMonitoring: reviewing.arrange_monitoring,
    paying.RecordPayeeNecessity: paying.record_payee_necessity,
    paying.RecordCareHomeStay: paying.record_care_home_stay,
    paying.StartDirectPayment: paying.start_direct_payment,
    paying.ReviewDirectPayment: paying.review_direct_payment,
    budget_after.ChallengeBudget: budget_after.challenge_budget,
    budget_after.AnswerChallenge: budget_after.answer_challenge,
    budget_after.RecordIndependentBudget: budget_after.record_independent_budget,
    lifecycle.DecideSafeguarding: lifecycle.decide_safeguarding,
    lifecycle.ResumePlanning: lifecycle.resume_planning,
    lifecycle.StartInterimServices: lifecycle.start_interim_services,
    lifecycle.ExplainUnmetNeeds: lifecycle.explain_unmet_needs,
    lifecycle.CombinePlans: lifecycle.combine_plans,
    lifecycle.EndPlan: lifecycle.end_plan,
}

__all__ = ["DECISIONS", "Context", "LastReturn", "Plan", "starting"]
