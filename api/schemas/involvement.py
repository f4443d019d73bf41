"""Bodies for who is involved in planning, capacity and best interests
(``domain.involvement``)."""

from api.schemas.common import CommandBody, DomainBody, OccurredAt, Ref, Refs, Text
from domain.involvement import (
    BestInterests,
    CapacityFinding,
    CapacityMatter,
    InvolvementBasis,
    Party,
    PartyKind,
)
from domain.involvement.decisions import RecordBestInterests, RecordCapacity, RecordInvolvement


class PartyIn(DomainBody):
    domain = Party
    ref: Ref
    kind: PartyKind
    basis: InvolvementBasis


class InvolvementRequest(CommandBody):
    command = RecordInvolvement
    party: PartyIn
    occurred_at: OccurredAt = None


class CapacityFindingIn(DomainBody):
    domain = CapacityFinding
    matter: CapacityMatter
    has_capacity: bool
    assessed_by: Ref
    reasons: Text = ""


class CapacityRequest(CommandBody):
    command = RecordCapacity
    finding: CapacityFindingIn
    occurred_at: OccurredAt = None


class BestInterestsIn(DomainBody):
    domain = BestInterests
    matter: CapacityMatter
    decision: Text = ""
    decided_by: Ref
    consulted: Refs = ()


class BestInterestsRequest(CommandBody):
    command = RecordBestInterests
    decision: BestInterestsIn
    occurred_at: OccurredAt = None
