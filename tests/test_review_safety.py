"""The reviewer's work is safe (issue 13): the review file travels alone, its table must still map one row to
one segment, QA guards the memory, and credits come from flags or press.toml — never from tracked changes.

Every refusal runs `press ingest` on a real damaged .docx and proves nothing was written: the draft
<stem>.en.docx is byte for byte the same, no <stem>.changes.txt appeared, the memory file is unchanged.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import GLOSSARY_DIR
from pipeline.api import translate_file
from pipeline.config import Config
from pipeline.memory import Memory, Unit
from pipeline.model import Credits
from pipeline.runner import build_context
from lxml import etree
from review_support import (REVIEWED, REVIEWER, SAMPLE, change_body, drop_cell, edit_review, extra_row_after, fill,
                            merge_across, merge_down, note_in_english, read_parts, rows_by_id, run, stale_copy_above,
                            w, write_parts)


@pytest.fixture
def draft(tmp_path, press_home):
    """The Higashiomi sample translated (engine none) into out/, and a memory holding one unrelated unit."""
    source = tmp_path / "source.zh.txt"
    shutil.copy(SAMPLE, source)
    memory = tmp_path / "memory.sqlite"
    with Memory(memory) as opened:
        opened.store(Unit(zh="今天天气很好。", en="The weather is fine today.", origin="reviewed"))
    ctx = build_context(Config(engine="none", quiet=True, glossary=str(GLOSSARY_DIR), memory=str(memory)))
    result = translate_file(source, out_dir=tmp_path / "out", ctx=ctx, credits=Credits("Wu Yangyue"))
    ctx.memory.close()
    return result, memory


class Untouched:
    """What must stay as it was when an ingest is refused: the draft English, the report, the memory."""

    def __init__(self, result, memory: Path, folder: Path | None = None):
        self.folder = folder or result.outputs["review"].parent
        self.english = self.folder / "source.zh.en.docx"
        self.before = (self.english.read_bytes() if self.english.exists() else None, memory.read_bytes())
        self.memory = memory

    def check(self) -> None:
        english = self.english.read_bytes() if self.english.exists() else None
        assert (english, self.memory.read_bytes()) == self.before
        assert not list(self.folder.glob("*.changes.txt"))
        assert not [p for p in self.folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def tracked_row_deletion(segment_id: str):
    """Delete a row with Track Changes on: Word marks the row (w:trPr/w:del) and its text (w:del)."""
    def change(root) -> None:
        row = rows_by_id(root)[segment_id][0].getparent()
        properties = row.find(w("trPr"))
        etree.SubElement(properties, w("del"), {w("id"): "950", w("author"): REVIEWER,
                                                w("date"): "2026-11-28T05:00:00Z"})
    return change


def table_in_english(segment_id: str):
    def change(root) -> None:
        cell = rows_by_id(root)[segment_id][2]
        nested = etree.SubElement(cell, w("tbl"))
        etree.SubElement(etree.SubElement(etree.SubElement(nested, w("tr")), w("tc")), w("p")).append(run("x"))
        etree.SubElement(cell, w("p"))
    return change


# (what the reviewer did to the table, the error it gets)
LAYOUTS = [
    (merge_across("p2.s1", 2), r"table row 4 has merged cells \(the English cell spans 2 columns\)"),
    (merge_across("p2.s1", 0), r"table row 4 has merged cells \(the ID cell spans 2 columns\)"),
    (merge_down("p2.s1", "p2.s2"), r"table row 4 has merged cells \(its English cell is merged with the row "
                                   r"above or below\)"),
    (merge_down("p3.s1", "p3.s2", column=0), r"table row 6 has merged cells \(its ID cell is merged"),
    (stale_copy_above, r"2 tables claim to be the review table \(tables 1, 2 of the document\)"),
    (note_in_english("p2.s1", "glossary: 东近江市 → Higashiomi; not: Dongjiang"),
     r"the English of p2\.s1 \(table row 4\) holds Notes text \(“glossary: 东近江市 → Higashiomi"),
    (note_in_english("p2.s1", "error (numbers_match): figure 40 from the source is missing"),
     r"the English of p2\.s1 \(table row 4\) holds Notes text \(“error \(numbers_match\)"),
    (note_in_english("p4.s2", "memory 87%: It is hoped that Higashiomi will strengthen exchanges."),
     r"the English of p4\.s2 \(table row 9\) holds Notes text \(“memory 87%"),
    (note_in_english("p0.s1", "memory: reviewed match"),
     r"the English of p0\.s1 \(table row 2\) holds Notes text \(“memory: reviewed match"),
    (note_in_english("p3.s1", "automatic romanisation (check): 穆科诺 → Mukenuo"),
     r"the English of p3\.s1 \(table row 6\) holds Notes text \(“automatic romanisation"),
    (note_in_english("p2.s1", "ok: numbers_match — the source is wrong"),
     r"the English of p2\.s1 \(table row 4\) holds Notes text \(“ok: numbers_match"),
    (extra_row_after("p2.s1", "and 350 people."), r"table row 5 has no segment ID"),
    (drop_cell("p2.s1"), r"table row 4 has 4 cells; the header has 5"),
    (table_in_english("p2.s2"), r"table row 5: the English cell holds a table"),
    (tracked_row_deletion("p3.s2"), r"segment p3\.s2 is missing from the review table"),
]


@pytest.mark.parametrize("damage, message", LAYOUTS, ids=[
    "merged-english-notes", "merged-id-zh", "merged-down-english", "merged-down-id", "stale-copy",
    "glossary-note-in-english", "finding-in-english", "memory-note-in-english", "memory-match-in-english",
    "romanisation-in-english", "acknowledgement-in-english",
    "row-split-in-two", "cell-deleted", "table-in-cell", "row-deleted-tracked"])
def test_a_table_that_no_longer_maps_rows_to_segments_is_refused_and_nothing_is_written(draft, run_cli, damage,
                                                                                      message):
    result, memory = draft
    review = result.outputs["review"]
    fill(review)
    change_body(review, damage)
    untouched = Untouched(result, memory)
    for command in (["check", review], ["ingest", review, "--memory", memory, "--reviewer", REVIEWER]):
        done = run_cli(command)
        assert done.code == 2, (command, done.stdout)
        assert done.stderr.startswith(f"error: {review}: ") and " — " in done.stderr
        assert re.search(message, done.stderr), done.stderr
    untouched.check()


def test_several_ids_in_one_row_are_refused(draft, run_cli):
    result, memory = draft
    edit_review(result.outputs["review"], {}, id_edits={"p2.s1": "p2.s1 p2.s2"})
    untouched = Untouched(result, memory)
    done = run_cli(["ingest", result.outputs["review"], "--memory", memory])
    assert done.code == 2 and "table row 4 holds several segment IDs (p2.s1 p2.s2)" in done.stderr
    untouched.check()


def test_an_empty_row_added_at_the_end_is_harmless(draft, run_cli):
    result, memory = draft
    fill(result.outputs["review"])

    def empty_row(root) -> None:
        table = next(root.iter(w("tbl")))
        extra = etree.fromstring(etree.tostring(table.findall(w("tr"))[-1]))
        for cell in extra.findall(w("tc")):
            for paragraph in cell.findall(w("p")):
                cell.remove(paragraph)
            etree.SubElement(cell, w("p"))
        table.append(extra)

    change_body(result.outputs["review"], empty_row)
    assert run_cli(["ingest", result.outputs["review"], "--memory", memory]).code == 0


def test_a_misspelt_acknowledgement_is_refused_with_the_right_name(draft, run_cli):
    result, memory = draft
    fill(result.outputs["review"], notes={"p2.s1": "ok: number_match — the source is wrong"})
    untouched = Untouched(result, memory)
    done = run_cli(["ingest", result.outputs["review"], "--memory", memory])
    assert done.code == 2
    assert "“ok: number_match” in the Notes of p2.s1 (table row 4) names no QA check — did you mean " \
           "numbers_match?" in done.stderr
    untouched.check()


# --- the review file travels alone ---------------------------------------------------------------------

def test_a_renamed_and_moved_review_checks_and_ingests_without_its_json(draft, run_cli, tmp_path):
    result, memory = draft
    fill(result.outputs["review"])
    moved = tmp_path / "inbox" / "Changde (Li Na edits).docx"
    moved.parent.mkdir()
    shutil.move(result.outputs["review"], moved)
    result.outputs["json"].unlink()
    checked = run_cli(["check", moved])
    assert checked.code == 0, checked.stderr
    ingested = run_cli(["ingest", moved, "--memory", memory, "--reviewer", REVIEWER])
    assert ingested.code == 0, ingested.stderr
    assert sorted(p.name for p in moved.parent.iterdir()) == [
        "Changde (Li Na edits).docx", "source.zh.changes.txt", "source.zh.en.docx"]
    english = [p.text for p in docx.Document(str(moved.parent / "source.zh.en.docx")).paragraphs]
    assert english[0] == REVIEWED["p0.s1"] and f"Reviewer: {REVIEWER}" in english
    assert "Translator: Wu Yangyue" in english  # the credit the draft carried inside the review file


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _drafted_english(data: dict) -> None:
    data["segments"][1]["en"] = "A draft from a later run."


def _signature(data: dict) -> None:
    data["signature"]["engine"] = "llama"


@pytest.mark.parametrize("change, message", [
    (_drafted_english, r"the release data inside the review file and source\.zh\.json beside it differ "
                       r"\(drafted English of p1\.s1\) — pass --release .*source\.zh\.json to use the "
                       r"\.json, or move it away"),
    (_signature, r"differ \(signature\)"),
])
def test_a_sidecar_json_that_disagrees_is_named_and_nothing_is_written(draft, run_cli, change, message):
    result, memory = draft
    fill(result.outputs["review"])
    _edit_json(result.outputs["json"], change)
    untouched = Untouched(result, memory)
    done = run_cli(["ingest", result.outputs["review"], "--memory", memory])
    assert done.code == 2 and re.search(message, done.stderr), done.stderr
    untouched.check()
    chosen = run_cli(["ingest", result.outputs["review"], "--memory", memory, "--release", result.outputs["json"]])
    assert chosen.code == 0, chosen.stderr  # --release says which data to use


def test_a_sidecar_json_of_another_release_is_refused(draft, run_cli, tmp_path):
    result, memory = draft
    fill(result.outputs["review"])
    other = tmp_path / "other" / "source.zh.txt"
    other.parent.mkdir()
    other.write_text(SAMPLE.read_text(encoding="utf-8").replace("40批", "41批"), encoding="utf-8")
    ctx = build_context(Config(engine="none", quiet=True, glossary=str(GLOSSARY_DIR), memory=str(memory)))
    stale = translate_file(other, out_dir=other.parent, ctx=ctx)
    ctx.memory.close()
    shutil.copy(stale.outputs["json"], result.outputs["json"])
    untouched = Untouched(result, memory)
    done = run_cli(["ingest", result.outputs["review"], "--memory", memory])
    assert done.code == 2
    assert (f"source.zh.json beside the review file belongs to another release (hash {stale.release.hash[:12]}; "
            f"the review file's is {result.release.hash[:12]}) — move source.zh.json away") in done.stderr
    untouched.check()


def _without_carried_data(path: Path) -> None:
    """Make a review file as press wrote it before the release data travelled inside it."""
    parts = read_parts(path)
    ours = [name for name, data in parts.items() if b"urn:x-press-pipeline:release:1" in data]
    assert ours, "the review file should carry its release data"
    for name in ours:
        del parts[name]
        parts.pop(name.replace("customXml/", "customXml/_rels/") + ".rels", None)
    relations = etree.fromstring(parts["word/_rels/document.xml.rels"])
    for relation in list(relations):
        if relation.get("Target").removeprefix("../") in ours:
            relations.remove(relation)
    parts["word/_rels/document.xml.rels"] = etree.tostring(relations, xml_declaration=True, encoding="UTF-8")
    write_parts(path, parts)


def test_an_older_review_file_still_uses_its_json_and_says_what_is_missing(draft, run_cli):
    result, memory = draft
    fill(result.outputs["review"])
    _without_carried_data(result.outputs["review"])
    assert run_cli(["check", result.outputs["review"]]).code == 0
    json_path = result.outputs["json"]
    json_path.rename(json_path.with_suffix(".kept"))
    untouched = Untouched(result, memory)
    done = run_cli(["ingest", result.outputs["review"], "--memory", memory])
    assert done.code == 2 and "the review file carries no release data and no .json is beside it — put " \
                              "source.zh.json beside it, or pass --release FILE.json" in done.stderr
    untouched.check()
    chosen = run_cli(["ingest", result.outputs["review"], "--memory", memory, "--release",
                      json_path.with_suffix(".kept")])
    assert chosen.code == 0, chosen.stderr


# --- QA guards the memory ------------------------------------------------------------------------------

def test_an_unacknowledged_error_blocks_the_ingest_and_writes_nothing(draft, run_cli):
    result, memory = draft
    fill(result.outputs["review"], REVIEWED | {"p2.s1": REVIEWED["p2.s1"].replace("40", "41")})
    untouched = Untouched(result, memory)
    done = run_cli(["ingest", result.outputs["review"], "--memory", memory, "--json"])
    assert done.code == 1
    report = json.loads(done.stdout)
    assert not report["written"] and report["english"] is None and report["memory"] == {}
    assert [(i["segment_id"], i["check"]) for i in report["issues"] if i["severity"] == "error"] == [
        ("p2.s1", "numbers_match")]
    untouched.check()


def test_accepted_errors_are_recorded_on_the_units(draft, run_cli):
    result, memory = draft
    wrong = REVIEWED["p2.s1"].replace("40", "41")
    fill(result.outputs["review"], REVIEWED | {"p2.s1": wrong})
    done = run_cli(["ingest", result.outputs["review"], "--memory", memory, "--accept-errors"])
    assert done.code == 0, done.stderr
    assert "p2.s1\terror\tnumbers_match" in done.stdout  # the summary still shows what was accepted
    with Memory(memory) as opened:
        unit = opened.exact(result.release.segments[2].zh)
    assert (unit.en, unit.note) == (wrong, "accepted with --accept-errors: numbers_match")


# --- credits -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("toml, flags, release_reviewer, expected", [
    ("", [], "", None),  # nobody credited: no Reviewer line (the tracked-change author is only suggested)
    ('[credits]\nreviewer = "Zhang Wei"\n', [], "", "Zhang Wei"),
    ('[credits]\nreviewer = "Zhang Wei"\n', ["--reviewer", "Li Na"], "", "Li Na"),
    ('[credits]\nreviewer = "Zhang Wei"\n', [], "Chen Jing", "Chen Jing"),  # given at translate time
    ("", ["--reviewer", "Li Na"], "Chen Jing", "Li Na"),
])
def test_who_is_credited_as_reviewer(tmp_path, press_home, run_cli, toml, flags, release_reviewer, expected):
    (press_home / "press.toml").write_text(toml, encoding="utf-8")
    source = tmp_path / "source.zh.txt"
    shutil.copy(SAMPLE, source)
    out = tmp_path / "out"
    translated = run_cli(["translate", source, "-o", out, "--engine", "none", "-q", "--memory",
                          tmp_path / "memory.sqlite", *(["--reviewer", release_reviewer] if release_reviewer else [])])
    assert translated.code == 0, translated.stderr
    fill(out / "source.zh.review.docx", tracked_by="Tracked Author")
    done = run_cli(["ingest", out / "source.zh.review.docx", "--memory", tmp_path / "memory.sqlite", *flags])
    assert done.code == 0, done.stderr
    lines = [p.text for p in docx.Document(str(out / "source.zh.en.docx")).paragraphs]
    assert [line for line in lines if line.startswith("Reviewer:")] == ([f"Reviewer: {expected}"] if expected else [])
    assert 'tracked changes by Tracked Author — pass --reviewer "Tracked Author" to credit them' in done.stdout


def test_the_translator_comes_from_press_toml_unless_a_flag_names_one(tmp_path, press_home, run_cli):
    (press_home / "press.toml").write_text('[credits]\ntranslator = "Wu Yangyue"\n', encoding="utf-8")
    for flags, expected in (([], "Wu Yangyue"), (["--translator", "Zhou Min"], "Zhou Min")):
        out = tmp_path / f"out-{len(flags)}"
        done = run_cli(["translate", SAMPLE, "-o", out, "--engine", "none", "-q", "--memory",
                        tmp_path / "memory.sqlite", *flags])
        assert done.code == 0, done.stderr
        lines = [p.text for p in docx.Document(str(out / "source.zh.en.docx")).paragraphs]
        assert f"Translator: {expected}" in lines
        assert json.loads((out / "source.zh.json").read_text(encoding="utf-8"))["credits"]["translator"] == expected


@pytest.mark.parametrize("english", [
    "The memory of the 1994 agreement is alive: 40 delegations have visited since.",
    "An error (a typo) in the earlier notice has been corrected.",
    "OK: the plan was approved by the municipal government.",
    "The delegation received a glossary: a list of key terms of the exchange.",
    "Officials said the warning (issued on Monday) had been lifted.",
    "Memory 100 per cent of the time: the motto of the archive.",
])
def test_english_that_only_looks_like_a_note_is_accepted(english):
    from pipeline.outputs.review import NOTE_TEXT

    assert NOTE_TEXT.search(english) is None
