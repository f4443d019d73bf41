"""Field types and base classes shared by the request and response bodies.

Requests check types and sizes only; the domain's rules check content (blank text,
missing items, amounts that do not add up), so a refusal names the obligation.
"""

import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from api.schemas.instants import Instant
from domain.actors import Actor
from domain.kinds import PlanStatus

MAX_ITEMS = 100

# No control characters (PostgreSQL's text refuses NUL; none belongs in a record): text may
# hold tabs and line breaks, a line none.
Text = Annotated[
    str, StringConstraints(max_length=4000, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")
]
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"  # a line: no NUL, line break or other control
Line = Annotated[str, StringConstraints(max_length=500, pattern=NO_CONTROL_CHARACTERS)]
REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
REF_MAX_LENGTH = 64
Ref = Annotated[
    str,
    StringConstraints(max_length=REF_MAX_LENGTH, pattern=REF_PATTERN),
    Field(description="An opaque reference, never a name or an NHS number."),
]
Lines = Annotated[tuple[Line, ...], Field(max_length=MAX_ITEMS)]
Refs = Annotated[tuple[Ref, ...], Field(max_length=MAX_ITEMS)]
# Money and quantities are written as plain decimal strings: ASCII digits, at most two
# after the point, within sane bounds (a negative one is read, for the domain's rules to
# refuse naming their obligation). A JSON number (a float by the time it is read),
# an exponent ("1E+3"), a digit separator ("1_000") or another script's digits is refused
# rather than read as something the sender may not have meant.
MONEY_PATTERN = r"^-?[0-9]{1,7}(?:\.[0-9]{1,2})?$"
QUANTITY_PATTERN = r"^-?[0-9]{1,6}(?:\.[0-9]{1,2})?$"


def _plain_decimal(pattern: str, example: str, bound: str) -> BeforeValidator:
    matcher = re.compile(pattern)

    def read(value: object) -> object:
        if not isinstance(value, str) or not matcher.fullmatch(value):
            raise ValueError(f'a decimal written as a string, e.g. "{example}": digits 0-9, at '
                             f"most two after the point, under {bound}")  # fmt: skip
        return value

    return BeforeValidator(read)


Money = Annotated[
    Decimal,
    _plain_decimal(MONEY_PATTERN, "255.00", "10,000,000"),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "examples": ["255.00"]}),
    Field(description='Pounds and pence, written as a string: "255.00".'),
]
Quantity = Annotated[
    Decimal,
    _plain_decimal(QUANTITY_PATTERN, "7.5", "1,000,000"),
    WithJsonSchema({"type": "string", "pattern": QUANTITY_PATTERN, "examples": ["7.5"]}),
]
OccurredAt = Annotated[
    Instant | None,
    Field(description="When it happened, with a UTC offset; omitted means now."),
]


def as_domain(value: Any) -> Any:
    """Request bodies (and tuples of them) as their domain values."""
    if isinstance(value, DomainBody):
        return value.to_domain()
    if isinstance(value, tuple):
        return tuple(as_domain(v) for v in value)
    return value


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def domain_fields(self, *leave_out: str) -> dict[str, Any]:
        """This body's fields as domain values, by the same names."""
        return {
            name: as_domain(getattr(self, name))
            for name in type(self).model_fields
            if name not in leave_out
        }


class DomainBody(RequestBody):
    """A request body that is one domain value object, field for field."""

    domain: ClassVar[type[Any]]

    def to_domain(self) -> Any:
        return self.domain(**self.domain_fields())


class CommandBody(RequestBody):
    """The body of a decision: the command it becomes, field for field, plus the actor
    and, for paths such as ``/share-requests/{ref}/decision``, the ref from the path."""

    command: ClassVar[type[Any]]
    path_ref: ClassVar[str | None] = None

    def to_command(self, actor: Actor, ref: str | None = None) -> Any:
        return self.command(actor=actor, **self.command_fields(actor, ref))

    def command_fields(self, actor: Actor, ref: str | None) -> dict[str, Any]:  # noqa: ARG002
        """The command's fields besides the actor; a body may derive some from the actor."""
        fields = self.domain_fields()
        if self.path_ref is not None:
            fields[self.path_ref] = ref
        return fields


class DecisionPublic(BaseModel):
    """The plan after a decision; its new version is also the response's ETag."""

    plan_id: UUID
    version: int
    status: PlanStatus
