"""The term finder: which glossary matches are names in a sentence — word boundaries, enclosing names,
short forms — for `press translate` (the terms stage) and for every other command (`find`, `find_all`).

A glossary form inside a longer word is no hit (兰州 in 昆士兰州 Queensland, 湘潭 in 湘潭县, 京都市 in
东京都市圈); a generic `term` inside an organisation or event name is not forced (友好城市 in
中国国际友好城市大会, whose official English says "Friendship Cities"); a place that names an
organisation (湖南 in 湖南文理学院) only needs its bare name ("Hunan", not "Hunan Province"). Once a
release gives a place in full (东近江市), its short form (东近江) is that place everywhere in it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import Callable, Iterable, Sequence

from ..context import Context
from ..glossary import STOP, Entry, Glossary
from ..model import Release, TermHit, Token
from .segment import tokens

REQUIRES = ("segments.zh", "segments.tokens")
ASSIGNS = ("segments.terms", "segments.words")


PLACE_KINDS = ("city", "county", "prefecture", "province", "municipality", "region", "country")
# the last word of an organisation or event name: what follows a term or place inside such a name
NAME_ENDINGS = ("大会", "会议", "协会", "联合会", "论坛", "博览会", "交流会", "洽谈会", "峰会", "研讨会",
                "委员会", "联盟", "学院", "大学", "中心", "集团", "公司", "银行", "医院", "学校", "研究院",
                "研究所", "基金会", "商会", "博物馆", "节", "周")
NAME_REACH = 2  # words between a term and the ending of the name it sits in
PUNCTUATION = re.compile(r"[\s，,。；;：:！!？?、“”‘’\"'（）()《》【】—…·]")
# the English words a place's rendering adds to its bare name ("Hunan Province" -> "Hunan")
PLACE_WORDS = re.compile(r"\s+(?:(?:Autonomous|Special Administrative)\s+)?(?:Province|City|County|District|"
                         r"Prefecture|Municipality|Region|Town|Township|Village)$")


def acceptor(text: str, cut: tuple[Token, ...]) -> Callable[[int, int, Entry], bool]:
    """Return accept(start, end, entry), False for a form that is part of a longer word or name: one
    strictly inside a single word of `cut`, one that cuts a place name jieba knows (京都市 in 东京都市圈),
    or one whose both ends fall inside words."""
    starts = {token.start for token in cut}
    ends = {token.end for token in cut}

    def accept(start: int, end: int, entry: Entry) -> bool:
        for token in cut:
            if token.start <= start and end <= token.end and token.end - token.start > end - start:
                return False
            if token.flag == "ns" and (token.start < start < token.end or token.start < end < token.end):
                return False
        return start in starts or end in ends

    return accept


def _ending_after(end: int, text: str, cut: tuple[Token, ...]) -> bool:
    """Return whether the words right after position `end` finish an organisation or event name."""
    following = [token for token in cut if token.start >= end][:NAME_REACH + 1]
    for token in following:
        if PUNCTUATION.search(token.word):
            return False
        if token.word.endswith(NAME_ENDINGS) or token.flag == "nt":
            return True
    return False


def in_context(hits: list[TermHit], text: str, cut: tuple[Token, ...]) -> tuple[TermHit, ...]:
    """Return the hits as this sentence uses them: generic terms inside a name dropped; places named by
    their short form, or naming an organisation or event, reduced to their bare English name."""
    kept = []
    for hit in hits:
        if hit.kind in PLACE_KINDS and hit.matched and hit.zh.startswith(hit.matched):
            # a short form (鼎城 for 鼎城区) is written without the generic word: "Dingcheng"
            hit = replace(hit, en=PLACE_WORDS.sub("", hit.en) or hit.en)
        if _ending_after(hit.end, text, cut):
            if hit.kind == "term":
                continue  # "International Sister City Conference" is no conference's name
            if hit.kind in PLACE_KINDS:
                bare = PLACE_WORDS.sub("", hit.en)
                hit = replace(hit, en=bare) if bare else hit
        kept.append(hit)
    return tuple(kept)


def merged_words(text: str, cut: tuple[Token, ...], hits: Iterable[TermHit]) -> tuple[str, ...]:
    """Return the words of `text`: jieba's cuts, except that every hit is one word."""
    hits = list(hits)
    inside = {position for hit in hits for position in range(hit.start + 1, hit.end)}
    edges = {0, len(text)} | {t.start for t in cut} | {t.end for t in cut}
    bounds = sorted((edges - inside) | {h.start for h in hits} | {h.end for h in hits})
    pieces = (text[a:b] for a, b in pairwise(bounds))
    return tuple(piece for piece in pieces if piece.strip())


def short_forms(hits: Iterable[TermHit], glossary: Glossary) -> dict[str, Entry]:
    """Return {short form: entry} for the places a release names in full: their short forms stand for
    them everywhere in the release, even where the short form alone would be ambiguous."""
    found: dict[str, Entry] = {}
    for hit in hits:
        entry = glossary.lookup(hit.zh)
        form = entry.short if entry is not None and entry.kind != STOP else ""
        if form and entry is not None and form not in entry.variants and form not in found:
            found[form] = entry
    return found


# the short forms a release's full forms license ({短形: entry}): what the whole release says about its names
Scope = dict[str, Entry]


def find(text: str, glossary: Glossary, scope: Scope | None = None,
         cut: tuple[Token, ...] | None = None) -> tuple[TermHit, ...]:
    """Return the glossary terms of one sentence as it uses them: longest match first, a form inside a
    longer word or name left out, generic terms inside a name dropped; `scope` adds the release's short
    forms (the places it names in full elsewhere); `cut` is jieba's cut of `text` when already made."""
    cut = cut if cut is not None else tokens(text)
    extra = {form: entry for form, entry in (scope or {}).items() if form in text}
    return in_context(glossary.find(text, acceptor(text, cut), extra or None), text, cut)


def words(text: str, glossary: Glossary | None = None) -> tuple[str, ...]:
    """Return the words of a sentence; every glossary term found in it is one word."""
    cut = tokens(text)
    return merged_words(text, cut, find(text, glossary, cut=cut) if glossary is not None else ())


def find_all(texts: Sequence[str], glossary: Glossary,
             cuts: Sequence[tuple[Token, ...]] | None = None) -> list[tuple[TermHit, ...]]:
    """Return the terms of every sentence of one release: a first pass finds the places it names in full,
    whose short forms then count in every sentence, the headline and earlier ones included."""
    cuts = list(cuts) if cuts is not None else [tokens(text) for text in texts]
    first = [find(text, glossary, cut=cut) for text, cut in zip(texts, cuts, strict=True)]
    scope = short_forms((hit for hits in first for hit in hits), glossary)
    return [find(text, glossary, scope, cut) if any(form in text for form in scope) else hits
            for text, cut, hits in zip(texts, cuts, first, strict=True)]


def find_terms(release: Release, ctx: Context) -> Release:
    """Stage terms: return the release with each segment's glossary terms (one term finder for the whole
    release, short forms included) and its words, every term one word."""
    found = find_all([seg.zh for seg in release.segments], ctx.glossary, [seg.tokens for seg in release.segments])
    return replace(release, segments=tuple(
        replace(seg, terms=hits, words=merged_words(seg.zh, seg.tokens, hits))
        for seg, hits in zip(release.segments, found, strict=True)))
