"""The hints of the names stage (stages/names.py) for one segment: the English the release spells in brackets,
else the dictionary's, else pinyin for a Chinese name, else a note to verify (issues 24 and 30).

Ranking (docs/decisions/dictionary-names.md): glossary > names the release spells (马克龙（Emmanuel
Macron）, for the whole release, headline included) > CC-CEDICT's proper names > pinyin.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import NameHint, Release, Segment, TaggedName
from .classify import decided_by_statistics
from .dictionary import names_in, ordinary
from .pieces import HIDDEN, NAME_FLAGS, SURNAME, TERM, Piece, whole_names
from .regional import listed_with, whole_name
from .romanise import kind_in, name_hint
from .spelled import SpelledName, release_names, spelled_in

SPELLED_TAG = "nz"  # jieba's tag for other proper nouns: a spelled name the tagger did not find


def _boundaries(segment: Segment) -> set[int]:
    """Return the offsets where the segment's words start."""
    return {token.start for token in segment.tokens}


def whole_tagged(segment: Segment) -> list[TaggedName]:
    """Return the segment's tagged names with foreign names made whole from the tagger's pieces
    (拉苏尔佐达, 纳赛尔·阿尔赫莱菲, 代尔祖尔市); glossary terms are never part of a name."""
    tagged = {(name.start, name.zh) for name in segment.names}
    pieces = []
    for token in segment.tokens:
        if any(term.start < token.end and token.start < term.end for term in segment.terms):
            flag = TERM
        elif len(token.word) == 1 and token.flag.startswith("nr"):
            flag = SURNAME  # 陆 of 陆/nr 志远/nrfg: joins the given name after it, never a name alone
        elif token.flag == "nrt" and (token.start, token.word) not in tagged and not ordinary(token.word):
            flag = HIDDEN + token.flag  # a frequent transliteration (斯特拉): part of a name, not one alone
        elif token.flag.startswith(NAME_FLAGS) and ((token.start, token.word) not in tagged or ordinary(token.word)):
            flag = "n"  # a frequent word the segment stage left out, or a word CC-CEDICT knows (从严治党)
        else:
            flag = token.flag
        pieces.append(Piece(token.word, flag, token.start))
    return [TaggedName(piece.word, piece.flag, piece.start) for piece in whole_names(pieces)
            if piece.flag.startswith(NAME_FLAGS)]


def spelled_names(release: Release, glossary) -> dict[str, SpelledName]:
    """Return {Chinese name: its bracketed spelling} over the whole release, `glossary` names left out."""
    found = []
    for segment in release.segments:
        tagged = {name.start + len(name.zh): name.zh for name in segment.names}
        terms = tuple((term.start, term.end) for term in segment.terms)
        found += [replace(name, where=segment.id)
                  for name in spelled_in(segment.zh, _boundaries(segment), tagged, terms)]
    return {zh: name for zh, name in release_names(found).items() if glossary.lookup(zh) is None}


def written_in_full(release: Release, spelled: dict[str, SpelledName]) -> dict[str, set[str]]:
    """Return {segment id: the spelled names written in full there}: where spelled, and at the first mention
    in the body (a short form in the headline resolves to the full form later)."""
    full: dict[str, set[str]] = {}
    for zh, name in spelled.items():
        first = next((segment.id for segment in release.segments if segment.paragraph and zh in segment.zh), None)
        for segment_id in {name.where, first} - {None}:
            full.setdefault(str(segment_id), set()).add(zh)
    return full


def _spelled_hints(segment: Segment, spelled: dict[str, SpelledName], full: set[str]) -> list[tuple[int, NameHint]]:
    """Return (offset, hint) for every spelled name in the segment outside its glossary terms; `full`
    holds the names written in full here (where spelled, and at the first mention in the body)."""
    hints = []
    for zh, name in spelled.items():
        start = segment.zh.find(zh)
        while start >= 0:
            end = start + len(zh)
            if not any(term.start < end and start < term.end for term in segment.terms):
                tag = next((n.tag for n in segment.names if n.start == start and n.zh == zh), SPELLED_TAG)
                kind = kind_in(segment.zh, zh, tag, start)
                hints.append((start, NameHint(zh, name.en if zh in full else name.short, tag, kind, "release")))
                break
            start = segment.zh.find(zh, end)
    return hints


def segment_hints(segment: Segment, spelled: dict[str, SpelledName], full: set[str]) -> tuple[NameHint, ...]:
    """Return a segment's hints, in text order, once per name: spelled names, then tagged names (made whole),
    then the dictionary's names where the tagger found none or only a piece of one (马克 of 马克龙)."""
    found: dict[tuple[int, int], NameHint] = {(start, start + len(hint.zh)): hint
                                              for start, hint in _spelled_hints(segment, spelled, full)}
    spelled_spans = list(found)
    for name in whole_tagged(segment):
        if ordinary(name.zh):
            continue  # 拉开序幕, 热烈祝贺: words the tagger took for a name
        zh = whole_name(segment.zh, name.start, name.zh) if name.tag.startswith("nr") else name.zh
        span = (name.start, name.start + len(zh))
        kind = kind_in(segment.zh, zh, name.tag, name.start)
        if kind != "chinese" and ordinary(zh, loose=True):
            continue  # 安全门, 本赛季: words, not a transliteration
        if not any(_overlap(span, other) for other in found):
            found[span] = name_hint(zh, name.tag, kind)
    for start, named in names_in(segment.zh, _boundaries(segment)):  # names the tagger missed or cut
        span = (start, start + len(named.zh))
        inside = [other for other in found if _overlap(span, other)]
        if any(term.start < span[1] and span[0] < term.end for term in segment.terms) \
                or any(other in spelled_spans or not (span[0] <= other[0] and other[1] <= span[1]) for other in inside):
            continue
        for other in inside:
            del found[other]
        found[span] = NameHint(named.zh, named.en, SPELLED_TAG, named.kind, "dictionary")
    ordered = _listed_together(segment.zh, [(span, found[span]) for span in sorted(found)])
    return tuple({hint.zh: hint for hint in ordered}.values())


def _listed_together(zh: str, spans: list[tuple[tuple[int, int], NameHint]]) -> list[NameHint]:
    """Return the hints with a person the statistics took for Chinese made Vietnamese or Korean when one
    listed before it in the sentence is (阮富仲总书记、陈大光主席)."""
    hints: list[NameHint] = []
    earlier: list[tuple[int, int, str]] = []
    for (start, end), hint in spans:
        if hint.kind == "chinese" and hint.tag.startswith("nr") and not hint.source \
                and decided_by_statistics(hint.zh, hint.tag):
            kind = listed_with(zh, start, hint.zh, earlier)
            hint = name_hint(hint.zh, hint.tag, kind) if kind else hint
        hints.append(hint)
        earlier.append((start, end, hint.kind))
    return hints


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
