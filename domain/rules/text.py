"""Small helpers shared by the rules."""

from collections import Counter
from collections.abc import Iterable


def blank(text: str) -> bool:
    return not text.strip()


def repeated(values: Iterable[str]) -> list[str]:
    """Values that occur more than once, in first-seen order."""
    counts = Counter(values)
    return [value for value, n in counts.items() if n > 1]
