"""The headline house style: title case, and a title before the name it belongs to.

The rule, from the house's own published headlines (docs/house-style.md cites them): every word capitalised
but articles, coordinating conjunctions and prepositions, which stay lower case unless they open or close
the headline or follow a colon ("Changde and Higashiomi Reached the "Sister City Agreement"", the seed
release; "Delegation from Beijing Inspect Changde's National Civilized City Construction", "Zhou Wenhui
Talks about Making Changde the Land of Peach Blossoms in the Hearts of People", eng.changde.gov.cn), the
second part of a hyphenated word as written ("Department-level Senior Leaders Visit Key Industrial
Projects"); and a title before the name ("Vice Governor He Meets with Consular Corps", enghunan.gov.cn),
where Chinese puts it after (曹赛先主任 "Director Cao Saixian", not "Cao Saixian Director").
Words with capitals or digits inside (U.S., COVID-19, WeChat, 22nd) are left as written.
"""
from __future__ import annotations

import re

from ..model import Segment
from .english import PARTICLES, rendering_of
from .romanise import pinyin_written

ARTICLES = ("a", "an", "the")
CONJUNCTIONS = ("and", "but", "or", "nor", "as")
PREPOSITIONS = ("about", "across", "against", "amid", "among", "at", "between", "by", "during", "for", "from",
                "in", "into", "of", "on", "onto", "per", "through", "to", "toward", "towards", "upon", "via", "with",
                "within", "without")
MINOR = frozenset(ARTICLES + CONJUNCTIONS + PREPOSITIONS)
_LEADING = "\"'“‘«([{"
_TRAILING = "\"'”’»)]}.,;:!?"
_BREAKS = (":", "—", "–")  # after these a headline starts again: the next word is capitalised


def title_case(text: str) -> str:
    """Return a headline in the house's title case (see the module docstring); only first letters change."""
    tokens = text.split(" ")
    words = [index for index, token in enumerate(tokens) if any(char.isalpha() for char in token)]
    out = list(tokens)
    for position, index in enumerate(words):
        previous = tokens[index - 1] if index > 0 else ""
        edge = position in (0, len(words) - 1) or previous.rstrip("\"'”’").endswith(_BREAKS)
        out[index] = _cased(tokens[index], edge)
    return " ".join(out)


def _cased(token: str, edge: bool) -> str:
    """Return one whitespace-separated token in title case: its first letter, or a minor word in lower case."""
    core = token.lstrip(_LEADING)
    lead = token[:len(token) - len(core)]
    stripped = core.rstrip(_TRAILING)
    tail = core[len(stripped):]
    first, *rest = stripped.split("-") if stripped else [""]
    if not first[:1].isalpha() or any(char.isdigit() for char in first) or any(c.isupper() for c in first[1:]) \
            or "." in first:
        return token  # U.S., COVID-19, WeChat, 22nd: as written
    bare = re.sub(r"['’]s$", "", first).lower()
    if not edge and bare in MINOR:
        first = first.lower()
    elif not edge and first in PARTICLES:
        pass  # de, van: part of a name, lower case where written so
    else:
        first = first[:1].upper() + first[1:]
    return lead + "-".join([first, *rest]) + tail


def titles_first(segment: Segment, en: str) -> str:
    """Return the English with every "<name> <title>" the source writes as 曹赛先主任 (a person's name, then a
    glossary title) turned round to "<title> <name>" ("Cao Saixian Director" -> "Director Cao Saixian")."""
    titles = [term for term in segment.terms if term.kind == "title" and term.en]
    for _zh, end, english in _names(segment, en):
        for title in titles:
            if title.start != end:
                continue  # not the title of this name in the source
            found = re.search(rf"(?<!\w){re.escape(english)}\s+({re.escape(title.en)})(?!\w)", en, re.IGNORECASE)
            if found:
                en = en[:found.start()] + f"{title.en} {english}" + en[found.end():]
    return en


def _names(segment: Segment, en: str) -> list[tuple[str, int, str]]:
    """Return (Chinese, end offset in the source, English as the draft writes it) of the segment's person
    names: glossary persons, and the names jieba tagged that the draft writes (pinyin, or the English found)."""
    found = [(term.zh, term.end, term.en) for term in segment.terms if term.kind == "person" and term.en]
    kinds = {hint.zh: hint.kind for hint in segment.hints}
    for name in segment.names:
        if not name.tag.startswith("nr"):
            continue
        kind = kinds.get(name.zh, "chinese")
        english = pinyin_written(name.zh, en, name.tag) if kind == "chinese" else rendering_of(name.zh, kind, en)
        if english:
            found.append((name.zh, name.start + len(name.zh), english))
    return found
