"""The names stage: the person, place and organisation names jieba tagged outside the glossary terms, and for
each a hint (and a reviewer note) — the English the release spells in brackets, else the dictionary's, else
pinyin for a Chinese name, else a note to verify (names/hints.py ranks them); foreign officials (a name after
a foreign title) first, whole and kept open.
"""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..glossary import Glossary
from ..model import NameHint, Release, Segment, TaggedName, TermHit, Token
from ..names import officials
from ..names.hints import segment_hints, spelled_names, written_in_full
from ..names.romanise import hint_note
from .segment import tokens, word_frequency
from .terms import find

REQUIRES = ("segments.zh", "segments.paragraph", "segments.tokens", "segments.terms")
# terms: a glossary form inside a foreign official's name is no term there (巴西 Brazil in 阿巴西 Abbasi)
ASSIGNS = ("segments.names", "segments.hints", "segments.notes", "segments.terms")

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


def hint_names(release: Release, ctx: Context) -> Release:
    """Stage names: return the release with the names jieba tagged outside each segment's terms, and a
    NameHint (and a reviewer note) for every one, every name the release spells in brackets and every
    foreign name the dictionary knows; foreign officials' names made whole and kept open (officials_first)."""
    release = replace(release, segments=tuple(replace(segment, names=tagged(segment.tokens, segment.terms))
                                              for segment in release.segments))
    spelled = spelled_names(release, ctx.glossary)
    full = written_in_full(release, spelled)
    titles = release_officials(release)
    segments = []
    for segment in release.segments:
        hints = officials_first(segment, titles, list(segment_hints(segment, spelled, full.get(segment.id, set()))))
        segment = replace(segment, terms=officials.outside(segment.terms, segment.zh, hints, _cut(segment)))
        # an official's English from the release or the dictionary is noted as such (hint_note says which)
        notes = tuple(officials.note(titles[h.zh], h.en) if h.kind == officials.KIND and not h.source
                      else hint_note(h) for h in hints)
        segments.append(replace(segment, hints=tuple(hints), notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))


def release_officials(release: Release) -> dict[str, officials.Official]:
    """Return {name: its first mention after a title} for every foreign official the release names, and
    for every glossary `person` entry it names whose English is still empty (suggested, not yet filled)."""
    found: dict[str, officials.Official] = {}
    for segment in release.segments:
        if officials.has_title(segment.zh):
            for official in officials.find(segment.zh, segment.tokens or tokens(segment.zh)):
                found.setdefault(official.zh, official)
    for segment in release.segments:
        for term in segment.terms:
            if term.kind == "person" and not term.en:
                found.setdefault(term.zh, officials.Official(term.zh, term.start, term.end, "glossary: person"))
    return found


def _cut(segment: Segment) -> tuple[Token, ...]:
    return segment.tokens or tokens(segment.zh)


def official_spans(segment: Segment, titles) -> list[tuple[int, int, str]]:
    """Return (start, end, name) of every whole mention of the release's officials in a segment (after a title
    or not; not inside a longer word or name, 马克 in 马克思) that no glossary term with English covers: the
    glossary's `person` entry gives it."""
    return [(start, end, name) for start, end, name in officials.mentions(segment.zh, titles, _cut(segment))
            if not any(term.start <= start and end <= term.end and term.en for term in segment.terms)]


def officials_first(segment: Segment, titles, hints: list[NameHint]) -> list[NameHint]:
    """Return a segment's hints with its foreign officials first, each one whole (kind "official", never
    pinyin): with the English and its source from another hint of the same name (the release's bracketed
    spelling, whatever the characters look like: 岸田文雄（Kishida Fumio）; the dictionary), else open ("");
    the hints for pieces of them (伊萨, 琴科) or romanising them are dropped."""
    names = list(dict.fromkeys(name for _, _, name in official_spans(segment, titles)))
    given = {hint.zh: hint for hint in hints
             if hint.zh in names and hint.en and (hint.source or hint.kind != "chinese")}  # never pinyin
    found = [NameHint(name, given[name].en, "nr", officials.KIND, given[name].source) if name in given
             else NameHint(name, "", "nr", officials.KIND) for name in names]
    return found + [hint for hint in hints if not any(hint.zh in name or name in hint.zh for name in names)]
