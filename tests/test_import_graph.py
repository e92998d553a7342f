"""The import graph of jfp's modules: no cycle, and no edge up the layers of docs/architecture.md.

Every ``import`` and ``from ... import`` in a module counts for the layers, wherever it
stands: at the top, inside a function (a lazy import is still a dependency) or under
``TYPE_CHECKING``. For cycles, imports under ``TYPE_CHECKING`` are left out: they name a
type for a checker and never run.
"""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Lowest first. A module may import modules of its own layer or of a layer listed before
# it; the parsers and the engine sit side by side and never import each other.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("jfp", "jfp.errors", "jfp.options", "jfp.mapper", "jfp.settings_file", "jfp.safe_text", "jfp.collector")),
    ("models", ("jfp.models",)),
    ("parsers", ("jfp.parsers",)),
    ("engine", ("jfp.engine",)),
    ("gate", ("jfp.gate", "jfp.config", "jfp.config_search")),
    ("reporters", ("jfp.report", "jfp.outline", "jfp.output")),
    ("pipeline", ("jfp.pipeline",)),
    ("annotate", ("jfp.annotate",)),
    ("runner", ("jfp.runner",)),
    ("batch", ("jfp.batch",)),
    ("commands", ("jfp.cli", "jfp.cli_options", "jfp.cli_rules", "jfp.cli_action", "jfp.cli_diff", "jfp.cli_annotate", "jfp.batch.command",
                  "jfp.__main__", "jfp.api", "jfp.input_guard")),
]
SIDE_BY_SIDE = {frozenset({"parsers", "engine"})}


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "jfp").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under ``if TYPE_CHECKING:``."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            found.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return found


def _imports(name: str, path: Path, runtime_only: bool = False) -> set[str]:
    """The jfp modules ``name`` imports, anywhere in its source (``runtime_only``: not for type checkers only)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in MODULES else base)
    return {m for m in out if m in MODULES and m != name}


# The one edge down from a higher layer: `jfp.check` is `jfp.api.check`, imported by the
# package's module __getattr__ (PEP 562) on first use, after `jfp` itself is fully imported,
# so it is neither a layering dependency nor an import-time cycle.
FACADE = ("jfp", "jfp.api")

GRAPH = {name: _imports(name, path) - ({FACADE[1]} if name == FACADE[0] else set()) for name, path in MODULES.items()}
RUNTIME_GRAPH = {name: _imports(name, path, runtime_only=True) - ({FACADE[1]} if name == FACADE[0] else set())
                 for name, path in MODULES.items()}


def layer_of(module: str) -> tuple[int, str]:
    """(rank, layer name) of a module: the layer with the longest matching prefix."""
    best: tuple[int, int, str] | None = None  # (prefix length, rank, name)
    for rank, (layer, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + ".") and prefix != "jfp":
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), rank, layer)
    assert best is not None, f"{module} is in no layer: add it to LAYERS and docs/architecture.md"
    return best[1], best[2]


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


def test_no_upward_edge():
    bad = []
    for module, imports in GRAPH.items():
        rank, layer = layer_of(module)
        for target in imports:
            target_rank, target_layer = layer_of(target)
            if target_layer == layer:
                continue
            if frozenset({layer, target_layer}) in SIDE_BY_SIDE or target_rank > rank:
                bad.append(f"{module} ({layer}) imports {target} ({target_layer})")
    assert not bad, "\n".join(sorted(bad))


def test_no_cycle():
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(RUNTIME_GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_layers_are_the_ones_the_architecture_document_draws():
    text = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for layer, prefixes in LAYERS:
        assert f"| {layer} |" in text, f"docs/architecture.md has no row for the {layer} layer"
        for prefix in prefixes:
            assert f"`{prefix}`" in text, f"docs/architecture.md does not place `{prefix}`"


def test_the_walker_sees_lazy_and_relative_imports(tmp_path):
    source = tmp_path / "jfp" / "runner" / "x.py"
    source.parent.mkdir(parents=True)
    source.write_text("if TYPE_CHECKING:\n    import jfp.models\n"
                      "def f():\n    from jfp.cli import main\n    from . import share\n", encoding="utf-8")
    assert _imports("jfp.runner.x", source) == {"jfp.cli", "jfp.runner.share", "jfp.models"}
    assert _imports("jfp.runner.x", source, runtime_only=True) == {"jfp.cli", "jfp.runner.share"}
