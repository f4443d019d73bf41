"""Sharing the plan in force, or declining to (SHR-1..5, COMP-1)."""

from dataclasses import replace
from typing import Any

import pytest

from domain.application import CarePlanning
from domain.errors import DecisionNotAllowed, RuleBroken
from domain.involvement import CapacityFinding, CapacityMatter
from domain.involvement import decisions as involvement
from domain.kinds import PlanKind
from domain.notifying import CopyRecipient, Extent
from domain.sharing import (
    CarerCopy,
    Requester,
    ShareBasis,
    ShareException,
    ShareOutcome,
    ShareRequest,
    SharingPreference,
)
from domain.sharing import decisions as sharing
from domain.sharing.decisions import DecideShare, PlanShared, RequestShare, ShareDeclined
from domain.sharing.rules import ShareChoice, ShareFacts, share_failures
from tests import builders as b
from tests import lives
from tests.conftest import PlanInProgress, start

P = b.PRACTITIONER


@pytest.fixture
def plan_with_carer(submitted_plan: PlanInProgress) -> PlanInProgress:
    submitted_plan.decide(involvement.RecordInvolvement(P, lives.CARER))
    submitted_plan.decide(b.sign_off())
    return submitted_plan


def ask(case: PlanInProgress, to: CopyRecipient, ref: str, by: Requester) -> str:
    ref_no = f"share-{len(case.plan.share_requests) + case.version}"
    case.decide(RequestShare(P, ShareRequest(ref_no, to, ref, by)))
    return ref_no


def decide(case: PlanInProgress, ref: str, outcome: ShareOutcome, basis: ShareBasis,
           **more: Any) -> Any:  # fmt: skip
    case.decide(DecideShare(P, ref, outcome, basis, **more))
    return case.planning.history(case.plan_id)[-1]


def obligations_of(case: PlanInProgress, ref: str, outcome: ShareOutcome, basis: ShareBasis,
                   **more: Any) -> tuple[str, ...]:  # fmt: skip
    with pytest.raises(RuleBroken) as refused:
        case.decide(DecideShare(P, ref, outcome, basis, **more))
    return refused.value.obligations


def test_a_carer_gets_a_care_plan_in_full_by_default(plan_with_carer: PlanInProgress) -> None:
    ref = ask(plan_with_carer, CopyRecipient.CARER, lives.CARER.ref, Requester.PRACTITIONER)

    shared = decide(plan_with_carer, ref, ShareOutcome.FULL, ShareBasis.CARER_DEFAULT)  # SHR-1

    assert isinstance(shared, PlanShared)
    assert shared.copy.extent is Extent.FULL
    assert plan_with_carer.plan.copies_due == tuple(
        d for d in plan_with_carer.plan.copies_due if d.recipient is not CopyRecipient.CARER
    )


def test_a_carer_sees_only_the_parts_the_person_agreed(plan_with_carer: PlanInProgress) -> None:
    plan_with_carer.decide(
        sharing.RecordSharingPreference(
            P, SharingPreference(lives.CARER.ref, CarerCopy.PARTS_ONLY, ("finances", "health"))
        )
    )
    ref = ask(plan_with_carer, CopyRecipient.CARER, lives.CARER.ref, Requester.PRACTITIONER)

    in_full = obligations_of(plan_with_carer, ref, ShareOutcome.FULL, ShareBasis.CARER_DEFAULT)
    too_much = obligations_of(
        plan_with_carer,
        ref,
        ShareOutcome.PARTIAL,
        ShareBasis.CARER_DEFAULT,
        omitted_sections=("finances",),
    )
    shared = decide(plan_with_carer, ref, ShareOutcome.PARTIAL, ShareBasis.CARER_DEFAULT,
                    omitted_sections=("finances", "health"))  # fmt: skip

    assert in_full == too_much == ("SHR-1",)  # SHR-1
    assert shared.copy.omitted_sections == ("finances", "health")


def test_only_a_person_with_capacity_limits_a_carers_copy(plan_with_carer: PlanInProgress) -> None:
    plan_with_carer.decide(involvement.RecordCapacity(P, CapacityFinding(
        CapacityMatter.SHARING, False, "staff-0101", "cannot weigh it")))  # fmt: skip

    with pytest.raises(RuleBroken) as refused:  # SHR-1
        plan_with_carer.decide(sharing.RecordSharingPreference(
            P, SharingPreference(lives.CARER.ref, CarerCopy.NO_COPY)))  # fmt: skip

    assert refused.value.obligations == ("SHR-1",)


