"""The reviewer loop on real .docx files: translate → edit (plain and tracked) → check → acknowledge → ingest
→ search, correct and delete memory units → translate again, on SQLite and PostgreSQL; and what a reviewer's
file must never lose (the release data it carries)."""
from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline import config as config_module
from pipeline import ooxml as office
from pipeline.api import translate_file
from pipeline.errors import ReviewError
from pipeline.memory import Memory
from pipeline.memory.postgres import is_url
from pipeline.model import signature_line, Release, Segment, TermHit
from pipeline.review.ingest import changes_between, check_review, ingest_review
from pipeline.outputs.review import read_review
from pipeline.runner import build_context
from postgres_support import empty, postgres_server, postgres_url  # noqa: F401 — fixtures
from review_support import (REVIEWED, REVIEWER, SAMPLE, SOFFICE, edit_review, fill, resave_with_libreoffice,
                            w as _w)

# The reviewer's English, segment by segment, as Word stores it: ("t", text) plain run, ("b", text) bold run,
# ("ins", text) tracked insertion, ("del", text) tracked deletion, ("p",) a new paragraph in the cell,
# ("comment",) a reviewer's comment mark (no text).
EDITS = {
    "p0.s1": [("t", 'Changde and Higashiomi Reached the "Sister City Agreement"')],
    "p1.s1": [("ins", REVIEWED["p1.s1"])],
    "p2.s1": [("t", "Changde and Higashiomi have been in a sister city relationship since 1994, and the two sides have "),
              ("del", "made"), ("ins", "exchanged"), ("t", " 40 delegation visits"),
              ("del", " of 300 people"), ("ins", " with 350 people"), ("t", "."), ("comment",)],
    "p2.s2": [("t", "In the meantime, the two sides have also maintained close economic and trade exchanges, "),
              ("b", "Changde"), ("t", " exports citrus, grapes, vegetables and other products to Higashiomi "
                                      "all year round.")],
}
EXPECTED = {
    "p0.s1": 'Changde and Higashiomi Reached the "Sister City Agreement"',
    "p1.s1": REVIEWED["p1.s1"],
    "p2.s1": "Changde and Higashiomi have been in a sister city relationship since 1994, and the two sides have exchanged "
             "40 delegation visits with 350 people.",
    "p2.s2": "In the meantime, the two sides have also maintained close economic and trade exchanges, "
             "Changde exports citrus, grapes, vegetables and other products to Higashiomi all year round.",
}


class NoCallEngine:
    """An engine that must not be asked: the second translation comes from the memory."""

    name = "no-call"
    concurrency = 1
    calls = 0

    @property
    def signature(self) -> dict:
        return {"engine": self.name}

    def translate(self, request) -> str:
        self.calls += 1
        return "ENGINE OUTPUT"


class HeadlineEngine(NoCallEngine):
    """An engine asked only for sentences the memory no longer holds; it answers with a fixed English."""

    def __init__(self, english: str):
        self.english, self.asked = english, []

    def translate(self, request) -> str:
        self.calls += 1
        self.asked.append(request.zh)
        return self.english


