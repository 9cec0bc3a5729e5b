"""Write samples/*/source.zh.docx and source.zh.html from each sample's source.zh.txt.

    .venv/bin/python tools/make_sample_inputs.py

The same release in three formats feeds the readers' contract test. The .docx files are what Word
produces when an office edits a release: runs split mid-word, tracked insertions and deletions, a
moved sentence, fields (DOCPROPERTY, CREATEDATE), a letterhead line above the title, metadata in a
table. The .html files copy three page structures of city-government sites (h1 + span + div#zoom in
UTF-8; div.title + div.TRS_Editor declared GB2312; an HTML5 <article> in undeclared Big5) with
navigation, breadcrumbs, share buttons, scripts and footers around the article.
"""
from __future__ import annotations

import html
import sys
from datetime import datetime
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.formats.txt import read_text  # noqa: E402

AUTHOR, WHEN = "市政府新闻办", "2021-11-08T09:00:00Z"
_ids = iter(range(1, 10_000))


# --- .docx: raw WordprocessingML the way Word writes it ---

def run(text: str, deleted: bool = False):
    element = OxmlElement("w:r")
    text_element = OxmlElement("w:delText" if deleted else "w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    element.append(text_element)
    return element


def runs(paragraph, text: str, size: int = 7) -> None:
    """Append `text` as runs of `size` characters (Word splits runs at every edit and spell check)."""
    for start in range(0, len(text), size):
        paragraph._p.append(run(text[start:start + size]))


def revision(tag: str, *children):
    element = OxmlElement(f"w:{tag}")
    element.set(qn("w:id"), str(next(_ids)))
    element.set(qn("w:author"), AUTHOR)
    element.set(qn("w:date"), WHEN)
    for child in children:
        element.append(child)
    return element


def field_char(kind: str):
    element = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    element.append(char)
    return element


def complex_field(paragraph, instruction: str, shown: str) -> None:
    """Append a begin/instr/separate/result/end field showing `shown`."""
    instr = OxmlElement("w:r")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    instr.append(code)
    for element in (field_char("begin"), instr, field_char("separate"), run(shown), field_char("end")):
        paragraph._p.append(element)


def simple_field(paragraph, instruction: str, shown: str) -> None:
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), f" {instruction} ")
    element.append(run(shown))
    paragraph._p.append(element)


def edited(paragraph, text: str, deleted: str) -> None:
    """Write `text` with its middle as a tracked insertion after a tracked deletion of `deleted`."""
    cut = len(text) // 3
    runs(paragraph, text[:cut])
    paragraph._p.append(revision("del", run(deleted, deleted=True)))
    paragraph._p.append(revision("ins", run(text[cut:cut + 6])))
    runs(paragraph, text[cut + 6:])


def moved(paragraph, text: str) -> None:
    """Write `text` whose last sentence was moved here from the paragraph's start (tracked move)."""
    last_start = text.rstrip("。").rfind("。") + 1
    paragraph._p.append(revision("moveFrom", run(text[last_start:])))
    runs(paragraph, text[:last_start])
    paragraph._p.append(revision("moveTo", run(text[last_start:])))


def blocks(path: Path) -> list[str]:
    """Return the blank-line separated blocks of a sample's .txt: headline, metadata, paragraphs."""
    text = read_text(path).replace("\r\n", "\n")
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def deleted_paragraph(document) -> None:
    """Append a paragraph deleted whole, its mark included (it disappears once changes are accepted)."""
    paragraph = document.add_paragraph()
    paragraph._p.append(revision("del", run("（此段已删除）", deleted=True)))
    mark = OxmlElement("w:rPr")
    mark.append(revision("del"))
    paragraph._p.get_or_add_pPr().append(mark)


