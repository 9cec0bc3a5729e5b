"""The reviewer loop on real .docx files: translate → edit (plain and tracked) → check → ingest → translate again."""
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
from pipeline.model import signature_line, Release, Segment, TermHit
from pipeline.ingest import changes_between, check_review, ingest_review
from pipeline.outputs.review import read_review
from pipeline.runner import build_context

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "changde-higashiomi-2021" / "source.zh.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVIEWER = "Li Na"

# The reviewer's English, segment by segment, as Word stores it: ("t", text) plain run, ("b", text) bold run,
# ("ins", text) tracked insertion, ("del", text) tracked deletion, ("p",) a new paragraph in the cell,
# ("comment",) a reviewer's comment mark (no text).
EDITS = {
    "p0.s1": [("t", 'Changde and Higashiomi Reached the "Sister City Agreement"')],
    "p1.s1": [("ins", "On the morning of November 5, taking the opportunity of the 22nd China-Japan-Korea "
                      "Friendship Cities Exchange Conference, the Foreign Affairs Office of Changde Municipal "
                      "Party Committee, the Municipal Bureau of Commerce of Changde and the heads of the "
                      "Planning Division of Higashiomi, Japan held talks by video link on further exchanges "
                      "and continued friendship, and discussed future exchange plans.")],
    "p2.s1": [("t", "Changde and Higashiomi have been in a sister city relationship since 1994, and the two sides have "),
              ("del", "made"), ("ins", "exchanged"), ("t", " 40 delegation visits"),
              ("del", " of 300 people"), ("ins", " with 350 people"), ("t", "."), ("comment",)],
    "p2.s2": [("t", "In the meantime, the two sides have also maintained close economic and trade exchanges, "),
              ("b", "Changde"), ("t", " exports citrus, grapes, vegetables and other products to Higashiomi "
                                      "all year round.")],
}
EXPECTED = {
    "p0.s1": 'Changde and Higashiomi Reached the "Sister City Agreement"',
    "p1.s1": EDITS["p1.s1"][0][1],
    "p2.s1": "Changde and Higashiomi have been in a sister city relationship since 1994, and the two sides have exchanged "
             "40 delegation visits with 350 people.",
    "p2.s2": "In the meantime, the two sides have also maintained close economic and trade exchanges, "
             "Changde exports citrus, grapes, vegetables and other products to Higashiomi all year round.",
}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _run(text: str, deleted: bool = False, bold: bool = False):
    run = etree.Element(_w("r"))
    if bold:
        etree.SubElement(etree.SubElement(run, _w("rPr")), _w("b"))
    t = etree.SubElement(run, _w("delText" if deleted else "t"))
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    return run


def _tracked(kind: str, text: str, number: int):
    change = etree.Element(_w(kind), {_w("id"): str(number), _w("author"): REVIEWER,
                                      _w("date"): "2026-11-28T05:00:00Z"})
    change.append(_run(text, deleted=kind == "del"))
    return change


