"""Money and quantities in a request are plain decimal strings: a float, an exponent, a
digit separator or another script's digits is refused, not read as something else."""

from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from api.schemas.common import Money, Quantity

MONEY: TypeAdapter[Decimal] = TypeAdapter(Money)
QUANTITY: TypeAdapter[Decimal] = TypeAdapter(Quantity)


@pytest.mark.parametrize(
    "given",
    [255.5, 255, "1E+3", "1_000", "\u0661\u0662\u0663", "12.345", "+5.00", "12,000.00",
     " 12.00", "NaN", "Infinity", "", "10000000.00"],
    ids=["float", "integer", "exponent", "separator", "arabic-indic digits", "three places",
         "plus sign", "comma", "space", "nan", "infinity", "empty", "ten million"],
)  # fmt: skip
def test_money_not_written_as_a_plain_decimal_string_is_refused(given: object) -> None:
    with pytest.raises(ValidationError, match="a decimal written as a string"):
        MONEY.validate_python(given)


@pytest.mark.parametrize(
    ("given", "read"),
    [("255.00", "255.00"), ("0", "0"), ("7.5", "7.5"), ("9999999.99", "9999999.99"),
     ("-1.00", "-1.00")],
)  # fmt: skip
def test_plain_money_is_read_exactly(given: str, read: str) -> None:
    assert MONEY.validate_python(given) == Decimal(read)


def test_a_quantity_is_a_plain_decimal_string_too() -> None:
    assert QUANTITY.validate_python("7.5") == Decimal("7.5")
    with pytest.raises(ValidationError):
        QUANTITY.validate_python(7.5)
    with pytest.raises(ValidationError):
        QUANTITY.validate_python("1E2")


def test_the_openapi_document_says_money_is_a_string_with_its_pattern() -> None:
    schema = MONEY.json_schema()
    assert schema["type"] == "string"
    assert schema["pattern"] == r"^-?[0-9]{1,7}(?:\.[0-9]{1,2})?$"
