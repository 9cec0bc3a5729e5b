"""The names stage: the person, place and organisation names jieba tagged outside the glossary terms, and for
each a hint (and a reviewer note) — the English the release spells in brackets, else the dictionary's, else
pinyin for a Chinese name, else a note to verify.

Ranking (docs/decisions/dictionary-names.md): glossary > names the release spells (马克龙（Emmanuel
Macron）, for the whole release, headline included) > CC-CEDICT's proper names > pinyin.
"""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..glossary import Glossary
from ..model import NameHint, Release, Segment, TaggedName, TermHit, Token
from ..names.classify import decided_by_statistics
from ..names.dictionary import names_in, ordinary
from ..names.pieces import HIDDEN, NAME_FLAGS, TERM, Piece, whole_names
from ..names.regional import listed_with, whole_name
from ..names.romanise import hint_note, kind_in, name_hint
from ..names.spelled import SpelledName, release_names, spelled_in
from .segment import tokens, word_frequency
from .terms import find

REQUIRES = ("segments.zh", "segments.paragraph", "segments.tokens", "segments.terms")
ASSIGNS = ("segments.names", "segments.hints", "segments.notes")
SPELLED_TAG = "nz"  # jieba's tag for other proper nouns: a spelled name the tagger did not find


NAME_TAGS = ("nr", "nrfg", "nrt", "ns", "nt")
# jieba tags frequent ordinary words as names (友谊 nr, 城市 ns, 深度 ns); real names in releases are
# rare in its dictionary (赵克志, 王毅: absent; 李克强: 6). Measured on the samples: these bounds drop
# 友谊 (1499), 贺信 (58), 城市 (25084), 深度 (1930) and keep every person and place name.
COMMON_PERSON_FREQ = 50
COMMON_PLACE_FREQ = 1000
PLACE_SUFFIXES = tuple("市县省区镇乡村州")


def _common(token: Token) -> bool:
    frequency = word_frequency(token.word)
    if token.flag.startswith("nr"):
        return frequency >= COMMON_PERSON_FREQ
    named_place = len(token.word) >= 3 and token.word.endswith(PLACE_SUFFIXES)  # 湘潭市, not 城市
    return frequency >= COMMON_PLACE_FREQ and not named_place


def tagged(cut: tuple[Token, ...], hits: tuple[TermHit, ...]) -> tuple[TaggedName, ...]:
    """Return the person, place and organisation names of a cut outside the glossary terms `hits`
    (frequent ordinary words jieba tags as names left out)."""
    return tuple(TaggedName(token.word, token.flag, token.start) for token in cut
                 if token.flag in NAME_TAGS and len(token.word) >= 2 and not _common(token)
                 and not any(hit.start < token.end and token.start < hit.end for hit in hits))


def tag_names(text: str, glossary: Glossary | None = None) -> list[tuple[str, str, int]]:
    """Return (word, tag, start) for the names jieba finds in a text outside its glossary terms."""
    cut = tokens(text)
    hits = find(text, glossary, cut=cut) if glossary is not None else ()
    return [(name.zh, name.tag, name.start) for name in tagged(cut, hits)]


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
        elif token.flag == "nrt" and (token.start, token.word) not in tagged and not ordinary(token.word):
            flag = HIDDEN + token.flag  # a frequent transliteration (斯特拉): part of a name, not one alone
        elif token.flag.startswith(NAME_FLAGS) and ((token.start, token.word) not in tagged or ordinary(token.word)):
            flag = "n"  # a frequent word the segment stage left out, or a word CC-CEDICT knows (从严治党)
        else:
            flag = token.flag
        pieces.append(Piece(token.word, flag, token.start))
    return [TaggedName(piece.word, piece.flag, piece.start) for piece in whole_names(pieces)
            if piece.flag.startswith(NAME_FLAGS)]


def spelled_names(release: Release, ctx: Context) -> dict[str, SpelledName]:
    """Return {Chinese name: its bracketed spelling} over the whole release, glossary names left out."""
    found = []
    for segment in release.segments:
        tagged = {name.start + len(name.zh): name.zh for name in segment.names}
        terms = tuple((term.start, term.end) for term in segment.terms)
        found += [replace(name, where=segment.id)
                  for name in spelled_in(segment.zh, _boundaries(segment), tagged, terms)]
    return {zh: name for zh, name in release_names(found).items() if ctx.glossary.lookup(zh) is None}


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


def _segment_hints(segment: Segment, spelled: dict[str, SpelledName], full: set[str]) -> tuple[NameHint, ...]:
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


def hint_names(release: Release, ctx: Context) -> Release:
    """Stage names: return the release with the names jieba tagged outside each segment's terms, and a
    NameHint (and a reviewer note) for every one, every name the release spells in brackets and every
    foreign name the dictionary knows."""
    release = replace(release, segments=tuple(replace(segment, names=tagged(segment.tokens, segment.terms))
                                              for segment in release.segments))
    spelled = spelled_names(release, ctx)
    first_mention: dict[str, str] = {}
    for segment in release.segments:
        for zh in spelled:
            if segment.paragraph and zh in segment.zh:
                first_mention.setdefault(zh, segment.id)
    segments = []
    for segment in release.segments:
        full = {zh for zh, name in spelled.items() if segment.id in (name.where, first_mention.get(zh))}
        hints = _segment_hints(segment, spelled, full)
        notes = tuple(hint_note(h) for h in hints)
        segments.append(replace(segment, hints=hints, notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))
