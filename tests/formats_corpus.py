"""The same release through every door: the corpus behind tests/test_formats_corpus.py and
benchmarks/bench_formats.py.

Each release (the samples' source.zh.txt and the releases written for this corpus in
tests/data/formats/releases/) is laid out as an office would type it (python-docx: headline in a
large font, metadata line, body in 三号/小四 with first-line indents or block paragraphs, page numbers or
a letterhead in the header/footer) and exported by LibreOffice as .doc, .rtf, .odt, .docm and PDF.
Those exports are committed in tests/data/formats/<slug>/ (LibreOffice takes ~3 s a file; CI need
not redo it); regenerate them with

    python tests/formats_corpus.py            # rewrites tests/data/formats/<slug>/source.zh.{doc,rtf,odt,docm,pdf}

The other variants are made when needed from those and the .txt: the .doc saved as .wps (Kingsoft
WPS Writer files are Word 97 binaries), the PDF rasterised (pdftoppm, 300 dpi, greyscale) and rebuilt
as an image-only PDF (img2pdf) — a "scan" without a text layer —, the release wrapped as a saved
WeChat article page, and as text pasted from WeChat or a city site (one paragraph a line).
"""
from __future__ import annotations

import html
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "data" / "formats"
WRITTEN = FIXTURES / "releases"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# LibreOffice filter names for the office variants; .wps is the .doc under Kingsoft's extension
EXPORTS = {"doc": "doc:MS Word 97", "rtf": "rtf", "odt": "odt", "docm": "docm:MS Word 2007 XML VBA",
           "pdf": "pdf:writer_pdf_Export"}
OFFICE = ("doc", "wps", "rtf", "odt", "docm")
COMMITTED = ("doc", "rtf", "odt", "docm", "pdf")  # LibreOffice's exports, in FIXTURES/<slug>/
VARIANTS = (*OFFICE, "pdf", "scan.pdf", "wechat.html", "paste.txt")
SCAN_DPI = 300
EDITORS = "责任编辑：王芳　审核：李明　校对：张华"
# offices type in 仿宋_GB2312 and 方正小标宋简体, which a Linux machine lacks: LibreOffice would fall back to
# the Japanese cut of Noto Sans CJK, so the documents name the Simplified Chinese one (fonts-noto-cjk)
CJK_FONT = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Source:
    """One release of the corpus: its slug, .txt, and the blocks of its .txt (headline, meta, body)."""

    slug: str
    txt: Path
    headline: str
    meta: dict
    meta_lines: tuple[str, ...]
    body: tuple[str, ...]
    written: bool  # written for this corpus (not one of samples/)


def sources() -> list[Source]:
    """Return the corpus: every samples/<slug>/source.zh.txt, then the written releases."""
    sys.path.insert(0, str(REPO))
    from pipeline.formats.layout import is_meta_line, parse_meta
    from pipeline.formats.txt import read_text

    found = [(path.parent.name, path, False) for path in sorted((REPO / "samples").glob("*/source.zh.txt"))]
    found += [(path.name.removesuffix(".zh.txt"), path, True) for path in sorted(WRITTEN.glob("*.zh.txt"))]
    result = []
    for slug, path, written in found:
        blocks = [block.strip() for block in read_text(path).replace("\r\n", "\n").split("\n\n") if block.strip()]
        headline, rest = blocks[0], blocks[1:]
        meta_lines = tuple(block for block in rest if is_meta_line(block))
        meta: dict = {}
        for line in meta_lines:
            for key, value in parse_meta(line).items():
                meta.setdefault(key, value)
        body = tuple(block for block in rest if block not in meta_lines)
        result.append(Source(slug, path, headline, meta, meta_lines, body, written))
    return result


# --- the office layout (python-docx) ---

STYLES = {
    # GB/T 9704 official documents: 二号 headline, 三号 body with a two-character indent, "— 1 —" page numbers
    "gbt9704": dict(margins=(37, 35, 28, 26), headline=22, meta=12, body=16, indent=True, spacing=0,
                    header="", footer="— {PAGE} —"),
    # Word's defaults with a letterhead header and "第 1 页 共 2 页" footer
    "word": dict(margins=(25.4, 25.4, 31.8, 31.8), headline=18, meta=10.5, body=12, indent=True, spacing=0,
                 header="常德市人民政府外事办公室", footer="第 {PAGE} 页 共 {NUMPAGES} 页"),
    # block paragraphs: no indent, space after each, a bare page number
    "block": dict(margins=(20, 20, 20, 20), headline=16, meta=10.5, body=12, indent=False, spacing=10,
                  header="", footer="{PAGE}"),
}


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


