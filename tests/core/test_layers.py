"""The apps stand on one another in one order; a lower app never imports a higher one.

Where a lower app needs a higher one to act, the higher one registers a handler with it
(core.panels, core.succession, core.roles, core.todo, commitments.publishing). This reads
every import in the code, including those inside functions, so a lazy import that hides
an upward arrow fails here too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first; apps on the same floor may not import each other either.
FLOORS = [
    {"core"},
    {"outbox"},
    {"accounts", "commitments"},
    {"signatories"},
    {"accountability"},
    {"disputes"},
    {"reminders", "reviews"},
    {"audit"},  # reads every app's tables, for the history the database keeps
]
FLOOR_OF = {app: height for height, apps in enumerate(FLOORS) for app in apps}
# The project package (settings, URLs, the Celery app) stands above every app.
FLOOR_OF["compact_portal"] = len(FLOORS)


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in FLOOR_OF)
    return found


@pytest.mark.parametrize("app", sorted(FLOOR_OF))
def test_an_app_imports_only_apps_below_it(app):
    upward = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migrations name other apps by string, in their dependencies
        for other in imported_apps(path) - {app}:
            if FLOOR_OF[other] >= FLOOR_OF[app]:
                upward.append(f"{path.relative_to(ROOT)} imports {other}")
    assert upward == []


def test_the_reader_sees_an_import_inside_a_function(tmp_path):
    source = tmp_path / "lazy.py"
    source.write_text("def f():\n    from signatories.services import x\n")
    assert imported_apps(source) == {"signatories"}
