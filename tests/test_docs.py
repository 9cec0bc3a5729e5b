"""The documentation reads true: every repository path and module README.md and docs/ name exists,
docs/benchmarks.md stays short, every raw benchmark output is cited by a doc, and README's Python API
block runs as written.

A path is named in `backticks` or plain text and starts at the repository root (`pipeline/stages/check.py`,
`benchmarks/results/run19/`) or inside the package (`stages/terms.py`, `names/kinds.py: classify`); a
module is a dotted `pipeline.…` name, or `module.function` with a module name of the old flat layout.
`git show COMMIT:path` quotes history and is not checked.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from conftest import REPO

DOCS = sorted([REPO / "README.md", *(REPO / "docs").rglob("*.md"), REPO / "benchmarks" / "results" / "README.md"])
RESULTS = REPO / "benchmarks" / "results"
BENCHMARKS_MAX_LINES = 250
# where a relative path may start: the repository, the package, the doc's own folder (added per doc)
ROOTS = (REPO, REPO / "pipeline", REPO / "docs", REPO / "docs" / "decisions", RESULTS)
TOP = ("pipeline", "benchmarks", "docs", "tests", "glossary", "samples", "tools", ".ci")
PACKAGES = tuple(path.name for path in (REPO / "pipeline").iterdir() if (path / "__init__.py").exists())
SUFFIXES = ("py", "md", "tsv", "txt", "json", "jsonl", "toml", "gz", "csv", "xlsx", "tbx", "sqlite3", "diff")
PATH = re.compile(r"(?<![\w./:…-])((?:\.ci|[A-Za-z_][\w-]*)(?:/(?:[\w.*-]|\{[\w.,]+\})+)+/?|[\w-]+\.(?:"
                  + "|".join(SUFFIXES) + r"))(?![\w/])")
# files the program writes when it runs, named in the docs as where to look
WRITTEN_AT_RUN_TIME = {"glossary/changelog.jsonl", "glossary/imported.tsv"}
# a bare file name (no folder) is checked when it is code or a doc; press.toml, release.txt are the user's
BARE_CHECKED = (".py", ".md")
# what quotes history (`git show 07f0e4a:…`) or names a benchmark's new output folder (`--save DIR`)
HISTORY = re.compile(r"git (?:show|ls-tree)[^`]*`|git show \w+:\S+|--save \S+")
# modules of pipeline/ before issue 25's layout: `qa.check` names a module that is gone
OLD_MODULES = ("qa", "translate", "verdict", "name_kinds", "romanise", "suggest", "ingest", "export",
               "remember_reviewed", "acknowledgements", "numbers_en")
OLD_DOTTED = re.compile(r"`(?:" + "|".join(OLD_MODULES) + r")\.(?!md\b)\w+")  # `qa.md` is a doc
DOTTED = re.compile(r"\bpipeline(?:\.\w+)+")


def prose(doc: Path) -> str:
    """The doc's text without HISTORY."""
    return HISTORY.sub(" ", doc.read_text(encoding="utf-8"))


def named_paths(doc: Path) -> list[str]:
    """Return the repository paths the doc names (see the module docstring)."""
    found = []
    for match in PATH.finditer(prose(doc)):
        name = match.group(1).rstrip(".,")
        if name in WRITTEN_AT_RUN_TIME or ("/" not in name and not name.endswith(BARE_CHECKED)):
            continue
        if "/" in name and name.split("/")[0] not in (*TOP, *PACKAGES, *(p.name for p in RESULTS.iterdir())):
            continue  # out/…, inbox/…, a URL's path: the user's files, not the repository's
        if name.split("/")[0] in PACKAGES and not name.endswith("/") and "." not in name.split("/")[-1]:
            continue  # "figures/dates" in a sentence; `names/kinds.py`, `stages/` are paths
        found.append(name)
    return found


