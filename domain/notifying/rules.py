"""Whether a telling or a copy may be recorded (NOT-1, NOT-3..5, RET-3, SHR-2, COMP-1)."""

from domain.errors import Failure
from domain.notifying import CopyRecipient, Notice
from domain.rules.text import blank

# Decisions whose telling must say why, not only what (RET-3).
TOLD_WITH_REASONS = frozenset({"returned", "share_declined", "amendment_refused"})

# Who is given a copy without a share decision (NOT-3, NOT-4, NOT-5); anyone else is
# shared with (SHR-2).
DIRECT_RECIPIENTS = frozenset(
    {
        CopyRecipient.PERSON,
        CopyRecipient.REPRESENTATIVE,
        CopyRecipient.ADVOCATE,
        CopyRecipient.JOINT_ORGANISATION,
    }
)


def telling_failures(
    notice: Notice | None,
    plan_version: int,
    reasons_explained: bool,
    right_to_complain_explained: bool,
) -> list[Failure]:
    """A telling answers a notice outstanding for that version (NOT-1); an adverse decision
    is told with the right to complain (COMP-1), and a return or refusal with its reasons
    (RET-3)."""
    if notice is None:
        return [
            Failure(
                "NOT-1",
                "plan_version",
                f"nobody is waiting to be told of the decision at version {plan_version}",
            )
        ]
    failures = []
    if notice.right_to_complain and not right_to_complain_explained:
        failures.append(
            Failure(
                "COMP-1",
                "right_to_complain_explained",
                "an adverse decision is told with the right to complain",
            )
        )
    if notice.decision in TOLD_WITH_REASONS and not reasons_explained:
        failures.append(
            Failure("RET-3", "reasons_explained", "the person is told why, not only what")
        )
    return failures


def copy_failures(
    recipient: CopyRecipient,
    recipient_ref: str,
    person_ref: str,
    signed_off: bool,
    advocate_involved: bool,
    planned_jointly: bool,
) -> list[Failure]:
    """A copy is of a signed-off version, to someone named (NOT-5): the person, their
    representative, an advocate involved (NOT-3) or an organisation that planned jointly
    (NOT-4). A copy to anyone else, under any label, is a share decision (SHR-2)."""
    failures = []
    if not signed_off:
        failures.append(
            Failure("NOT-5", "plan_version", "a copy is of a signed-off version of the plan")
        )
    if blank(recipient_ref):
        failures.append(Failure("NOT-5", "recipient_ref", "must say to whom"))
    if (
        recipient is CopyRecipient.PERSON
        and not blank(recipient_ref)
        and recipient_ref != person_ref
    ):
        failures.append(
            Failure(
                "SHR-2",
                "recipient_ref",
                f"a copy to the person goes to {person_ref}; a copy to anyone else is a share "
                "decision",
            )
        )
    if recipient not in DIRECT_RECIPIENTS:
        failures.append(
            Failure("SHR-2", "recipient", "a copy to a carer or anyone else is a share decision")
        )
    if recipient is CopyRecipient.ADVOCATE and not advocate_involved:
        failures.append(Failure("NOT-3", "recipient_ref", "no such advocate is involved"))
    if recipient is CopyRecipient.JOINT_ORGANISATION and not planned_jointly:
        failures.append(Failure("NOT-4", "recipient_ref", "no such organisation planned jointly"))
    return failures
