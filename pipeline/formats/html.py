"""Saved web pages (.html/.htm) of city-government articles: the only lxml import.

A page is decoded as declared (<meta charset>, http-equiv) or detected, then reduced to what the
.txt layout holds: headline, metadata lines (来源/日期/作者/原文链接), body paragraphs. Navigation,
scripts, share buttons and footers never reach the body.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.etree
import lxml.html

from ..errors import InputError
from ..model import Meta, Release
from . import txt
from .layout import is_meta_line, parse_lines, parse_meta, trailing_meta

EXTENSIONS = (".html", ".htm")
# the article body, tried in this order: TRS-family CMSs (#zoom, .TRS_Editor), then HTML5 and common ids
BODY_PATHS = (
    "//*[@id='zoom']", "//*[contains(concat(' ', @class, ' '), ' TRS_Editor ')]",
    "//*[@id='UCAP-CONTENT']", "//article", "//*[contains(concat(' ', @class, ' '), ' article-content ')]",
    "//*[@id='content']", "//*[contains(concat(' ', @class, ' '), ' content ')]",
)
TITLE_PATHS = ("//h1", "//*[contains(concat(' ', @class, ' '), ' title ')]",
               "//*[contains(concat(' ', @class, ' '), ' article-title ')]", "//*[@id='title']",
               "//h2", "//h3")
# elements that are never article text, wherever they are (not <form>: ASP.NET pages wrap everything in one)
NEVER_TEXT = ("script", "style", "noscript", "template", "iframe", "button", "select",
              "input", "textarea", "object", "embed", "svg", "canvas")
# class/id words of page furniture inside or around the body
FURNITURE_WORDS = {"nav", "navbar", "menu", "footer", "share", "bdsharebuttonbox", "breadcrumb",
                   "crumb", "crumbs", "position", "location", "print", "sidebar", "related",
                   "copyright", "toolbar", "comment", "comments", "pager", "pagination", "prev",
                   "next", "logo", "banner", "search", "qrcode", "fontsize", "font-size"}
FURNITURE_TAGS = ("nav", "footer", "aside")
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td",
              "th", "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt",
              "dl", "figure", "figcaption", "center", "tbody", "thead", "main", "address"}
KEY_OF = {"source": "来源", "date": "日期", "author": "作者", "url": "原文链接"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?")
_TITLE_SUFFIX = re.compile(r"\s*[_|｜\-–—]\s*[^_|｜\-–—]*(?:网|政府|局|委|办|中心|门户)[^_|｜\-–—]*$")
_BRACKETED = re.compile(r"^[【\[（(]\s*(.*?)\s*[】\]）)]$")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# no network access (a DTD or entity is never fetched), no "huge tree" (libxml2 caps depth and text nodes)
_PARSER = lxml.html.HTMLParser(no_network=True, huge_tree=False)


def declared_charset(data: bytes) -> str | None:
    """Return the codec named by the page's <meta charset> or http-equiv Content-Type, if any."""
    found = _CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii").lower()
    # pages declaring gb2312/gbk routinely hold characters only gb18030 has
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes, path: Path) -> str:
    """Return the page's text: a BOM, then the declared charset, then detection (as for .txt)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # declarations lie; detection decides
    return txt.decode(data, path)


def _words(element) -> set[str]:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    if not names.strip():
        return set()  # most elements: no class, no id
    return set(re.split(r"[\s_]+", names)) | set(re.split(r"[\s_\-]+", names))


def _drop(element) -> None:
    # drop_tree keeps the tail: the text that follows the element in its parent
    if element.getparent() is not None:
        element.drop_tree()


def clean(root) -> None:
    """Remove what is never article text: scripts, styles, forms, comments."""
    for element in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _drop(element)
    for element in list(root.iter(*NEVER_TEXT)):
        _drop(element)


def drop_furniture(container) -> None:
    """Remove navigation, share buttons, print/close links and footers inside `container`."""
    for element in list(container.iter()):
        if element is container or not isinstance(element.tag, str):
            continue
        if element.tag in FURNITURE_TAGS or _words(element) & FURNITURE_WORDS:
            _drop(element)


def block_lines(element, span_breaks: bool = False, skip_links: bool = False) -> list[str]:
    """Return the text of `element` as lines: every block element and <br> starts a new line.

    With `skip_links`, lines that are (almost) all link text — related articles, 上一篇/下一篇 —
    are left out.
    """
    # [pieces of text, characters inside <a>, any visible text]; pieces are joined once at the end
    # (adding to one string made a paragraph of many inline elements cost its length squared)
    lines: list[list] = [[[], 0, False]]

    def newline() -> None:
        if lines[-1][2]:
            lines.append([[], 0, False])

    def add(text: str | None, linked: bool) -> None:
        if text:
            line, visible = lines[-1], text.strip()
            line[0].append(text)
            line[1] += len(visible) if linked else 0
            line[2] = line[2] or bool(visible)

    def walk(node, linked: bool) -> None:
        if not isinstance(node.tag, str):
            return
        block = node.tag in BLOCK_TAGS or (span_breaks and node.tag == "span")
        linked = linked or node.tag == "a"
        if block or node.tag == "br":
            newline()
        add(node.text, linked)
        for child in node:
            walk(child, linked)
            add(child.tail, linked)
        if block:
            newline()

    walk(element, False)
    kept = [(_squeeze("".join(pieces)), linked) for pieces, linked, visible in lines if visible]
    return [text for text, linked in kept
            if not (skip_links and linked >= 0.9 * len(text.replace(" ", "")))]


def _squeeze(text: str) -> str:
    # ideographic spaces inside a line are the author's (来源：…　日期：…); layout spaces are not
    return re.sub(r"[ \t\r\n\xa0]+", " ", text).strip()


def _text(element) -> str:
    return _squeeze(element.text_content())


def _furniture(element) -> bool:
    """True when the element or one of its ancestors is site furniture (logo, header, nav, footer)."""
    for node in (element, *element.iterancestors()):
        if node.tag in FURNITURE_TAGS or _words(node) & (FURNITURE_WORDS | {"header", "top"}):
            return True
    return False


def _head_value(root, *paths: str) -> str:
    for path in paths:
        for value in root.xpath(path):
            if str(value).strip():
                return " ".join(str(value).split())
    return ""


def head_values(root) -> dict[str, str]:
    """Return the values of the page's <title>, <meta> and <link> elements in one pass, by key:
    "title", "name=PubDate", "property=og:url", "rel=canonical" (the first non-empty value of each)."""
    values: dict[str, str] = {}
    for element in root.iter("title", "meta", "link"):
        if element.tag == "title":
            pairs = [("title", element.text or "")]
        elif element.tag == "meta":
            pairs = [(f"{name}={element.get(name)}", element.get("content") or "")
                     for name in ("name", "property") if element.get(name)]
        else:
            pairs = [(f"rel={element.get('rel')}", element.get("href") or "")]
        for key, value in pairs:
            if value.strip():
                values.setdefault(key, " ".join(value.split()))
    return values


def find_title(root, head: dict[str, str] | None = None):
    """Return (title element or None, headline): the <h1>/div.title matching the page <title>."""
    head = head_values(root) if head is None else head
    page_title = head.get("title") or head.get("property=og:title", "")
    candidates = [element for path in TITLE_PATHS for element in root.xpath(path)
                  if _text(element) and not _furniture(element)]
    matching = [element for element in candidates if _text(element) in page_title]
    if matching:
        best = max(matching, key=lambda element: len(_text(element)))
        return best, _text(best)
    if candidates:
        return candidates[0], _text(candidates[0])
    named = head.get("name=ArticleTitle") or head.get("property=og:title", "")
    return None, named or _TITLE_SUFFIX.sub("", page_title)


def find_body(root):
    """Return the element holding the article body: a known container, else the densest one."""
    for path in BODY_PATHS:
        # the first with text (nested matches are not all measured: text_content() of each would cost
        # the depth times the page)
        found = next((element for element in root.xpath(path) if len(_text(element)) >= 20), None)
        if found is not None:
            return found
    return densest(root)


def densest(root):
    """Return the element whose paragraphs hold the most text outside links (text density)."""
    scores: dict = {}
    for paragraph in root.iter("p", "br"):
        parent = paragraph.getparent()
        if parent is None:
            continue
        text = _text(paragraph) if paragraph.tag == "p" else (paragraph.tail or "").strip()
        linked = sum(len(_text(link)) for link in paragraph.iter("a")) if paragraph.tag == "p" else 0
        if len(text) - linked >= 10:
            scores[parent] = scores.get(parent, 0) + len(text) - 2 * linked
    if not scores:
        body = root.find("body")
        return body if body is not None else root
    return max(scores, key=scores.get)


def _before(root, first, second) -> bool:
    for element in root.iter():
        if element is first or element is second:
            return element is first and first is not second
    return False


def header_fields(root, title, body) -> dict[str, str]:
    """Return the metadata shown between the headline and the body (来源/发布时间/作者 spans)."""
    if title is None or not _before(root, title, body) or body in title.iterancestors():
        return {}
    fields: dict[str, str] = {}
    started = False
    for element in root.iter():
        if element is title:
            started = True
            continue
        if element is body:
            break
        if not started or not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag in BLOCK_TAGS and not any(child.tag in BLOCK_TAGS for child in element):
            for line in block_lines(element, span_breaks=True):
                for key, value in parse_meta(line).items():
                    fields.setdefault(key, value)
                if "date" not in fields and (dated := _DATE.search(line)):
                    fields["date"] = dated.group(0).strip()
    return fields


def page_url(root, head: dict[str, str] | None = None) -> str:
    """Return the original's address: a 原文链接 link, else the canonical link or og:url."""
    head = head_values(root) if head is None else head
    url = ""
    # a 原文链接 names the original of a reposted article: it outranks the page's own address. The
    # address is the link's href: the label itself a link, or 原文链接：<a href=…>点此查看</a>
    if root.xpath("//text()[contains(., '原文链接')]"):
        url = _head_value(root, "//a[contains(., '原文链接')]/@href",
                          "//text()[contains(., '原文链接')]/following-sibling::a[1]/@href",
                          "//text()[contains(., '原文链接')]/parent::*/following-sibling::*[1]"
                          "/descendant-or-self::a/@href")
    url = url or head.get("rel=canonical") or head.get("property=og:url", "")
    return url if url.startswith(("http://", "https://")) else ""


