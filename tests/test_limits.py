"""Limits (press.toml [limits]) and what keeps large inputs cheap: read from real files, written, re-opened."""
from __future__ import annotations

import dataclasses
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import GLOSSARY_DIR, SAMPLES
from pipeline import config as config_module
from pipeline import ooxml
from pipeline.batch import collect
from pipeline.config import Config, Limits
from pipeline.errors import LimitError, PipelineError, printable
from pipeline.formats import read_release
from pipeline.formats.txt import mixed_lines
from pipeline.model import Issue, Release, Segment
from pipeline.outputs import review, write_outputs, xliff
from pipeline.runner import prepare
from pipeline.safexml import parse as parse_xml, xml_safe
from pipeline.stages.assemble import compose
from pipeline.stages.segment import split_sentences
from pipeline.stages.status import judged

SAMPLE = SAMPLES / "changde-higashiomi-2021" / "source.zh.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("toml, expected", [
    ("", Limits()),
    ("[limits]\nsegments = 50\n", Limits(segments=50)),
    ("[limits]\ninput_bytes = 1000\ndocx_ratio = 20\n", Limits(input_bytes=1000, docx_ratio=20)),
])
def test_limits_come_from_press_toml(tmp_path, toml, expected):
    (tmp_path / "press.toml").write_text(toml, encoding="utf-8")
    assert config_module.load(path=tmp_path / "press.toml").limits == expected