def _furniture(paragraph, template: str, size: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pieces = template.replace("}", "{").split("{")
    for index, piece in enumerate(pieces):
        if index % 2:
            _field(paragraph, piece)
        elif piece:
            paragraph.add_run(piece).font.size = Pt(size)


def _run(paragraph, text: str, size: float, font: str, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size, run.font.bold = Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def office_docx(source: Source, style: str, path: Path) -> Path:
    """Write the release as an office lays it out in `style` (STYLES) and return the .docx path."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    spec = STYLES[style]
    document = docx.Document()
    # a Chinese office's Word marks East Asian text zh-CN: LibreOffice then sets it in a Simplified
    # Chinese font (python-docx's template says en-US, and Chinese would come out in Japanese glyphs)
    for lang in document.styles.element.xpath("//w:docDefaults//w:lang"):
        lang.set(lang.tag.replace("}lang", "}eastAsia"), "zh-CN")
    document.core_properties.created = document.core_properties.modified = datetime(2024, 1, 1, 9)
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = map(Mm, spec["margins"])
    if spec["header"]:
        _furniture(section.header.paragraphs[0], spec["header"], 9)
    _furniture(section.footer.paragraphs[0], spec["footer"], 10.5)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER if style != "block" else WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.space_after = Pt(spec["headline"])
    _run(title, source.headline, spec["headline"], CJK_FONT, bold=True)
    for line in source.meta_lines:
        meta = document.add_paragraph()
        meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
        meta.paragraph_format.space_after = Pt(spec["meta"])
        _run(meta, line, spec["meta"], CJK_FONT)
    for text in source.body:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        layout = paragraph.paragraph_format
        layout.first_line_indent = Pt(2 * spec["body"]) if spec["indent"] else None
        layout.space_after = Pt(spec["spacing"])
        layout.line_spacing = 1.25
        _run(paragraph, text, spec["body"], CJK_FONT)
    document.save(path)
    return path


def soffice(args: list[str], profile: Path, timeout: int = 600) -> None:
    """Run LibreOffice headless with a private profile; raise with its output when it fails."""
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"soffice {' '.join(args[:2])} failed: {done.stdout}{done.stderr}")


def export_office(docs: list[Path], formats: list[str], profile: Path) -> dict[str, float]:
    """Export every .docx to each format (one soffice run per format, into the .docx's folder); returns
    seconds per format."""
    seconds = {}
    by_folder: dict[Path, list[Path]] = {}
    for doc in docs:
        by_folder.setdefault(doc.parent, []).append(doc)
    for fmt in formats:
        started = time.perf_counter()
        for folder, group in by_folder.items():
            soffice(["--convert-to", EXPORTS[fmt], "--outdir", str(folder), *map(str, group)], profile)
        seconds[fmt] = time.perf_counter() - started
    return seconds


def image_only_pdf(pdf: Path, target: Path, dpi: int = SCAN_DPI) -> Path:
    """Rasterise `pdf` (pdftoppm, greyscale) and rebuild it as an image-only PDF at `target` (img2pdf)."""
    import img2pdf

    pages = target.parent / f"{target.stem}-pages"
    pages.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(pages / "page")], check=True,
                   capture_output=True, timeout=300)
    images = sorted(pages.glob("page*.png"))
    target.write_bytes(img2pdf.convert([str(image) for image in images]))
    shutil.rmtree(pages)
    return target


# --- WeChat: a saved article page and a paste from one ---

def _timestamp(date: str) -> int:
    """Return the Unix time of a release date as WeChat's `var ct` holds it (Beijing time)."""
    import re

    numbers = [int(n) for n in re.findall(r"\d+", date)] + [0, 0, 0]
    when = datetime(*numbers[:6], tzinfo=timezone(timedelta(hours=8)))
    return int(when.timestamp())


def wechat_page(source: Source, index: int) -> str:
    """Return a saved mp.weixin.qq.com article page holding the release, with the platform's furniture."""
    e = html.escape
    account = "常德外事" if index % 2 == 0 else source.meta.get("source", "常德发布")
    closing = [f"来源：{source.meta['source']}"] if index % 2 == 0 and source.meta.get("source") else []
    author = source.meta.get("author", "")
    body = []
    for number, text in enumerate(source.body):
        if number % 3 == 1:  # WeChat's editor cuts paragraphs into styled spans
            cut = len(text) // 2
            inner = f'<span style="font-size:15px;">{e(text[:cut])}</span><strong><span>{e(text[cut:])}</span></strong>'
        else:
            inner = f'<span style="font-size: 15px;letter-spacing: 1px;">{e(text)}</span>'
        body.append(f'<p style="text-indent:2em;margin-bottom:1em;">{inner}</p>')
    ending = "".join(f"<p><span>{e(line)}</span></p>" for line in [*closing, EDITORS, "版权所有：常德市人民政府外事办公室",
                                                                       "湘ICP备05003465号-1"])
    byline = f'<span class="rich_media_meta rich_media_meta_text" id="js_author_name">{e(author)}</span>' if author else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1.0">
<meta property="og:title" content="{e(source.headline)}"><meta property="og:site_name" content="微信公众平台">
<meta property="og:url" content="http://mp.weixin.qq.com/s?__biz=MzA3NjQ2NzQ0Mw==&amp;mid={2247483648 + index}&amp;idx=1">
<meta name="description" content="{e(source.body[0][:40])}">
<title>{e(source.headline)}</title>
<style>.rich_media_title{{font-size:22px}} #js_content{{visibility:hidden}}</style>
<script>var nickname = htmlDecode("{e(account)}"); var ct = "{_timestamp(source.meta.get('date', '2024-01-01'))}";
var msg_title = '{e(source.headline)}'.html(false);</script>
</head><body id="activity-detail" class="zh_CN wx_wap_page">
<div id="js_article" class="rich_media"><div class="rich_media_inner"><div id="page-content" class="rich_media_area_primary">
<div class="rich_media_area_primary_inner"><div id="img-content" class="rich_media_wrp">
<h1 class="rich_media_title" id="activity-name">
            {e(source.headline)}
</h1>
<div id="meta_content" class="rich_media_meta_list">
<span id="copyright_logo" class="rich_media_meta meta_original_tag">原创</span>{byline}
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">{e(account)}</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">{e(source.meta.get('date', ''))}</em>
<em id="js_ip_wording_wrp" class="rich_media_meta rich_media_meta_text"><span id="js_ip_wording">湖南</span></em>
</div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: visible;">
<section style="text-align:center;"><img data-src="https://mmbiz.qpic.cn/banner.gif" style="width:100%;">
<p><span style="color:#0052ff;">点击蓝字</span> <span>关注我们</span></p></section>
<section style="margin:8px;">{"".join(body)}</section>
<section>{ending}</section>
<section style="text-align:center;"><p><span>长按识别二维码关注我们</span></p><p>分享 收藏 点赞 在看</p></section>
</div>
<div class="rich_media_tool" id="js_toobar3"><a id="js_view_source" href="##">阅读原文</a>
<span>阅读 1.2万</span><span id="like3">赞 56</span><span>在看 12</span></div>
</div></div></div></div></div>
<div class="qr_code_pc"><p>微信扫一扫<br>关注该公众号</p></div>
</body></html>
"""


def paste(source: Source, index: int) -> str:
    """Return the text a translator pastes: from a WeChat article (even index) or from a city site (odd),
    one paragraph a line with no blank lines between them, the platform's furniture around it."""
    meta_line = "　".join(source.meta_lines)
    if index % 2 == 0:
        account = "常德外事"
        date = source.meta.get("date", "")
        closing = [f"来源：{source.meta['source']}"] if source.meta.get("source") else []
        closing += [f"作者：{source.meta['author']}"] if source.meta.get("author") else []
        lines = [source.headline, f"原创 {account} {account} {date} 湖南", "点击蓝字", "关注我们",
                 *source.body, *closing, EDITORS, "长按识别二维码关注我们", "阅读原文", "分享 收藏 点赞 在看"]
    else:
        lines = [source.headline, meta_line, "【字体：大 中 小】【打印】", *source.body,
                 "【打印本页】【关闭窗口】", "版权所有：常德市人民政府　湘ICP备05003465号-1"]
    return "\n".join(lines) + "\n"


def export(out: Path, only: list[str] | None = None) -> dict[str, float]:
    """Write OUT/<slug>/source.zh.{doc,rtf,odt,docm,pdf} (LibreOffice's exports of the office layout)
    for every release or those in `only`; return the seconds each export took for all of them."""
    docs = []
    for index, source in enumerate(sources()):
        if only is None or source.slug in only:
            (out / source.slug).mkdir(parents=True, exist_ok=True)
            docs.append(office_docx(source, list(STYLES)[(index + 2) % len(STYLES)], out / source.slug / "layout.docx"))
    profile = out / ".profile"
    try:
        seconds = export_office(docs, list(COMMITTED), profile)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for doc in docs:
        for fmt in COMMITTED:
            doc.with_suffix(f".{fmt}").replace(doc.with_name(f"source.zh.{fmt}"))
        doc.unlink()
    return seconds


def assemble(out: Path, variants: tuple[str, ...] = VARIANTS, only: list[str] | None = None,
             exports: Path = FIXTURES) -> dict[str, float]:
    """Write OUT/<slug>/source.zh.txt and source.zh.<variant> for every release (or those in `only`)
    from the exports in `exports` and the .txt; return the seconds spent making each variant."""
    seconds: dict[str, float] = {}
    for index, source in enumerate(sources()):
        if only is not None and source.slug not in only:
            continue
        folder, exported = out / source.slug, exports / source.slug
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.txt, folder / "source.zh.txt")
        for variant in variants:
            started, target = time.perf_counter(), folder / f"source.zh.{variant}"
            if variant in COMMITTED:
                shutil.copyfile(exported / target.name, target)
            elif variant == "wps":
                shutil.copyfile(exported / "source.zh.doc", target)
            elif variant == "scan.pdf":
                image_only_pdf(exported / "source.zh.pdf", target)
            elif variant == "wechat.html":
                target.write_text(wechat_page(source, index), encoding="utf-8")
            elif variant == "paste.txt":
                target.write_text(paste(source, index), encoding="utf-8")
            seconds[variant] = seconds.get(variant, 0.0) + time.perf_counter() - started
    return seconds


if __name__ == "__main__":
    print(export(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES))