def parse(text: str):
    """Return the lxml root of a page's text (an XML declaration, which lxml refuses in str, dropped)."""
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def body_paragraphs(body, headline: str) -> list[str]:
    """Return the body's lines, each its own paragraph; a repeat of the headline at its top is dropped."""
    lines = block_lines(body, skip_links=True)
    while lines and lines[0] == headline:
        lines.pop(0)
    # 【责任编辑：王芳】 is metadata, not furniture: unwrap it so the closing-metadata rule sees it
    return [_BRACKETED.sub(r"\1", line) if is_meta_line(_BRACKETED.sub(r"\1", line)) else line
            for line in lines]


def extract(root, path: Path):
    """Return the page's layout (headline, metadata, paragraphs) in the .txt reader's terms."""
    clean(root)
    title, headline = find_title(root, head_values(root))
    body = find_body(root)
    fields = header_fields(root, title, body)
    drop_furniture(body)
    lines = [headline, ""]
    lines += [f"{KEY_OF[key]}：{value}" for key, value in fields.items()] + [""]
    for paragraph in body_paragraphs(body, headline):
        lines += [paragraph, ""]
    layout = parse_lines(lines)
    if layout is None or not headline:
        raise InputError("the page has no headline", path,
                         hint="save the article page itself (it should have an <h1> or a title)")
    return layout


