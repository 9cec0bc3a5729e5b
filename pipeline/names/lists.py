"""Enumerations (、-separated lists of officials, cities, organisations, fields) and whether a draft kept them.

A 1.5B model drafting "…与奥地利驻华大使石立德、比利时驻华大使高洋、…等进行深入会谈" writes "met with the
ambassadors" (every item lost) or runs on repeating the last one. Each item is traced by the most
specific thing in it whose English the draft must hold: an official's name or placeholder, a glossary
term, a Chinese name's pinyin; an item without one is only counted, by the separators the English
needs ("A, B and C" has two). Pure functions: what counts as "used" is passed in (english.term_used).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..model import Segment
from . import officials

CLAUSE = re.compile(r"[，,。；;：:！!？?（）()“”\"《》]")
JOINERS = ("以及", "和", "及", "与")  # the word before a list's last item …
NO_JOINER = ("参与", "与会", "和平", "和谐", "及时", "涉及", "普及", "危及", "以及其")  # … except inside these words
LEAST = 3  # a list of fewer items is a pair, which English often merges ("Sino-US")
SEPARATOR = re.compile(r",|;|\band\b|\bas well as\b|&", re.IGNORECASE)
HAN = re.compile(r"[\[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9\[\]\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Enumeration:
    """One list in a sentence: its items' spans in the Chinese, in order."""

    items: tuple[tuple[int, int], ...]

    def texts(self, zh: str) -> tuple[str, ...]:
        return tuple(zh[start:end] for start, end in self.items)


@dataclass(frozen=True)
class Trace:
    """Something in the Chinese whose English a draft must hold: any of `forms` counts."""

    start: int
    end: int
    forms: tuple[str, ...]
    person: bool = False  # a foreign official's name


def traces(segment: Segment) -> list[Trace]:
    """Return what a draft of `segment` must hold: its glossary terms' English, its officials' names (open
    as [倪瑞兰], or their English), its Chinese names' pinyin; each where the Chinese has it."""
    found = [Trace(term.start, term.end, (term.en,)) for term in segment.terms if term.en]
    for hint in segment.hints:
        official = hint.kind == officials.KIND
        forms = (officials.placeholder(hint.zh), hint.zh, hint.en) if official else (hint.en,)
        if any(forms):
            spans = officials.mentions(segment.zh, [hint.zh], (segment.tokens or None) if official else None)
            found += [Trace(start, end, forms, official) for start, end, _ in spans]
    return found


def enumerations(zh: str, least: int = LEAST) -> list[Enumeration]:
    """Return the lists of `least` items or more in `zh`: items separated by 、 within one clause, the last
    one joined by 和/及/与 where it is ("A、B和C"). The first item starts at its clause, the last ends at it."""
    found, start = [], 0
    for end in [m.start() for m in CLAUSE.finditer(zh)] + [len(zh)]:
        clause = zh[start:end]
        if "、" in clause:
            items, position = [], start
            for part in clause.split("、"):
                items.append((position, position + len(part)))
                position += len(part) + 1
            items = _split_last(zh, items)
            if len(items) >= least and all(b - a >= 1 for a, b in items):
                found.append(Enumeration(tuple(items)))
        start = end + 1
    return found


