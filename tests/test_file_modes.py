"""Every file press writes gets the permissions of any new file under the user's umask (0o666 & ~umask).

All of them go through files.write_atomic/atomic_path (a temporary file beside the target, renamed),
whose mkstemp would make them 0600; SQLite files (the memory, the draft cache) would be 0644.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from conftest import GLOSSARY_DIR, SAMPLES
from pipeline.engines import modelfile
from test_modelfile import parts  # noqa: F401  (fixture: tiny model part packages)

SAMPLE = SAMPLES / "changde-higashiomi-2021" / "source.zh.txt"


@pytest.fixture(params=[0o002, 0o022, 0o027], ids=lambda mask: f"umask-{mask:03o}")
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_in(*folders: Path) -> list[Path]:
    return sorted(path for folder in folders for path in folder.rglob("*") if path.is_file())


def test_every_file_written_has_the_umask_mode(umask, run_cli, press_home, tmp_path, parts):  # noqa: F811
    glossary, out = tmp_path / "glossary", tmp_path / "out"
    glossary.mkdir()
    for path in GLOSSARY_DIR.glob("*.tsv"):
        shutil.copy(path, glossary / path.name)
        os.chmod(glossary / path.name, 0o666 & ~umask)  # as if written under this umask
    (tmp_path / "terms.csv").write_text("zh,en\n测试用语,test expression\n", encoding="utf-8")
    commands = [
        ["translate", SAMPLE, "-o", out, "--engine", "none", "--glossary", glossary, "-q"],
        ["glossary", "add", "--glossary", glossary, "--zh", "测试城市", "--en", "Test City", "--kind", "city",
         "--source", "test"],  # appended to an existing file
        ["glossary", "add", "--glossary", glossary, "--zh", "测试事件", "--en", "Test Event", "--kind", "event",
         "--source", "test", "--file", "new.tsv"],  # a new file
        ["glossary", "import", "--glossary", glossary, tmp_path / "terms.csv"],
        ["glossary", "export", "--glossary", glossary, "--format", "csv-deepl", "-o", out / "glossary.csv"],
        # (engine none: every English cell is empty, an error the QA guard stops an ingest for)
        ["ingest", out / "source.zh.review.docx", "-o", out / "final", "--accept-errors"],
        ["memory", "export", out / "memory.tmx"],
    ]
    for command in commands:
        result = run_cli(command)
        assert result.code == 0, (command, result.stderr)
    spec, _, models = parts
    modelfile.assemble(spec, models)
    written = files_in(glossary, out, press_home, models)
    expected = {"source.zh.review.docx", "source.zh.en.docx", "source.zh.json", "glossary.csv",
                "source.zh.changes.txt", "memory.tmx", "memory.sqlite", "new.tsv", "imported.tsv",
                "cities.tsv", "tiny.gguf", "tiny.gguf.sha256"}
    assert expected <= {path.name for path in written}
    assert [(str(path), oct(mode(path))) for path in written] == [
        (str(path), oct(0o666 & ~umask)) for path in written]
