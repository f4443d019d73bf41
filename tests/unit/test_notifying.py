"""Telling the person of decisions and giving copies of the plan in force (NOT-1..5,
RET-3, COMP-1)."""

import pytest

from domain.errors import RuleBroken
from domain.involvement import decisions as involvement
from domain.notifying import ContactMethod, CopyFormat, CopyRecipient, Recipient
from domain.notifying.decisions import IssueCopy, TellOfDecision
from tests import builders as b
from tests import lives
from tests.conftest import PlanInProgress


def tell(
    version: int,
    told: Recipient = Recipient.PERSON,
    reasons_explained: bool = False,
    right_to_complain_explained: bool = False,
) -> TellOfDecision:
    return TellOfDecision(b.PRACTITIONER, version, told, ContactMethod.PHONE,
                          reasons_explained, right_to_complain_explained)  # fmt: skip


def copy(version: int, to: CopyRecipient = CopyRecipient.PERSON, ref: str = "person-000123",
         fmt: CopyFormat = CopyFormat.STANDARD) -> IssueCopy:  # fmt: skip
    return IssueCopy(b.PRACTITIONER, version, to, ref, ContactMethod.LETTER, fmt)


def test_telling_the_person_of_a_sign_off_settles_the_notice(
    signed_off_plan: PlanInProgress,
) -> None:  # NOT-1
    version = signed_off_plan.version

    signed_off_plan.decide(tell(version))

    assert signed_off_plan.plan.notices == ()


def test_there_must_be_something_to_tell(signed_off_plan: PlanInProgress) -> None:  # NOT-1
    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(tell(2))

    assert refused.value.obligations == ("NOT-1",)


def test_a_return_is_told_with_its_reasons_and_the_right_to_complain(
    returned_plan: PlanInProgress,
) -> None:  # RET-3, COMP-1
    version = returned_plan.version

    with pytest.raises(RuleBroken) as refused:
        returned_plan.decide(tell(version))
    returned_plan.decide(tell(version, reasons_explained=True, right_to_complain_explained=True))

    assert set(refused.value.obligations) == {"RET-3", "COMP-1"}
    assert returned_plan.plan.notices == ()


def test_sign_off_makes_a_copy_due_to_the_person_and_the_carer_the_draft_names(
    signed_off_plan: PlanInProgress,
) -> None:  # NOT-2, SHR-1, CNT-4
    due = signed_off_plan.plan.copies_due

    assert [(d.recipient, d.recipient_ref, d.obligation) for d in due] == [
        (CopyRecipient.PERSON, "person-000123", "NOT-2"),
        (CopyRecipient.CARER, "carer-0001", "SHR-1"),  # named in the draft, not in /involvement
    ]


def test_a_copy_in_an_accessible_format_is_recorded_and_settles_what_was_due(
    signed_off_plan: PlanInProgress,
) -> None:  # NOT-2, NOT-5
    version = signed_off_plan.version

    signed_off_plan.decide(copy(version, fmt=CopyFormat.EASY_READ))

    issued = signed_off_plan.plan.copies[0]
    assert (issued.plan_version, issued.format, issued.method) == (
        version, CopyFormat.EASY_READ, ContactMethod.LETTER)  # fmt: skip
    assert [d.recipient for d in signed_off_plan.plan.copies_due] == [CopyRecipient.CARER]


def test_a_copy_to_the_person_goes_to_the_person_and_no_one_else(
    signed_off_plan: PlanInProgress,
) -> None:  # SHR-2, NOT-5
    version = signed_off_plan.version

    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(copy(version, ref="person-000999"))

    assert [(f.obligation, f.field) for f in refused.value.failures] == [("SHR-2", "recipient_ref")]
    assert signed_off_plan.plan.copies == ()


def test_a_copy_is_of_a_signed_off_version(signed_off_plan: PlanInProgress) -> None:  # NOT-5
    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(copy(3))

    assert refused.value.obligations == ("NOT-5",)


def test_a_copy_to_a_carer_goes_through_a_share_decision(
    signed_off_plan: PlanInProgress,
) -> None:  # SHR-2
    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(copy(signed_off_plan.version, CopyRecipient.CARER, "carer-0001"))

    assert refused.value.obligations == ("SHR-2",)


def test_an_involved_advocate_is_told_when_the_person_is_given_the_plan(
    submitted_plan: PlanInProgress,
) -> None:  # NOT-3
    submitted_plan.decide(involvement.RecordInvolvement(b.PRACTITIONER, lives.ADVOCATE))
    version = submitted_plan.decide(b.sign_off()).version

    submitted_plan.decide(copy(version))
    waiting = [n.recipient for n in submitted_plan.plan.notices]
    submitted_plan.decide(tell(version, Recipient.ADVOCATE))

    assert Recipient.ADVOCATE in waiting
    assert [n.recipient for n in submitted_plan.plan.notices] == [Recipient.PERSON]


def test_a_joint_planning_organisation_is_owed_a_copy(
    submitted_plan: PlanInProgress,
) -> None:  # NOT-4
    submitted_plan.decide(involvement.RecordInvolvement(b.PRACTITIONER, lives.HEALTH))
    version = submitted_plan.decide(b.sign_off()).version

    owed = {(d.recipient, d.recipient_ref) for d in submitted_plan.plan.copies_due}
    submitted_plan.decide(copy(version, CopyRecipient.JOINT_ORGANISATION, lives.HEALTH.ref))

    assert (CopyRecipient.JOINT_ORGANISATION, lives.HEALTH.ref) in owed
    assert all(d.recipient is not CopyRecipient.JOINT_ORGANISATION
               for d in submitted_plan.plan.copies_due)  # fmt: skip


def test_a_copy_to_an_organisation_that_did_not_plan_jointly_is_refused(
    signed_off_plan: PlanInProgress,
) -> None:  # NOT-4
    with pytest.raises(RuleBroken) as refused:
        signed_off_plan.decide(copy(signed_off_plan.version, CopyRecipient.JOINT_ORGANISATION,
                                    "org-nobody"))  # fmt: skip

    assert refused.value.obligations == ("NOT-4",)
