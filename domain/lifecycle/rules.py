"""Safeguarding pauses (LIFE-2), interim services (SIGN-10), unmet needs (LIFE-4),
combining plans (LIFE-1) and ending a plan (LIFE-3)."""

from collections.abc import Iterable
from datetime import date

from domain.drafting import Draft, Need, NeedMetBy
from domain.errors import Failure
from domain.kinds import PlanKind
from domain.lifecycle import (
    AgreementBasis,
    EndReason,
    InterimService,
    OtherPlan,
    PartyAgreement,
    PartyRole,
    UnmetNeedsExplanation,
)
from domain.rules.text import blank


def safeguarding_failures(decided_with: tuple[str, ...], reasons: str) -> list[Failure]:
    """LIFE-2: how planning goes on during an enquiry is decided with named people, for
    reasons recorded."""
    failures = []
    if not decided_with or any(blank(ref) for ref in decided_with):
        failures.append(Failure("LIFE-2", "decided_with", "record who made the decision"))
    failures += resumption_failures(reasons)
    return failures


def resumption_failures(reasons: str) -> list[Failure]:
    """LIFE-2: a pause, and the end of one, records its reasons."""
    return [Failure("LIFE-2", "reasons", "must not be blank")] if blank(reasons) else []


def interim_failures(service: InterimService, urgent_because: str) -> list[Failure]:
    """SIGN-10: services before sign-off say what they are and why they cannot wait."""
    given = {"service.description": service.description, "urgent_because": urgent_because}
    return [
        Failure("SIGN-10", name, "must not be blank") for name, text in given.items() if blank(text)
    ]


def explanation_failures(
    explanation: UnmetNeedsExplanation, unmet_needs: Iterable[Need]
) -> list[Failure]:
    """LIFE-4: the explanation names needs left unmet, and says why and what would prevent
    or delay them."""
    failures = []
    if not explanation.need_refs:
        failures.append(Failure("LIFE-4", "explanation.need_refs", "name the needs"))
    unmet = {n.ref for n in unmet_needs}
    failures += [
        Failure("LIFE-4", "explanation.need_refs", f"{ref!r} is not a need left unmet")
        for ref in explanation.need_refs
        if ref not in unmet
    ]
    failures += [
        Failure("LIFE-4", f"explanation.{name}", "must not be blank")
        for name in ("explanation", "prevention_advice")
        if blank(getattr(explanation, name))
    ]
    return failures


def combining_failures(
    kind: PlanKind,
    other_plans: tuple[OtherPlan, ...],
    agreements: tuple[PartyAgreement, ...],
    person_lacks_capacity: bool,
) -> list[Failure]:
    """LIFE-1: the plans combined are named; every party agrees, or it is in the best
    interests of one who lacks capacity; a child agrees only with capacity to."""
    failures = []
    if not other_plans:
        failures.append(Failure("LIFE-1", "other_plans", "name the plans combined"))
    roles = {a.role for a in agreements}
    own_role = PartyRole.CARER if kind is PlanKind.CARER_SUPPORT else PartyRole.PERSON
    if own_role not in roles:
        failures.append(
            Failure("LIFE-1", "agreements", f"the {own_role.value} whose plan it is must agree")
        )
    for i, agreement in enumerate(agreements):
        field = f"agreements[{i}]"
        if blank(agreement.party_ref):
            failures.append(Failure("LIFE-1", f"{field}.party_ref", "must not be blank"))
        if agreement.basis is AgreementBasis.AGREED and not agreement.has_capacity:
            failures.append(
                Failure("LIFE-1", f"{field}.basis", "someone without capacity to agree cannot "
                        "agree: decide in their best interests")
            )  # fmt: skip
        if agreement.basis is AgreementBasis.BEST_INTERESTS and agreement.has_capacity:
            failures.append(
                Failure("LIFE-1", f"{field}.basis", "someone with capacity agrees for themselves")
            )
        if (
            agreement.role is own_role
            and agreement.basis is AgreementBasis.BEST_INTERESTS
            and (not person_lacks_capacity)
        ):
            failures.append(
                Failure("LIFE-1", f"{field}.basis",
                        "no lack of capacity to decide on combining plans is recorded")
            )  # fmt: skip
    return failures


def ending_failures(
    reason: EndReason,
    advice_given: str,
    confirmed_in_writing_on: date | None,
    alternatives_in_place: bool,
    alternatives: str,
) -> list[Failure]:
    """LIFE-3: advice given and confirmed in writing; eligible needs still to be met are
    met by alternatives before the duty ends."""
    if reason is EndReason.DIED:
        return []
    failures = []
    if blank(advice_given):
        failures.append(Failure("LIFE-3", "advice_given", "record the information and advice"))
    if confirmed_in_writing_on is None:
        failures.append(
            Failure("LIFE-3", "confirmed_in_writing_on", "the advice is confirmed in writing")
        )
    if reason is not EndReason.NO_LONGER_ELIGIBLE and (
        not alternatives_in_place or blank(alternatives)
    ):
        failures.append(
            Failure(
                "LIFE-3",
                "alternative_services_in_place",
                "the duty to meet eligible needs continues until alternative services are in "
                "place; record them",
            )
        )
    return failures


def unmet_needs_failures(draft: Draft | None, explained: Iterable[Iterable[str]]) -> list[Failure]:
    """LIFE-4: needs the authority will not meet have a written, personal explanation."""
    if draft is None:
        return []
    covered = {ref for refs in explained for ref in refs}
    return [
        Failure(
            "LIFE-4",
            f"draft.needs[{i}]",
            f"need {need.ref!r} will not be met: give a written explanation with prevention "
            "advice first",
        )
        for i, need in enumerate(draft.needs)
        if need.met_by is NeedMetBy.NOT_MET and need.ref not in covered
    ]
