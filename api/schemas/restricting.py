"""Bodies for restricting a person's records to named staff, and lifting the restriction
(DESIGN-restricted)."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Ref, Text
from domain.restricting import NAMED_MAX

Named = Annotated[
    tuple[Ref, ...],
    Field(max_length=NAMED_MAX, description="The staff who may read and decide on the "
                                            "person's records: no one else may."),
]  # fmt: skip


class RestrictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    named: Named
    reason: Text = Field(description="Why the records are restricted (kept with it).")


class LiftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(description="Why the restriction is lifted (kept with it).")


class RestrictionPublic(BaseModel):
    person_ref: str
    restricted: bool
    named: tuple[str, ...] = Field(description="Who may reach the records, when restricted.")
    version: int = Field(description="How many times the restriction has been set or lifted.")