def edit_review(path: Path, edits: dict[str, list[tuple]], zh_edits: dict[str, str] = {},
                id_edits: dict[str, str] = {}, drop: tuple[str, ...] = ()) -> None:
    """Rewrite word/document.xml of a review file the way Word saves a reviewer's edits."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    number = 100
    for row in list(root.iter(_w("tr"))):
        cells = row.findall(_w("tc"))
        segment_id = "".join(cells[0].itertext())
        if segment_id in drop:
            row.getparent().remove(row)
            continue
        if segment_id in id_edits:
            cells[0].find(f".//{_w('t')}").text = id_edits[segment_id]
        if segment_id in zh_edits:
            cells[1].find(f".//{_w('t')}").text = zh_edits[segment_id]
        if segment_id not in edits:
            continue
        paragraph = cells[2].find(_w("p"))
        for old in paragraph.findall(_w("r")):
            paragraph.remove(old)
        for kind, *text in edits[segment_id]:
            number += 1
            if kind in ("t", "b"):
                paragraph.append(_run(text[0], bold=kind == "b"))
            elif kind in ("ins", "del"):
                paragraph.append(_tracked(kind, text[0], number))
            elif kind == "p":
                paragraph = etree.SubElement(cells[2], _w("p"))
            elif kind == "comment":  # Word's marks for a reviewer comment: ranges and a reference run
                paragraph.insert(1, etree.Element(_w("commentRangeStart"), {_w("id"): "900"}))
                paragraph.append(etree.Element(_w("commentRangeEnd"), {_w("id"): "900"}))
                reference = etree.SubElement(paragraph, _w("r"))
                etree.SubElement(reference, _w("commentReference"), {_w("id"): "900"})
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


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
    header = [office.accepted_text(cell) for cell in office.tables(document)[0][0]]
    assert header == ["ID", "中文", "English", "Notes"]  # exact: issue 2's contract
    assert "do not edit" in office.properties(document)["title"] or any(
        "do not edit" in p.text for p in document.paragraphs[:3]) or "do not edit" in "".join(
        p.text for p in document.sections[0].header.paragraphs)
    body = etree.fromstring(zipfile.ZipFile(result.outputs["review"]).read("word/document.xml"))
    fills = [shd.get(_w("fill")) for tc in body.iter(_w("tr")).__next__().findall(_w("tc"))
             for shd in tc.iter(_w("shd"))]
    assert fills[:2] == ["EDEDED", "EDEDED"]
    anchored = [tc for tc in body.iter(_w("tc")) if tc.find(f".//{_w('commentRangeStart')}") is not None]
    assert anchored and all("".join(tc.itertext()) in {s.zh for s in result.release.segments} for tc in anchored)


def test_full_loop_translate_edit_check_ingest_translate_again(workspace, capsys):
    tmp_path, result, config = workspace
    review_path = result.outputs["review"]
    english = {s.id: f"Reviewed English of {s.id}." for s in result.release.segments} | EXPECTED
    fill = {sid: [("t", text)] for sid, text in english.items() if sid not in EDITS}
    fill["p3.s1"] = [("t", "Reviewed English"), ("p",), ("t", "of p3.s1.")]  # the reviewer pressed Enter
    edit_review(review_path, EDITS | fill)

    review = read_review(review_path)
    assert review.reviewer == REVIEWER
    assert {row.id: row.en for row in review.rows} == english | {"p3.s1": "Reviewed English of p3.s1."}

    checked = check_review(review_path)
    assert not [i for i in checked.issues if i.check == "not_empty"], checked.issues
    assert not [i for i in checked.issues if i.segment_id in EXPECTED and i.severity == "error"], checked.issues
    assert any(i.segment_id == "p3.s1" and i.check == "glossary_terms_used" for i in checked.issues)

    with Memory(config.memory) as memory:
        ingested = ingest_review(review_path, memory)
        assert ingested.count("changed") == len(english) and ingested.count("empty") == 0
        units = list(memory.units())
        assert {u.origin for u in units} == {"reviewed"} and len(units) == len(english)
        assert {u.reviewer for u in units} == {REVIEWER}
        again = ingest_review(review_path, memory)  # ingesting twice changes nothing
        assert again.stored == {"added": 0, "updated": 0, "unchanged": len(english)}
        assert list(memory.units()) == units
        assert again.report_path.read_text(encoding="utf-8") == ingested.report_path.read_text(encoding="utf-8")
    final = office.open_document(ingested.english_path)
    text = "\n".join(p.text for p in final.paragraphs)
    assert EXPECTED["p2.s1"] in text and f"Reviewer: {REVIEWER}" in text
    report = ingested.report_path.read_text(encoding="utf-8")
    assert "p2.s1 changed\n  before: (empty)\n  after:  " + EXPECTED["p2.s1"] in report

    ctx = build_context(replace(config, engine="none"))
    ctx.engine, ctx.cache = NoCallEngine(), None
    second = translate_file(tmp_path / "changde.zh.txt", out_dir=tmp_path / "again", ctx=ctx)
    ctx.memory.close()
    assert ctx.engine.calls == 0
    assert {s.id: (s.en, s.origin) for s in second.release.segments} == {
        sid: (row.en, "memory") for sid, row in ((r.id, r) for r in review.rows)}


def test_a_second_review_round_reports_a_replaced_glossary_term(workspace):
    tmp_path, result, config = workspace
    edit_review(result.outputs["review"], {s.id: [("t", f"Reviewed {s.id}.")] for s in result.release.segments}
                | {"p0.s1": [("t", EXPECTED["p0.s1"])]})
    with Memory(config.memory) as memory:
        ingest_review(result.outputs["review"], memory)
    ctx = build_context(config)
    second = translate_file(tmp_path / "changde.zh.txt", out_dir=tmp_path / "round2", ctx=ctx)
    ctx.memory.close()
    edit_review(second.outputs["review"], {"p0.s1": [
        ("t", "Changde and "), ("del", "Higashiomi"), ("ins", "Higashi-Omi"),
        ("t", ' Reached the "Sister City Agreement"')]})
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


def _draft(en: str, terms=()) -> Release:
    return Release(path=Path("x.zh.txt"), headline="常德与东近江市",
                   segments=(Segment("p0.s1", "常德与东近江市", 0, terms=terms, en=en, origin="engine"),))


TERMS = (TermHit("常德市", "Changde", "city", 0, 2), TermHit("东近江市", "Higashiomi", "city", 3, 7))


@pytest.mark.parametrize("before, after, status, hints", [
    ("Changde and Higashiomi", "Changde and Higashiomi", "confirmed", ()),
    ("Changde and Higashiomi", "", "empty", ()),
    ("Changde and Higashiomi", "Changde and Higashiomi City", "changed", ()),
    ("Changde and Higashiomi", "Changde and Higashi-Omi", "changed",
     ("东近江市: reviewer replaced glossary rendering 'Higashiomi' with 'Higashi-Omi'",)),
    ("Changde and Higashiomi met", "Changde met", "changed",
     ("东近江市: reviewer replaced glossary rendering 'Higashiomi'",)),
    ("", "Changteh and Higashiomi", "changed",
     ("常德市: the reviewed English does not use the glossary rendering 'Changde'",)),
])
def test_changes_name_what_the_reviewer_did(before, after, status, hints):
    draft = _draft(before, TERMS)
    (change,) = changes_between(draft, replace(draft, segments=(replace(draft.segments[0], en=after),)))
    assert (change.status, change.glossary) == (status, hints)


def test_press_check_and_ingest_commands(workspace, run_cli):
    tmp_path, result, config = workspace
    review_path = result.outputs["review"]
    edit_review(review_path, {"p0.s1": [("t", EXPECTED["p0.s1"])],
                              "p2.s1": [("t", "Changde and Higashiomi have been sister cities since 1994, "
                                              "exchanging 41 delegation visits with 350 people.")]})
    checked = run_cli(["check", review_path, "--json"])
    assert checked.code == 1, checked.stderr
    findings = json.loads(checked.stdout)["issues"]
    assert any(i["segment_id"] == "p2.s1" and i["severity"] == "error" and "40" in i["message"] for i in findings)
    assert any(i["segment_id"] == "p1.s1" and i["severity"] == "error" for i in findings)  # empty cell
    assert not any(i["segment_id"] == "p0.s1" and i["severity"] == "error" for i in findings)
    text = run_cli(["check", review_path])
    assert text.code == 1 and "p2.s1\terror\t" in text.stdout
    ingested = run_cli(["ingest", review_path, "--memory", config.memory, "--reviewer", "Zhang Wei"])
    assert ingested.code == 0, ingested.stderr
    assert "2 changed, 0 confirmed, 6 left empty" in ingested.stdout and "memory " in ingested.stdout
    assert (tmp_path / "out" / "changde.zh.changes.txt").exists()
    missing = run_cli(["ingest", tmp_path / "nowhere.review.docx", "--memory", config.memory])
    assert missing.code == 2 and missing.stderr.startswith("error: ")


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_review_saved_again_by_libreoffice_is_ingested(workspace, tmp_path):
    """LibreOffice rewrites the package (core-properties relationship, keywords) and keeps tracked changes."""
    import subprocess

    _, result, config = workspace
    edit_review(result.outputs["review"], EDITS)
    saved = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "docx", "--outdir", str(saved), str(result.outputs["review"])],
                   check=True, capture_output=True, timeout=180)
    review_path = saved / result.outputs["review"].name
    assert review_path.exists()
    with Memory(config.memory) as memory:
        ingested = ingest_review(review_path, memory, release_path=result.outputs["json"])
    assert {c.id: c.after for c in ingested.changes if c.status == "changed"} == EXPECTED
    assert ingested.release.credits.reviewer == REVIEWER


def test_qa_findings_and_glossary_notes_become_comments_on_the_segment(tmp_path):
    from pipeline.model import Issue
    from pipeline.outputs.review import write as write_review

    release = replace(_draft("Changde and Dongjiang exchanged 41 delegations.", TERMS), issues=(
        Issue("numbers_match", "error", "p0.s1", "40 in the Chinese is missing from the English"),
        Issue("credits_present", "warning", None, "no translator credited")))
    path = tmp_path / "x.review.docx"
    write_review(release, path)
    document = office.open_document(path)
    (note,) = document.comments
    assert note.author == "press-pipeline" and note.text.split("\n") == [
        "glossary: 常德市 → Changde", "glossary: 东近江市 → Higashiomi",
        "error (numbers_match): 40 in the Chinese is missing from the English"]
    assert "warning (credits_present): no translator credited" in [p.text for p in document.paragraphs]
    rows = office.tables(document)[0]
    assert [office.accepted_text(c) for c in rows[1][:3]] == ["p0.s1", "常德与东近江市", release.segments[0].en]


@pytest.mark.parametrize("damage, message", [
    (lambda path: path.unlink(), "the release data \\(.json\\) written with the review file is missing"),
    (lambda path: path.write_text("{not json", encoding="utf-8"), "not a press-pipeline release JSON"),
    (lambda path: path.write_text(path.read_text(encoding="utf-8").replace("40批", "41批"), encoding="utf-8"),
     "the release JSON was edited"),
])
def test_a_missing_or_damaged_release_json_is_refused(workspace, damage, message):
    _, result, config = workspace
    damage(result.outputs["json"])
    with Memory(config.memory) as memory:
        with pytest.raises(ReviewError, match=message) as caught:
            ingest_review(result.outputs["review"], memory)
        assert memory.stats()["units"] == 0
    assert caught.value.path == str(result.outputs["json"])
