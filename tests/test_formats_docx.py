"""The .docx reader on WordprocessingML written the way Word writes it (zip built here, no python-docx)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.formats import read_release
from pipeline.model import Meta

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
# Chinese Word saves built-in styles with numeric ids and English names ("1" = "heading 1")
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>
</w:styles>"""


def make_docx(folder: Path, body: str, name: str = "release.docx") -> Path:
    """Write a .docx whose body is `body` (WordprocessingML paragraphs and tables)."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", STYLES)
    return path


def p(*runs: str, style: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def change(tag: str, inner: str, deleted: bool = False) -> str:
    if deleted:
        inner = inner.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
    return f'<w:{tag} w:id="9" w:author="编辑" w:date="2021-11-08T09:00:00Z">{inner}</w:{tag}>'


def field(instruction: str, shown: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{r(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


TITLE = p(r("常德与东近江市"), r("达成友好城市协议"), style="a3")
META = p(r("来源：常德政府网　日期：2021-11-07"))
BODY = "会谈在线上举行。"

# (id, body xml, expected headline, expected meta, expected paragraphs)
CASES = [
    ("runs-joined", TITLE + META + p(r("双方共互访"), '<w:r><w:rPr><w:b/></w:rPr><w:t>40</w:t></w:r>',
                                     r("批。")),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), ("双方共互访40批。",)),
    ("insertion-kept-deletion-dropped",
     TITLE + META + p(r("双方"), change("del", r("原计划"), deleted=True), change("ins", r("共互访")),
                      r("40批。")),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), ("双方共互访40批。",)),
    ("move-from-dropped-move-to-kept",
     TITLE + META + p(change("moveFrom", r("后来。")), r("先说。"), change("moveTo", r("后来。"))),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), ("先说。后来。",)),
    ("complex-field-shows-result",
     TITLE + p(r("来源："), field("DOCPROPERTY Company", "常德政府网"), r("　日期："),
               field('CREATEDATE \\@ "yyyy-MM-dd"', "2021-11-07")) + p(r(BODY)),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), (BODY,)),
    ("simple-field-and-hyperlink",
     TITLE + META + p(r("详见"), '<w:fldSimple w:instr=" REF 附件 "><w:r><w:t>附件一</w:t></w:r></w:fldSimple>',
                      '<w:hyperlink w:anchor="x"><w:r><w:t>（链接）</w:t></w:r></w:hyperlink>', r("。")),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), ("详见附件一（链接）。",)),
    ("hidden-text-dropped",
     TITLE + META + p(r("公开"), '<w:r><w:rPr><w:vanish/></w:rPr><w:t>内部批注</w:t></w:r>', r("内容。")),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), ("公开内容。",)),
    ("deleted-paragraph-mark-joins-paragraphs",
     TITLE + META + '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="编辑" w:date="2021-11-08T09:00:00Z"/>'
     '</w:rPr></w:pPr>' + r("第一句，") + "</w:p>" + p(r("接着第二句。")),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), ("第一句，接着第二句。",)),
    ("table-cells-in-reading-order",
     TITLE + "<w:tbl><w:tr><w:tc>" + p(r("来源：常德政府网")) + "</w:tc><w:tc>" + p(r("日期：2021-11-07"))
     + "</w:tc></w:tr></w:tbl>" + p(r(BODY))
     + "<w:tbl><w:tr><w:tc>" + p(r("项目")) + "</w:tc><w:tc>" + p(r("金额")) + "</w:tc></w:tr>"
     + "<w:tr><w:tc>" + p(r("外资")) + "</w:tc><w:tc>" + p(r("8600万美元")) + "</w:tc></w:tr></w:tbl>",
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"),
     (BODY, "项目", "金额", "外资", "8600万美元")),
    ("letterhead-above-the-title-dropped",
     p(r("常德市商务局")) + TITLE + META + p(r(BODY)),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), (BODY,)),
    ("heading-1-with-a-soft-break-is-one-headline",
     p(r("常德与东近江市"), "<w:r><w:br/></w:r>", r("达成友好城市协议"), style="1") + META + p(r(BODY)),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), (BODY,)),
    ("first-paragraph-headline-without-styles",
     p(r("常德与东近江市达成友好城市协议")) + p(r("来源：常德政府网"), "<w:r><w:br/></w:r>",
                                             r("日期：2021-11-07")) + p(r(BODY)),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), (BODY,)),
    ("section-heading-stays-in-the-body",
     TITLE + META + p(r(BODY)) + p(r("一、下一步工作"), style="1") + p(r("继续合作。")),
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"),
     (BODY, "一、下一步工作", "继续合作。")),
    ("content-control-read-through",
     TITLE + META + "<w:sdt><w:sdtPr/><w:sdtContent>" + p(r(BODY)) + "</w:sdtContent></w:sdt>",
     "常德与东近江市达成友好城市协议", Meta("常德政府网", "2021-11-07"), (BODY,)),
    ("outline-level-marks-a-heading",
     p(r("内部资料")) + '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
     + r("常德与东近江市达成友好城市协议") + "</w:p>" + p(r(BODY)),
     "常德与东近江市达成友好城市协议", Meta(), (BODY,)),
]


@pytest.mark.parametrize("body, headline, meta, paragraphs",
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_docx_reader(tmp_path, body, headline, meta, paragraphs):
    release = read_release(make_docx(tmp_path, body))
    assert (release.headline, release.meta, release.paragraphs) == (headline, meta, paragraphs)


REFUSALS = [
    ("empty-document", lambda folder: make_docx(folder, ""), "no text"),
    ("headline-only", lambda folder: make_docx(folder, TITLE), "no body paragraphs"),
    ("deleted-text-only", lambda folder: make_docx(folder, p(change("del", r("全部删除"), deleted=True))),
     "no text"),
    ("not-a-zip", lambda folder: _write(folder / "fake.docx", b"PK\x03\x04 broken"), "not a Word .docx"),
    ("plain-text-renamed", lambda folder: _write(folder / "text.docx", "标题\n\n正文。".encode()),
     "not a Word .docx"),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, message", [pytest.param(*case[1:], id=case[0]) for case in REFUSALS])
def test_docx_refusals_name_the_file_and_a_fix(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_release(path)
    assert message in caught.value.message
    assert caught.value.path == str(path)
    assert caught.value.hint
