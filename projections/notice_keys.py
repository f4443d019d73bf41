"""Keys for what a person is owed: a notice of a decision, or a copy of a version. The
work queues and the plan facts key the same things the same way."""

from domain.notifying import CopyDue, CopyIssued, Notice, Recipient


def notice_key(notice: Notice) -> str:
    """One per decision and version: to the person (or whoever is told for them), or to
    their advocate."""
    group = "advocate" if notice.recipient is Recipient.ADVOCATE else "person"
    return f"{notice.decision}:{notice.plan_version}:{group}"


def copy_key(copy: CopyDue | CopyIssued) -> str:
    """One per version and recipient."""
    return f"{copy.plan_version}:{copy.recipient.value}:{copy.recipient_ref}"
