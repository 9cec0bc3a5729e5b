"""Small shared fixtures: the repository's samples and glossary, a spine context, and a CLI runner."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
GLOSSARY_DIR = REPO / "glossary"


def sample_sources() -> list[Path]:
    """Every samples/<slug>/source.zh.txt, sorted (usable in parametrize at collection time)."""
    return sorted(SAMPLES.glob("*/source.zh.txt"))


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The sample releases shipped in samples/ (at least three)."""
    paths = sample_sources()
    assert len(paths) >= 3, "samples/ should hold at least three releases"
    return paths


@pytest.fixture(scope="session")
def glossary():
    """The repository's glossary (glossary/*.tsv), loaded once."""
    from pipeline.glossary import Glossary

    return Glossary.load(GLOSSARY_DIR)


@pytest.fixture(scope="session")
def spine_config():
    """Settings of a structure-only run: engine none, the repository's glossary, nothing else."""
    from pipeline.config import Config

    return Config(engine="none", glossary=str(GLOSSARY_DIR), quiet=True)


@pytest.fixture
def spine_context(spine_config, glossary):
    """A fresh runner Context for `spine_config` sharing the session's loaded glossary."""
    from pipeline.context import Context

    return Context(config=spine_config, glossary=glossary)


@pytest.fixture
def press_home(tmp_path, monkeypatch) -> Path:
    """An empty $PRESS_HOME (memory, cache, press.toml) so a test never sees the user's own files."""
    home = tmp_path / "press-home"
    home.mkdir()
    monkeypatch.setenv("PRESS_HOME", str(home))
    monkeypatch.delenv("PRESS_GLOSSARY", raising=False)
    return home


@dataclass(frozen=True)
class CliResult:
    """What one `press …` invocation returned and printed."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys, press_home):
    """Return a function running pipeline.cli.main(argv) in-process: CliResult(code, stdout, stderr).

    $PRESS_HOME points at an empty folder for the test, so no user memory or press.toml leaks in.
    """
    from pipeline.cli import main

    def run(argv: list[str]) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in argv])
        except SystemExit as exit_:  # argparse: --help, --version, usage errors
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
