"""axe-core (vendored beside this file as ``axe.min.js``) run on a page as the browser
shows it: a check that fails a test on any serious or critical problem axe finds against
WCAG 2.0, 2.1 and 2.2 at levels A and AA.

The pages send a Content-Security-Policy that allows no script at all, so the browser
refuses axe's script tag unless the page's context was made with ``bypass_csp=True``
(as the ``context`` fixture in conftest.py does). The policy itself is checked with it in
force by test_pages_in_browser.py."""

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).with_name("axe.min.js")
# every WCAG success criterion at level A and AA, up to WCAG 2.2
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = frozenset({"serious", "critical"})  # axe's impacts; "minor" and "moderate" pass

RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"


def violations(page: Page) -> list[dict[str, Any]]:
    """Every rule the page as it stands breaks, as axe reports it."""
    if not page.evaluate("typeof window.axe === 'object'"):  # once per document
        page.add_script_tag(path=AXE_SCRIPT)
    results: dict[str, Any] = page.evaluate(RUN, WCAG_TAGS)
    found: list[dict[str, Any]] = results["violations"]
    return found


def described(found: list[dict[str, Any]]) -> str:
    """Each violation's rule, what it asks for, and the elements that break it."""
    lines = []
    for violation in found:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                     f"<{violation['helpUrl']}>")  # fmt: skip
        lines.extend(f"    at {node['target']}: {node['html'][:200]}"
                     for node in violation["nodes"])  # fmt: skip
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    """Fails, naming each problem and where it is, if axe finds a serious or critical one
    on the page as it stands."""
    blocking = [v for v in violations(page) if v["impact"] in BLOCKING]
    assert not blocking, (
        f"axe-core {axe_version(page)} found serious or critical accessibility problems on "
        f"the {name} page ({page.url}):\n{described(blocking)}"
    )


def axe_version(page: Page) -> str:
    version: str = page.evaluate("axe.version")
    return version