def exists(name: str, doc: Path) -> bool:
    """Whether `name` (a path, maybe with a glob or {a,b} alternatives) exists under one of the roots."""
    base = name.rstrip("/")
    if "/" not in base:  # `paste.py` beside the folder the sentence names: anywhere in the repository
        return any(REPO.glob(f"[!.]*/**/{base}")) or (REPO / base).exists()
    alternatives = re.match(r"(.*)\{(.*?)\}(.*)", base)
    names = [alternatives[1] + part + alternatives[3] for part in alternatives[2].split(",")] if alternatives \
        else [base]
    return all(any(list(root.glob(one)) if "*" in one else (root / one).exists()
                   for root in (doc.parent, *ROOTS)) for one in names)


def doc_id(doc: Path) -> str:
    return str(doc.relative_to(REPO))


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_path_a_doc_names_exists(doc):
    missing = sorted({name for name in named_paths(doc) if not exists(name, doc)})
    assert not missing, f"{doc_id(doc)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_module_a_doc_names_imports(doc):
    text = prose(doc)
    gone = sorted(set(OLD_DOTTED.findall(text)))
    assert not gone, f"{doc_id(doc)} names modules of the old flat layout: {gone}"
    broken = []
    for dotted in sorted(set(DOTTED.findall(text))):
        parts = dotted.split(".")
        for cut in range(len(parts), 1, -1):  # pipeline.stages.terms.find: the longest importable prefix
            try:
                value = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for attribute in parts[cut:]:
                value = getattr(value, attribute, None)
            if value is None:
                broken.append(dotted)
            break
        else:
            broken.append(dotted)
    assert not broken, f"{doc_id(doc)} names modules or functions that do not exist: {broken}"


def test_benchmarks_doc_shows_current_numbers_only():
    lines = (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8").count("\n")
    assert lines <= BENCHMARKS_MAX_LINES, (
        f"docs/benchmarks.md has {lines} lines (at most {BENCHMARKS_MAX_LINES}): move what was tried and why "
        "into docs/decisions/<short-name>.md")


def test_every_raw_benchmark_output_is_cited_by_a_doc():
    cited = "\n".join(prose(doc) for doc in DOCS if doc != RESULTS / "README.md")
    index = (RESULTS / "README.md").read_text(encoding="utf-8")
    uncited = []
    for path in sorted(RESULTS.rglob("*")):
        if path.is_dir() or path == RESULTS / "README.md":
            continue
        relative = path.relative_to(RESULTS)
        # a run's folder is cited as a whole (`benchmarks/results/run19/`); a lone file by its name
        names = {relative.as_posix(), f"{relative.parts[0]}/"} if len(relative.parts) > 1 else {relative.name}
        if not any(name in cited for name in names) or not any(name in index for name in names):
            uncited.append(relative.as_posix())
    assert not uncited, (f"benchmarks/results/ holds files no doc cites (or missing from its README.md): "
                         f"{uncited}; delete them (git history keeps them) or cite them")


def test_the_readme_python_api_block_runs_as_written(tmp_path, monkeypatch, press_home):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    for folder in ("samples", "glossary"):
        (tmp_path / folder).symlink_to(REPO / folder)
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(compile(block, "README.md (Python API)", "exec"), names)  # noqa: S102 - the README's own example
    assert Path("out/source.zh.review.docx").exists() and Path("out/source.zh.json").exists()
    assert {"review", "english", "json"} <= set(names["result"].outputs)
    assert names["release"].segments and all(segment.status for segment in names["release"].segments)
    assert any(hit for hit in names["hits"])


def test_every_limit_is_listed_in_formats_md_with_its_default():
    """docs/formats.md's Limits table has a row for every [limits] key of press.toml's schema, giving its default."""
    from pipeline.config import SCHEMA, Limits

    text = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    rows = {match.group(1): match.group(2) for match in re.finditer(r"^\| `(\w+)` \| ([\d,]+)", text, re.M)}
    for key in SCHEMA["limits"]:
        assert key in rows, f"[limits] {key} has no row in docs/formats.md's Limits table"
        assert rows[key] == f"{getattr(Limits(), key):,}", f"[limits] {key}: the doc says {rows[key]}"