def _split_last(zh: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the items with the last one cut at a joiner (B和C -> B, C) when the joiner comes early in it."""
    start, end = items[-1]
    last = zh[start:end]
    for joiner in JOINERS:
        at = last.find(joiner)
        inside = any(last.find(word) in range(max(0, at - len(word) + 1), at + 1) for word in NO_JOINER if word in last)
        if 1 <= at <= 12 and at + len(joiner) < len(last) and not inside:
            return items[:-1] + [(start, start + at), (start + at + len(joiner), end)]
    return items


def held(forms, en: str, used: Callable[[str, str], bool]) -> bool:
    """Return whether the English holds any of `forms`: one in brackets or in Chinese ([倪瑞兰]) as
    written, an English one as `used` finds it (english.term_used: any case, a plural …)."""
    return any(form and (form in en if HAN.search(form) else used(form, en)) for form in forms)


def _trace_of(item: tuple[int, int], traces: list[Trace], position: str) -> Trace | None:
    inside = [t for t in traces if item[0] <= t.start and t.end <= item[1]]
    if not inside:
        return None
    # an official's name is the item's most specific trace (英国驻华大使馆公使衔参赞李婉宁); the first item runs
    # from its clause's start (…与奥地利驻华大使石立德), the last on to its verb (…李婉宁等进行深入会谈):
    # there the trace nearest the list counts
    ranked = sorted(inside, key=lambda t: (not t.person, t.start if position == "last" else -t.end))
    return ranked[0]


def items_lost(zh: str, en: str, traces: list[Trace], used: Callable[[str, str], bool]
               ) -> list[tuple[int, list[Trace]]]:
    """Return (number of items, the traces of the items the English lacks) for every list of `zh` that lost
    any; when the English has fewer separators than all the lists need (a list of n items has n-1), the
    lists that lost none are returned too, with no traces (items lost, which ones unknown)."""
    lists = enumerations(zh)
    found = []
    for enumeration in lists:
        lost = []
        for index, item in enumerate(enumeration.items):
            position = "first" if index == 0 else "last" if index == len(enumeration.items) - 1 else "middle"
            trace = _trace_of(item, traces, position)
            if trace is not None and not held(trace.forms, en, used):
                lost.append(trace)
        found.append((len(enumeration.items), lost))
    if separators(en) < sum(count - 1 for count, _ in found):
        return found
    return [(count, lost) for count, lost in found if lost]


def lost_items(segment: Segment, used: Callable[[str, str], bool]) -> list[tuple[str, str | None, str]]:
    """Return (message, severity or None for the check's own, the fix a repair request gives) for each list
    a segment's draft lost items of. An official lost is left out of the items named (QA's officials_kept
    reports it), and a list whose only lost items are officials is not returned; a list short of
    separators only is a warning."""
    people = {hint.zh for hint in segment.hints if hint.kind == officials.KIND}
    found: list[tuple[str, str | None, str]] = []
    lists = {len(e.items): e for e in enumerations(segment.zh)}
    for count, lost in items_lost(segment.zh, segment.en, traces(segment), used):
        items = [segment.zh[t.start:t.end] for t in lost if segment.zh[t.start:t.end] not in people]
        fix = "The draft leaves out items of this list: " + "、".join(lists[count].texts(segment.zh) if count in lists
                                                                      else items)
        if items:
            found.append((f"a list of {count} items lost {'、'.join(items)}", None, fix))
        elif not lost:
            found.append((f"a list of {count} items has fewer in the draft (too few commas and “and”)", "warning", fix))
    return found


def separators(en: str) -> int:
    """Return how many list separators (commas, semicolons, "and", "as well as") the English has."""
    return len(SEPARATOR.findall(en))


def repeats_from(zh: str, en: str, names: tuple[str, ...] = ()) -> int | None:
    """Return where a draft starts repeating itself (a list run on: an item said again and again), or None.

    Either a bracketed name said more often than the Chinese names it, or a run of three words or more
    said three times in a row (the loop a small model falls into at the end of a long list); the draft
    is to be cut there and drafted again."""
    for name in names:
        mark = f"[{name}]"
        allowed = max(1, zh.count(name))
        at, seen = -1, 0
        while (at := en.find(mark, at + 1)) >= 0:
            seen += 1
            if seen > allowed:
                return _item_start(en, at)
    words = list(_WORD.finditer(en))
    texts = [w.group(0).lower() for w in words]
    for size in range(3, 13):
        for first in range(len(texts) - 3 * size + 1):
            chunk = texts[first:first + size]
            if chunk == texts[first + size:first + 2 * size] == texts[first + 2 * size:first + 3 * size]:
                return _item_start(en, words[first + size].start())
    return None


def _item_start(en: str, at: int) -> int:
    """Return where the list item holding position `at` starts: after the last separator before it."""
    before = en[:at]
    cut = max(before.rfind(","), before.rfind(";"), before.rfind(" and "))
    return cut if cut > 0 else at


def cut(en: str, at: int) -> str:
    """Return the draft cut where it starts repeating, closed with a full stop."""
    return en[:at].rstrip(" ,;") + "."
