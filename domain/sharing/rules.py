"""Whether a copy of a plan may go to someone, and how (SHR-1..5, COMP-1)."""

from dataclasses import dataclass

from domain.errors import Failure
from domain.kinds import PlanKind
from domain.notifying import CopyRecipient
from domain.rules.text import blank
from domain.sharing import (
    CarerCopy,
    Requester,
    ShareBasis,
    ShareException,
    ShareOutcome,
    ShareRequest,
    SharingPreference,
)


def preference_failures(preference: SharingPreference, kind: PlanKind, lacks_capacity: bool,
                        carer_involved: bool) -> list[Failure]:  # fmt: skip
    """What a person says a carer may see of their plan (SHR-1)."""
    failures = []
    if kind is not PlanKind.CARE_AND_SUPPORT:
        only = "only a care and support plan goes to a carer by default"
        failures.append(Failure("SHR-1", "preference", only))
    if lacks_capacity:
        failures.append(
            Failure("SHR-1", "preference", "only a person with capacity limits a carer's copy")
        )
    if not carer_involved:
        failures.append(Failure("SHR-1", "preference.carer_ref", "no such carer is involved"))
    if preference.carer_copy is CarerCopy.PARTS_ONLY and not preference.withheld_sections:
        failures.append(
            Failure("SHR-1", "preference.withheld_sections", "name the sections to withhold")
        )
    return failures


def request_failures(request: ShareRequest, open_refs: set[str]) -> list[Failure]:
    """A request to share, kept to be decided (SHR-5): a ref of its own, and to whom."""
    failures = []
    if blank(request.ref) or request.ref in open_refs:
        failures.append(Failure("SHR-5", "request.ref", "needs a ref not used by an open request"))
    if blank(request.recipient_ref):
        failures.append(Failure("SHR-5", "request.recipient_ref", "must say to whom"))
    return failures


def unknown_request_failures(request: ShareRequest | None) -> list[Failure]:
    """A decision on a request to share names one that is open (SHR-5)."""
    if request is None:
        return [Failure("SHR-5", "request_ref", "no open request has this ref")]
    return []


@dataclass(frozen=True)
class ShareFacts:
    """What the plan records that bears on sharing."""

    kind: PlanKind
    lacks_capacity: bool
    best_interests_decided: bool
    carer_preference: SharingPreference | None
    joint_organisation: bool


@dataclass(frozen=True)
class ShareChoice:
    outcome: ShareOutcome
    basis: ShareBasis
    omitted_sections: tuple[str, ...]
    exception: ShareException | None
    line_manager_ref: str
    reasons: str
    right_to_complain: bool


def share_failures(request: ShareRequest, choice: ShareChoice, facts: ShareFacts) -> list[Failure]:
    failures = _exception_failures(choice, facts)
    if choice.outcome is ShareOutcome.DECLINE:
        return failures + _decline_failures(request, choice, facts)
    if choice.outcome is ShareOutcome.PARTIAL and not choice.omitted_sections:
        failures.append(
            Failure("SHR-3", "omitted_sections", "a partial share names the sections left out")
        )
    if (
        _persons_request(request)
        and choice.outcome is ShareOutcome.PARTIAL
        and choice.exception is None
        and not _carer_limited(request, facts)
    ):
        failures.append(
            Failure(
                "SHR-3",
                "exception",
                "what the person asked for is shared in full unless an exception applies",
            )
        )
    if facts.kind is PlanKind.CARER_SUPPORT:
        return failures + _carer_plan_failures(request, choice)
    return failures + _care_plan_failures(request, choice, facts)


def _persons_request(request: ShareRequest) -> bool:
    return request.requested_by in (Requester.PERSON, Requester.REPRESENTATIVE)


def _carer_limited(request: ShareRequest, facts: ShareFacts) -> bool:
    preference = facts.carer_preference
    return (
        request.recipient is CopyRecipient.CARER
        and preference is not None
        and preference.carer_copy is not CarerCopy.FULL
    )


def _exception_failures(choice: ShareChoice, facts: ShareFacts) -> list[Failure]:
    if choice.exception is None:
        return []
    failures = []
    if blank(choice.line_manager_ref):
        failures.append(
            Failure(
                "SHR-3", "line_manager_ref", "an exception is decided after line-manager advice"
            )
        )
    if (
        choice.exception is ShareException.LACKS_CAPACITY_NOT_IN_BEST_INTERESTS
        and not facts.lacks_capacity
    ):
        failures.append(
            Failure(
                "SHR-3",
                "exception",
                "no lack of capacity to decide on sharing is recorded; capacity is presumed",
            )
        )
    return failures


