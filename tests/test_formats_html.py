"""The saved-page reader on pages shaped like city-government article pages, in their encodings."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.formats import read_release
from pipeline.model import Meta

HEADLINE = "常德与东近江市达成友好城市协议"
P1 = "11月5日上午，市委外事办与东近江市负责人通过视频连线进行了会谈。"
P2 = "双方自1994年缔结友好城市以来，共互访40批350人次。"
NAV = ('<div class="header"><div class="logo"><h1><a href="/">常德市人民政府</a></h1></div>'
       '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>'
       '<div class="position">当前位置：<a href="/">首页</a> &gt; 常德要闻</div>')
FOOTER = '<div class="footer">主办：常德市人民政府办公室　网站标识码：4307000001</div>'
SHARE = '<div class="share">分享到：<a>微信</a><a>微博</a></div><div class="print">【打印本页】【关闭窗口】</div>'


def page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{NAV}{body}{FOOTER}</body></html>"


ZOOM = page(f'<meta charset="utf-8"><title>{HEADLINE}_常德要闻_常德市人民政府</title>'
            '<link rel="canonical" href="http://www.changde.gov.cn/art/2021/11/7/art_8_1.html">',
            f'<h1>{HEADLINE}</h1><div class="info"><span>来源：常德政府网</span><span>发布时间：'
            '2021-11-07 08:40:54</span><span>【字体：大 中 小】</span></div>'
            f'<div id="zoom"><p style="text-indent:2em">&nbsp;&nbsp;{P1}</p>'
            f'<script>document.write("统计代码")</script><p>　　{P2}</p></div>{SHARE}')
# declared gb2312, but 镕 exists only in GBK/GB18030: pages say gb2312 and mean GBK
TRS = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
           f'<title>{HEADLINE}-常德市商务局</title><meta name="PubDate" content="2021-11-07 10:12">',
           f'<table><tr><td><div class="title">{HEADLINE}</div>'
           '<div class="property"><span>来源：市商务局</span>&nbsp;<span>作者：李镕</span></div>'
           '<div class="TRS_Editor"><style>.TRS_Editor P{margin:0}</style><div class="TRS_Editor">'
           f'<p>{P1[:10]}<span style="font-family:仿宋">{P1[10:]}</span></p><p>{P2}</p></div></div>'
           '</td></tr></table>')
ARTICLE = ("<!doctype html><html><head><title>常德與東近江市締結友好城市 | 外事辦</title>"
           '<meta property="og:url" content="http://wb.changde.gov.cn/a/1.html"></head><body>'
           '<nav><a href="/">首頁</a> <a href="/news/">外事動態</a></nav><main><article>'
           "<header><h1>常德與東近江市締結友好城市</h1></header>"
           "<p>雙方自1994年締結友好城市以來，共互訪40批。</p><p>兩市將繼續加強交流。</p>"
           '<div class="share-buttons"><button>分享</button></div></article>'
           "<aside><h2>相關閱讀</h2><ul><li><a href='/a/2.html'>代表團訪問日本</a></li></ul></aside>"
           "</main><footer>版權所有：常德市人民政府外事辦公室</footer>"
           "<script>window.dataLayer = [];</script></body></html>")
# no known container: the body is the block of <p>s with little link text; the sidebar has links
DENSITY = page('<meta charset="utf-8">',
               f'<div class="main"><div class="left"><h2>{HEADLINE}</h2><div class="wz">'
               f'<p>{P1}</p><p>{P2}</p></div></div><div class="right">'
               '<p><a href="/1">常德市召开外事工作会议部署全年任务安排</a></p>'
               '<p><a href="/2">东近江市代表团来常德考察现代农业项目</a></p></div></div>')
BR_PARAGRAPHS = page('<meta charset="utf-8"><meta name="ContentSource" content="常德日报">',
                     f'<h1>{HEADLINE}</h1><div class="TRS_Editor">　　{P1}<br>　　{P2}<br>'
                     '【责任编辑：王芳】</div>')
TITLE_ONLY_IN_HEAD = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                      f"<head><title>{HEADLINE}_常德市人民政府门户网站</title></head><body>"
                      f'<div id="zoom"><p>{P1}</p><p>原文链接：<a href="http://www.hunan.gov.cn/x.html">'
                      "湖南省人民政府</a></p></div></body></html>")

# (id, html text, encoding, headline, meta, paragraphs)
CASES = [
    ("h1-span-zoom-utf8", ZOOM, "utf-8", HEADLINE,
     Meta("常德政府网", "2021-11-07 08:40:54", "", "http://www.changde.gov.cn/art/2021/11/7/art_8_1.html"),
     (P1, P2)),
    ("title-div-trs-editor-gbk", TRS, "gbk", HEADLINE, Meta("市商务局", "2021-11-07 10:12", "李镕"), (P1, P2)),
    ("article-undeclared-big5", ARTICLE, "big5", "常德與東近江市締結友好城市",
     Meta(url="http://wb.changde.gov.cn/a/1.html"),
     ("雙方自1994年締結友好城市以來，共互訪40批。", "兩市將繼續加強交流。")),
    ("text-density-fallback", DENSITY, "utf-8", HEADLINE, Meta(), (P1, P2)),
    ("br-paragraphs-editor-line-and-meta-source", BR_PARAGRAPHS, "utf-8", HEADLINE,
     Meta(source="常德日报", author="王芳"), (P1, P2)),
    ("xhtml-title-from-head-and-source-link", TITLE_ONLY_IN_HEAD, "utf-8", HEADLINE,
     Meta(url="http://www.hunan.gov.cn/x.html"), (P1,)),
    ("bare-date-span-before-the-body",
     page('<meta charset="utf-8">', f'<h1>{HEADLINE}</h1><div class="info"><span>2021年11月07日</span>'
          f'<span>来源：常德日报</span></div><div class="article-content"><p>{P1}</p></div>'),
     "utf-8", HEADLINE, Meta("常德日报", "2021年11月07日"), (P1,)),
    ("aspnet-form-around-the-page", ZOOM.replace("<body>", '<body><form id="form1" method="post">')
     .replace("</body>", "</form></body>"), "utf-8", HEADLINE,
     Meta("常德政府网", "2021-11-07 08:40:54", "", "http://www.changde.gov.cn/art/2021/11/7/art_8_1.html"),
     (P1, P2)),
    ("declared-utf8-but-gbk", ZOOM, "gbk", HEADLINE,
     Meta("常德政府网", "2021-11-07 08:40:54", "", "http://www.changde.gov.cn/art/2021/11/7/art_8_1.html"),
     (P1, P2)),
]


@pytest.mark.parametrize("text, encoding, headline, meta, paragraphs",
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_html_reader(tmp_path, text, encoding, headline, meta, paragraphs):
    path = tmp_path / "page.html"
    path.write_bytes(text.encode(encoding))
    release = read_release(path)
    assert (release.headline, release.meta, release.paragraphs) == (headline, meta, paragraphs)


FURNITURE = ["首页", "政务公开", "当前位置", "分享到", "打印本页", "主办", "统计代码", "相關閱讀", "版權所有",
             "margin", "dataLayer"]


@pytest.mark.parametrize("text, encoding", [(ZOOM, "utf-8"), (TRS, "gbk"), (ARTICLE, "big5")],
                         ids=["zoom", "trs", "article"])
def test_no_page_furniture_reaches_the_body(tmp_path, text, encoding):
    path = tmp_path / "page.htm"
    path.write_bytes(text.encode(encoding))
    body = "".join(read_release(path).paragraphs)
    assert [word for word in FURNITURE if word in body] == []


REFUSALS = [
    ("empty", b"", "empty"),
    ("index-page-without-article", page('<meta charset="utf-8"><title>常德市人民政府</title>',
                                        "<ul><li><a href='/1'>要闻一</a></li></ul>").encode(), "no article"),
]


@pytest.mark.parametrize("data, message", [pytest.param(*case[1:], id=case[0]) for case in REFUSALS])
def test_html_refusals_name_the_file_and_a_fix(tmp_path: Path, data, message):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_release(path)
    assert message in caught.value.message
    assert caught.value.path == str(path) and caught.value.hint
