"""outputs/ (review, english, json) and assemble.py: the three files of `--engine none`, re-opened and asserted."""
from __future__ import annotations

import gc
import json
import os
import stat
from pathlib import Path

import docx

from pipeline.model import signature_line
import jsonschema
import pytest

from conftest import GLOSSARY_DIR, sample_sources
from pipeline.api import translate_file
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.model import Credits
from pipeline.runner import build_context

SCHEMA = json.loads((Path(__file__).parent / "schema/release.schema.json").read_text(encoding="utf-8"))
CREDITS = Credits("Wu Yangyue", "Jane Smith", "http://www.changde.gov.cn/art/2021/11/7/art_1.html")
NAMES = ("source.zh.review.docx", "source.zh.en.docx", "source.zh.json")
TRADE_FAIR = next(p for p in sample_sources() if "trade-fair" in str(p))


def make_context():
    return build_context(Config(engine="none", glossary=str(GLOSSARY_DIR), quiet=True))


@pytest.fixture(scope="module")
def translated(tmp_path_factory):
    """Every sample translated once with engine none into its own folder: {slug: (Result, folder)}."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRESS_HOME", str(tmp_path_factory.mktemp("press-home")))
        ctx = make_context()
        results = {}
        for path in sample_sources():
            folder = tmp_path_factory.mktemp(path.parent.name)
            results[path.parent.name] = (translate_file(path, out_dir=folder, credits=CREDITS, ctx=ctx), folder)
    return results


@pytest.fixture(params=[path.parent.name for path in sample_sources()])
def sample(request, translated):
    return translated[request.param]


def test_three_files_and_nothing_else(sample):
    result, folder = sample
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)
    assert {kind: path.name for kind, path in result.outputs.items()} == dict(zip(
        ("review", "english", "json"), NAMES))


# --- review .docx ---------------------------------------------------------------------------------
def review_rows(folder: Path) -> list[list[str]]:
    table = docx.Document(str(folder / NAMES[0])).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def row_comments(folder: Path) -> list[list[str]]:
    """The text of the Word comments anchored in each table row (header included)."""
    document = docx.Document(str(folder / NAMES[0]))
    comments = {comment.comment_id: comment.text for comment in document.comments}
    return [[comments[int(ref)] for ref in row._tr.xpath(".//w:commentReference/@w:id")]
            for row in document.tables[0].rows]


def test_review_table_header_names_the_four_columns_then_status(sample):
    _, folder = sample
    header = docx.Document(str(folder / NAMES[0])).tables[0].rows[0].cells
    assert [cell.paragraphs[0].text for cell in header] == ["ID", "中文", "English", "Notes", "Status"]


def test_review_table_header_is_exactly_the_four_names_and_status(sample):
    _, folder = sample
    assert review_rows(folder)[0] == ["ID", "中文", "English", "Notes", "Status"]


def test_review_rows_do_not_split_across_pages(sample):
    _, folder = sample
    rows = docx.Document(str(folder / NAMES[0])).tables[0].rows
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in rows[1:])
    assert rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # the header repeats on every page


def test_review_status_of_an_untranslated_draft(sample):
    result, folder = sample
    assert [row[4] for row in review_rows(folder)[1:]] == ["untranslated"] * len(result.release.segments)


@pytest.mark.parametrize("kind", ["review", "english"])
def test_chinese_text_is_declared_in_a_windows_east_asian_font(translated, kind):
    """SimSun (宋体) exists on every Windows; the font table tells Word and LibreOffice what to substitute."""
    _, folder = translated["changde-higashiomi-2021"]
    path = folder / NAMES[0 if kind == "review" else 1]
    document = docx.Document(str(path))
    fonts = document.styles["Normal"].element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
    assert fonts == ["SimSun"]
    assert document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:eastAsia") == ["zh-CN"]
    import zipfile

    table = zipfile.ZipFile(path).read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="SimSun"><w:altName w:val="宋体"/>' in table and '<w:charset w:val="86"/>' in table


def test_review_one_row_per_segment_in_order(sample):
    result, folder = sample
    rows = review_rows(folder)
    segments = result.release.segments
    assert [row[0] for row in rows[1:]] == [s.id for s in segments]
    assert [row[1] for row in rows[1:]] == [s.zh for s in segments]
    assert rows[1][0] == "p0.s1" and rows[1][1] == result.release.headline


def test_review_english_is_empty_when_untranslated(sample):
    result, folder = sample
    for row, segment in zip(review_rows(folder)[1:], result.release.segments):
        assert segment.origin == "untranslated"
        assert row[2] == ""  # never fake English
        assert "no English yet" in row[3]  # the not_empty finding, shown in Notes


def test_review_shows_every_glossary_rendering_in_its_row(sample):
    # in the Notes cell or in a Word comment anchored in the same row (issue 5)
    result, folder = sample
    listed = 0
    for row, comments, segment in zip(review_rows(folder)[1:], row_comments(folder)[1:],
                                      result.release.segments):
        lines = row[3].split("\n") + [line for text in comments for line in text.split("\n")]
        for term in segment.terms:
            assert any(line.startswith("glossary: ") and f"{term.zh} → {term.en}" in line for line in lines), \
                (segment.id, term.zh, lines)
            listed += 1
    assert listed >= 5


def test_review_notes_column_lists_the_glossary_renderings(sample):
    result, folder = sample
    for row, segment in zip(review_rows(folder)[1:], result.release.segments):
        for term in segment.terms:
            assert f"{term.zh} → {term.en}" in row[3]


def test_review_is_landscape_and_signed(sample):
    result, folder = sample
    document = docx.Document(str(folder / NAMES[0]))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert document.core_properties.comments == signature_line(result.release.signature)
    assert document.core_properties.keywords == f"release-hash:{result.release.hash}"


# --- English .docx --------------------------------------------------------------------------------
def test_english_title_first_credits_last(sample):
    result, folder = sample
    document = docx.Document(str(folder / NAMES[1]))
    paragraphs = [p for p in document.paragraphs]
    assert paragraphs[0].text == "[untranslated p0.s1]"  # an explicit marker, not invented English
    # a plain bold headline in the house style: not Word's blue, bordered Title style
    assert all(p.style.name == "Normal" for p in paragraphs)
    assert [run.bold for run in paragraphs[0].runs] == [True] and paragraphs[0].runs[0].font.color.rgb is None
    texts = [p.text for p in paragraphs]
    assert texts[-3:] == ["Translator: Wu Yangyue", "Reviewer: Jane Smith",
                          f"Chinese source: {CREDITS.source_url}"]
    body = [t for t in texts[1:-3] if t.startswith("[untranslated p")]
    assert len(body) == len(result.release.paragraphs)
    # body paragraphs in source order, each holding its own sentences
    for number, text in enumerate(body, start=1):
        ids = [s.id for s in result.release.segments if s.paragraph == number]
        assert text == " ".join(f"[untranslated {i}]" for i in ids)


def test_english_dateline_follows_the_title(translated):
    result, folder = translated["changde-higashiomi-2021"]
    texts = [p.text for p in docx.Document(str(folder / NAMES[1])).paragraphs]
    assert texts[1] == "Source: Changde Government Website | Date: November 7, 2021"


def test_english_core_properties(sample):
    result, folder = sample
    document = docx.Document(str(folder / NAMES[1]))
    core = document.core_properties
    assert core.title == document.paragraphs[0].text
    assert core.author == "Wu Yangyue"
    assert core.comments == signature_line(result.release.signature)
    assert "engine=none" in core.comments and result.release.signature["engine"] == "none"


# --- JSON -----------------------------------------------------------------------------------------
def load_json(folder: Path) -> dict:
    return json.loads((folder / NAMES[2]).read_text(encoding="utf-8"))


def test_json_matches_the_schema(sample):
    _, folder = sample
    jsonschema.validate(load_json(folder), SCHEMA)


def test_schema_rejects_a_release_without_segment_ids(sample):
    _, folder = sample
    data = load_json(folder)
    del data["segments"][0]["id"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_json_segments_agree_with_the_review_table_and_the_text(sample, glossary):
    result, folder = sample
    data = load_json(folder)
    assert data["source"] == str(result.release.path)
    assert [s["id"] for s in data["segments"]] == [row[0] for row in review_rows(folder)[1:]]
    assert data["segments"][0]["zh"] == result.release.headline
    forms = {entry.zh: set(entry.forms) for entry in glossary.entries}
    for segment in data["segments"]:
        assert segment["en"] == "" and segment["origin"] == "untranslated"
        for term in segment["terms"]:
            assert segment["zh"][term["start"]:term["end"]] in forms[term["zh"]]
    assert data["credits"] == CREDITS.as_dict()


def test_json_meta_of_the_trade_fair(translated):
    _, folder = translated["changde-trade-fair-2021"]
    assert load_json(folder)["meta"] == {"source": "常德市商务局", "date": "2021-09-16", "author": "市商务局",
                                         "url": "", "source_en": "Municipal Bureau of Commerce of Changde"}


def test_traditional_sample_is_converted_and_signed_t2s(translated):
    _, folder = translated["changde-ipswich-2019-traditional"]
    data = load_json(folder)
    assert data["signature"]["opencc"] == "t2s"
    assert data["segments"][0]["zh"] == "常德市与澳大利亚伊普斯维奇市缔结友好城市十二周年"


def test_traditional_sample_metadata(translated):
    _, folder = translated["changde-ipswich-2019-traditional"]
    data = load_json(folder)
    assert data["meta"]["source"] == "常德市人民政府外事办公室"
    assert not data["segments"][1]["zh"].startswith("来源")


# --- atomic writing -------------------------------------------------------------------------------
def test_default_output_folder_is_beside_the_input(tmp_path, press_home):
    source = tmp_path / "release.txt"
    source.write_bytes(TRADE_FAIR.read_bytes())
    result = translate_file(source, ctx=make_context())
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(
        ["release.txt", "release.review.docx", "release.en.docx", "release.json"])
    assert all(path.parent == tmp_path for path in result.outputs.values())


def test_rewriting_replaces_the_previous_outputs(tmp_path, press_home):
    out = tmp_path / "out"
    ctx = make_context()
    translate_file(TRADE_FAIR, out_dir=out, ctx=ctx)
    translate_file(TRADE_FAIR, out_dir=out, credits=CREDITS, ctx=ctx)
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert load_json(out)["credits"]["translator"] == "Wu Yangyue"


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# python-docx leaves its ZipFile open when a write fails; its __del__ then reports the same error
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_writer_failing_midway_leaves_nothing(tmp_path, spine_context):
    # a real failure halfway through writing the review .docx: the file-size limit of a full disk/quota
    resource = pytest.importorskip("resource")
    signal = pytest.importorskip("signal")
    out = tmp_path / "out"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (8_000, hard))  # the review .docx is 10-20 KB
    try:
        with pytest.raises((OSError, PipelineError)):
            translate_file(TRADE_FAIR, out_dir=out, ctx=spine_context)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    gc.collect()
    assert out.is_dir() and files_under(out) == []


def test_a_credit_xml_cannot_hold_leaves_nothing(tmp_path, press_home):
    # pasted from a terminal into --reviewer: refused before or while writing, never half-written
    with pytest.raises(Exception):
        translate_file(TRADE_FAIR, out_dir=tmp_path / "out", credits=Credits("Wu Yangyue", "Li\x01 Na"),
                       ctx=make_context())
    assert files_under(tmp_path / "out") == []


def test_a_credit_xml_cannot_hold_is_a_user_error(tmp_path, press_home):
    with pytest.raises(PipelineError):
        translate_file(TRADE_FAIR, out_dir=tmp_path, credits=Credits("Wu Yangyue", "Li\x01 Na"),
                       ctx=make_context())


def test_a_failed_rename_leaves_no_partial_outputs(tmp_path, press_home):
    out = tmp_path / "out"
    (out / "source.zh.json").mkdir(parents=True)  # os.replace(file, directory) fails
    with pytest.raises(Exception):
        translate_file(TRADE_FAIR, out_dir=out, ctx=make_context())
    assert [p.name for p in out.iterdir()] == ["source.zh.json"]


def test_a_failed_rename_leaves_no_temporary_files(tmp_path, press_home):
    out = tmp_path / "out"
    (out / "source.zh.json").mkdir(parents=True)
    with pytest.raises(Exception):
        translate_file(TRADE_FAIR, out_dir=out, ctx=make_context())
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_outputs_get_ordinary_permissions(tmp_path, press_home):
    old = os.umask(0o022)
    try:
        translate_file(TRADE_FAIR, out_dir=tmp_path / "out", ctx=make_context())
    finally:
        os.umask(old)
    for name in NAMES:
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644


def test_confidence_reaches_the_review_status_the_json_and_the_summary(tmp_path, monkeypatch):
    """Issue 15: a low-confidence engine draft is 'check carefully' (with its confidence, in the status
    colour) in the review table, and its status and confidence are in the JSON; a confident one is not."""
    from dataclasses import replace

    from pipeline import runner
    from pipeline.stages import status as verdict
    from pipeline.formats import read_release
    from pipeline.outputs import write_outputs
    from pipeline.outputs.review import STATUS_FILLS

    monkeypatch.setenv("PRESS_HOME", str(tmp_path / "home"))
    source = tmp_path / "weather.txt"
    source.write_text("天气预报\n\n今天天气很好。我们都很高兴。\n", encoding="utf-8")
    ctx = make_context()
    release = runner.run(read_release(source), ctx, stop_after="recall")
    english = {"天气预报": "Weather forecast", "今天天气很好。": "The weather is fine today.",
               "我们都很高兴。": "We are all very happy."}
    low, high = verdict.LOW_CONFIDENCE - 0.2, min(0.99, verdict.LOW_CONFIDENCE + 0.2)
    drafted = tuple(replace(seg, en=english[seg.zh], origin="engine",
                            confidence=low if seg.zh == "今天天气很好。" else high) for seg in release.segments)
    release = runner.run(replace(release, segments=drafted), ctx, start_after="repair")
    assert verdict.careful(release) == 1
    paths = write_outputs(release, tmp_path / "out")

    table = docx.Document(str(paths["review"])).tables[0]
    status = {row.cells[1].text: row.cells[4] for row in table.rows[1:]}
    careful_cell = status["今天天气很好。"]
    assert careful_cell.text.splitlines() == ["check carefully", f"confidence {low:.0%}".replace("%", "\u00a0%")]
    fill = careful_cell._tc.tcPr.find(docx.oxml.ns.qn("w:shd")).get(docx.oxml.ns.qn("w:fill"))
    assert fill == STATUS_FILLS["check"]
    assert status["我们都很高兴。"].text.splitlines() == ["engine", f"confidence {high:.0%}".replace("%", "\u00a0%")]

    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    by_zh = {item["zh"]: item for item in data["segments"]}
    assert by_zh["今天天气很好。"]["status"] == "check carefully"
    assert by_zh["今天天气很好。"]["confidence"] == pytest.approx(low)
    assert by_zh["我们都很高兴。"]["status"] == "engine"
