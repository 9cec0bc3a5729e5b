"""`press memory align` from the command line, and its alignment review file's round trip: written (opened
with python-docx), decided in Word's way (tracked changes), read back by `press ingest`."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from conftest import SAMPLES
from lxml import etree
from review_support import SOFFICE, change_body, resave_with_libreoffice, rows_by_id, run, tracked, w

from pipeline.memory import Memory

SAMPLE = SAMPLES / "changde-higashiomi-2021"
ZH, EN = SAMPLE / "source.zh.txt", SAMPLE / "reference.en.txt"
# sentences added to the published release so that the aligner has pairs to doubt: a Chinese sentence whose
# English was never published, and an English one with no Chinese
EXTRA_ZH = "全市共接待外宾1200人次。"
EXTRA_EN = "The delegation also visited the city museum."


@pytest.fixture
def archive(tmp_path) -> tuple[Path, Path]:
    zh, en = tmp_path / "archive" / "higashiomi.zh.txt", tmp_path / "archive" / "higashiomi.en.txt"
    zh.parent.mkdir()
    zh.write_text(ZH.read_text(encoding="utf-8").replace("凝聚共识。", "凝聚共识。" + EXTRA_ZH), encoding="utf-8")
    en.write_text(EN.read_text(encoding="utf-8").replace("all year round.", "all year round. " + EXTRA_EN),
                  encoding="utf-8")
    return zh, en


def aligned_units(memory: Path) -> list:
    with Memory(memory) as opened:
        return [unit for unit in opened.units() if unit.origin == "aligned"]


def test_aligning_the_seed_release_fills_the_memory_and_writes_nothing_else(run_cli, tmp_path):
    memory = tmp_path / "m.sqlite"
    out = tmp_path / "out"
    result = run_cli(["memory", "align", ZH, EN, "--memory", memory, "-o", out])
    assert result.code == 0, result.stderr
    assert "8 pairs, 8 to the memory, 0 to review" in result.stdout
    assert "memory " + str(memory) + ": 8 added, 0 updated, 0 unchanged (aligned)" in result.stdout
    assert not out.exists()  # no pair to review, no name to propose
    assert "8 unchanged" in run_cli(["memory", "align", ZH, EN, "--memory", memory, "-o", out]).stdout
    stats = json.loads(run_cli(["memory", "stats", "--memory", memory, "--json"]).stdout)
    assert stats["by_origin"] == {"reviewed": 0, "aligned": 8, "imported": 0, "engine": 0}


def test_a_dry_run_writes_nothing(run_cli, tmp_path, archive):
    memory = tmp_path / "m.sqlite"
    result = run_cli(["memory", "align", *archive, "--memory", memory, "--dry-run", "--json"])
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert not memory.exists() and report["review"] is None
    pairs = report["releases"][0]["pairs"]
    assert [p["zh"] for p in pairs if not p["en"]] == [EXTRA_ZH] and [p["en"] for p in pairs if not p["zh"]] == [EXTRA_EN]


def test_the_review_file_lists_the_doubtful_pairs_in_the_review_style(run_cli, tmp_path, archive):
    memory = tmp_path / "m.sqlite"
    result = run_cli(["memory", "align", *archive, "--memory", memory, "-o", tmp_path])
    assert result.code == 0, result.stderr
    review = tmp_path / "higashiomi.zh.align.docx"
    assert f"review: {review}" in result.stdout
    document = docx.Document(str(review))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["ID", "中文", "English", "Score", "Notes", "Decision"]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    chinese_alone = next(row for row in rows.values() if row[1] == EXTRA_ZH)
    assert chinese_alone[2:] == ["", "—", "no English found for this Chinese", ""]
    english_alone = next(row for row in rows.values() if row[2] == EXTRA_EN)
    assert english_alone[1] == "" and english_alone[4] == "no Chinese found for this English"
    assert document.settings.element.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}trackRevisions") is not None
    assert document.core_properties.category == "press-pipeline alignment review"
    stored = aligned_units(memory)
    assert EXTRA_ZH not in {u.zh for u in stored} and all(EXTRA_EN not in u.en for u in stored)
    assert len(stored) == 8 - len([r for r in rows.values() if r[1] and r[2]])


def decide(path: Path, decisions: dict[str, str], english: dict[str, str] | None = None) -> None:
    """Type decisions (tracked insertions, as Word saves them with Track Changes on) and English."""
    def change(root) -> None:
        for number, (row_id, cells) in enumerate(rows_by_id(root).items(), start=300):
            if row_id in decisions:
                cells[5].find(w("p")).append(tracked("ins", decisions[row_id], number))
            if english and row_id in english:
                paragraph = cells[2].find(w("p"))
                for old in paragraph.findall(w("r")):
                    paragraph.append(etree.Element(w("del")))
                    old.getparent().remove(old)
                paragraph.append(run(english[row_id]))
    change_body(path, change)


def _rows(review: Path) -> dict[str, list[str]]:
    table = docx.Document(str(review)).tables[0]
    return {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}


def test_ingest_stores_what_a_person_kept_or_corrected_and_nothing_else(run_cli, tmp_path, archive):
    memory = tmp_path / "m.sqlite"
    run_cli(["memory", "align", *archive, "--memory", memory, "-o", tmp_path, "--threshold", "0.999"])
    review = tmp_path / "higashiomi.zh.align.docx"
    rows = _rows(review)
    pairs = [row_id for row_id, row in rows.items() if row[1] and row[2]]
    chinese_alone = next(row_id for row_id, row in rows.items() if row[1] == EXTRA_ZH)
    assert len(pairs) >= 3
    keep, drop, fix = pairs[:3]
    decide(review, {keep: "keep", drop: "drop", chinese_alone: "keep"},
           english={chinese_alone: "The city received 1,200 foreign visitors."})
    before = {u.zh for u in aligned_units(memory)}
    result = run_cli(["ingest", review, "--memory", memory, "--reviewer", "Li Na"])
    assert result.code == 0, result.stderr
    assert f"{len(rows)} rows — 1 kept, 1 corrected, 1 dropped, {len(rows) - 3} undecided" in result.stdout
    units = {u.zh: u for u in aligned_units(memory)}
    assert units[rows[keep][1]].en == rows[keep][2] and units[rows[keep][1]].reviewer == "Li Na"
    assert units[EXTRA_ZH].en == "The city received 1,200 foreign visitors."
    assert rows[drop][1] not in units and rows[fix][1] not in units
    assert set(units) == before | {rows[keep][1], EXTRA_ZH}
    assert units[EXTRA_ZH].translator == "Wu Yangyue" and units[EXTRA_ZH].created == "20211107T000000Z"
    again = run_cli(["ingest", review, "--memory", memory, "--reviewer", "Li Na"])
    assert "0 added, 0 updated, 2 unchanged" in again.stdout


@pytest.mark.parametrize("edit, message", [
    (lambda cells: cells[1].find(f".//{w('t')}").__setattr__("text", "改了"), "was edited"),
    (lambda cells: cells[5].find(w("p")).append(run("maybe")), "reads 'maybe'"),
    (lambda cells: cells[0].find(f".//{w('t')}").__setattr__("text", "r9.a99"), "unknown ID 'r9.a99'"),
])
def test_ingest_refuses_what_it_cannot_trust_and_stores_nothing(run_cli, tmp_path, archive, edit, message):
    memory = tmp_path / "m.sqlite"
    run_cli(["memory", "align", *archive, "--memory", memory, "-o", tmp_path])
    review = tmp_path / "higashiomi.zh.align.docx"
    row_id = next(row_id for row_id, row in _rows(review).items() if row[1] == EXTRA_ZH)
    change_body(review, lambda root: edit(rows_by_id(root)[row_id]))
    before = aligned_units(memory)
    result = run_cli(["ingest", review, "--memory", memory])
    assert result.code == 2 and message in result.stderr and result.stderr.startswith("error: ")
    assert aligned_units(memory) == before


def test_keeping_a_row_without_english_is_refused(run_cli, tmp_path, archive):
    memory = tmp_path / "m.sqlite"
    run_cli(["memory", "align", *archive, "--memory", memory, "-o", tmp_path])
    review = tmp_path / "higashiomi.zh.align.docx"
    row_id = next(row_id for row_id, row in _rows(review).items() if row[1] == EXTRA_ZH)
    decide(review, {row_id: "keep"})
    result = run_cli(["ingest", review, "--memory", memory])
    assert result.code == 2 and "is kept but has no English" in result.stderr


def test_aligned_units_are_offered_in_notes_never_applied(run_cli, tmp_path):
    memory = tmp_path / "m.sqlite"
    run_cli(["memory", "align", ZH, EN, "--memory", memory, "-o", tmp_path])
    result = run_cli(["translate", ZH, "-o", tmp_path / "out", "--engine", "none", "--memory", memory, "--quiet"])
    assert result.code == 0, result.stderr
    segments = json.loads((tmp_path / "out" / "source.zh.json").read_text(encoding="utf-8"))["segments"]
    headline = segments[0]
    assert headline["en"] == "" and headline["origin"] == "untranslated"
    assert "archive 100\u00a0%: Changde and Higashiomi Reached the \"Sister City Agreement\"" in headline["notes"]
    assert headline["matches"][0]["origin"] == "aligned"


@pytest.mark.parametrize("argv, message", [
    (["memory", "align", ZH, SAMPLE], "give two files (a release and its English) or two folders"),
    (["memory", "align", ZH, ZH], "the same file"),
    (["memory", "align", ZH, EN, "--threshold", "1.5"], "is not a score"),
    (["memory", "align", ZH, EN, "--map", EN], "--map pairs the files of two folders"),
    (["memory", "align", ZH, SAMPLE / "missing.txt"], "no such file or folder"),
])
def test_command_line_errors(run_cli, argv, message):
    result = run_cli(argv)
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_folder_mode_pairs_by_name_and_goes_on_past_a_bad_pair(run_cli, tmp_path):
    zh_dir, en_dir = tmp_path / "zh", tmp_path / "en"
    zh_dir.mkdir()
    en_dir.mkdir()
    (zh_dir / "higashiomi.txt").write_bytes(ZH.read_bytes())
    (en_dir / "higashiomi.en.txt").write_bytes(EN.read_bytes())
    (zh_dir / "broken.zh.txt").write_text("", encoding="utf-8")
    (en_dir / "broken.en.txt").write_text("Headline\n\nBody.", encoding="utf-8")
    (zh_dir / "alone.txt").write_text("标题\n\n正文。", encoding="utf-8")
    memory = tmp_path / "m.sqlite"
    result = run_cli(["memory", "align", zh_dir, en_dir, "--memory", memory, "-o", tmp_path])
    assert result.code == 2
    assert "failed: " in result.stderr and "broken.zh.txt: the file is empty" in result.stderr
    assert f"no partner: {zh_dir / 'alone.txt'}" in result.stderr
    assert "8 added" in result.stdout and len(aligned_units(memory)) == 8


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_review_file_saved_again_in_libreoffice_still_ingests(run_cli, tmp_path, archive):
    memory = tmp_path / "m.sqlite"
    run_cli(["memory", "align", *archive, "--memory", memory, "-o", tmp_path])
    review = tmp_path / "higashiomi.zh.align.docx"
    row_id = next(row_id for row_id, row in _rows(review).items() if row[1] == EXTRA_ZH)
    decide(review, {row_id: "keep"}, english={row_id: "The city received 1,200 foreign visitors."})
    saved = resave_with_libreoffice(review, tmp_path / "saved", tmp_path / "lo-profile")
    result = run_cli(["ingest", saved, "--memory", memory])
    assert result.code == 0, result.stderr
    assert "0 kept, 1 corrected" in result.stdout
    assert "The city received 1,200 foreign visitors." in {u.en for u in aligned_units(memory)}
