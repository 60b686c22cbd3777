"""The architecture, checked: imports between folders point one way only, and the command line starts cheap.

Layers, lowest first: kernel ← glossaries ← quality checks ← engine ← evaluation ← app. Each folder (package or
subpackage) is one node; the app layer (translate/app: the CLI, server, batch runner) may import anything and is
left out. Every import counts, also one inside a function.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("translate", "glossaries", "eval")
APP = "translate.app"
# The order the design card gives; a folder may import only folders of a lower rank.
RANKS = {
    "translate.kernel": 0,
    "translate.kernel.formats": 1,  # story formats (ninjs, HTML, NITF, XLIFF) over the kernel's documents
    "translate.memory": 1,
    "glossaries": 1,
    "eval.checks": 2,
    "translate.engine": 3,
    "eval": 4,
    "translate": 5,  # the package face: names from every layer below the app
}
HEAVY = ("torch", "transformers", "lingua", "sacrebleu", "numpy", "simplemma", "ctranslate2", "lxml", "fastapi")


def _folder_of_module(module: str) -> str | None:
    """The folder (as a dotted package) that holds `module`, or None outside newsmt's packages."""
    parts = module.split(".")
    if parts[0] not in PACKAGES:
        return None
    while parts:
        path = ROOT.joinpath(*parts)
        if path.is_dir() and (path / "__init__.py").is_file():
            return ".".join(parts)
        parts = parts[:-1]
    return None


def _imports(path: Path, package: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from pkg import submodule`
    return found


def folder_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            folder = ".".join(path.parent.relative_to(ROOT).parts)
            if folder == APP or folder.startswith(APP + "."):
                continue
            graph[folder]
            for module in _imports(path, folder):
                target = _folder_of_module(module)
                if target is not None and target != folder and not target.startswith(APP):
                    graph[folder].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return trail + [node, nxt]
            if nxt not in state:
                found = visit(nxt, trail + [node])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def test_the_folder_graph_has_no_cycle():
    assert _cycle(folder_graph()) is None


def test_cycle_detection_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_every_folder_imports_only_lower_layers():
    graph = folder_graph()
    assert set(graph) <= set(RANKS), f"a folder without a layer: {sorted(set(graph) - set(RANKS))}"
    upward = [(a, b) for a, targets in graph.items() for b in targets if RANKS[b] >= RANKS[a]]
    assert upward == []


def test_the_engine_imports_nothing_from_eval():
    graph = folder_graph()
    assert not {target for target in graph["translate.engine"] if target.split(".")[0] == "eval"}


@pytest.mark.parametrize("argv", [[], ["translate"], ["eval"], ["gate"], ["eval-suite"], ["check"], ["glossary", "check"],
                                  ["bench"]])
def test_help_imports_no_heavy_library(argv):
    """`newsmt --help` (and each command's) must start in a blink: no model or metric library is imported."""
    code = (
        "import sys\n"
        "from translate.app.cli import build_parser\n"
        f"try:\n    build_parser().parse_args({argv + ['--help']!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_package_faces_name_their_api_and_import_it_lazily():
    code = (
        "import sys, translate, glossaries, eval, eval.checks\n"
        "heavy = [m for m in ('torch', 'transformers', 'sacrebleu', 'numpy', 'translate.engine.pipeline') if m in sys.modules]\n"
        "from translate import Translator, Document, TranslationBackend, load_backend\n"
        "from eval import run_gate, score, run_suite\n"
        "from glossaries import GlossaryMatcher, load_glossaries\n"
        "from eval.checks import run_checks\n"
        "print(heavy, len(translate.__all__) > 5, len(eval.__all__) > 5, 'GlossaryMatcher' in glossaries.__all__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] True True True"