def _decline_failures(
    request: ShareRequest, choice: ShareChoice, facts: ShareFacts
) -> list[Failure]:
    preference = facts.carer_preference
    if (
        request.recipient is CopyRecipient.CARER
        and preference is not None
        and preference.carer_copy is CarerCopy.NO_COPY
    ):
        return []  # the person chose this; nothing adverse to complain of (SHR-1)
    failures = []
    if _persons_request(request) and choice.exception is None:
        failures.append(
            Failure(
                "SHR-3" if facts.kind is PlanKind.CARE_AND_SUPPORT else "SHR-4",
                "exception",
                "a copy the person asked for may be declined only for lack of capacity "
                "(not in their best interests) or a risk of abuse or neglect",
            )
        )
    if blank(choice.reasons):
        failures.append(Failure("SHR-5", "reasons", "a decline records its reasons"))
    if blank(choice.line_manager_ref):
        failures.append(
            Failure("SHR-5", "line_manager_ref", "a decline records the line manager consulted")
        )
    if not choice.right_to_complain:
        failures.append(
            Failure("COMP-1", "right_to_complain", "the person must be told of their right to "
                    "complain about a declined share")
        )  # fmt: skip
    return failures


def _carer_plan_failures(request: ShareRequest, choice: ShareChoice) -> list[Failure]:
    """SHR-4: a carer's support plan is shared only with the carer's consent or at the
    carer's own request; a request from anyone else (the person they care for among
    them) is no basis."""
    if choice.basis is ShareBasis.REQUEST and not _persons_request(request):
        return [
            Failure(
                "SHR-4",
                "basis",
                "only the carer's own request (or their representative's) is a basis for "
                "sharing a carer's support plan; this request came from someone else",
            )
        ]
    if choice.basis in (ShareBasis.CONSENT, ShareBasis.REQUEST):
        return []
    return [
        Failure(
            "SHR-4",
            "basis",
            "a carer's support plan is shared only with the carer's consent or at their request",
        )
    ]


def _care_plan_failures(
    request: ShareRequest, choice: ShareChoice, facts: ShareFacts
) -> list[Failure]:
    basis = choice.basis
    if request.recipient is CopyRecipient.CARER:
        return _carer_copy_failures(choice, facts)
    if basis is ShareBasis.CARER_DEFAULT:
        return [Failure("SHR-2", "basis", "only a carer receives a copy by default")]
    if basis is ShareBasis.JOINT_PLANNING and not facts.joint_organisation:
        return [Failure("SHR-2", "basis", "the recipient did not plan jointly with the authority")]
    if basis is ShareBasis.REQUEST and not _persons_request(request):
        return [Failure("SHR-2", "basis", "the person did not ask for this copy")]
    if basis is ShareBasis.CONSENT and facts.lacks_capacity:
        return [
            Failure(
                "SHR-2",
                "basis",
                "the person lacks capacity to consent to sharing; record a best-interests decision",
            )
        ]
    if basis is ShareBasis.BEST_INTERESTS and not (
        facts.lacks_capacity and facts.best_interests_decided
    ):
        return [
            Failure(
                "SHR-2",
                "basis",
                "sharing in the person's best interests needs a recorded lack of capacity "
                "and best-interests decision",
            )
        ]
    return []


def _carer_copy_failures(choice: ShareChoice, facts: ShareFacts) -> list[Failure]:
    """SHR-1: a carer gets the plan in full unless the person limited what they see."""
    preference = facts.carer_preference
    if preference is None or preference.carer_copy is CarerCopy.FULL:
        return []
    if preference.carer_copy is CarerCopy.NO_COPY:
        return [Failure("SHR-1", "outcome", "the person asked that this carer gets no copy")]
    missing = set(preference.withheld_sections) - set(choice.omitted_sections)
    if choice.outcome is ShareOutcome.FULL or missing:
        return [
            Failure(
                "SHR-1",
                "omitted_sections",
                "the person asked that this carer sees only part: leave out "
                + ", ".join(sorted(missing or set(preference.withheld_sections))),
            )
        ]
    return []


def line_manager_failures(
    line_manager_ref: str, practitioner: str | None, their_line_manager: str | None
) -> list[Failure]:
    """SHR-3: the line manager consulted is the practitioner's own, by the staff
    directory, and not the practitioner. (A line manager named where none is needed is
    held to the same.)"""
    if blank(line_manager_ref):
        return []  # whether one is needed is the decline's and the exception's to say
    if line_manager_ref == practitioner:
        return [Failure("SHR-3", "line_manager_ref", "the practitioner cannot be the line "
                        "manager they consult")]  # fmt: skip
    if their_line_manager is None:
        return [Failure("SHR-3", "line_manager_ref", f"the staff directory records no line "
                        f"manager for {practitioner}")]  # fmt: skip
    if line_manager_ref != their_line_manager:
        return [Failure("SHR-3", "line_manager_ref", f"{practitioner}'s line manager is "
                        f"{their_line_manager}, by the staff directory")]  # fmt: skip
    return []
