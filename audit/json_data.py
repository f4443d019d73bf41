"""Domain values as plain JSON-ready data."""

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID


def json_data(value: Any) -> Any:
    """Dataclasses as dicts, enums as their values, money as strings, times as ISO 8601."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [json_data(v) for v in value]
    if isinstance(value, dict):
        return {str(json_data(k)): json_data(v) for k, v in value.items()}
    return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (``=HYPERLINK(...)``), made inert with a
    leading apostrophe; anything else as it is. For every cell written to CSV."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
