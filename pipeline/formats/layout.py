"""The plain-text layout every reader shares: headline, metadata lines, blank-line paragraphs."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Meta

META_KEYS = {
    "来源": "source", "来源单位": "source", "信息来源": "source",
    "日期": "date", "发布日期": "date", "发布时间": "date", "时间": "date",
    "作者": "author", "撰稿": "author", "编辑": "author", "责任编辑": "author",
    "原文链接": "url", "链接": "url", "原文地址": "url",
    # the same keys in traditional script (Big5 releases from Hong Kong/Taiwan)
    "來源": "source", "來源單位": "source", "信息來源": "source", "資料來源": "source",
    "發布日期": "date", "發佈日期": "date", "發布時間": "date", "發佈時間": "date", "時間": "date",
    "編輯": "author", "責任編輯": "author",
    "原文鏈接": "url", "鏈接": "url", "原文連結": "url", "連結": "url",
    # a published English release's header (the seed's "Source:常德政府网 Date:2021-11-07 08:40:54", and
    # the "Source: … | Date: …" line press writes), read when an archive's English is aligned
    "Source": "source", "Date": "date", "Author": "author", "Editor": "author",
}
_KEY = "|".join(sorted(map(re.escape, META_KEYS), key=len, reverse=True))
_META_LINE = re.compile(rf"^\s*(?:{_KEY})\s*[:：]")
# fields share a line, separated by spaces or a bar; an English key is a word of its own (not "Update:")
_META_FIELD = re.compile(rf"(?<![A-Za-z])({_KEY})\s*[:：]\s*(.*?)[\s|｜]*(?=(?:[\s\u3000|｜]+(?:{_KEY})\s*[:：])|$)")
# page furniture that sometimes survives a copy from the web: 【字体：大 中 小】, 【打印】, 【关闭】
_FURNITURE = re.compile(r"^[\s\u3000]*(【[^】]{0,12}】[\s\u3000]*)+$")


@dataclass(frozen=True)
class Layout:
    """A release's text split into headline, metadata and body paragraphs (before normalisation)."""

    headline: str
    meta: Meta
    paragraphs: tuple[str, ...]
    first_line: int


def strip_furniture(line: str) -> str:
    """Return the line without trailing web-page furniture such as 【字体：大 中 小】."""
    return re.sub(r"[\s\u3000]*【(?:字体|Fonts?\b)[^】]*(?:】.*)?$", "", line)


def parse_meta(line: str) -> dict[str, str]:
    """Return the metadata fields of one header line (several may share a line)."""
    fields: dict[str, str] = {}
    for key, value in _META_FIELD.findall(strip_furniture(line)):
        fields.setdefault(META_KEYS[key], value.strip())
    return fields


def is_meta_line(line: str) -> bool:
    """True when the line starts with a known metadata key followed by a colon."""
    return bool(_META_LINE.match(line))


def parse_lines(lines: list[str]) -> Layout | None:
    """Return the layout of the given lines, or None when there is no text at all."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index == len(lines):
        return None
    headline, first_line = lines[index].strip(), index + 1
    index += 1
    fields: dict[str, str] = {}
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _FURNITURE.match(line):
            index += 1
            continue
        if not is_meta_line(line):
            break
        for key, value in parse_meta(line).items():
            fields.setdefault(key, value)
        index += 1
    paragraphs, current = [], []
    for line in lines[index:]:
        if line.strip() and not _FURNITURE.match(line):
            current.append(line.strip())
        elif current:
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    return Layout(headline, Meta(**fields), tuple(paragraphs), first_line)


def join_lines(lines: list[str]) -> str:
    """Return the lines of one paragraph as one text: Chinese joined as written, a space where a line
    break falls between Latin words (a hard-wrapped English release)."""
    text = lines[0]
    for line in lines[1:]:
        text += (" " if text[-1].isascii() and line[0].isascii() and not text[-1].isspace() else "") + line
    return text


def trailing_meta(paragraphs: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    """Return the paragraphs without closing metadata lines (责任编辑：…) and the fields they held."""
    fields: dict[str, str] = {}
    body = list(paragraphs)
    while body and is_meta_line(body[-1]):
        for key, value in parse_meta(body.pop()).items():
            fields.setdefault(key, value)
    if not fields.get("url", "").startswith(("http://", "https://")):
        fields.pop("url", None)  # the link's text, not its address; page_url() reads the href
    return tuple(body), fields
