"""What WeChat articles and pasted web text carry besides the release: platform furniture (点击蓝字关注我们,
阅读原文, share/like prompts, QR-code calls), editors' credit lines (责任编辑/审核/校对), copyright and ICP
footers, the account line under the title; and paragraphs recovered from text with no blank lines.

Furniture and credit lines are dropped; 来源/作者/日期/原文链接 lines and the account line become
metadata. Pure text rules: the WeChat page reader and the paste reader share them.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Meta, Release
from .layout import is_meta_line, parse_lines, trailing_meta

# a line that is platform furniture wherever these stand in it (matched with spaces removed)
FURNITURE = re.compile("|".join((
    r"ICP备\d", r"ICP证\d", r"公网安备\d", r"^(?:版权所有|©|Copyright)", r"^网站标识码", r"^(?:【[^】]{0,12}】)+$",
    r"^(?:上一篇|下一篇)[:：]", r"^原文链接$", r"^预览时标签不可点", r"^喜欢此内容的人还喜欢",
    r"^(?:分享|收藏|点赞|在看|转发|赞|喜欢|留言|写留言|推荐)+[!！]?$", r"^(?:阅读|赞|在看|点赞|分享)\d+(?:\.\d+)?万?\+?$",
    r"^(?:-+|—+)?END(?:-+|—+)?$", r"^(?:往期(?:推荐|回顾|精彩|阅读)|推荐阅读|精彩推荐|相关阅读|热门推荐)",
)))
# ... and a short line not ending a sentence (a call to follow, share or read on) holding one of these:
# a sentence of the release may say 扫码预约 or 为常德点赞, so these never drop a longer line or a sentence
CALLS = re.compile("|".join((
    r"点击(?:上方|下方)?(?:蓝字|名片|关注|“)", r"关注我们", r"蓝字关注", r"长按(?:识别)?(?:二维码|图片|指纹)",
    r"扫(?:描|一扫)?(?:下方|上方)?(?:二维码|码)关注", r"微信扫一扫", r"关注该公众号", r"阅读原文", r"点(?:个|一下)?“?在看",
)))
CALL_CHARS = 20
# an editors' credit line: 责任编辑：王芳　审核：李明 (the author is 作者：, and stays metadata)
STAFF = re.compile(r"^[【\[]?(?:责任编辑|编辑|审核|审校|校对|终审|初审|复审|二审|三审|监制|排版|美编|统筹|策划|"
                   r"值班编辑|主编|编审|出品|制作|视频|摄影|图片)\s*[:：|丨]")
_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
# the line a WeChat article shows under its title: 原创 作者 公众号 2021-11-07 08:40 湖南
ACCOUNT_LINE = re.compile(rf"^(?:原创\s+)?(?P<names>(?:[^\s\d:：，。]{{1,20}}\s+){{0,3}})(?P<date>{_DATE})"
                          r"(?:\s+(?:发表于)?[^\s\d]{1,6})?$")
ENDS = "。！？!?；;…”’」』）)】"  # a line ending here may end a paragraph


def is_boilerplate(line: str) -> bool:
    """True for a line of platform furniture or an editors' credit line."""
    squeezed = re.sub(r"[\s\u3000]+", "", line)
    return bool(FURNITURE.search(squeezed) or STAFF.match(squeezed)
                or (len(squeezed) <= CALL_CHARS and not squeezed.endswith("。") and CALLS.search(squeezed)))


def account_line(line: str) -> dict[str, str]:
    """Return {"source": account, "date": …} of a WeChat title line (原创 … 2021-11-07 08:40), else {}."""
    found = ACCOUNT_LINE.match(line.strip().replace("\u3000", " "))
    if not found:
        return {}
    names = found.group("names").split()
    return {"date": re.sub(r"\s+", " ", found.group("date")).strip()} | ({"source": names[-1]} if names else {})


def _width(line: str) -> int:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in line)


def recover(lines: list[str]) -> list[str]:
    """Return the paragraphs of consecutive lines without blank lines between them.

    Pasted web text holds one paragraph a line; text copied from a PDF or an e-mail is wrapped at a
    width, and there a line that fills the width and does not end a sentence runs on into the next.
    """
    lines = [line.strip() for line in lines if line.strip()]
    widths = [_width(line) for line in lines]
    full = max(widths, default=0)
    wrapped = [width >= 0.9 * full and not line.endswith(tuple(ENDS)) for line, width in zip(lines, widths, strict=True)]
    # wrapped text: most lines fill the width; a web paste has lines of every length
    if len(lines) < 4 or sum(wrapped) < 0.5 * len(lines):
        return lines
    paragraphs, current = [], ""
    for line, runs_on in zip(lines, wrapped, strict=True):
        current += line
        if not runs_on:
            paragraphs.append(current)
            current = ""
    return paragraphs + ([current] if current else [])


def article(path: Path, headline: str, lines: list[str], fields: dict[str, str], blocks: bool = False) -> Release:
    """Return the Release of an article: `headline`, body `lines` (furniture and credit lines dropped,
    metadata lines at the top or the end read) and `fields` found elsewhere (the page's account, time).

    With `blocks`, each line is already a paragraph (a page's block elements); else paragraphs are
    recovered from blank lines and wrapping.
    """
    kept = [line for line in lines if not is_boilerplate(line)]
    while kept and kept[0].strip() == headline:
        kept.pop(0)
    paragraphs = [line.strip() for line in kept if line.strip()] if blocks else _paragraphs(kept)
    text = [headline, ""] + [line for paragraph in paragraphs for line in (paragraph, "")]
    layout = parse_lines(text)
    if layout is None or not headline.strip():
        raise InputError("the article has no headline", path, hint="start with the headline on a line of its own")
    body, closing = trailing_meta(layout.paragraphs)
    if not body:
        raise InputError("the article has a headline but no text", path,
                         hint="paste or save the whole article, not only its title")
    found = layout.meta.as_dict()
    # an explicit 来源/作者 line names the source better than the account that posted it
    meta = {key: found[key] or closing.get(key, "") or fields.get(key, "") for key in found}
    return Release(path=path, headline=layout.headline, meta=Meta(**meta), paragraphs=body, first_line=1)


def _paragraphs(lines: list[str]) -> list[str]:
    """Return paragraphs from lines whose blank lines (if any) separate paragraphs; each block recovered."""
    paragraphs, block = [], []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
        elif block:
            paragraphs += _metadata_apart(block)
            block = []
    return paragraphs


def _metadata_apart(block: list[str]) -> list[str]:
    """Return the block's paragraphs, each metadata line (来源：…) kept as a paragraph of its own."""
    found: list[str] = []
    run: list[str] = []
    for line in block:
        if is_meta_line(line):
            found += recover(run) + [line.strip()]
            run = []
        else:
            run.append(line)
    return found + recover(run)
