"""The import graph: the core at the bottom, adapters above it, orchestration on top, and no cycle.

Every `import` in the project's packages counts, at module level or inside a function, so a
function-local import cannot hide a cycle.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What each package may import from the project besides itself. The core imports nothing above
# it; the adapters import only the core; local orchestration (ops) and the scripts sit on top.
ALLOWED = {
    "clinic": set(),
    "clinic_nlu": {"clinic"},
    "actions": {"clinic"},
    "channels": {"clinic"},
    "runtime": {"clinic"},
    "staff_console": {"clinic"},
    "ops": {"clinic", "runtime", "channels", "staff_console"},
    "scripts": {"clinic", "clinic_nlu", "channels", "runtime", "staff_console", "ops"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in ALLOWED for path in (ROOT / package).rglob("*.py")}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The project modules a file imports (`from a.b import c` counts a.b.c when that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in known}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, set(modules)) - {name} for name, path in modules.items()}


def test_every_package_imports_only_the_layers_below_it(graph):
    upward = [
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if target.split(".")[0] not in ALLOWED[module.split(".")[0]] | {module.split(".")[0]}
    ]
    assert upward == []


def test_the_import_graph_has_no_cycle(graph):
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target] if target in path else [module, target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_action_server_runs_without_channels_console_or_orchestration(graph):
    reachable, pending = set(), ["actions.actions"]
    while pending:
        module = pending.pop()
        if module not in reachable:
            reachable.add(module)
            pending.extend(graph[module])
    assert {module.split(".")[0] for module in reachable} == {"actions", "clinic"}
