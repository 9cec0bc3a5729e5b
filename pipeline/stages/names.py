"""The names stage: the person, place and organisation names jieba tagged outside the glossary terms, and for
each a hint (and a reviewer note) — the English the release spells in brackets, else the dictionary's, else
pinyin for a Chinese name, else a note to verify (names/hints.py ranks them).
"""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..glossary import Glossary
from ..model import Release, TaggedName, TermHit, Token
from ..names.hints import segment_hints, spelled_names, written_in_full
from ..names.romanise import hint_note
from .segment import tokens, word_frequency
from .terms import find

REQUIRES = ("segments.zh", "segments.paragraph", "segments.tokens", "segments.terms")
ASSIGNS = ("segments.names", "segments.hints", "segments.notes")

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
    foreign name the dictionary knows."""
    release = replace(release, segments=tuple(replace(segment, names=tagged(segment.tokens, segment.terms))
                                              for segment in release.segments))
    spelled = spelled_names(release, ctx.glossary)
    full = written_in_full(release, spelled)
    segments = []
    for segment in release.segments:
        hints = segment_hints(segment, spelled, full.get(segment.id, set()))
        notes = tuple(hint_note(h) for h in hints)
        segments.append(replace(segment, hints=hints, notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))
