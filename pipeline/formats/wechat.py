"""Saved WeChat official-account articles (mp.weixin.qq.com pages, .html/.htm).

The headline is #activity-name, the body #js_content; the account (#js_name, else the page script's
nickname) is the source unless the article names one (来源：…), the author is the byline
(#js_author_name), the date the publish time shown (#publish_time, else the script's createTime or
its `ct` timestamp in Beijing time), the URL og:url or msg_link. Furniture and editors' credit lines
in the body are dropped (boilerplate.py). The page is parsed by html.py, the only lxml user.
"""
from __future__ import annotations

import html as html_entities
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..config import Limits
from ..errors import InputError
from ..model import Release
from . import html, txt
from .boilerplate import article

EXTENSIONS = (".html", ".htm")
SNIFF_BYTES = 4 * 1024 * 1024  # WeChat pages carry ~100 KB of script and style before the body
_MARKS = (b'id="js_content"', b"id='js_content'")
BEIJING = timezone(timedelta(hours=8))


def claims(path: Path) -> bool:
    """True when the file is a saved WeChat article page (it has the #js_content body)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return any(mark in head for mark in _MARKS) and (b"rich_media" in head or b"mp.weixin.qq.com" in head)


def _script_value(text: str, name: str) -> str:
    found = re.search(rf"""\bvar\s+{name}\s*=\s*(?:htmlDecode\()?\s*["']([^"'\n]*)["']""", text)
    return html_entities.unescape(found.group(1)).strip() if found else ""


def _element_text(root, element_id: str) -> str:
    found = root.xpath(f"//*[@id='{element_id}']")
    return " ".join(found[0].text_content().split()) if found else ""


def page_fields(root, text: str) -> dict[str, str]:
    """Return the source (account), author, date and URL a WeChat page shows or its script holds."""
    date = _element_text(root, "publish_time") or _script_value(text, "createTime")
    stamp = _script_value(text, "ct")
    if not date and stamp.isdigit():
        date = datetime.fromtimestamp(int(stamp), BEIJING).strftime("%Y-%m-%d %H:%M")
    head = html.head_values(root)
    url = head.get("property=og:url") or _script_value(text, "msg_link")
    return {"source": _element_text(root, "js_name") or _script_value(text, "nickname"),
            "author": _element_text(root, "js_author_name") or head.get("name=author", ""),
            "date": date, "url": url if url.startswith(("http://", "https://")) else ""}


def read(path: Path, limits: Limits | None = None) -> Release:
    """Return the Release in a saved WeChat article page."""
    text = html.decode_page(txt.read_bytes(path, empty_hint="save the article page again"), path)
    root = html.parse(text)
    body = root.xpath("//*[@id='js_content']") if root is not None else []
    if not body:
        raise InputError("this WeChat page has no article body (#js_content)", path,
                         hint="open the article itself in a browser and save it as a complete web page")
    fields = page_fields(root, text)
    headline = _element_text(root, "activity-name") or html.head_values(root).get("property=og:title", "")
    html.clean(root)
    lines = html.block_lines(body[0], skip_links=True)
    return article(path, headline, lines, fields, blocks=True)
