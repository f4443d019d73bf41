"""Combining plans (LIFE-1), ending a plan (LIFE-3) and unmet needs (LIFE-4)."""

from collections.abc import Iterable
from datetime import date

from domain.draft import Draft, NeedMetBy
from domain.errors import Failure
from domain.kinds import PlanKind
from domain.lifecycle import AgreementBasis, EndReason, PartyAgreement, PartyRole
from domain.rules.text import blank


def combining_failures(
    kind: PlanKind, agreements: tuple[PartyAgreement, ...], person_lacks_capacity: bool
) -> list[Failure]:
    """LIFE-1: every party agrees, or it is in the best interests of one who lacks capacity;
    a child agrees only with capacity to."""
    failures = []
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