def write_docx(sample: Path, letterhead: str = "", meta_table: bool = False,
               heading: str = "Title") -> Path:
    headline, meta, *body = blocks(sample / "source.zh.txt")
    document = docx.Document()
    document.core_properties.title = headline
    # fixed dates: regenerating the samples changes nothing unless their text changed
    document.core_properties.created = document.core_properties.modified = datetime(2021, 11, 8, 9)
    if letterhead:
        document.add_paragraph(letterhead)
    title = document.add_paragraph(style=heading)
    half = len(headline) // 2
    runs(title, headline[:half], size=5)
    if heading != "Title":  # a long headline broken with Shift+Enter
        title._p.append(OxmlElement("w:r"))
        title._p[-1].append(OxmlElement("w:br"))
    runs(title, headline[half:], size=5)
    if meta_table:
        table = document.add_table(rows=1, cols=len(meta.split("　")))
        for cell, part in zip(table.rows[0].cells, meta.split("　")):
            cell.paragraphs[0].text = part
    else:
        line = document.add_paragraph()
        source, _, date = meta.partition("　")
        key, _, value = source.partition("：")
        runs(line, f"{key}：")
        simple_field(line, "DOCPROPERTY Company", value)
        date_key, _, date_value = date.partition("：")
        runs(line, f"　{date_key}：")
        complex_field(line, 'CREATEDATE \\@ "yyyy-MM-dd HH:mm:ss"', date_value)
    for number, paragraph_text in enumerate(body):
        paragraph = document.add_paragraph()
        if number == 0:
            edited(paragraph, paragraph_text, deleted="原定")
        elif number == 1 and paragraph_text.count("。") >= 2:
            moved(paragraph, paragraph_text)
        else:
            runs(paragraph, paragraph_text)
        if number == 1:
            deleted_paragraph(document)
    target = sample / "source.zh.docx"
    document.save(str(target))
    return target


# --- .html: three page structures of city-government sites ---

NAV = """<div class="header"><div class="logo"><h1><a href="/">常德市人民政府</a></h1></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjcd/">走进常德</a></li></ul>
<form class="search" action="/search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>"""
FOOTER = """<div class="footer"><p>主办：常德市人民政府办公室　承办：常德市数据资源局</p>
<p>湘ICP备05009034号　网站标识码：4307000001　<a href="/sitemap">网站地图</a></p></div>"""
SCRIPTS = """<script>var _hmt = _hmt || []; document.write("<span>访问量：</span>");</script>
<script src="/js/share.js"></script><!-- 统计代码 -->"""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def page_zoom(headline: str, meta: str, body: list[str], url: str) -> str:
    """h1 + spans + div#zoom, UTF-8 declared with <meta charset>."""
    source, _, date = meta.partition("　")
    paragraphs = "\n".join(f'<p style="text-indent:2em;">&nbsp;&nbsp;{_e(p)}</p>' for p in body)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{_e(headline)}_常德要闻_常德市人民政府</title>
<link rel="canonical" href="{url}">
<script src="/js/jquery.min.js"></script><style>#zoom p {{ line-height: 2; }}</style>
</head><body>
{NAV}
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zxzx/">资讯中心</a> &gt; 常德要闻</div>
<div class="main"><div class="article">
<h1 class="article-h1">{_e(headline)}</h1>
<div class="info"><span>{_e(source)}</span><span>发布时间：{_e(date.partition("：")[2])}</span>
<span class="fontsize">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span></div>
<div id="zoom">
{paragraphs}
</div>
<div class="share">分享到：<a class="weixin">微信</a><a class="weibo">微博</a><a class="qzone">QQ空间</a></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div></div>
{FOOTER}
{SCRIPTS}
</body></html>
"""


def page_trs(headline: str, meta: str, body: list[str], url: str) -> str:
    """Table layout, div.title + div.TRS_Editor (nested, with its own <style>), GB2312 declared."""
    parts = meta.split("　")
    spans = "&nbsp;&nbsp;".join(f"<span>{_e(part)}</span>" for part in parts)
    paragraphs = "\n".join(f"<p>　　{_e(p[:20])}<span style='font-family:仿宋'>{_e(p[20:])}</span></p>"
                           for p in body)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{_e(headline)}-常德市商务局</title>
<meta name="ArticleTitle" content="{html.escape(headline)}">
<meta name="PubDate" content="2021-09-16 10:12">
<meta name="ContentSource" content="常德市商务局">
<meta property="og:url" content="{url}">
</head><body>
<table width="1000" align="center"><tr><td class="top">{NAV}</td></tr>
<tr><td><div class="crumbs">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/tzgg/">通知公告</a></div></td></tr>
<tr><td>
<div class="title">{_e(headline)}</div>
<div class="property">{spans}&nbsp;&nbsp;<span>浏览次数：<script>document.write(1024)</script></span></div>
<div class="TRS_Editor"><style>.TRS_Editor P{{margin-top:5px;font-size:12pt;}}</style>
<div class="TRS_Editor">
{paragraphs}
</div></div>
<div class="related"><p>上一篇：<a href="/art/1.html">我市召开外资工作推进会</a></p>
<p>下一篇：<a href="/art/3.html">常德跨境电商产业园开园</a></p></div>
</td></tr>
<tr><td>{FOOTER}</td></tr></table>
</body></html>
"""


