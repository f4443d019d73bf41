"""The access log at the API: every read of a person's records is logged once it has
been read and before it is answered, with who read it, in which role, what, and the
purpose stated in ``X-Purpose`` (required for timelines and chronologies)."""

from collections.abc import Callable, Coroutine, Iterable
from typing import Annotated, Any
from uuid import UUID

import anyio
from fastapi import Depends, Header, Request

from api.dependencies import ActorDep, PlanningDep, authenticated
from api.errors import CrossTeamNotValid, PurposeNotText, PurposeRequired
from api.tenants import tenant_of
from domain.access import ReadOf
from domain.actors import Actor
from domain.application import CarePlanning
from domain.errors import OutOfScope
from domain.rules.authority import CROSS_TEAM_GROUNDS, require_in_scope, serves_the_authority

PURPOSE_MAX = 200

Purpose = Annotated[
    str | None,
    Header(alias="X-Purpose", max_length=PURPOSE_MAX,
           description="Why the records are read (kept in the access log); required for "
                       "timelines and chronologies."),
]  # fmt: skip


CrossTeam = Annotated[
    str | None,
    Header(alias="X-Cross-Team", max_length=20,
           description="Reaching another team's plan where the local policy keeps a role to "
                       "its own team: duty or transfer, with the reason in X-Purpose (both "
                       "kept in the access log)."),
]  # fmt: skip


def cross_team_reason(ground: str | None, purpose: str | None) -> str | None:
    """What the access log keeps for a cross-team read or decision: its ground and why."""
    if ground is None:
        return None
    ground = ground.strip().lower()
    if ground not in CROSS_TEAM_GROUNDS:
        raise CrossTeamNotValid(ground)
    stated = _utf8(purpose).strip() if purpose else ""
    if not stated:
        raise PurposeRequired("other team's plan")
    return f"cross-team {ground}: {stated}"


def team_in_scope(request: Request, team: str | None) -> str | None:
    """The team a queue or report is read for: a reader the local policy keeps to their
    own team reads only theirs (unless the team asked for is reached with a cross-team
    reason); anyone else, what they ask for (DESIGN-scope)."""
    actor = authenticated(request)
    planning: CarePlanning = tenant_of(request).planning
    directory = planning.directory()
    if not planning.policy.team_scoped or serves_the_authority(actor, directory):
        return team
    wanted = team or actor.team
    if wanted is None:  # no team of their own by the directory, and none asked for
        raise OutOfScope("read queues and reports", None, None)
    reason = cross_team_reason(request.headers.get("x-cross-team"),
                               request.headers.get("x-purpose"))  # fmt: skip
    require_in_scope(actor, wanted, True, reason, "read another team's queues and reports",
                     directory)  # fmt: skip
    return wanted


class AccessLog:
    """Logs the reads of one request, once the reader is known to reach what they read."""

    def __init__(self, planning: CarePlanning, reader: Actor, purpose: str | None,
                 cross_team: str | None = None) -> None:  # fmt: skip
        self.planning = planning
        self.reader = reader
        self.purpose = purpose
        self.cross_team = cross_team

    def in_scope(self, plan_ids: Iterable[UUID], what: str, person_ref: str | None = None
                 ) -> None:  # fmt: skip
        """Refuses before anything of these plans (or this person's records) is read, where
        the reader may not reach them (a read that would fail on the plan, say its
        version, tells nothing of it)."""
        self.planning.require_in_scope(self.reader, tuple(plan_ids), self.cross_team,
                                       f"read {what}", person_ref)  # fmt: skip

    def read(self, what: str, plan_ids: Iterable[UUID], person_ref: str | None = None,
             detail: str | None = None) -> int:  # fmt: skip
        """Logs the read (in a worker thread's call); its position in the store. Refuses
        a read of another team's plan where the policy keeps the reader to their own
        (DESIGN-scope), unless a cross-team reason is given, which is what is logged."""
        ids = tuple(plan_ids)
        crossed = self.planning.require_in_scope(self.reader, ids, self.cross_team, f"read {what}",
                                                 person_ref)  # fmt: skip
        purpose = self.cross_team if crossed else self.purpose
        return self.planning.log_read(self.reader, ReadOf(what, ids, person_ref, detail), purpose)

    async def withheld(self, plan_ids: Iterable[UUID]) -> frozenset[UUID]:
        """Which of the plans a list shows are of people whose records are restricted to
        staff not including the reader: the list leaves them out (DESIGN-restricted)."""
        ids = tuple(plan_ids)
        return await anyio.to_thread.run_sync(self.planning.withheld_from, self.reader, ids)

    async def read_async(
        self, what: str, plan_ids: Iterable[UUID], person_ref: str | None = None,
        detail: str | None = None,
    ) -> int:  # fmt: skip
        ids = tuple(plan_ids)
        return await anyio.to_thread.run_sync(lambda: self.read(what, ids, person_ref, detail))


def access_log(what: str | None = None
               ) -> Callable[..., Coroutine[Any, Any, AccessLog]]:  # fmt: skip
    """The request's access log; with ``what``, a purpose must be stated for it."""

    async def logger(planning: PlanningDep, actor: ActorDep, purpose: Purpose = None,
                     cross_team: CrossTeam = None) -> AccessLog:  # fmt: skip
        stated = _utf8(purpose).strip() if purpose else None
        if what is not None and not stated:
            raise PurposeRequired(what)
        return AccessLog(planning, actor, stated, cross_team_reason(cross_team, purpose))

    return logger


def _utf8(header: str) -> str:
    """A header's text: sent as UTF-8 bytes, which the server hands on as Latin-1."""
    try:
        return header.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise PurposeNotText from None


Logged = Annotated[AccessLog, Depends(access_log())]
TimelineLogged = Annotated[AccessLog, Depends(access_log("timeline"))]
ChronologyLogged = Annotated[AccessLog, Depends(access_log("chronology"))]
