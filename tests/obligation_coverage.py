"""Which obligation IDs (from docs/obligations.md) at least one test names.

python -m tests.obligation_coverage          # a table, then the uncovered IDs
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "docs" / "obligations.md"
ID = re.compile(r"\b([A-Z]{2,5}-\d{1,2})\b")
ROW = re.compile(r"^\|\s*([A-Z]{2,5}-\d{1,2})\s*\|\s*(\w+)\s*\|")


def catalogue() -> dict[str, str]:
    """ID -> kind (must, record, report)."""
    rows = (ROW.match(line) for line in CATALOGUE.read_text().splitlines())
    return {m.group(1): m.group(2) for m in rows if m}


def cited_by_tests() -> dict[str, set[str]]:
    cited: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for found in ID.findall(path.read_text()):
            cited[found].add(path.relative_to(ROOT).as_posix())
    return cited


def main() -> int:
    if not CATALOGUE.exists():
        print(f"no catalogue at {CATALOGUE}", file=sys.stderr)
        return 1
    ids, cited = catalogue(), cited_by_tests()
    covered = [i for i in ids if i in cited]
    for obligation in covered:
        print(f"{obligation:<8} {ids[obligation]:<7} {', '.join(sorted(cited[obligation]))}")
    uncovered = [i for i in ids if i not in cited]
    print(f"\n{len(covered)} of {len(ids)} obligations have a test naming them.")
    if uncovered:
        print("Not yet covered: " + " ".join(uncovered))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
