"""The docs a newcomer reads: a README short enough to read, and links that lead
somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_the_readme_is_short_enough_to_read_at_a_sitting() -> None:
    assert len((ROOT / "README.md").read_bytes()) < 15_000


def test_every_link_between_the_docs_leads_to_a_file_that_is_there() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken = []

    for page in pages:
        for target in LINK.findall(page.read_text()):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")

    assert len(pages) > 10
    assert broken == []
