"""Every decision on a plan: which function decides each command, and who may make it (a
wrong role is refused naming the rule). Importing this module registers every plan
event's topic. It sits apart from the ``Plan`` aggregate so that a part of a plan's life
can import the aggregate without importing every other part."""

from dataclasses import dataclass
from typing import Any

from domain.actors import Role
from domain.amending import decisions as amending
from domain.budget_after import decisions as budget_after
from domain.deciding import decisions as deciding
from domain.drafting import decisions as drafting
from domain.involvement import decisions as involvement
from domain.lifecycle import decisions as lifecycle
from domain.notifying import decisions as notifying
from domain.paying import decisions as paying
from domain.plan.context import Decide
from domain.reviewing import decisions as reviewing
from domain.rules.authority import CASE_HOLDERS, MANAGERS, PLANNERS, SIGNERS
from domain.sharing import decisions as sharing

ROLES_RULE = "DESIGN-roles"


@dataclass(frozen=True)
class DecisionRule:
    """How a command is decided, and who may make the decision (a wrong role is refused
    naming ``rule``)."""

    decide: Decide
    roles: frozenset[Role]
    rule: str = ROLES_RULE


DECISIONS: dict[type[Any], DecisionRule] = {
    drafting.SetIndicativeBudget: DecisionRule(drafting.share_indicative_budget, PLANNERS),
    drafting.RecordDraft: DecisionRule(drafting.record_draft, PLANNERS),
    drafting.Submit: DecisionRule(drafting.submit, PLANNERS),
    deciding.RequestInformation: DecisionRule(deciding.request_information, SIGNERS, "SIGN-6"),
    deciding.ProvideInformation: DecisionRule(deciding.provide_information, PLANNERS),
    deciding.ReturnPlan: DecisionRule(deciding.return_to_practitioner, SIGNERS, "SIGN-6"),
    deciding.SignOff: DecisionRule(deciding.sign_off, SIGNERS, "SIGN-6"),
    involvement.RecordInvolvement: DecisionRule(involvement.record_involvement, CASE_HOLDERS),
    involvement.RecordCapacity: DecisionRule(involvement.record_capacity, CASE_HOLDERS),
    involvement.RecordBestInterests: DecisionRule(involvement.record_best_interests, CASE_HOLDERS),
    notifying.TellOfDecision: DecisionRule(notifying.tell_of_decision, CASE_HOLDERS),
    notifying.IssueCopy: DecisionRule(notifying.issue_copy, CASE_HOLDERS),
    sharing.RecordSharingPreference: DecisionRule(sharing.record_sharing_preference, CASE_HOLDERS),
    sharing.RequestShare: DecisionRule(sharing.request_share, CASE_HOLDERS),
    sharing.DecideShare: DecisionRule(sharing.decide_share, CASE_HOLDERS),
    amending.RequestAmendment: DecisionRule(amending.request_amendment, CASE_HOLDERS),
    amending.ConsultPerson: DecisionRule(amending.consult_person, CASE_HOLDERS),
    amending.DecideAmendment: DecisionRule(amending.decide_amendment, CASE_HOLDERS),
    reviewing.RequestUnplannedReview: DecisionRule(
        reviewing.request_unplanned_review, CASE_HOLDERS
    ),
    reviewing.CompleteReview: DecisionRule(reviewing.complete_review, CASE_HOLDERS),
    reviewing.ArrangeMonitoring: DecisionRule(reviewing.arrange_monitoring, CASE_HOLDERS),
    paying.RecordPayeeNecessity: DecisionRule(paying.record_payee_necessity, MANAGERS, "DP-6"),
    paying.RecordCareHomeStay: DecisionRule(paying.record_care_home_stay, CASE_HOLDERS),
    paying.StartDirectPayment: DecisionRule(paying.start_direct_payment, CASE_HOLDERS),
    paying.ReviewDirectPayment: DecisionRule(paying.review_direct_payment, CASE_HOLDERS),
    budget_after.ChallengeBudget: DecisionRule(budget_after.challenge_budget, CASE_HOLDERS),
    budget_after.AnswerChallenge: DecisionRule(budget_after.answer_challenge, CASE_HOLDERS),
    budget_after.RecordIndependentBudget: DecisionRule(
        budget_after.record_independent_budget, CASE_HOLDERS
    ),
    lifecycle.DecideSafeguarding: DecisionRule(lifecycle.decide_safeguarding, CASE_HOLDERS),
    lifecycle.ResumePlanning: DecisionRule(lifecycle.resume_planning, CASE_HOLDERS),
    lifecycle.StartInterimServices: DecisionRule(lifecycle.start_interim_services, CASE_HOLDERS),
    lifecycle.ExplainUnmetNeeds: DecisionRule(lifecycle.explain_unmet_needs, CASE_HOLDERS),
    lifecycle.CombinePlans: DecisionRule(lifecycle.combine_plans, CASE_HOLDERS),
    lifecycle.EndPlan: DecisionRule(lifecycle.end_plan, CASE_HOLDERS),
}
