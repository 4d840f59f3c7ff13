"""The package's imports point down the pipeline only, and none goes round in a cycle.

Every ``import`` of every module of ``assistant/`` counts: at the top, inside
functions and under ``TYPE_CHECKING`` alike.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"

# The stages, bottom first. A module may import its own stage and the stages before it.
STAGES = [
    "errors",
    "models",
    "settings",
    "text",
    "ingest",
    "embedding",
    "index",
    "retrieval",
    "llm",
    "check",
    "answer",
    "core",
    "evaluation",
    "ui",
    "cli",
    "__init__",  # the public API, ``import assistant``
    "__main__",
]


def modules(package: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module of ``package``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imported(name: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, module) of every import of a module of the package in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                out.append((node.lineno, submodule if submodule in known else base))
    root = next(iter(known)).split(".")[0]
    return [(line, m) for line, m in out if m == root or m.startswith(root + ".")]


def stage(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def problems(package: Path, stages: list[str]) -> list[str]:
    """Imports that point up the pipeline, and import cycles, as readable lines."""
    known = modules(package)
    rank = {s: i for i, s in enumerate(stages)}
    found = []
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        if stage(name) not in rank:
            found.append(f"{path.relative_to(package.parent)}: stage {stage(name)!r} is not listed")
            continue
        for line, target in imported(name, path, known):
            graph.setdefault(name, set()).add(target)
            if rank.get(stage(target), len(stages)) > rank[stage(name)]:
                found.append(
                    f"{path.relative_to(package.parent)}:{line} imports {target}: "
                    f"{stage(name)} may not import the later stage {stage(target)}"
                )
    found += [f"import cycle: {' -> '.join(c)}" for c in cycles(graph)]
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles, each as the modules along it (the first one found from each module)."""
    out: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(graph):
        cycle = _cycle_from(start, graph, [], done)
        if cycle:
            out.append(cycle)
            done.update(cycle)
    return out


def _cycle_from(
    node: str, graph: dict[str, set[str]], path: list[str], done: set[str]
) -> list[str] | None:
    """A depth-first walk from ``node``; the cycle it closes, if any."""
    if node in path:
        return [*path[path.index(node) :], node]
    if node in done:
        return None
    path.append(node)
    for nxt in sorted(graph.get(node, set()) - {node}):
        found = _cycle_from(nxt, graph, path, done)
        if found:
            return found
    path.pop()
    done.add(node)
    return None


def test_imports_point_down_the_pipeline_without_cycles() -> None:
    assert problems(PACKAGE, STAGES) == []


def test_the_check_finds_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for folder in ("ingest", "answer"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "ingest" / "read.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.answer import write\n"
    )
    (package / "answer" / "write.py").write_text("def f():\n    from pkg.ingest import read\n")
    assert problems(package, ["ingest", "answer", "__init__"]) == [
        "pkg/ingest/read.py:3 imports pkg.answer.write: "
        "ingest may not import the later stage answer",
        "import cycle: pkg.answer.write -> pkg.ingest.read -> pkg.answer.write",
    ]


def test_every_module_of_the_package_is_in_a_stage() -> None:
    listed = set(STAGES)
    assert {stage(name) for name in modules(PACKAGE)} <= listed
