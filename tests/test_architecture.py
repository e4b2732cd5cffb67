"""The apps' dependencies: what each app package imports, read from its source (no Django),
is the list in docs/ARCHITECTURE.md ("Dependencies between apps"), and no two apps depend on
each other, directly or round a longer loop."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "annual_review"
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
SECTION = "## Dependencies between apps"
LINE = re.compile(r"^(\w+)\s*->\s*(.*)$")


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def _imported_apps(app: str, apps: set[str]) -> set[str]:
    """Other apps an app's modules import (at the top or inside functions; migrations left out),
    whether as `annual_review.x...`, `from annual_review import x` or relatively."""
    found: set[str] = set()
    for path in (PACKAGE / app).rglob("*.py"):
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        package = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if path.name != "__init__.py":
            package = package[:-1]
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = ".".join(package[: len(package) - node.level + 1])
                    base = f"{parent}.{base}" if base else parent
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = [node.args[0].value]
            for name in names:
                parts = name.split(".")
                if len(parts) > 1 and parts[0] == "annual_review" and parts[1] in apps:
                    found.add(parts[1])
    found.discard(app)
    return found


def _documented() -> dict[str, set[str]]:
    """The list in ARCHITECTURE.md: the first fenced block after the section's heading."""
    text = ARCHITECTURE.read_text("utf-8")
    assert SECTION in text, f"{ARCHITECTURE.name} has no {SECTION!r} section"
    block = text.split(SECTION, 1)[1].split("```", 2)[1]
    documented: dict[str, set[str]] = {}
    for line in block.strip().splitlines():
        match = LINE.match(line.strip())
        assert match, f"not an 'app -> apps' line in {ARCHITECTURE.name}: {line!r}"
        documented[match[1]] = {a.strip() for a in match[2].split(",") if a.strip()}
    return documented


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A loop of apps each importing the next, or None."""
    done: set[str] = set()

    def visit(app: str, path: list[str]) -> list[str] | None:
        if app in path:
            return path[path.index(app) :] + [app]
        if app in done:
            return None
        for other in sorted(graph.get(app, ())):
            loop = visit(other, [*path, app])
            if loop:
                return loop
        done.add(app)
        return None

    for app in sorted(graph):
        loop = visit(app, [])
        if loop:
            return loop
    return None


def test_the_apps_import_what_the_architecture_lists():
    """Each app package imports exactly the apps docs/ARCHITECTURE.md lists for it, and every
    app package is listed."""
    apps = _apps()
    actual = {app: _imported_apps(app, set(apps)) for app in apps}
    assert _documented() == actual


def test_no_apps_depend_on_each_other():
    """No loop of imports between apps: the graph is layered, bottom up."""
    apps = _apps()
    graph = {app: _imported_apps(app, set(apps)) for app in apps}
    assert _cycle(graph) is None
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
