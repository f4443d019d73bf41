"""The access log at the API: every read of a person's records is logged once it has
been read and before it is answered, with who read it, in which role, what, and the
purpose stated in ``X-Purpose`` (required for timelines and chronologies)."""

from collections.abc import Callable, Coroutine, Iterable
from typing import Annotated, Any
from uuid import UUID

import anyio
from fastapi import Depends, Header

from api.dependencies import ActorDep, PlanningDep
from api.errors import PurposeNotText, PurposeRequired
from domain.access import ReadOf
from domain.actors import Actor
from domain.application import CarePlanning

PURPOSE_MAX = 200

Purpose = Annotated[
    str | None,
    Header(alias="X-Purpose", max_length=PURPOSE_MAX,
           description="Why the records are read (kept in the access log); required for "
                       "timelines and chronologies."),
]  # fmt: skip


class AccessLog:
    """Logs the reads of one request."""

    def __init__(self, planning: CarePlanning, reader: Actor, purpose: str | None) -> None:
        self.planning = planning
        self.reader = reader
        self.purpose = purpose

    def read(self, what: str, plan_ids: Iterable[UUID], person_ref: str | None = None,
             detail: str | None = None) -> int:  # fmt: skip
        """Logs the read (in a worker thread's call); its position in the store."""
        return self.planning.log_read(
            self.reader, ReadOf(what, tuple(plan_ids), person_ref, detail), self.purpose
        )

    async def read_async(
        self, what: str, plan_ids: Iterable[UUID], person_ref: str | None = None,
        detail: str | None = None,
    ) -> int:  # fmt: skip
        ids = tuple(plan_ids)
        return await anyio.to_thread.run_sync(lambda: self.read(what, ids, person_ref, detail))


def access_log(what: str | None = None
               ) -> Callable[..., Coroutine[Any, Any, AccessLog]]:  # fmt: skip
    """The request's access log; with ``what``, a purpose must be stated for it."""

    async def logger(planning: PlanningDep, actor: ActorDep, purpose: Purpose = None
                     ) -> AccessLog:  # fmt: skip
        stated = _utf8(purpose).strip() if purpose else None
        if what is not None and not stated:
            raise PurposeRequired(what)
        return AccessLog(planning, actor, stated)

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
