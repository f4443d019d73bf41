"""Who may be involved in planning (INV-1..3), and capacity findings (INV-4)."""

from domain.errors import Failure
from domain.involvement import BestInterests, CapacityFinding, InvolvementBasis, Party, PartyKind
from domain.kinds import PlanKind
from domain.rules.text import blank


def involvement_failures(kind: PlanKind, party: Party, lacks_capacity: bool) -> list[Failure]:
    failures = []
    if blank(party.ref):
        failures.append(Failure("INV-1", "party.ref", "must say who is involved"))
    advocate = party.kind is PartyKind.INDEPENDENT_ADVOCATE
    if party.basis is InvolvementBasis.ADVOCACY and not advocate:
        failures.append(
            Failure("INV-3", "party.kind", "only an independent advocate is involved as advocacy")
        )
    if advocate and party.basis not in _ADVOCATE_BASES:
        failures.append(
            Failure(
                "INV-3",
                "party.basis",
                "an independent advocate is arranged by the authority or asked for by the person",
            )
        )
    if (party.basis is InvolvementBasis.JOINT_PLANNING) is not (
        party.kind is PartyKind.JOINT_ORGANISATION
    ):
        failures.append(
            Failure("INV-1", "party.basis", "joint planning is with another organisation")
        )
    if kind is PlanKind.CARE_AND_SUPPORT:
        if party.basis is InvolvementBasis.CARER and party.kind is not PartyKind.CARER:
            failures.append(Failure("INV-1", "party.basis", "only a carer is involved as one"))
        if party.basis is InvolvementBasis.WELFARE_INTEREST and not lacks_capacity:
            failures.append(
                Failure(
                    "INV-1",
                    "party.basis",
                    "a person with capacity decides who is involved: apart from a carer, "
                    "nobody is involved without their consent",
                )
            )
    elif party.basis in (InvolvementBasis.CARER, InvolvementBasis.WELFARE_INTEREST):
        failures.append(
            Failure(
                "INV-2",
                "party.basis",
                "on a carer's support plan others are involved only if the carer asks or consents",
            )
        )
    return failures


_ADVOCATE_BASES = frozenset(
    {InvolvementBasis.ADVOCACY, InvolvementBasis.PERSON_ASKED, InvolvementBasis.CONSENT}
)


def capacity_failures(finding: CapacityFinding) -> list[Failure]:
    return [
        Failure("INV-4", f"finding.{name}", "must not be blank")
        for name in ("assessed_by", "reasons")
        if blank(getattr(finding, name))
    ]


def best_interests_failures(decision: BestInterests, lacks_capacity: bool) -> list[Failure]:
    failures = [
        Failure("INV-4", f"decision.{name}", "must not be blank")
        for name in ("decision", "decided_by")
        if blank(getattr(decision, name))
    ]
    if not lacks_capacity:
        failures.append(
            Failure(
                "INV-4",
                "decision.matter",
                "capacity is presumed: record a lack of capacity for this decision first",
            )
        )
    return failures