@pytest.mark.parametrize("toml, message", [
    ("[limits]\npages = 3\n", "unknown setting pages in [limits] — did you mean pdf_pages?"),
    ("[limits]\nsegments = 0\n", "segments = 0 is not a positive whole number"),
    ("[limits]\nsegments = \"many\"\n", "is not a positive whole number"),
    ("[limits]\nsegment_chars = true\n", "is not a positive whole number"),
    ("[run]\nlimits = 3\n", "unknown setting limits in [run]"),
])
def test_a_bad_limit_is_a_user_error(tmp_path, toml, message):
    (tmp_path / "press.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(PipelineError, match=re.escape(message)):
        config_module.load(path=tmp_path / "press.toml")


@pytest.mark.parametrize("found, suggested", [(80_123_456, 89_000_000), (20_001, 23_000), (5, 6), (99, 110)])
def test_the_error_suggests_a_round_limit_above_what_was_found(found, suggested):
    error = Limits().exceeded("segments", found, "segments", "x.txt")
    assert isinstance(error, LimitError) and error.hint.endswith(f"[limits] segments = {suggested}")
    assert f"{found:,} segments, over the limit of 20,000" in str(error)


def context(spine_context, **limits):
    return dataclasses.replace(spine_context, config=dataclasses.replace(
        spine_context.config, limits=Limits(**limits)))


@pytest.mark.parametrize("limits, raised", [
    ({"input_bytes": 100}, "input_bytes"),
    ({"segments": 4}, "segments"),  # 4 paragraphs and the headline: refused when read, before normalising
    ({"segments": 7}, "segments"),  # but 8 segments: refused by the segment stage
    ({"segment_chars": 40}, "segment_chars"),
])
def test_a_release_past_a_limit_is_refused_naming_the_limit(spine_context, limits, raised):
    with pytest.raises(LimitError) as error:
        prepare(SAMPLE, context(spine_context, **limits))
    assert f"[limits] {raised} = " in error.value.hint and error.value.path == str(SAMPLE)


def test_a_release_at_its_limits_passes(spine_context):
    longest = max(len(segment.zh) for segment in prepare(SAMPLE, spine_context).segments)
    release = prepare(SAMPLE, context(spine_context, segments=8, segment_chars=longest))
    assert len(release.segments) == 8


def zip_with(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("parts, limits, raised", [
    ({"word/document.xml": b" " * 3_000_000}, {}, "docx_ratio"),  # 3 MB of spaces: ~3 KB compressed
    ({"word/document.xml": b" " * 3_000_000}, {"docx_ratio": 5000}, None),
    ({"word/document.xml": os.urandom(600_000)}, {"docx_part_bytes": 500_000}, "docx_part_bytes"),
    ({f"word/media/{n}.bin": os.urandom(300_000) for n in range(5)}, {"docx_part_bytes": 300_000},
     "docx_part_bytes"),  # each part within the limit, all five together over 4 × it
])
def test_the_zip_directory_is_checked_before_inflating(tmp_path, parts, limits, raised):
    path = zip_with(tmp_path / "x.docx", parts)
    if raised is None:
        ooxml.check_package(path, Limits(**limits))
        return
    with pytest.raises(LimitError) as error:
        ooxml.check_package(path, Limits(**limits))
    assert f"[limits] {raised} = " in error.value.hint


def test_an_excel_workbook_is_checked_like_a_docx_and_a_non_zip_is_left_to_its_reader(tmp_path):
    from pipeline.ooxml.package import check_workbook

    bomb = zip_with(tmp_path / "terms.xlsx", {"xl/worksheets/sheet1.xml": b" " * 3_000_000})
    with pytest.raises(LimitError) as error:
        check_workbook(bomb, Limits())
    assert "[limits] docx_ratio = " in error.value.hint and "xl/worksheets/sheet1.xml" in str(error.value)
    check_workbook(bomb, Limits(docx_ratio=5000))
    not_zip = tmp_path / "plain.xlsx"
    not_zip.write_text("zh,en\n", encoding="utf-8")
    check_workbook(not_zip, Limits())  # openpyxl's reader says "not a readable Excel .xlsx file"


@pytest.mark.parametrize("lines, found", [
    ([b"\xe5\xb8\xb8\xe5\xbe\xb7", b"", "常德市".encode("gbk")], (1, 3)),  # UTF-8 headline, GBK body
    (["常德市".encode("gbk"), "东近江".encode("gbk")], None),  # all GBK
    ([b"title", "常德市".encode("gbk")], None),  # an ASCII line is both
])
def test_mixed_encodings_are_found_line_by_line(lines, found):
    assert mixed_lines(b"\n".join(lines)) == found


@pytest.mark.parametrize("text", ["一。二！三？", "《标题。》后文。末", "等等……等，然后。", "无标点", ""])
def test_sentence_split_jumps_between_marks_as_the_character_loop_did(text):
    # the reference: the character-by-character loop split_sentences replaced
    def reference(text):
        sentences, start, depth, index = [], 0, 0, 0
        while index < len(text):
            char = text[index]
            depth += char == "《"
            depth = max(0, depth - (char == "》"))
            if depth == 0 and char in "。！？!?…":
                end = index + 1
                while end < len(text) and text[end] in "。！？!?…":
                    end += 1
                if char == "…" and end < len(text) and text[end] in "等，、,":
                    index = end
                    continue
                while end < len(text) and text[end] in "”’」』）)】〕\"'":
                    end += 1
                sentences.append(text[start:end])
                start = index = end
                continue
            index += 1
        sentences.append(text[start:])
        return [s.strip() for s in sentences if s.strip()]
    assert split_sentences(text) == reference(text)


def release_of(count: int, en: str = "", path: str = "big.txt") -> Release:
    segments = tuple(Segment(f"p{n}.s1", f"第{n}句。", paragraph=n, en=en) for n in range(count))
    issues = tuple(Issue("not_empty", "info", segment.id, f"no English yet for {segment.id}")
                   for segment in segments)
    release = Release(path=Path(path), headline=segments[0].zh, paragraphs=tuple(s.zh for s in segments[1:]),
                      segments=segments, issues=issues)
    return judged(dataclasses.replace(release, english=compose(release)))  # as the check and assemble stages leave it


def test_a_long_review_file_has_one_comment_per_segment_with_its_own_findings(tmp_path):
    release = release_of(300)
    review.write(release, tmp_path / "r.docx")
    document = docx.Document(str(tmp_path / "r.docx"))
    comments = {comment.comment_id: comment for comment in document.comments}
    assert sorted(comments) == list(range(300))
    references = [int(element.get(f"{W}id")) for element in document.element.body.iter(f"{W}commentReference")]
    assert references == list(range(300))
    for number in (0, 150, 299):
        assert comments[number].text.endswith(f"no English yet for p{number}.s1")
    rows = ooxml.body_tables(document)[0]
    assert [" ".join(row.cells[0].lines) for row in rows[1:]] == [s.id for s in release.segments]
    assert rows[151].cells[3].lines == ("info (not_empty): no English yet for p150.s1",)


def test_the_findings_index_follows_the_release(tmp_path):
    first, second = release_of(3), release_of(3)
    second = dataclasses.replace(second, issues=(Issue("numbers_match", "error", "p1.s1", "other"),))
    assert review.finding_notes(first.segments[1], first) == ["info (not_empty): no English yet for p1.s1"]
    assert review.finding_notes(second.segments[1], second) == ["error (numbers_match): other"]
    assert review.finding_notes(second.segments[2], second) == []


def test_control_characters_never_reach_a_document(tmp_path):
    release = release_of(3, en="Two\x00 cities\x1b[31m signed\x07.", path="name\x1b[2J.txt")
    written = write_outputs(release, tmp_path)
    english = docx.Document(str(written["english"]))
    assert "Two cities[31m signed." in [p.text for p in english.paragraphs][2]
    assert docx.Document(str(written["review"])).core_properties.subject == "name[2J.txt"
    assert xml_safe(release).segments[1].en == "Two cities[31m signed."
    assert xml_safe(release_of(2)) is not None


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_control_characters_never_reach_an_xliff_file(tmp_path, version):
    release = release_of(3, en="Two\x00 cities\x1b[31m signed\x07.", path="name\x1b[2J.txt")
    xliff.write(release, tmp_path / "r.xlf", version)
    root = parse_xml(str(tmp_path / "r.xlf")).getroot()  # well-formed: ElementTree wrote no raw ESC
    targets = [element.text for element in root.iter() if element.tag.endswith("}target")]
    assert targets == ["Two cities[31m signed."] * 3
    assert xliff.read_review(tmp_path / "r.xlf").rows[1].en == "Two cities[31m signed."


def test_the_review_file_carries_the_release_as_drafted(tmp_path):
    # the table shows the draft without its control characters; the data inside is the release itself,
    # so it agrees with the .json beside it
    release = release_of(3, en="Two\x1b cities.")
    written = write_outputs(release, tmp_path)
    carried = review.read_review(written["review"]).release
    assert carried.segments[1].en == "Two\x1b cities." and carried.hash == release.hash
    assert review.read_review(written["review"]).rows[1].en == "Two cities."


def test_control_characters_are_escaped_on_the_terminal():
    assert printable("a\x1b[31mb\x07") == "a\\x1b[31mb\\x07"
    assert str(PipelineError("cannot read", "bad\x1bname.txt")) == "bad\\x1bname.txt: cannot read"


def test_the_json_is_renamed_into_place_last(tmp_path, monkeypatch):
    renamed = []
    real = os.replace

    def replace(source, target):
        renamed.append(Path(target).name)
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    write_outputs(release_of(2), tmp_path)
    assert renamed == ["big.review.docx", "big.en.docx", "big.json"]


@pytest.mark.parametrize("out", ["in", "in/out"])
def test_a_walked_folder_is_its_own_output_folder_or_holds_it(tmp_path, out):
    (tmp_path / "in" / "out").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "in" / "out" / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "in" / "a.review.docx").write_bytes(b"")
    jobs = collect([tmp_path / "in"], tmp_path / out)
    expected = ["a.txt", "b.txt"] if out == "in" else ["a.txt"]
    assert sorted(job.source.name for job in jobs) == expected


def test_new_documents_copy_one_slim_template(tmp_path):
    first, second = ooxml.new_document(), ooxml.new_document(landscape=True)
    first.add_paragraph("only in the first")
    assert [p.text for p in second.paragraphs] == []
    ooxml.save(first, tmp_path / "a.docx")
    names = zipfile.ZipFile(tmp_path / "a.docx").namelist()
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    reopened = docx.Document(str(tmp_path / "a.docx"))
    assert reopened.styles["Normal"].font.name == "Times New Roman"
    assert {"Title", "Normal"} <= {style.name for style in reopened.styles}


def test_a_release_read_with_default_limits_has_them(spine_context):
    release = read_release(SAMPLE, Config(glossary=str(GLOSSARY_DIR)).limits)
    assert release.headline and len(release.paragraphs) == 4
