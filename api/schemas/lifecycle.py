"""Bodies for safeguarding pauses, interim services, unmet needs, combining and ending."""

from pydantic import Field

from api.schemas.common import CommandBody, DomainBody, Line, OccurredAt, Ref, Refs, Text
from api.schemas.instants import Day
from domain.lifecycle import (
    AgreementBasis,
    EndReason,
    InterimService,
    OtherPlan,
    OtherPlanKind,
    PartyAgreement,
    PartyRole,
    SafeguardingOption,
    UnmetNeedsExplanation,
)
from domain.lifecycle.decisions import (
    CombinePlans,
    DecideSafeguarding,
    EndPlan,
    ExplainUnmetNeeds,
    ResumePlanning,
    StartInterimServices,
)
from domain.notifying import ContactMethod


class SafeguardingRequest(CommandBody):
    command = DecideSafeguarding
    option: SafeguardingOption
    decided_with: Refs = ()
    reasons: Text = ""
    occurred_at: OccurredAt = None


class ResumptionRequest(CommandBody):
    command = ResumePlanning
    reasons: Text = ""
    occurred_at: OccurredAt = None


class InterimServiceIn(DomainBody):
    domain = InterimService
    description: Line = ""
    started_on: Day
    need_refs: Refs = ()


class InterimServicesRequest(CommandBody):
    command = StartInterimServices
    service: InterimServiceIn
    urgent_because: Text = ""
    occurred_at: OccurredAt = None


class UnmetNeedsExplanationIn(DomainBody):
    domain = UnmetNeedsExplanation
    need_refs: Refs = ()
    explanation: Text = ""
    prevention_advice: Text = ""
    given_on: Day


class UnmetNeedsRequest(CommandBody):
    command = ExplainUnmetNeeds
    explanation: UnmetNeedsExplanationIn
    method: ContactMethod
    occurred_at: OccurredAt = None


class OtherPlanIn(DomainBody):
    domain = OtherPlan
    kind: OtherPlanKind
    ref: Ref


class PartyAgreementIn(DomainBody):
    domain = PartyAgreement
    party_ref: Ref
    role: PartyRole
    basis: AgreementBasis
    has_capacity: bool = True


class CombinationRequest(CommandBody):
    command = CombinePlans
    other_plans: tuple[OtherPlanIn, ...] = Field(default=(), max_length=10)
    agreements: tuple[PartyAgreementIn, ...] = Field(default=(), max_length=20)
    occurred_at: OccurredAt = None


class EndRequest(CommandBody):
    command = EndPlan
    reason: EndReason
    advice_given: Text = ""
    confirmed_in_writing_on: Day | None = None
    alternative_services_in_place: bool = False
    alternatives: Text = ""
    occurred_at: OccurredAt = None
