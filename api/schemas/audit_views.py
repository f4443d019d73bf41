"""What the audit reads return: timelines, a diff between versions, and the auditors'
lists of decisions and reads."""

from typing import Any
from uuid import UUID

from pydantic import BaseModel

from audit.timeline import Step
from audit.versions import Change


class TimelinePublic(BaseModel):
    """A plan's or a person's decisions in order (``person_ref`` always; ``plan_id`` for
    one plan's)."""

    plan_id: UUID | None
    person_ref: str
    plan_ids: list[UUID]
    steps: list[Step]


class DiffPublic(BaseModel):
    plan_id: UUID
    from_version: int
    to_version: int
    changes: list[Change]


class AuditRowsPublic(BaseModel):
    """A page of rows from an audit log, and the log's position they were read at."""

    rows: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    position: int