def test_other_sharing_needs_consent_or_best_interests(plan_with_carer: PlanInProgress) -> None:
    ref = ask(plan_with_carer, CopyRecipient.SERVICE_PROVIDER, "provider-5", Requester.PRACTITIONER)

    by_default = obligations_of(plan_with_carer, ref, ShareOutcome.FULL, ShareBasis.CARER_DEFAULT)
    best_interests = obligations_of(plan_with_carer, ref, ShareOutcome.FULL,
                                    ShareBasis.BEST_INTERESTS)  # fmt: skip
    shared = decide(plan_with_carer, ref, ShareOutcome.FULL, ShareBasis.CONSENT)  # SHR-2

    assert by_default == best_interests == ("SHR-2",)
    assert shared.basis is ShareBasis.CONSENT


def test_without_capacity_consent_cannot_be_the_basis(plan_with_carer: PlanInProgress) -> None:
    plan_with_carer.decide(involvement.RecordCapacity(P, CapacityFinding(
        CapacityMatter.SHARING, False, "staff-0101", "cannot weigh it")))  # fmt: skip
    ref = ask(plan_with_carer, CopyRecipient.SERVICE_PROVIDER, "provider-5", Requester.PRACTITIONER)

    assert obligations_of(plan_with_carer, ref, ShareOutcome.FULL, ShareBasis.CONSENT) == (
        "SHR-2",)  # fmt: skip


def test_what_the_person_asks_for_is_shared_unless_an_exception_applies(
    plan_with_carer: PlanInProgress,
) -> None:  # SHR-3
    ref = ask(plan_with_carer, CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)

    declined_plainly = obligations_of(
        plan_with_carer, ref, ShareOutcome.DECLINE, ShareBasis.REQUEST, reasons="we'd rather not",
        line_manager_ref="staff-0501", right_to_complain=True)  # fmt: skip
    partly = obligations_of(plan_with_carer, ref, ShareOutcome.PARTIAL, ShareBasis.REQUEST,
                            omitted_sections=("health",))  # fmt: skip
    shared = decide(plan_with_carer, ref, ShareOutcome.FULL, ShareBasis.REQUEST)

    assert declined_plainly == partly == ("SHR-3",)
    assert shared.copy.recipient_ref == "neighbour-9"


@pytest.mark.parametrize(
    ("named", "why"),
    [("staff-0101", "the practitioner cannot be the line manager they consult"),
     ("staff-5001", "staff-0101's line manager is staff-0501, by the staff directory")],
    ids=["themselves", "someone else's line manager"],
)  # fmt: skip
def test_the_line_manager_consulted_is_the_practitioners_own(
    plan_with_carer: PlanInProgress, named: str, why: str
) -> None:  # SHR-3: by the staff directory, never the practitioner's own word
    ref = ask(plan_with_carer, CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)
    risk = ShareException.RISK_OF_ABUSE_OR_NEGLECT

    decline = DecideShare(P, ref, ShareOutcome.DECLINE, ShareBasis.REQUEST, exception=risk,
                          reasons="under enquiry", line_manager_ref=named,
                          right_to_complain=True)  # fmt: skip

    with pytest.raises(RuleBroken) as refused:
        plan_with_carer.decide(decline)

    assert [(f.obligation, f.field, f.message) for f in refused.value.failures] == [
        ("SHR-3", "line_manager_ref", why)
    ]
    assert [r.ref for r in plan_with_carer.plan.share_requests] == [ref]  # still to decide


def test_a_decline_for_risk_of_abuse_follows_line_manager_advice(
    plan_with_carer: PlanInProgress,
) -> None:  # SHR-3, SHR-5, COMP-1
    ref = ask(plan_with_carer, CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)
    risk = ShareException.RISK_OF_ABUSE_OR_NEGLECT

    no_advice = obligations_of(
        plan_with_carer,
        ref,
        ShareOutcome.DECLINE,
        ShareBasis.REQUEST,
        exception=risk,
        reasons="risk",
        right_to_complain=True,
    )
    not_told = obligations_of(
        plan_with_carer,
        ref,
        ShareOutcome.DECLINE,
        ShareBasis.REQUEST,
        exception=risk,
        reasons="risk",
        line_manager_ref="staff-0501",
    )
    declined = decide(plan_with_carer, ref, ShareOutcome.DECLINE, ShareBasis.REQUEST,
                      exception=risk, reasons="the neighbour is under enquiry",
                      line_manager_ref="staff-0501", right_to_complain=True)  # fmt: skip

    assert set(no_advice) == {"SHR-3", "SHR-5"}
    assert not_told == ("COMP-1",)
    assert isinstance(declined, ShareDeclined)
    assert declined.line_manager_ref == "staff-0501"
    assert declined.notice is not None
    assert declined.notice.right_to_complain


