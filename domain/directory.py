"""The authority's staff directory: who works in which team, at what sign-off authority
level, under which line manager, and who sits on the approval panel.

The service trusts the directory, not what a token says about its holder: a level, a
panel seat or a line manager comes from here (SIGN-6, SIGN-7, SHR-3). Someone not in it
may still act in a role that needs none of these, never in one that does.
"""

from dataclasses import dataclass, replace
from functools import cached_property

from domain.actors import Actor, Role


@dataclass(frozen=True)
class StaffMember:
    id: str
    team: str
    authority_level: str | None = None  # a level of the delegation scheme (SIGN-7)
    line_manager: str | None = None  # whom they consult before declining to share (SHR-3)
    panel_member: bool = False  # sits on the approval panel (SIGN-7)
    covers: tuple[str, ...] = ()  # other teams they work for (a manager over several)


@dataclass(frozen=True)
class Directory:
    staff: tuple[StaffMember, ...] = ()
    panel_quorum: int = 2  # the fewest members a panel decision needs

    @cached_property
    def _by_id(self) -> dict[str, StaffMember]:
        return {member.id: member for member in self.staff}

    def member(self, staff_id: str) -> StaffMember | None:
        return self._by_id.get(staff_id)

    def resolve(self, actor: Actor) -> Actor:
        """``actor`` as the directory knows them: a signer's authority level and anyone's
        team only from here (none for someone it does not list)."""
        member = self.member(actor.id)
        signs = actor.role is Role.SIGN_OFF_OFFICER and member is not None
        level = member.authority_level if signs and member else None
        return replace(actor, authority_level=level, team=member.team if member else None)

    def line_manager_of(self, staff_id: str) -> str | None:
        member = self.member(staff_id)
        return member.line_manager if member else None

    def covers(self, staff_id: str, team: str) -> bool:
        """Whether the member works for ``team`` besides their own."""
        member = self.member(staff_id)
        return member is not None and team in member.covers

    def on_panel(self, staff_id: str) -> bool:
        member = self.member(staff_id)
        return member is not None and member.panel_member
