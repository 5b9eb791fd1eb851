"""The shape of the code: data flows dlmath → lessons → scenes → pipeline, with no cycle,
and building handouts or listing parameters never imports manim."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAYERS = ("dlmath", "lessons", "scenes", "pipeline")
"""Each package may import only from the packages before it."""
LEAVES = {"scenes.style", "scenes.catalogue"}
"""Manim-free modules that import nothing of the project: the number formatter and the
text catalogues may be read from any layer (a lesson formats a label the way the screen
does) without creating a cycle."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    files = [p for pkg in LAYERS for p in (REPO / pkg).rglob("*.py")]
    names = {_module_name(p): p for p in files}
    graph = {}
    for name, path in names.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            deps |= {t for t in targets if t in names and t != name}
        graph[name] = deps
    return graph


def test_layers_import_only_downwards():
    wrong = []
    for mod, deps in _graph().items():
        if mod == "scenes.__main__":  # `python -m scenes` is the pipeline's entry point
            continue
        rank = LAYERS.index(mod.split(".")[0])
        wrong += [f"{mod} -> {d}" for d in deps
                  if LAYERS.index(d.split(".")[0]) > rank and d not in LEAVES]
    assert not wrong, wrong


def test_leaves_import_nothing_of_the_project():
    graph = _graph()
    assert all(not graph[leaf] for leaf in LEAVES), {leaf: graph[leaf] for leaf in LEAVES}


def test_no_import_cycle():
    graph = _graph()
    index, low, stack, on, cycles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            # a package importing its own submodules is not a cycle worth reporting
            if len(comp) > 1 and len({c.split(".")[0] for c in comp}) > 1 or (
                    len(comp) > 1 and not all(c.startswith(min(comp)) for c in comp)):
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_handouts_and_parameters_need_no_manim():
    code = ("import sys\n"
            "from pipeline import handouts\n"
            "from pipeline.registry import discover\n"
            "fig, data = handouts.FIGURES['convolution'][0][1]()\n"
            "[s.lesson.params.specs() for s in discover()]\n"
            "print('manim' in sys.modules, 'scenes.common' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False"]
