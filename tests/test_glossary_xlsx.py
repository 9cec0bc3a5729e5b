"""Excel glossaries: export every column, import by header in any order, CSV's conflict rules, formulas neutralised."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.glossary import COLUMNS, Entry, Glossary
from pipeline.glossary.edit import export_glossary, import_file
from pipeline.glossary.xlsx import read_xlsx

REPO = Path(__file__).resolve().parent.parent
HEADER = "\t".join(COLUMNS) + "\n"
CITIES = HEADER + ("常德市\tChangde\tcity\t常德\tChangde Shi\tapproved\tseed\tGB/T 2260 form\n"
                   "原州市\tWonju\tcity\t\t\tproposed\tseed\tunverified Hanja\n")


@pytest.fixture
def small(tmp_path) -> Path:
    directory = tmp_path / "glossary"
    directory.mkdir()
    (directory / "cities.tsv").write_text(CITIES, encoding="utf-8")
    return directory


def sheet(path: Path, rows: list[list]) -> Path:
    """Write `rows` as the first sheet of an .xlsx file, the way a glossary maintainer's Excel would."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_the_shipped_glossary_round_trips_through_excel(tmp_path, run_cli):
    path = tmp_path / "glossary.xlsx"
    result = run_cli(["glossary", "export", "--format", "xlsx", "-o", path, "--glossary", REPO / "glossary"])
    assert result.code == 0, result.stderr
    original = Glossary.load(REPO / "glossary")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == ("zh-CN", "en-US", *COLUMNS[2:])
    assert [tuple(cell or "" for cell in row) for row in rows[1:]] == [entry.cells() for entry in original.entries]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(["glossary", "import", "--glossary", empty, "--keep-status", path])
    assert result.code == 0, result.stdout + result.stderr
    assert [e.cells() for e in Glossary.load(empty).entries] == [e.cells() for e in original.entries]


def test_columns_are_found_by_their_header_in_any_order(tmp_path):
    path = sheet(tmp_path / "partner.xlsx", [
        [None],
        ["Notes", "English", "类别", "中文", "Source", "ignored column"],
        ["verified 2024", "Zhuzhou", "city", "株洲市", "zhuzhou.gov.cn", "x"],
        [None, None, None, None, None, None],
        ["", "Hengyang", "", "衡阳市", "", ""],
    ])
    entries = read_xlsx(path)
    assert [(e.zh, e.en, e.kind, e.source, e.note, e.status, e.line) for e in entries] == [
        ("株洲市", "Zhuzhou", "city", "zhuzhou.gov.cn", "verified 2024", "proposed", 3),
        ("衡阳市", "Hengyang", "term", "", "", "proposed", 5)]


@pytest.mark.parametrize("zh_header, en_header", [("zh", "en"), ("zh-CN", "en-US"), ("ZH_Hans", "en-GB"),
                                                  ("Chinese", "English")])
def test_language_tags_and_names_head_the_term_columns(tmp_path, zh_header, en_header):
    path = sheet(tmp_path / "terms.xlsx", [[en_header, zh_header], ["Changde", "常德市"]])
    assert [(e.zh, e.en) for e in read_xlsx(path)] == [("常德市", "Changde")]


def test_import_follows_the_csv_conflict_rules(tmp_path, small, run_cli):
    path = sheet(tmp_path / "in.xlsx", [
        ["zh", "en", "kind", "source"],
        ["常德市", "Changde", "city", "seed"],             # already present: unchanged
        ["原州市", "Wonju City", "city", "partner list"],  # another English for a listed zh: conflict
        ["常德", "Changteh", "city", "old atlas"],          # a variant of 常德市: conflict
        ["衡阳市", "Hengyang", "city", ""],                 # new: appended as proposed
        ["岳阳市", "Yueyang", "planet", "x"],               # unknown kind: conflict
    ])
    result = run_cli(["glossary", "import", "--glossary", small, path])
    assert result.code == 1
    conflicts = result.stdout.splitlines()
    assert [line.split(": ")[1] for line in conflicts] == [f"{path}:3", f"{path}:4", f"{path}:6"]
    assert "1 added to" in result.stderr and "1 already present" in result.stderr
    added = (small / "imported.tsv").read_text(encoding="utf-8").splitlines()
    assert added == [HEADER.strip(), "衡阳市\tHengyang\tcity\t\t\tproposed\timported from in.xlsx\t\t"]


FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1 212 555", "-ize", "@SUM(A1)"]


def test_cells_that_would_be_formulas_are_stored_as_text_and_come_back_unchanged(tmp_path, small):
    entries = [Entry("测试市", text, "city", source=text, note=text) for text in FORMULAS]
    glossary = Glossary(list(Glossary.load(small).entries) + entries)
    path = tmp_path / "out.xlsx"
    path.write_bytes(export_glossary(glossary, "xlsx"))
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    cells = [cell for row in load_workbook(path).active.iter_rows(min_row=4) for cell in row[1:2]]
    assert [(cell.value, cell.data_type, cell.quotePrefix) for cell in cells] == [
        (text, "s", True) for text in FORMULAS]
    assert [(e.en, e.source, e.note) for e in read_xlsx(path)[2:]] == [(text, text, text) for text in FORMULAS]


def test_a_received_formula_cell_is_left_out_and_reported(tmp_path, small, run_cli):
    path = sheet(tmp_path / "in.xlsx", [["zh", "en"], ["衡阳市", "=UPPER(\"hengyang\")"], ["岳阳市", "Yueyang"]])
    result = run_cli(["glossary", "import", "--glossary", small, path])
    assert result.code == 1
    assert f"{path}:2: cell B2 holds a formula, not a term" in result.stdout
    assert "岳阳市\tYueyang" in (small / "imported.tsv").read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    (lambda p: sheet(p, [["Chinese", "note"], ["常德市", "x"]]), "the header row has no en column"),
    (lambda p: sheet(p, []), "the sheet is empty"),
    (lambda p: p.write_bytes(b"zh,en\n"), "not a readable Excel .xlsx file"),
])
def test_an_unusable_sheet_is_a_user_error_and_writes_nothing(tmp_path, small, run_cli, content, message):
    path = tmp_path / "bad.xlsx"
    content(path)
    result = run_cli(["glossary", "import", "--glossary", small, path])
    assert result.code == 2 and message in result.stderr and result.stderr.startswith("error: ")
    assert not (small / "imported.tsv").exists()


def test_an_excel_export_needs_a_file(small, run_cli):
    result = run_cli(["glossary", "export", "--format", "xlsx", "--glossary", small])
    assert result.code == 2 and "pass -o FILE.xlsx" in result.stderr and result.stdout == ""


def test_a_line_break_in_a_cell_does_not_break_the_tsv(tmp_path, small):
    path = sheet(tmp_path / "in.xlsx", [["zh", "en", "note"], ["衡阳市", "Hengyang", "first line\nsecond\tline"]])
    report = import_file(small, path)
    assert [e.note for e in report.added] == ["first line second line"]
    assert Glossary.load(small).lookup("衡阳市").note == "first line second line"
