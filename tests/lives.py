"""Whole lives of plans, touching every kind of decision: for round-trip tests."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from domain.amending import AmendmentRequest, AmendmentRequester, SignOffRoute
from domain.amending import decisions as amending
from domain.application import CarePlanning
from domain.budget import DirectPaymentPayee, PayeeRelationship
from domain.budget_after import ChallengeOutcome, Challenger
from domain.budget_after import decisions as budget_after
from domain.deciding import Reduction
from domain.drafting import Need, NeedMetBy
from domain.involvement import (
    BestInterests,
    CapacityFinding,
    CapacityMatter,
    InvolvementBasis,
    Party,
    PartyKind,
)
from domain.involvement import decisions as involvement
from domain.kinds import PlanBasis, PlanKind
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
from domain.lifecycle import decisions as lifecycle
from domain.notifying import ContactMethod, CopyFormat, CopyRecipient, Recipient
from domain.notifying import decisions as notifying
from domain.paying import CareHomeStay, NecessityGround, PayeeNecessity
from domain.paying import decisions as paying
from domain.reviewing import Monitoring, ReviewOutcome, ReviewReason
from domain.reviewing import decisions as reviewing
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
from tests import builders as b
from tests.conftest import PlanInProgress

P = b.PRACTITIONER
CARER = Party("carer-0001", PartyKind.CARER, InvolvementBasis.CARER)
ADVOCATE = Party("advocacy-0301", PartyKind.INDEPENDENT_ADVOCATE, InvolvementBasis.ADVOCACY)
HEALTH = Party("org-health-01", PartyKind.JOINT_ORGANISATION, InvolvementBasis.JOINT_PLANNING)


def started(planning: CarePlanning, kind: PlanKind = PlanKind.CARE_AND_SUPPORT,
            basis: PlanBasis = PlanBasis.DUTY) -> PlanInProgress:  # fmt: skip
    recorded = planning.start_plan(b.start(kind, basis))
    return PlanInProgress(planning, recorded.plan_id, recorded.version)


def care_plan_life(planning: CarePlanning) -> PlanInProgress:
    """A care plan with carer, advocate and joint planning; told, copied, shared,
    amended (refused, then agreed and reduced), reviewed, challenged, ended."""
    case = started(planning)
    for party in (CARER, ADVOCATE, HEALTH):
        case.decide(involvement.RecordInvolvement(P, party))
    case.decide(
        lifecycle.StartInterimServices(
            P, InterimService("emergency home care", b.today(), ("N1",)), "no care at all at home"
        )
    )
    case.decide(
        lifecycle.DecideSafeguarding(
            P, SafeguardingOption.PAUSE, ("staff-0101", "safeguarding-lead-02"), "enquiry opened"
        )
    )
    case.decide(lifecycle.ResumePlanning(P, "enquiry closed"))
    unmet = Need("N4", "help with the garden", True, NeedMetBy.NOT_MET)
    draft = replace(b.draft(), needs=(*b.draft().needs, unmet))
    case.decide(b.indicative())
    case.decide(b.record_draft(the_draft=draft))
    case.decide(
        lifecycle.ExplainUnmetNeeds(
            P,
            UnmetNeedsExplanation(
                ("N4",), "the authority will not meet it", "gardening club", b.today()
            ),
            ContactMethod.LETTER,
        )
    )
    case.decide(b.submit())
    version = case.decide(b.sign_off()).version
    case.decide(notifying.TellOfDecision(P, version, Recipient.PERSON, ContactMethod.PHONE))
    case.decide(
        notifying.IssueCopy(
            P,
            version,
            CopyRecipient.PERSON,
            "person-000123",
            ContactMethod.LETTER,
            CopyFormat.EASY_READ,
        )
    )
    case.decide(notifying.TellOfDecision(P, version, Recipient.ADVOCATE, ContactMethod.EMAIL))
    case.decide(
        notifying.IssueCopy(
            P, version, CopyRecipient.JOINT_ORGANISATION, HEALTH.ref, ContactMethod.SECURE_PORTAL
        )
    )
    case.decide(
        sharing.RecordSharingPreference(
            P, SharingPreference(CARER.ref, CarerCopy.PARTS_ONLY, ("finances",))
        )
    )
    case.decide(
        sharing.RequestShare(
            P, ShareRequest("share-1", CopyRecipient.CARER, CARER.ref, Requester.PRACTITIONER)
        )
    )
    case.decide(
        sharing.DecideShare(
            P,
            "share-1",
            ShareOutcome.PARTIAL,
            ShareBasis.CARER_DEFAULT,
            omitted_sections=("finances",),
        )
    )
    case.decide(
        sharing.RequestShare(
            P, ShareRequest("share-2", CopyRecipient.OTHER, "neighbour-9", Requester.PERSON)
        )
    )
    case.decide(
        sharing.DecideShare(
            b.LINE_MANAGER,
            "share-2",
            ShareOutcome.DECLINE,
            ShareBasis.REQUEST,
            exception=ShareException.RISK_OF_ABUSE_OR_NEGLECT,
            line_manager_ref="staff-0501",
            reasons="the neighbour is subject to a safeguarding enquiry",
            right_to_complain=True,
        )
    )
    case.decide(
        amending.RequestAmendment(
            P, AmendmentRequest("amend-1", AmendmentRequester.CARER, CARER.ref, "more evening care")
        )
    )
    case.decide(amending.ConsultPerson(P, "amend-1", Recipient.PERSON, "happy as things are"))
    case.decide(
        amending.DecideAmendment(
            P, "amend-1", agree=False, reasons="needs are met", right_to_complain=True
        )
    )
    case.decide(
        reviewing.RequestUnplannedReview(
            P, "person-000123", ReviewReason.NEEDS_CHANGED, "needs less help in the morning"
        )
    )
    case.decide(
        reviewing.CompleteReview(
            P, ReviewOutcome.AMEND, "fewer hours needed", b.today() + timedelta(days=300)
        )
    )
    case.decide(
        reviewing.ArrangeMonitoring(P, Monitoring("falls", "the home care provider", "weekly"))
    )
    case.decide(
        amending.RequestAmendment(
            P,
            AmendmentRequest(
                "amend-2", AmendmentRequester.PERSON, "person-000123", "fewer morning hours"
            ),
        )
    )
    case.decide(
        amending.DecideAmendment(
            P, "amend-2", agree=True, reasons="review found it", route=SignOffRoute.LIGHT
        )
    )
    case.decide(b.record_draft(b.costing(weekly_hours="8"), draft))
    case.decide(b.submit())
    notice = Reduction(
        "eight hours meet the morning needs found at review",
        b.today(),
        b.today() + timedelta(weeks=4),
    )
    case.decide(b.sign_off(person="40.00", authority="165.00", reduction=notice))
    case.decide(
        budget_after.ChallengeBudget(
            P, "challenge-1", Challenger.ADVOCATE, "eight hours is not enough"
        )
    )
    case.decide(
        budget_after.AnswerChallenge(
            P,
            "challenge-1",
            ChallengeOutcome.NOT_UPHELD,
            "the review evidence stands",
            right_to_complain=True,
        )
    )
    case.decide(
        lifecycle.CombinePlans(
            P,
            (OtherPlan(OtherPlanKind.HEALTH, "nhs-plan-4"),),
            (PartyAgreement("person-000123", PartyRole.PERSON, AgreementBasis.AGREED),),
        )
    )
    case.decide(
        lifecycle.EndPlan(
            P,
            EndReason.MOVED_AWAY,
            "told how to contact the new council",
            b.today(),
            True,
            "the new council's services start on arrival",
        )
    )
    return case  # fmt: skip


def direct_payment_life(planning: CarePlanning) -> PlanInProgress:
    """Returned once, then a direct payment to a household relative found necessary;
    care-home stays, reviews, a best-interests share."""
    case = started(planning)
    case.decide(
        involvement.RecordCapacity(
            P,
            CapacityFinding(
                CapacityMatter.SHARING, False, "staff-0101", "cannot weigh who should see the plan"
            ),
        )
    )
    case.decide(
        involvement.RecordBestInterests(
            P,
            BestInterests(
                CapacityMatter.SHARING, "share with the day centre", "staff-0101", ("carer-0001",)
            ),
        )
    )
    dp = b.direct_payment_costing()
    payee = DirectPaymentPayee("payee-01", PayeeRelationship.CLOSE_RELATIVE, True)
    costing = replace(dp, direct_payment=b.direct_payment_proposal(payees=(payee,)))
    case.decide(b.indicative())
    case.decide(b.record_draft(costing))
    case.decide(
        paying.RecordPayeeNecessity(
            b.LINE_MANAGER,
            PayeeNecessity(
                "payee-01",
                NecessityGround.FOR_CARE,
                "only she can give intimate care",
                "staff-0501",
            ),
        )
    )
    case.decide(b.submit())
    case.decide(b.request_information())
    case.decide(b.provide_information())
    case.decide(b.return_plan())
    case.decide(b.resubmit())
    case.decide(b.sign_off("0.00", "184.00", b.direct_payment_decision()))
    case.decide(paying.StartDirectPayment(P, b.today()))
    case.decide(paying.ReviewDirectPayment(P, "payments used as planned"))
    case.decide(
        paying.RecordCareHomeStay(P, CareHomeStay(b.today(), b.today() + timedelta(days=6)))
    )
    case.decide(
        sharing.RequestShare(
            P,
            ShareRequest(
                "share-1", CopyRecipient.SERVICE_PROVIDER, "day-centre-3", Requester.PRACTITIONER
            ),
        )
    )
    case.decide(sharing.DecideShare(P, "share-1", ShareOutcome.FULL, ShareBasis.BEST_INTERESTS))
    return case  # fmt: skip


def self_funder_life(planning: CarePlanning) -> PlanInProgress:
    case = started(planning, basis=PlanBasis.SELF_FUNDER_REQUEST)
    case.decide(b.indicative())
    case.decide(b.record_draft())
    case.decide(
        budget_after.RecordIndependentBudget(
            P, Decimal("95.00"), ("N2",), "meals her daughter arranges and she pays for"
        )
    )
    return case  # fmt: skip