def page_article(headline: str, meta: str, body: list[str], url: str) -> str:
    """HTML5 <article> holding header and body, nav/aside/footer around it; no charset declared."""
    paragraphs = "\n".join(f"<p>{_e(p)}</p>" for p in body)
    return f"""<!doctype html>
<html><head><title>{_e(headline)} | 常德市人民政府外事辦公室</title>
<meta property="og:title" content="{html.escape(headline)}">
<meta property="og:url" content="{url}">
</head><body>
<nav class="topbar"><a href="/">首頁</a> <a href="/news/">外事動態</a> <a href="/yc/">友城交流</a></nav>
<main>
<article>
<header><h1>{_e(headline)}</h1>
<p class="meta">{_e(meta.split("　")[0])}　{_e(meta.split("　")[1].split("：")[0])}：<time datetime="2019-07-12">{_e(meta.split("：")[-1])}</time></p>
</header>
{paragraphs}
<div class="share-buttons"><button>分享</button><a class="share">微信</a><a class="share">微博</a></div>
</article>
<aside><h2>相關閱讀</h2><ul><li><a href="/a/1.html">常德市代表團訪問澳大利亞</a></li></ul></aside>
</main>
<footer>版權所有：常德市人民政府外事辦公室　<a href="/about">聯繫我們</a></footer>
<script>window.dataLayer = [];</script>
</body></html>
"""


PAGES = {
    "changde-higashiomi-2021": (page_zoom, "utf-8",
                                "http://www.changde.gov.cn/art/2021/11/7/art_8_1842516.html"),
    "changde-trade-fair-2021": (page_trs, "gb2312",
                                "http://swj.changde.gov.cn/zwgk/tzgg/content_2021091601.html"),
    "changde-ipswich-2019-traditional": (page_article, "big5",
                                         "http://wb.changde.gov.cn/news/2019/07/12/yc-ipswich.html"),
}
DOCX = {
    "changde-higashiomi-2021": {},
    "changde-trade-fair-2021": {"letterhead": "常德市商务局", "meta_table": True},
    "changde-ipswich-2019-traditional": {"heading": "Heading 1"},
}


def write_html(sample: Path) -> Path:
    headline, meta, *body = blocks(sample / "source.zh.txt")
    make, encoding, url = PAGES.get(sample.name, (page_zoom, "utf-8", ""))
    target = sample / "source.zh.html"
    target.write_bytes(make(headline, meta, body, url).encode(encoding))
    return target


def main() -> int:
    # every sample gets both files; the three above have their own structures, new ones the first
    for sample in sorted(path.parent for path in (REPO / "samples").glob("*/source.zh.txt")):
        print(write_docx(sample, **DOCX.get(sample.name, {})).relative_to(REPO))
        print(write_html(sample).relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
