"""README's reviewer loop, run as written: the `press` lines of its first code block, in order, with the
reviewer's part done in between on a renamed file that was moved away from its .json and saved again by
LibreOffice. The only liberty taken: `press translate` runs with `--engine none` (no model in this test),
and the reviewer types the English a model would have drafted."""
from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import docx
import pytest

from conftest import REPO
from pipeline.memory import Memory, default_path
from review_support import REVIEWED, SAMPLE, SOFFICE, fill, resave_with_libreoffice

pytestmark = pytest.mark.libreoffice


def readme_commands() -> list[str]:
    """Return the `press …` lines of the first code block of README's section "The reviewer loop"."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The reviewer loop"):]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL).group(1)
    return [line for line in block.splitlines() if line.startswith("press ")]


def test_the_readme_names_the_renamed_file_in_every_step():
    commands = readme_commands()
    assert [shlex.split(line)[1] for line in commands] == ["translate", "check", "ingest"]
    assert all('"inbox/source.zh (Li Na).docx"' in line for line in commands[1:])


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_readme_reviewer_loop_runs_with_a_renamed_moved_and_resaved_file(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    sample = tmp_path / "samples" / "changde-higashiomi-2021" / "source.zh.txt"
    sample.parent.mkdir(parents=True)
    shutil.copy(SAMPLE, sample)
    translate, check, ingest = (shlex.split(line)[1:] for line in readme_commands())

    drafted = run_cli([*translate, "--engine", "none", "-q"])
    assert drafted.code == 0, drafted.stderr
    review = Path("out/source.zh.review.docx")
    assert review.exists() and Path("out/source.zh.json").exists()

    # the reviewer: types the English (Track Changes on), lets a wrong figure stand with a reason,
    # renames the file, and saves it again in LibreOffice into another folder
    wrong = REVIEWED["p2.s1"].replace("40 delegation", "41 delegation")
    fill(review, REVIEWED | {"p2.s1": wrong}, notes={"p2.s1": "ok: numbers_match — the source is wrong"})
    desk = Path("desk")
    desk.mkdir()
    renamed = shutil.move(review, desk / "source.zh (Li Na).docx")
    Path("inbox").mkdir()
    saved = resave_with_libreoffice(Path(renamed), Path("inbox"), tmp_path / "lo-profile")
    assert saved == Path("inbox/source.zh (Li Na).docx") and not list(Path("inbox").glob("*.json"))

    checked = run_cli(check)
    assert checked.code == 0, checked.stdout + checked.stderr
    assert "p2.s1\tacknowledged\tnumbers_match" in checked.stdout and "1 acknowledged" in checked.stdout

    ingested = run_cli(ingest)
    assert ingested.code == 0, ingested.stderr
    assert "8 changed, 0 confirmed, 0 left empty" in ingested.stdout
    assert sorted(p.name for p in Path("inbox").iterdir()) == [
        "source.zh (Li Na).docx", "source.zh.changes.txt", "source.zh.en.docx"]
    english = [p.text for p in docx.Document("inbox/source.zh.en.docx").paragraphs]
    assert english[:2] == [REVIEWED["p0.s1"], "Source: Changde Government Website | Date: November 7, 2021"]
    assert "Translator: Wu Yangyue" in english and "Reviewer: Li Na" in english
    with Memory(default_path()) as memory:  # README: the memory is $PRESS_HOME/memory.sqlite
        units = [unit for unit in memory.units() if unit.origin == "reviewed"]
    assert len(units) == len(REVIEWED) and {unit.reviewer for unit in units} == {"Li Na"}
    assert [unit.note for unit in units if unit.note] == ["ok: numbers_match — the source is wrong"]

    again = run_cli(["translate", str(sample.relative_to(tmp_path)), "-o", "again", "--engine", "none", "-q"])
    assert again.code == 0, again.stderr
    rows = docx.Document("again/source.zh.review.docx").tables[0].rows[1:]
    assert [row.cells[2].text for row in rows] == list((REVIEWED | {"p2.s1": wrong}).values())
    assert {row.cells[4].text for row in rows} == {"memory 100\u00a0%"}  # the acknowledgement came along
