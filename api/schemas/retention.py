"""Bodies for the people due for erasure (KEEP-1) and for erasing a person's records
(KEEP-2)."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Ref
from domain.personal_data.erasing import ErasureGround


class DuePublic(BaseModel):
    person_ref: str
    plans: int
    plan_ids: tuple[UUID, ...]
    care_ended_on: date = Field(description="The day their last plan ended.")
    died: bool = Field(description="Whether a plan of theirs ended because they died.")
    keep_until: date = Field(description="The last day the records were to be kept.")


class DueListPublic(BaseModel):
    as_of: date
    retention_years: int
    position: int = Field(description="The retention read model's position in the store.")
    total: int
    items: list[DuePublic]


class EraseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_ref: Ref
    ground: ErasureGround = Field(description="The retention period ended (KEEP-1), or the "
                                  "person asked, where the law allows erasure.")  # fmt: skip


class ErasurePublic(BaseModel):
    key_id: str = Field(description="The id of the person's data key, now destroyed.")
    streams: tuple[UUID, ...] = Field(description="The plans, budgets, complaints and reads "
                                      "whose personal fields now read as erased.")  # fmt: skip
    ground: ErasureGround
    erased_at: datetime