def memory_state(location: str) -> object:
    """Return what a memory holds: a file byte for byte, a PostgreSQL database unit by unit."""
    if is_url(location):
        with Memory(location) as memory:
            return [unit.as_dict() for unit in memory.units()]
    return Path(location).read_bytes()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A translated sample (engine none): its outputs folder and an empty translation memory."""
    monkeypatch.setenv("PRESS_HOME", str(tmp_path / "home"))
    source = tmp_path / "changde.zh.txt"
    shutil.copy(SAMPLE, source)
    config = config_module.Config(engine="none", quiet=True, memory=str(tmp_path / "memory.sqlite"),
                                  glossary=str(SAMPLE.parents[2] / "glossary"))
    ctx = build_context(config)
    result = translate_file(source, out_dir=tmp_path / "out", ctx=ctx)
    ctx.memory.close()
    return tmp_path, result, config


def test_the_review_file_is_reviewer_ready(workspace):
    _, result, _ = workspace
    document = office.open_document(result.outputs["review"])
    assert office.tracks_changes(document)
    props = office.properties(document)
    assert props["keywords"] == f"release-hash:{result.release.hash}"
    assert props["comments"] == signature_line(result.release.signature)
    comments = {c.text for c in document.comments}
    assert "glossary: 东近江市 → Higashiomi" in "\n".join(comments)
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["ID", "中文", "English", "Notes", "Status"]  # issue 2's four, the Status column last
    assert "do not edit" in office.properties(document)["title"] or any(
        "do not edit" in p.text for p in document.paragraphs[:3]) or "do not edit" in "".join(
        p.text for p in document.sections[0].header.paragraphs)
    body = etree.fromstring(zipfile.ZipFile(result.outputs["review"]).read("word/document.xml"))
    fills = [shd.get(_w("fill")) for tc in body.iter(_w("tr")).__next__().findall(_w("tc"))
             for shd in tc.iter(_w("shd"))]
    assert fills[:2] == ["EDEDED", "EDEDED"]
    anchored = [tc for tc in body.iter(_w("tc")) if tc.find(f".//{_w('commentRangeStart')}") is not None]
    assert anchored and all("".join(tc.itertext()) in {s.zh for s in result.release.segments} for tc in anchored)


def test_the_review_file_carries_its_release_data(workspace):
    """The data `press ingest` needs travels inside the .docx, as a custom XML part the document relates."""
    _, result, _ = workspace
    with zipfile.ZipFile(result.outputs["review"]) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    ours = [name for name, data in parts.items() if name.startswith("customXml/item")
            and b"urn:x-press-pipeline:release:1" in data and "Props" not in name]
    assert len(ours) == 1
    carried = json.loads(etree.fromstring(parts[ours[0]]).text)
    assert carried == json.loads(result.outputs["json"].read_text(encoding="utf-8"))
    relations = etree.fromstring(parts["word/_rels/document.xml.rels"])
    assert any(r.get("Target") == "../" + ours[0] and r.get("Type").endswith("/customXml") for r in relations)
    properties = ours[0].replace("item", "itemProps")
    assert b"urn:x-press-pipeline:release:1" in parts[properties]
    assert read_review(result.outputs["review"]).data is not None


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_full_loop_translate_edit_check_acknowledge_ingest_upkeep_translate_again(workspace, run_cli, database,
                                                                                  request):
    """Issue 13's loop: a wrong figure blocks the ingest until the reviewer acknowledges it in Notes; the
    stored units are then found, one corrected and one deleted, and the next translation reuses the rest."""
    tmp_path, result, config = workspace
    if database == "postgresql":  # the drafts were made with the file; the reviewed work goes to the server
        config = replace(config, memory=empty(request.getfixturevalue("postgres_url")))
    review_path = result.outputs["review"]
    edits = {sid: [("ins", text)] for sid, text in REVIEWED.items()} | EDITS
    head, tail = REVIEWED["p3.s1"].split(" deepened", 1)
    edits["p3.s1"] = [("ins", head), ("p",), ("ins", "deepened" + tail)]  # the reviewer pressed Enter
    edits["p2.s1"] = [("t", "Changde and Higashiomi have been sister cities since 1994, and the two sides have "
                            "exchanged "), ("del", "40"), ("ins", "41"), ("t", " delegation visits with 350 people.")]
    edit_review(review_path, edits)
    english = {row.id: row.en for row in read_review(review_path).rows}
    assert english["p3.s1"] == REVIEWED["p3.s1"] and english["p2.s2"] == EXPECTED["p2.s2"]

    checked = run_cli(["check", review_path, "--json", "--glossary", SAMPLE.parents[2] / "glossary"])
    assert checked.code == 1
    (error,) = [i for i in json.loads(checked.stdout)["issues"] if i["severity"] == "error"]
    assert (error["segment_id"], error["check"]) == ("p2.s1", "numbers_match")

    memory_args, memory_before = ["--memory", config.memory], memory_state(config.memory)
    blocked = run_cli(["ingest", review_path, *memory_args])
    assert blocked.code == 1 and "not ingested" in blocked.stderr and "ok: <check>" in blocked.stderr
    assert "p2.s1\terror\tnumbers_match" in blocked.stdout and "1 error" in blocked.stdout
    assert memory_state(config.memory) == memory_before and not list(review_path.parent.glob("*.changes.txt"))

    edit_review(review_path, {}, notes={"p2.s1": "ok: numbers_match — the source is wrong: 41 visits"})
    acknowledged = run_cli(["check", review_path])
    assert acknowledged.code == 0, acknowledged.stdout
    assert "p2.s1\tacknowledged\tnumbers_match\tfigure 40" in acknowledged.stdout
    assert "(ok: the source is wrong: 41 visits)" in acknowledged.stdout and "1 acknowledged" in acknowledged.stdout

    ingested = run_cli(["ingest", review_path, *memory_args, "--reviewer", REVIEWER])
    assert ingested.code == 0, ingested.stderr
    assert "8 changed, 0 confirmed, 0 left empty" in ingested.stdout
    report = (review_path.parent / "changde.zh.changes.txt").read_text(encoding="utf-8")
    assert "p2.s1 changed" in report and "  ok: numbers_match — the source is wrong: 41 visits" in report
    with Memory(config.memory) as memory:
        units = {unit.zh: unit for unit in memory.units()}
        assert len(units) == 8 and {u.origin for u in units.values()} == {"reviewed"}
        assert {u.reviewer for u in units.values()} == {REVIEWER}
        noted = {u.zh: u.note for u in units.values() if u.note}
        assert noted == {result.release.segments[2].zh: "ok: numbers_match — the source is wrong: 41 visits"}
        again = ingest_review(review_path, memory, reviewer=REVIEWER)  # ingesting twice changes nothing
        assert again.stored == {"added": 0, "updated": 0, "unchanged": 8}
    final = office.open_document(review_path.parent / "changde.zh.en.docx")
    text = "\n".join(p.text for p in final.paragraphs)
    assert "exchanged 41 delegation visits" in text and f"Reviewer: {REVIEWER}" in text

    # upkeep (issue 13.5): find the units by either side, correct one, delete the release-specific headline
    zh = {segment.id: segment.zh for segment in result.release.segments}

    def search(text: str) -> list[dict]:
        found = run_cli(["memory", "search", text, *memory_args, "--json"])
        assert found.code == 0, found.stderr
        return json.loads(found.stdout)

    (visits,) = [hit for hit in search("delegation visits") if hit["zh"] == zh["p2.s1"]]
    assert (visits["en"], visits["note"], visits["side"]) == (
        english["p2.s1"], "ok: numbers_match — the source is wrong: 41 visits", "en")
    (trade,) = [hit for hit in search("经贸往来") if hit["zh"] == zh["p2.s2"]]
    corrected = REVIEWED["p2.s2"]  # the reviewer's comma splice, joined with "and"
    assert trade["en"] == english["p2.s2"] != corrected
    edited = run_cli(["memory", "edit", trade["id"], "--en", corrected, "--reviewer", "Zhang Wei", *memory_args])
    assert edited.code == 0 and f"unit {trade['id']} edited by Zhang Wei" in edited.stdout, edited.stderr
    shown = json.loads(run_cli(["memory", "show", trade["id"], *memory_args, "--json"]).stdout)
    assert (shown["en"], shown["origin"], shown["reviewer"]) == (corrected, "reviewed", "Zhang Wei")
    (headline,) = [hit for hit in search("友好城市协议") if hit["zh"] == zh["p0.s1"]]
    deleted = run_cli(["memory", "delete", headline["id"], *memory_args])
    assert deleted.code == 0 and f"deleted unit {headline['id']} (reviewed)" in deleted.stdout, deleted.stderr
    gone = run_cli(["memory", "show", headline["id"], *memory_args])
    assert gone.code == 2 and f"no unit with id {headline['id']}" in gone.stderr

    ctx = build_context(replace(config, engine="none"))
    ctx.engine, ctx.cache = HeadlineEngine(EXPECTED["p0.s1"]), None
    second = translate_file(tmp_path / "changde.zh.txt", out_dir=tmp_path / "again", ctx=ctx)
    ctx.memory.close()
    assert set(ctx.engine.asked) == {zh["p0.s1"]}  # only the deleted unit's sentence is drafted again
    assert {s.id: (s.en, s.origin) for s in second.release.segments} == {
        sid: (text, "memory") for sid, text in english.items()} | {
        "p0.s1": (EXPECTED["p0.s1"], "engine"), "p2.s2": (corrected, "memory")}
    rows = office.open_document(second.outputs["review"]).tables[0].rows[1:]
    assert {row.cells[4].text for row in rows[1:]} == {"memory 100\u00a0%"}  # the acknowledgement came along
    assert rows[0].cells[4].text != "memory 100\u00a0%"
    assert "ok: numbers_match — the source is wrong: 41 visits" in rows[2].cells[3].text.splitlines()
    (finding,) = [i for i in check_review(second.outputs["review"]).issues if i.severity == "error"]
    assert (finding.segment_id, finding.acknowledged) == ("p2.s1", "the source is wrong: 41 visits")


def test_the_tracked_change_author_is_suggested_never_credited(workspace):
    _, result, config = workspace
    fill(result.outputs["review"], tracked_by="Zhang Wei")
    assert read_review(result.outputs["review"]).tracked_by == "Zhang Wei"
    with Memory(config.memory) as memory:
        ingested = ingest_review(result.outputs["review"], memory)
        assert {unit.reviewer for unit in memory.units()} == {""}
    report = ingested.report_path.read_text(encoding="utf-8")
    assert 'tracked changes by Zhang Wei — pass --reviewer "Zhang Wei" to credit them' in report.splitlines()
    text = [p.text for p in office.open_document(ingested.english_path).paragraphs]
    assert not any(line.startswith("Reviewer:") for line in text)


def test_a_second_review_round_reports_a_replaced_glossary_term(workspace):
    tmp_path, result, config = workspace
    fill(result.outputs["review"])
    with Memory(config.memory) as memory:
        assert ingest_review(result.outputs["review"], memory).stored["added"] == len(REVIEWED)
    ctx = build_context(config)
    second = translate_file(tmp_path / "changde.zh.txt", out_dir=tmp_path / "round2", ctx=ctx)
    ctx.memory.close()
    edit_review(second.outputs["review"], {"p0.s1": [
        ("t", "Changde and "), ("del", "Higashiomi"), ("ins", "Higashi-Omi"),
        ("t", ' Reached the "Sister City Agreement"')]},
        notes={"p0.s1": "ok: glossary_terms_used — the city asked for Higashi-Omi"})
    with Memory(config.memory) as memory:
        result2 = ingest_review(second.outputs["review"], memory)
        assert memory.exact(second.release.segments[0].zh).en.startswith("Changde and Higashi-Omi")
        assert result2.stored == {"added": 0, "updated": 1, "unchanged": len(second.release.segments) - 1}
    (change,) = [c for c in result2.changes if c.status == "changed"]
    assert change.glossary == ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Higashi-Omi'",)
    assert result2.count("confirmed") == len(second.release.segments) - 1


@pytest.mark.parametrize("mutation, message", [
    ({"zh_edits": {"p2.s1": "常德与东近江市自1995年缔结友好城市以来，双方共互访40批350人次。"}},
     r"the 中文 of segment p2\.s1 \(table row 4\) was edited"),
    ({"id_edits": {"p2.s2": "p9.s9"}}, r"unknown segment id 'p9\.s9' in table row 5"),
    ({"id_edits": {"p2.s2": "p2.s1"}}, r"segment p2\.s1 appears twice \(table rows 4 and 5\)"),
    ({"drop": ("p3.s2",)}, r"segment p3\.s2 is missing from the review table"),
])
def test_a_tampered_review_is_refused_and_nothing_is_written(workspace, mutation, message):
    tmp_path, result, config = workspace
    edit_review(result.outputs["review"], {"p0.s1": [("t", "Edited.")]}, **mutation)
    before = result.outputs["english"].read_bytes()
    with Memory(config.memory) as memory:
        with pytest.raises(ReviewError, match=message) as caught:
            ingest_review(result.outputs["review"], memory)
        assert memory.stats()["units"] == 0
    assert caught.value.hint and caught.value.path == str(result.outputs["review"])
    assert result.outputs["english"].read_bytes() == before
    assert not list(result.outputs["english"].parent.glob("*.changes.txt"))


def test_a_review_of_another_release_is_refused(workspace, tmp_path):
    _, result, config = workspace
    other = tmp_path / "other"
    other.mkdir()
    source = other / "changde.zh.txt"
    source.write_text(SAMPLE.read_text(encoding="utf-8").replace("40批", "41批"), encoding="utf-8")
    ctx = build_context(config)
    translated = translate_file(source, out_dir=other, ctx=ctx)
    ctx.memory.close()
    with Memory(config.memory) as memory:
        with pytest.raises(ReviewError, match="belongs to another release"):
            ingest_review(translated.outputs["review"], memory, release_path=result.outputs["json"])
        with pytest.raises(ReviewError, match="no review table"):
            ingest_review(result.outputs["english"], memory, release_path=result.outputs["json"])
        plain = office.new_document()
        plain.add_paragraph("Dear colleagues, please find the English attached.")
        office.save(plain, tmp_path / "letter.docx")
        with pytest.raises(ReviewError, match="not a press-pipeline review file"):
            ingest_review(tmp_path / "letter.docx", memory, release_path=result.outputs["json"])
        assert memory.stats()["units"] == 0
    assert not list(tmp_path.rglob("*.changes.txt")) and not (tmp_path / "letter.en.docx").exists()


def _draft(en: str, terms=()) -> Release:
    return Release(path=Path("x.zh.txt"), headline="常德与东近江市",
                   segments=(Segment("p0.s1", "常德与东近江市", 0, terms=terms, en=en, origin="engine"),))


TERMS = (TermHit("常德市", "Changde", "city", 0, 2), TermHit("东近江市", "Higashiomi", "city", 3, 7))
SISTER = TermHit("友好城市", "sister city", "term", 0, 4)
OFFICE = TermHit("市委外事办", "Foreign Affairs Office of Changde Municipal Party Committee", "office", 0, 5)
DELTA = TermHit("长三角", "the Yangtze River Delta", "strategy", 0, 3)


@pytest.mark.parametrize("before, after, terms, status, hints", [
    ("Changde and Higashiomi", "Changde and Higashiomi", TERMS, "confirmed", ()),
    ("Changde and Higashiomi", "", TERMS, "empty", ()),
    ("Changde and Higashiomi", "Changde and Higashiomi City", TERMS, "changed", ()),
    ("Changde and Higashiomi", "Changde and Higashi-Omi", TERMS, "changed",
     ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Higashi-Omi'",)),
    ("Changde and Higashiomi met", "Changde met", TERMS, "changed",
     ("东近江市: reviewer removed glossary rendering 'Higashiomi'",)),
    ("", "Changteh and Higashiomi", TERMS, "changed",
     ("常德市: the reviewed English does not use the glossary rendering 'Changde'",)),
    # plurals and case are no replacement
    ("They became a sister city.", "They became sister cities.", (SISTER,), "changed", ()),
    ("Two sister cities met.", "Two Sister Cities met.", (SISTER,), "changed", ()),
    ("CHANGDE and HIGASHIOMI", "Changde and Higashiomi", TERMS, "changed", ()),
    ("The Yangtze River Delta grows.", "Yangtze River Delta grows fast.", (DELTA,), "changed", ()),
    # never repeat: the same term twice in the segment gives one hint
    ("Higashiomi and Higashiomi City", "Higashi-Omi and Higashi-Omi City", TERMS[1:] * 2, "changed",
     ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Higashi-Omi'",)),
    # never take the next word, even when its case changed or it was replaced too
    ('Changde and Higashiomi Reached the "Agreement"', 'Changde and Higashi-Omi reached the "Agreement"', TERMS,
     "changed", ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Higashi-Omi'",)),
    ("Changde and Higashiomi Reached it", "Changde and Higashi Omi Signed it", TERMS, "changed",
     ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Higashi Omi'",)),
    ("Changde and Higashiomi, Japan", "Changde and Higashi-Omi, Japan", TERMS, "changed",
     ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Higashi-Omi'",)),
    ("Visits to Higashiomi.", "Visits to Omi City.", TERMS[1:], "changed",
     ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Omi City'",)),
    # a rendering of several words, one of them changed: the whole new rendering, nothing around it
    ("the Foreign Affairs Office of Changde Municipal Party Committee said", "the Foreign Affairs Office of "
     "the CPC Changde Municipal Committee said", (OFFICE,), "changed",
     ("市委外事办: reviewer replaced glossary rendering 'Foreign Affairs Office of Changde Municipal Party "
      "Committee' with 'Foreign Affairs Office of the CPC Changde Municipal Committee'",)),
])
def test_changes_name_what_the_reviewer_did(before, after, terms, status, hints):
    draft = _draft(before, terms)
    (change,) = changes_between(draft, replace(draft, segments=(replace(draft.segments[0], en=after),)))
    assert (change.status, change.glossary) == (status, hints)


def test_press_check_and_ingest_commands(workspace, run_cli):
    tmp_path, result, config = workspace
    review_path = result.outputs["review"]
    wrong = "Changde and Higashiomi have been sister cities since 1994, exchanging 41 delegation visits with 350 people."
    edit_review(review_path, {"p0.s1": [("t", EXPECTED["p0.s1"])], "p2.s1": [("t", wrong)]})
    checked = run_cli(["check", review_path, "--json"])
    assert checked.code == 1, checked.stderr
    findings = json.loads(checked.stdout)["issues"]
    assert any(i["segment_id"] == "p2.s1" and i["severity"] == "error" and "40" in i["message"] for i in findings)
    assert any(i["segment_id"] == "p1.s1" and i["severity"] == "error" for i in findings)  # empty cell
    assert not any(i["segment_id"] == "p0.s1" and i["severity"] == "error" for i in findings)
    text = run_cli(["check", review_path])
    assert text.code == 1 and "p2.s1\terror\t" in text.stdout
    memory, memory_before = ["--memory", config.memory], Path(config.memory).read_bytes()
    refused = run_cli(["ingest", review_path, *memory, "--reviewer", "Zhang Wei"])
    assert refused.code == 1 and "not ingested: 7 error finding(s) in p1.s1, p2.s1" in refused.stderr
    assert not (tmp_path / "out" / "changde.zh.changes.txt").exists()
    assert Path(config.memory).read_bytes() == memory_before
    ingested = run_cli(["ingest", review_path, *memory, "--reviewer", "Zhang Wei", "--accept-errors", "--json"])
    assert ingested.code == 0, ingested.stderr
    reported = json.loads(ingested.stdout)
    assert reported["written"] and reported["memory"] == {"added": 2, "updated": 0, "unchanged": 0}
    assert (tmp_path / "out" / "changde.zh.changes.txt").exists()
    report = (tmp_path / "out" / "changde.zh.changes.txt").read_text(encoding="utf-8")
    assert "2 changed, 0 confirmed, 6 left empty" in report
    assert "p1.s1 still has no English (not stored)\n  accepted with --accept-errors: not_empty" in report
    with Memory(config.memory) as opened:
        notes = {unit.en: unit.note for unit in opened.units()}
    assert notes == {EXPECTED["p0.s1"]: None, wrong: "accepted with --accept-errors: numbers_match"}
    missing = run_cli(["ingest", tmp_path / "nowhere.review.docx", *memory])
    assert missing.code == 2 and missing.stderr.startswith("error: ")


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_review_renamed_moved_and_saved_again_by_libreoffice_is_ingested_without_its_json(workspace, tmp_path):
    """LibreOffice rewrites the package (core-properties relationship, keywords, part names) and keeps
    tracked changes and the custom XML part with the release data."""
    _, result, config = workspace
    edit_review(result.outputs["review"], {sid: [("ins", text)] for sid, text in REVIEWED.items()} | EDITS)
    renamed = tmp_path / "inbox" / "Changde (Li Na edits).docx"
    renamed.parent.mkdir()
    shutil.move(result.outputs["review"], renamed)
    result.outputs["json"].unlink()
    review_path = resave_with_libreoffice(renamed, tmp_path / "saved", tmp_path / "lo-profile")
    assert not list(review_path.parent.glob("*.json"))
    assert not [issue for issue in check_review(review_path).issues if issue.severity == "error"]
    with Memory(config.memory) as memory:
        ingested = ingest_review(review_path, memory, reviewer=REVIEWER)
    assert {c.id: c.after for c in ingested.changes if c.id in EXPECTED} == EXPECTED
    assert ingested.release.credits.reviewer == REVIEWER and ingested.tracked_by == ""
    assert ingested.english_path == review_path.parent / "changde.zh.en.docx"
    assert ingested.report_path == review_path.parent / "changde.zh.changes.txt"


def test_qa_findings_and_glossary_notes_become_comments_on_the_segment(tmp_path):
    from pipeline.model import Issue
    from pipeline.outputs.review import write as write_review

    from pipeline.stages.status import judged

    release = judged(replace(_draft("Changde and Dongjiang exchanged 41 delegations.", TERMS), issues=(
        Issue("numbers_match", "error", "p0.s1", "40 in the Chinese is missing from the English"),
        Issue("credits_present", "warning", None, "no translator credited"))))
    path = tmp_path / "x.review.docx"
    write_review(release, path)
    document = office.open_document(path)
    (note,) = document.comments
    assert note.author == "press-pipeline" and note.text.split("\n") == [
        "glossary: 常德市 → Changde", "glossary: 东近江市 → Higashiomi",
        "error (numbers_match): 40 in the Chinese is missing from the English"]
    (warning,) = [p for p in document.paragraphs if p.text == "warning (credits_present): no translator credited"]
    assert [run.font.color.rgb for run in warning.runs] == [None]  # red is for errors only
    cells = document.tables[0].rows[1].cells
    assert [c.text for c in cells[:3]] + [cells[4].text] == ["p0.s1", "常德与东近江市", release.segments[0].en,
                                                             "error"]
    colours = {run.text.strip(): str(run.font.color.rgb) for run in cells[3].paragraphs[0].runs}
    assert colours["error (numbers_match): 40 in the Chinese is missing from the English"] == "C00000"
    assert colours["glossary: 常德市 → Changde"] == "None"


def test_a_review_file_needs_no_json_beside_it(workspace):
    _, result, config = workspace
    fill(result.outputs["review"])
    result.outputs["json"].unlink()
    assert not [issue for issue in check_review(result.outputs["review"]).issues if issue.severity == "error"]
    with Memory(config.memory) as memory:
        assert ingest_review(result.outputs["review"], memory).stored["added"] == len(REVIEWED)


@pytest.mark.parametrize("damage, message, hint", [
    (lambda path: path.write_text("{not json", encoding="utf-8"), "not a press-pipeline release JSON",
     "move changde.zh.json away"),
    (lambda path: path.write_text(path.read_text(encoding="utf-8").replace("40批", "41批"), encoding="utf-8"),
     "the release JSON was edited", "move changde.zh.json away"),
])
def test_a_damaged_release_json_beside_the_review_is_refused(workspace, damage, message, hint):
    _, result, config = workspace
    damage(result.outputs["json"])
    before = result.outputs["english"].read_bytes()
    with Memory(config.memory) as memory:
        with pytest.raises(ReviewError, match=message) as caught:
            ingest_review(result.outputs["review"], memory)
        assert memory.stats()["units"] == 0
    assert caught.value.path == str(result.outputs["json"]) and caught.value.hint.startswith(hint)
    assert result.outputs["english"].read_bytes() == before
    assert not list(result.outputs["english"].parent.glob("*.changes.txt"))
