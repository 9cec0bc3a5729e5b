"""formats/txt.py and formats/layout.py: encodings, refusals, headline/metadata/paragraph layout."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.formats import read_release, readers
from pipeline.formats.txt import decode, read
from pipeline.model import Meta

# Opening sentences of the 2025 Report on the Work of the Government (zh.wikisource.org, see
# shared/data/cn-gov-work-report-zh/SOURCE.txt), laid out as a release with a metadata line.
HEADLINE = "国务院召开常务会议 部署稳外贸稳外资工作"
PARAGRAPHS = (
    "过去一年，我国发展历程很不平凡。经济运行总体平稳、稳中有进，全年经济社会发展主要目标任务顺利完成，"
    "高质量发展扎实推进。",
    "经济规模稳步扩大，国内生产总值达到134.9万亿元、增长5%，增速居世界主要经济体前列。",
)
SIMPLIFIED = f"{HEADLINE}\n\n来源：中国政府网　日期：2025-03-05\n\n" + "\n\n".join(PARAGRAPHS) + "\n"

HEADLINE_TRADITIONAL = "國務院召開常務會議 部署穩外貿穩外資工作"
PARAGRAPHS_TRADITIONAL = (
    "過去一年，我國發展歷程很不平凡。經濟運行總體平穩、穩中有進，全年經濟社會發展主要目標任務順利完成，"
    "高質量發展紮實推進。",
    "經濟規模穩步擴大，國內生產總值達到134.9萬億元、增長5%，增速居世界主要經濟體前列。",
)
# Big5 cannot even encode the simplified keys 来源/日期 (来 is not in Big5); traditional metadata keys
# are tested separately below, so this release has no metadata line.
TRADITIONAL = f"{HEADLINE_TRADITIONAL}\n\n" + "\n\n".join(PARAGRAPHS_TRADITIONAL) + "\n"
# 䶮 (U+4DAE, CJK extension A) is outside GBK: only GB18030 encodes it (four bytes).
GB18030_ONLY = SIMPLIFIED.replace("过去一年", "刘䶮说，过去一年")

GOV_META = Meta(source="中国政府网", date="2025-03-05")
ENCODINGS = [
    pytest.param("utf-8", SIMPLIFIED, GOV_META, id="utf-8"),
    pytest.param("utf-8-sig", SIMPLIFIED, GOV_META, id="utf-8-bom"),
    pytest.param("gb18030", GB18030_ONLY, GOV_META, id="gb18030"),
    pytest.param("gbk", SIMPLIFIED, GOV_META, id="gbk"),
    pytest.param("big5", TRADITIONAL, Meta(), id="big5"),
    pytest.param("utf-16", SIMPLIFIED, GOV_META, id="utf-16-bom"),
]


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "release.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding, text, meta", ENCODINGS)
def test_each_encoding_reads_back_the_same_release(tmp_path, encoding, text, meta):
    data = text.encode(encoding)
    if not encoding.startswith("utf-8"):
        # the file really is in that encoding, not accidentally valid UTF-8
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    path = tmp_path / "release.txt"
    path.write_bytes(data)
    release = read_release(path)
    lines = [line for line in text.split("\n") if line]
    assert release.headline == lines[0]
    assert release.meta == meta
    assert release.paragraphs == tuple(line for line in lines[1:] if "日期：" not in line)
    assert release.path == path
    assert release.first_line == 1
    assert "\ufeff" not in release.headline


def test_big5_sample_is_really_big5_and_reads():
    path = Path(__file__).resolve().parent.parent / "samples/changde-ipswich-2019-traditional/source.zh.txt"
    data = path.read_bytes()
    assert data.decode("big5").startswith("常德市與澳大利亞")
    assert read(path).headline == "常德市與澳大利亞伊普斯維奇市締結友好城市十二週年"


# --- refusals: one InputError naming the path, the reason and a hint -----------------------------
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
       b"\x00IEND\xaeB`\x82")
REFUSED = [
    pytest.param(b"", "the file is empty", id="empty"),
    pytest.param(b" \n\t\r\n  \n", "the file is empty", id="ascii-whitespace"),
    pytest.param("\u3000\n\u3000\u3000\n".encode(), "the file has no text", id="full-width-spaces"),
    pytest.param(PNG, "this is not a text file", id="png-renamed-txt"),
    pytest.param(gzip.compress(SIMPLIFIED.encode(), mtime=0), "this is not a text file", id="gzip"),
    pytest.param(HEADLINE.encode() + b"\n\n", "the release has a headline but no body paragraphs",
                 id="headline-only"),
]


@pytest.mark.parametrize("data, message", REFUSED)
def test_unreadable_content_is_refused_with_a_hint(tmp_path, data, message):
    path = tmp_path / "release.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_release(path)
    error = caught.value
    assert error.message == message
    assert error.path == str(path)
    assert error.hint
    assert str(error).startswith(f"{path}")
    assert "\n" not in str(error)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.txt"
    with pytest.raises(InputError) as caught:
        read_release(path)
    assert str(caught.value) == f"{path}: no such file — check the path"


def test_directory_named_like_a_release(tmp_path):
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(InputError) as caught:
        read_release(path)
    assert str(caught.value) == f"{path}: is a directory — pass a release file"


def test_directory_without_extension_is_an_unsupported_type(tmp_path):
    with pytest.raises(InputError, match="unsupported file type '\\(none\\)'"):
        read_release(tmp_path)


def test_unsupported_extension_names_the_known_ones(tmp_path):
    path = write(tmp_path, SIMPLIFIED, name="release.pages")
    with pytest.raises(InputError) as caught:
        read_release(path)
    assert caught.value.message == "unsupported file type '.pages'"
    for extension in (".txt", ".doc", ".pdf", ".wps"):
        assert extension in caught.value.hint


def test_headline_only_error_names_the_headline_line(tmp_path):
    path = write(tmp_path, "\n\n" + HEADLINE + "\n")
    with pytest.raises(InputError) as caught:
        read_release(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: ")


def test_dispatch_is_built_from_reader_declarations():
    assert readers()[".txt"].__name__ == "pipeline.formats.txt"


# --- layout: headline, metadata lines, paragraphs --------------------------------------------------
BODY = "11月5日上午，市委外事办与日本东近江市企划科负责人通过视频连线进行了会谈。\n\n双方共互访40批350人次。\n"
META_CASES = [
    pytest.param("来源：常德政府网　日期：2021-11-07 08:40:54",
                 Meta(source="常德政府网", date="2021-11-07 08:40:54"), id="source-date-one-line"),
    pytest.param("日期：2021-11-07　来源：常德政府网",
                 Meta(source="常德政府网", date="2021-11-07"), id="date-before-source"),
    pytest.param("作者：市商务局\n原文链接：http://www.changde.gov.cn/a/1.html\n来源：常德市商务局",
                 Meta(source="常德市商务局", author="市商务局", url="http://www.changde.gov.cn/a/1.html"),
                 id="three-lines-any-order"),
    pytest.param("来源：常德市商务局　作者：市商务局　日期：2021-09-16　原文链接：http://x.cn/1",
                 Meta(source="常德市商务局", author="市商务局", date="2021-09-16", url="http://x.cn/1"),
                 id="four-on-one-line"),
    pytest.param("来源: 常德政府网   日期: 2021-11-07", Meta(source="常德政府网", date="2021-11-07"),
                 id="ascii-colons-and-spaces"),
    pytest.param("发布时间：2021-11-07\n\n信息来源：常德政府网", Meta(source="常德政府网", date="2021-11-07"),
                 id="long-keys-blank-line-between"),
    pytest.param("来源：常德政府网　日期：2021-11-07 08:40:54　【字体：大 中 小】",
                 Meta(source="常德政府网", date="2021-11-07 08:40:54"), id="font-size-furniture-same-line"),
    pytest.param("来源：常德政府网　日期：2021-11-07\n【字体：大 中 小】【打印】【关闭】",
                 Meta(source="常德政府网", date="2021-11-07"), id="furniture-line-after-meta"),
    pytest.param("", Meta(), id="no-metadata"),
]


@pytest.mark.parametrize("header, meta", META_CASES)
def test_metadata_lines(tmp_path, header, meta):
    text = f"常德与东近江市达成“友好城市协议”\n{header}\n\n{BODY}"
    release = read_release(write(tmp_path, text))
    assert release.headline == "常德与东近江市达成“友好城市协议”"
    assert release.meta == meta
    assert release.paragraphs == ("11月5日上午，市委外事办与日本东近江市企划科负责人通过视频连线进行了会谈。",
                                  "双方共互访40批350人次。")


def test_traditional_metadata_keys(tmp_path):
    text = ("常德市與伊普斯維奇市締結友好城市\n\n來源：常德市人民政府外事辦公室　發布日期：2019年7月12日\n"
            "原文鏈接：http://www.changde.gov.cn/a/1.html\n\n兩市共互派代表團26批、210人次。\n")
    release = read_release(write(tmp_path, text, "big5"))
    assert release.meta == Meta(source="常德市人民政府外事辦公室", date="2019年7月12日",
                                url="http://www.changde.gov.cn/a/1.html")
    assert release.paragraphs == ("兩市共互派代表團26批、210人次。",)


def test_furniture_lines_inside_the_body_are_dropped(tmp_path):
    text = f"标题\n\n{BODY}\n【字体：大 中 小】【打印】【关闭】\n"
    release = read_release(write(tmp_path, text))
    assert all("【" not in paragraph for paragraph in release.paragraphs)
    assert len(release.paragraphs) == 2


def test_wrapped_lines_join_and_blank_lines_separate(tmp_path):
    text = "标题\r\n\r\n第一段第一行，\r\n第一段第二行。\r\n\r\n\r\n第二段。\r\n"
    release = read_release(write(tmp_path, text))
    assert release.paragraphs == ("第一段第一行，第一段第二行。", "第二段。")


def test_leading_blank_lines_move_the_headline(tmp_path):
    release = read_release(write(tmp_path, "\n\n  标题  \n正文。\n"))
    assert (release.headline, release.first_line, release.paragraphs) == ("标题", 3, ("正文。",))


def test_a_body_line_that_only_mentions_a_key_is_not_metadata(tmp_path):
    release = read_release(write(tmp_path, "标题\n来源地区的企业参加了会议。\n"))
    assert release.meta == Meta()
    assert release.paragraphs == ("来源地区的企业参加了会议。",)


@pytest.mark.parametrize("encoding, text", [
    ("gbk", "常德市召开会议\n市长出席会议。\n"),
    ("big5", "常德市召開會議\n市長出席會議。\n"),
    ("gbk", "通知\n\n明天放假。\n"),
])
def test_short_releases_are_detected_too(tmp_path, encoding, text):
    release = read_release(write(tmp_path, text, encoding))
    assert (release.headline, *release.paragraphs) == tuple(line for line in text.split("\n") if line)


# one-row glossary files: where a detector guesses wrong (测试丙 in GBK is 聆彸梡 in Big5)
@pytest.mark.parametrize("encoding, text", [
    ("gbk", "zh,en\n测试丙,test C\n"),
    ("gbk", "洛美,Lomé\n"),  # é is in GBK too: an accented English word is no sign of Big5
    ("gbk", "波哥大,Bogotá\n"),
    ("gb18030", "刘䶮,Liu Yan\n"),  # a rare character only GB18030 reads
    ("big5", "zh,en\n臺北市,Taipei\n高雄市,Kaohsiung\n"),
    ("utf-8-sig", "zh,en\n测试丙,test C\n"),
])
def test_short_chinese_files_decode_as_written(encoding, text):
    assert decode(text.encode(encoding), Path("terms.csv")) == text


@pytest.mark.parametrize("data", [b"zh,en\n\xe9t\xe9,summer\n", "Zürich,Zurich\n".encode("cp1252"),
                                  "Curaçao;Düsseldorf\n".encode("cp1252"),
                                  "São Paulo,Brazil\n".encode("cp1252")])  # as Big5: S緌 Paulo
def test_text_that_reads_as_no_chinese_is_refused(data):
    with pytest.raises(InputError, match="cannot tell the text encoding"):
        decode(data, Path("terms.csv"))
