"""The import graph, read from the source: services never import tasks (tasks own the queueing),
and `people`, at the bottom, imports none of the apps built on it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "campaign", "people", "outbox", "events", "recommendations", "petitions", "registrations", "outreach",
    "personal_data", "dashboard", "motions", "press", "api", "constituencies", "letters",
]  # fmt: skip


def imported_modules(path):
    """Every module `path` imports, at its top or inside functions, as dotted names."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules_of(app):
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


@pytest.mark.parametrize("app", APPS)
def test_services_do_not_import_tasks(app):
    for path in modules_of(app):
        if path.name == "services.py" or path.parent.name == "services":
            tasks = {name for name in imported_modules(path) if name.split(".")[-1] == "tasks" or ".tasks." in name}
            assert not tasks, f"{path.relative_to(ROOT)} imports {sorted(tasks)}"


def test_people_imports_none_of_the_apps_above_it():
    above = ("petitions", "outreach", "events", "outbox", "recommendations", "registrations", "motions")
    for path in modules_of("people"):
        reached = {name for name in imported_modules(path) if name.split(".")[0] in above}
        assert not reached, f"{path.relative_to(ROOT)} imports {sorted(reached)}"


def test_the_outbox_knows_no_kind_of_mail():
    for path in modules_of("outbox"):
        reached = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] in ("petitions", "outreach", "events", "registrations")
        }
        assert not reached, f"{path.relative_to(ROOT)} imports {sorted(reached)}"