def test_a_partial_share_names_what_it_leaves_out(plan_with_carer: PlanInProgress) -> None:
    ref = ask(plan_with_carer, CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)
    risk = ShareException.RISK_OF_ABUSE_OR_NEGLECT

    unnamed = obligations_of(plan_with_carer, ref, ShareOutcome.PARTIAL, ShareBasis.REQUEST,
                             exception=risk, line_manager_ref="staff-0501")  # fmt: skip
    shared = decide(
        plan_with_carer,
        ref,
        ShareOutcome.PARTIAL,
        ShareBasis.REQUEST,
        exception=risk,
        line_manager_ref="staff-0501",
        omitted_sections=("address",),
    )  # SHR-3

    assert unnamed == ("SHR-3",)
    assert shared.copy.extent is Extent.PARTIAL


def test_the_lack_of_capacity_exception_needs_a_recorded_finding(
    plan_with_carer: PlanInProgress,
) -> None:  # SHR-3
    ref = ask(plan_with_carer, CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)

    refused = obligations_of(
        plan_with_carer, ref, ShareOutcome.DECLINE, ShareBasis.REQUEST, reasons="not wise",
        exception=ShareException.LACKS_CAPACITY_NOT_IN_BEST_INTERESTS,
        line_manager_ref="staff-0501", right_to_complain=True)  # fmt: skip

    assert refused == ("SHR-3",)


def test_a_carers_plan_is_shared_only_with_the_carers_consent(planning: CarePlanning) -> None:
    case = start(planning, PlanKind.CARER_SUPPORT)  # SHR-4
    case.decide(b.indicative())
    case.decide(b.record_draft())
    case.decide(b.submit())
    case.decide(b.sign_off("0.00", "255.00"))
    ref = ask(case, CopyRecipient.SERVICE_PROVIDER, "provider-5", Requester.PRACTITIONER)

    refused = obligations_of(case, ref, ShareOutcome.FULL, ShareBasis.CARER_DEFAULT)
    shared = decide(case, ref, ShareOutcome.FULL, ShareBasis.CONSENT)

    assert refused == ("SHR-4",)
    assert shared.basis is ShareBasis.CONSENT


def test_on_a_carers_plan_only_the_carers_own_request_is_a_basis(
    planning: CarePlanning,
) -> None:  # SHR-4
    case = start(planning, PlanKind.CARER_SUPPORT)
    case.decide(b.indicative())
    case.decide(b.record_draft())
    case.decide(b.submit())
    case.decide(b.sign_off("0.00", "255.00"))
    # the person the carer looks after asks for the carer's plan to go to their own friend
    theirs = ask(case, CopyRecipient.OTHER, "friend-7", Requester.OTHER)
    carers = ask(case, CopyRecipient.OTHER, "friend-8", Requester.PERSON)  # the carer asks

    refused = obligations_of(case, theirs, ShareOutcome.FULL, ShareBasis.REQUEST)
    shared = decide(case, carers, ShareOutcome.FULL, ShareBasis.REQUEST)

    assert refused == ("SHR-4",)
    assert shared.basis is ShareBasis.REQUEST


def test_every_share_records_who_decided_to_whom_the_basis_and_extent(
    plan_with_carer: PlanInProgress,
) -> None:  # SHR-5, NOT-5
    ref = ask(plan_with_carer, CopyRecipient.SERVICE_PROVIDER, "provider-5", Requester.PRACTITIONER)

    shared = decide(plan_with_carer, ref, ShareOutcome.FULL, ShareBasis.CONSENT)

    assert shared.actor == P
    assert (shared.copy.recipient, shared.copy.recipient_ref) == (
        CopyRecipient.SERVICE_PROVIDER, "provider-5")  # fmt: skip
    assert shared.copy.plan_version == plan_with_carer.plan.signed_off_version


def test_nothing_is_shared_before_a_plan_is_signed_off(submitted_plan: PlanInProgress) -> None:
    submitted_plan.decide(RequestShare(P, ShareRequest("s-1", CopyRecipient.OTHER, "x-1",
                                                       Requester.PERSON)))  # fmt: skip

    with pytest.raises(DecisionNotAllowed):
        submitted_plan.decide(DecideShare(P, "s-1", ShareOutcome.FULL, ShareBasis.REQUEST))


def test_a_decline_records_its_reasons() -> None:  # SHR-5
    request = ShareRequest("s-1", CopyRecipient.OTHER, "neighbour-9", Requester.PRACTITIONER)
    facts = ShareFacts(PlanKind.CARE_AND_SUPPORT, lacks_capacity=False,
                       best_interests_decided=False, carer_preference=None,
                       joint_organisation=False)  # fmt: skip
    choice = ShareChoice(ShareOutcome.DECLINE, ShareBasis.CONSENT, (), None, "staff-0501",
                         reasons=" ", right_to_complain=True)  # fmt: skip

    failures = share_failures(request, choice, facts)

    assert [(f.obligation, f.field) for f in failures] == [("SHR-5", "reasons")]
    assert share_failures(request, replace(choice, reasons="no consent was given"), facts) == []
