"""The layout's promises: the domain depends on nothing but the event-sourcing library, the
standard library and a calendar of bank holidays, and nothing it holds depends on the
layers around it."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# ``holidays`` is data and arithmetic alone (England's bank holidays, for the complaint
# clock's working days): no I/O, nothing of the layers around
ALLOWED = {"domain", "eventsourcing", "holidays"}


def imported_packages(folder: Path) -> dict[str, set[str]]:
    """Each module's imported top-level packages (absolute imports only: ours are)."""
    found: dict[str, set[str]] = {}
    for module in sorted(folder.rglob("*.py")):
        tree = ast.parse(module.read_text(), str(module))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(module.relative_to(ROOT))] = names
    return found


def test_the_domain_imports_only_the_library_and_the_standard_library() -> None:
    modules = imported_packages(ROOT / "domain")

    outside = {module: sorted(names - ALLOWED - set(sys.stdlib_module_names))
               for module, names in modules.items()}  # fmt: skip

    assert len(modules) > 40
    assert {module: names for module, names in outside.items() if names} == {}
