"""Who makes a decision: every decision event records its actor."""

from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    PRACTITIONER = "practitioner"
    SIGN_OFF_OFFICER = "sign_off_officer"
    PANEL_MEMBER = "panel_member"
    LINE_MANAGER = "line_manager"
    AUDITOR = "auditor"
    COMPLAINT_HANDLER = "complaint_handler"
    ADMIN = "admin"
    INDEPENDENT_ADVOCATE = "independent_advocate"


@dataclass(frozen=True)
class Actor:
    """A person acting in a role; ``on_behalf_of`` names whom they act for, if anyone;
    ``authority_level`` is a signer's level in the delegation scheme (SIGN-7); ``team``
    the team they work in.

    Ids are opaque staff or organisation references, never names.
    """

    id: str
    role: Role
    on_behalf_of: str | None = None
    authority_level: str | None = None
    team: str | None = None
