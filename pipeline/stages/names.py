"""The names stage: a hint (and a reviewer note) for every name outside the glossary terms — the English
the release spells in brackets, else the dictionary's, else pinyin for a Chinese name, else a note to
verify.

Ranking (docs/decisions/dictionary-names.md): glossary > names the release spells (马克龙（Emmanuel
Macron）, for the whole release, headline included) > CC-CEDICT's proper names > pinyin.
"""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..model import NameHint, Release, Segment
from ..names.dictionary import names_in
from ..names.regional import whole_name
from ..names.romanise import hint_note, kind_in, name_hint
from ..names.spelled import SpelledName, release_names, spelled_in

SPELLED_TAG = "nz"  # jieba's tag for other proper nouns: a spelled name the tagger did not find


def _boundaries(segment: Segment) -> set[int]:
    """Return the offsets where the segment's words start (the words skip spaces; every offset when a
    word is not found where expected)."""
    starts, offset = set(), 0
    for word in segment.words:
        found = segment.zh.find(word, offset)
        if found < 0 or segment.zh[offset:found].strip():
            return set(range(len(segment.zh)))
        starts.add(found)
        offset = found + len(word)
    return starts


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


def hint_names(release: Release, ctx: Context) -> Release:
    """Stage names: return the release with a NameHint (and a reviewer note) for every name the segment
    stage tagged and every name the release spells in brackets."""
    spelled = spelled_names(release, ctx)
    first_mention: dict[str, str] = {}
    for segment in release.segments:
        for zh in spelled:
            if segment.paragraph and zh in segment.zh:
                first_mention.setdefault(zh, segment.id)
    segments = []
    for segment in release.segments:
        full = {zh for zh, name in spelled.items() if segment.id in (name.where, first_mention.get(zh))}
        placed = _spelled_hints(segment, spelled, full)
        taken = [(start, start + len(hint.zh)) for start, hint in placed]
        found = dict(placed)
        for name in segment.names:
            zh = whole_name(segment.zh, name.start, name.zh) if name.tag.startswith("nr") else name.zh
            end = name.start + len(zh)
            if not any(start < end and name.start < stop for start, stop in taken):
                found.setdefault(name.start, name_hint(zh, name.tag, kind_in(segment.zh, zh, name.tag, name.start)))
                taken.append((name.start, end))
        for start, named in names_in(segment.zh, _boundaries(segment)):  # names the tagger missed
            end = start + len(named.zh)
            if not any(a < end and start < b for a, b in taken) \
                    and not any(term.start < end and start < term.end for term in segment.terms):
                found[start] = NameHint(named.zh, named.en, SPELLED_TAG, named.kind, "dictionary")
        hints = list({hint.zh: hint for _, hint in sorted(found.items(), key=lambda item: item[0])}.values())
        notes = tuple(hint_note(h) for h in hints)
        segments.append(replace(segment, hints=tuple(hints), notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))
