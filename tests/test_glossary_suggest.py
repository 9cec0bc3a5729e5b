"""New-term discovery: uncovered names jieba tags, with frequency, context and a romanisation, as TSV rows."""
from __future__ import annotations

from pathlib import Path

from pipeline.glossary import COLUMNS, read_tsv
from pipeline.glossary.lint import lint
from pipeline.names.suggest import as_tsv, suggest

# 义乌市 (Zhejiang): a county-level city the shipped glossary does not hold (only Hunan's are generated)
TEXT = "代表团访问了义乌市和常德市。义乌市代表表示，将与东近江市加强合作。"


def test_suggest_lists_an_uncovered_place_with_count_context_and_pinyin(glossary):
    suggestions = {s.zh: s for s in suggest([("release.txt", TEXT)], glossary)}
    yiwu = suggestions["义乌市"]
    assert (yiwu.tag, yiwu.count, yiwu.en, yiwu.kind) == ("ns", 2, "Yiwu", "city")
    assert yiwu.context.startswith("release.txt: …") and "访问了义乌市和常德市" in yiwu.context
    assert "常德市" not in suggestions and "东近江市" not in suggestions and "常德" not in suggestions


def test_suggestions_paste_into_a_clean_glossary(tmp_path, glossary):
    text = as_tsv(suggest([("release.txt", TEXT)], glossary))
    assert text.splitlines()[0] == "\t".join(COLUMNS)
    (tmp_path / "proposed.tsv").write_text(text, encoding="utf-8")
    entries = read_tsv(tmp_path / "proposed.tsv")
    assert entries and all(e.status == "proposed" and e.source for e in entries)
    assert lint(tmp_path) == []


def test_cli_suggest_prints_tsv(tmp_path, run_cli):
    path = tmp_path / "release.txt"
    path.write_text("义乌市与常德市\n\n代表团访问了义乌市和常德市。\n", encoding="utf-8")
    result = run_cli(["glossary", "suggest", path])
    assert result.code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert ["义乌市", "Yiwu", "city", "", "", "proposed"] in [row[:6] for row in rows]


def test_cli_suggest_missing_file_is_a_user_error(tmp_path, run_cli):
    result = run_cli(["glossary", "suggest", tmp_path / "nope.txt"])
    assert result.code == 2 and result.stderr.startswith("error: ")


FOREIGN = "特梅尔会见了代表团。特梅尔表示欢迎。"  # after 巴西总统, an official: tests/test_officials.py


def test_suggest_offers_a_foreign_name_with_the_english_of_a_draft_not_pinyin(glossary):
    english = {"release.txt": "Brazilian President Temer met the delegation. Temer welcomed them."}
    temer = {s.zh: s for s in suggest([("release.txt", FOREIGN)], glossary, english)}["特梅尔"]
    assert (temer.name_kind, temer.en, temer.count) == ("foreign", "Temer", 2)
    assert "English found by sound" in temer.cells()[6]


def test_suggest_lists_a_foreign_name_without_english_as_a_comment(tmp_path, glossary):
    text = as_tsv(suggest([("release.txt", FOREIGN)], glossary))
    line = next(line for line in text.splitlines() if "特梅尔" in line)
    assert line.startswith("# 特梅尔") and "foreign name" in line and "Te Mei" not in text
    (tmp_path / "proposed.tsv").write_text(text, encoding="utf-8")
    assert lint(tmp_path) == [] and all(e.zh != "特梅尔" for e in read_tsv(tmp_path / "proposed.tsv"))


def test_cli_suggest_with_english(tmp_path, run_cli):
    zh, en = tmp_path / "release.txt", tmp_path / "release.en.txt"
    zh.write_text("特梅尔会见代表团\n\n" + FOREIGN + "\n", encoding="utf-8")
    en.write_text("Temer meets delegation\n\nBrazilian President Temer met the delegation.\n", encoding="utf-8")
    result = run_cli(["glossary", "suggest", zh, "--english", en])
    assert result.code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert ["特梅尔", "Temer", "person"] in [row[:3] for row in rows]
    mismatch = run_cli(["glossary", "suggest", zh, zh, "--english", en])
    assert mismatch.code == 2 and "one --english text per release" in mismatch.stderr