def read(path: Path, limits=None) -> Release:
    """Return the Release in a saved article page: headline, 来源/日期/作者/URL and the body only."""
    data = _read_bytes(path)
    root = parse(decode_page(data, path))
    if root is None:
        raise InputError("this is not an HTML page", path, hint="save the page as HTML from the browser")
    layout = extract(root, path)
    paragraphs, closing = trailing_meta(layout.paragraphs)
    if not paragraphs:
        raise InputError("no article text found on the page", path,
                         hint="save the article page itself, not a list or index page")
    known = layout.meta.as_dict()
    if not known["url"].startswith(("http://", "https://")):
        known["url"] = ""  # 原文链接：点此查看 — the link's text; page_url() reads its href
    head = head_values(root)
    fallback = {"date": head.get("name=PubDate") or head.get("name=publishdate")
                or head.get("property=article:published_time", ""),
                "source": head.get("name=ContentSource", ""), "url": page_url(root, head)}
    meta = {key: known[key] or closing.get(key, "") or fallback.get(key, "") for key in known}
    return Release(path=path, headline=layout.headline, meta=Meta(**meta), paragraphs=paragraphs,
                   first_line=1)


def _read_bytes(path: Path) -> bytes:
    return txt.read_bytes(path, empty_hint="save the article page again")
