"""The text rules behind WeChat pages, pasted text, PDF layout and OCR, as tables of cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.formats import ocr_note, ocr_paragraphs, read_pasted
from pipeline.formats.boilerplate import account_line, is_boilerplate, recover
from pipeline.formats.ocr import tidy
from pipeline.formats.office import kind_of
from pipeline.formats.pdflayout import PAGE_NUMBER, Line, Page, release_parts

HEADLINE = "常德市代表团访问东近江市"
P1 = "5月14日，市政府代表团一行8人访问东近江市。"
P2 = "双方签署了友好交流备忘录，投资额约3.5亿元。"


@pytest.mark.parametrize("line, furniture", [
    ("点击蓝字 关注我们", True), ("点击上方“常德外事”关注我们", True), ("长按识别二维码关注我们", True),
    ("阅读原文", True), ("分享 收藏 点赞 在看", True), ("阅读 1.2万", True), ("- END -", True),
    ("往期推荐", True), ("版权所有：常德市人民政府外事办公室", True), ("湘ICP备05003465号-1", True),
    ("责任编辑：王芳　审核：李明　校对：张华", True), ("【编辑：王芳】", True), ("监制 | 李明", True),
    ("【打印本页】【关闭窗口】", True),
    (P1, False), ("来源：常德市人民政府外事办公室", False), ("作者：市委外事办", False),
    ("市民可扫码预约参观，扫码关注“常德外事”了解更多活动信息。", False),  # sentences of a release, however they read
    ("外宾纷纷为常德的发展点赞。", False), ("阅读原文时请注意版权所有人的声明。", False), ("扫码关注我们", True),
    ("一、2023年工作回顾", False), ("会上，双方交换了意见。", False),
])
def test_boilerplate_lines(line, furniture):
    assert is_boilerplate(line) is furniture


@pytest.mark.parametrize("line, fields", [
    ("原创 常德外事 常德外事 2021-11-07 08:40:54 湖南", {"source": "常德外事", "date": "2021-11-07 08:40:54"}),
    ("常德发布 2023年05月22日 16:30", {"source": "常德发布", "date": "2023年05月22日 16:30"}),
    ("原创 2022-07-12 发表于湖南", {"date": "2022-07-12"}),
    ("2021年11月5日上午，市委外事办与东近江市通过视频连线进行了会谈。", {}),
    (P1, {}),
])
def test_account_line(line, fields):
    assert account_line(line) == fields


WRAPPED = ["5月14日至20日，应韩国富川市和日本东近江市邀请，市人民政", "府副市长率常德市友好代表团一行8人对两市进行了友好访问。",
           "在富川市期间，代表团拜会了富川市市长，出席了常德—富川友", "好交流合作座谈会。"]


@pytest.mark.parametrize("lines, paragraphs", [
    ([P1, P2], [P1, P2]),  # one paragraph a line, as pasted from a page
    ([P1, P2, "一、工作回顾", P1], [P1, P2, "一、工作回顾", P1]),
    (WRAPPED, [WRAPPED[0] + WRAPPED[1], WRAPPED[2] + WRAPPED[3]]),  # wrapped at a width
])
def test_paragraphs_are_recovered(lines, paragraphs):
    assert recover(lines) == paragraphs


def test_a_paste_without_blank_lines_keeps_its_paragraphs_and_drops_the_platform():
    text = "\n".join([HEADLINE, "原创 常德外事 常德外事 2023-05-22 16:30 湖南", "点击蓝字", "关注我们", P1, P2,
                      "来源：常德市人民政府外事办公室", "责任编辑：王芳　审核：李明", "阅读原文", "分享 收藏 点赞 在看"])
    release = read_pasted(text.encode("gb18030"), "x")
    assert (release.headline, release.paragraphs) == (HEADLINE, (P1, P2))
    assert (release.meta.source, release.meta.date, release.meta.author) == ("常德市人民政府外事办公室",
                                                                           "2023-05-22 16:30", "")
    assert release.path == Path("x.txt")


@pytest.mark.parametrize("data, says", [(b"", "nothing was pasted"), (b"\n \n", "nothing was pasted"),
                                        (bytes(range(256)), "not text"), ("点击蓝字\n关注我们\n".encode(), "no article"),
                                        (f"{HEADLINE}\n阅读原文\n".encode(), "no text")])
def test_pastes_that_hold_no_release(data, says):
    with pytest.raises(InputError, match=says):
        read_pasted(data, "x")


@pytest.mark.parametrize("head, kind", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", "ole2"), (b"{\\rtf1\\ansi", "rtf"), (b"PK\x03\x04\x14", "zip"),
    (b"\xef\xbb\xbf<html><head>", "html"), (b"<!DOCTYPE html>\n<html>", "html"), (b"  <meta charset='gbk'>", "html"),
    (b"MIME-Version: 1.0\r\n", "mime"), ("常德市代表团访问东近江市\n".encode(), "other"),
])
def test_office_files_are_known_by_their_bytes(head, kind):
    assert kind_of(head) == kind


@pytest.mark.parametrize("text, furniture", [
    ("— 1 —", True), ("- 12 -", True), ("第 1 页 共 3 页", True), ("第2页", True), ("2/5", True), ("Page 3 of 9", True),
    ("1994", True), ("一、工作回顾", False), ("2021年", False), (P1, False),
])
def test_page_numbers(text, furniture):
    assert bool(PAGE_NUMBER.match(text)) is furniture


def page(number: int, *lines: tuple[str, float, float, float]) -> Page:
    """A page of (text, x0, top, size) lines, each as wide as its text (full-width characters)."""
    return Page(number, 595, 842, tuple(Line(text, x0, x0 + size * len(text), top, top + size, size, number)
                                        for text, x0, top, size in lines))


def test_pdf_layout_headline_paragraphs_and_furniture():
    long_line = "市人民政府副市长率常德市友好代表团一行8人对两市进行了"  # fills the line: 27 × 16 pt from 80
    first = page(1, ("常德市人民政府外事办公室", 240, 40, 9), ("我市友好代表团出访韩国富川市和日", 100, 100, 22),
                 ("本东近江市", 240, 130, 22), ("来源：常德市人民政府外事办公室　日期：2023-05-22", 120, 180, 12),
                 ("5月14日至20日，应韩国富川市和日本东近江市邀请，", 112, 210, 16), (long_line, 80, 235, 16),
                 ("友好访问。", 80, 260, 16), ("在富川市期间，代表团拜会了富川市市长，出席了", 112, 285, 16),
                 ("— 1 —", 285, 790, 10.5))
    second = page(2, ("常德市人民政府外事办公室", 240, 40, 9), (long_line, 80, 100, 16), ("座谈会。", 80, 125, 16),
                  ("— 2 —", 285, 790, 10.5))
    headline, parts = release_parts([first, second])
    assert headline.text == "我市友好代表团出访韩国富川市和日本东近江市"
    assert [part.text for part in parts] == [
        "来源：常德市人民政府外事办公室　日期：2023-05-22",
        "5月14日至20日，应韩国富川市和日本东近江市邀请，" + long_line + "友好访问。",
        "在富川市期间，代表团拜会了富川市市长，出席了" + long_line + "座谈会。"]
    assert parts[-1].pages == (1, 2) and not any(part.ocr for part in parts)


@pytest.mark.parametrize("read, printed", [
    ("来 源: 常德政府网“日期: 2021-11-07 08:40:54", "来源：常德政府网 日期：2021-11-07 08:40:54"),
    ('开展"云外交"50余次,增进友谊', "开展“云外交”50余次，增进友谊"),
    ("共同举办“常德.富川文化周”", "共同举办“常德·富川文化周”"), ("《2023一2025年备忘录》", "《2023—2025年备忘录》"),
    ("扩大农产品贸易 o", "扩大农产品贸易。"), ("常德〈香港）经贸合作", "常德（香港）经贸合作"),
    ("同比增长4.5%; 外贸进出口", "同比增长4.5%；外贸进出口"), ("时间16:30，金额4,300亿元", "时间16:30，金额4,300亿元"),
    ("伊普斯维奇市（City of Ipswich）", "伊普斯维奇市（City of Ipswich）"),
])
def test_ocr_text_gets_print_typography_back(read, printed):
    assert tidy(read) == printed


@pytest.mark.parametrize("paragraphs, note", [
    ([0, 1, 2, 3], "tesseract 5.3.0 chi_sim; paragraphs 0-3"), ([4, 2, 3, 7], "tesseract 5.3.0 chi_sim; paragraphs 2-4,7"),
    ([], "tesseract 5.3.0 chi_sim"),
])
def test_ocr_note_round_trips(paragraphs, note):
    assert ocr_note("tesseract 5.3.0 chi_sim", paragraphs) == note
    assert ocr_paragraphs({"ocr": note}) == frozenset(paragraphs)


@pytest.mark.parametrize("name", ["release.doc", "release.wps", "release.rtf", "release.odt", "release.docm",
                                  "release.pdf"])
@pytest.mark.parametrize("make, says", [(lambda path: None, "no such file"), (lambda path: path.mkdir(), "is a directory"),
                                        (lambda path: path.write_bytes(b""), "the file is empty")])
def test_missing_folder_or_empty_office_and_pdf_files(tmp_path, name, make, says):
    from pipeline.formats import read_release

    make(tmp_path / name)
    with pytest.raises(InputError, match=says):
        read_release(tmp_path / name)
