"""The names stage: a hint (pinyin for a Chinese name, a note to verify for any other) for every name the
segment stage tagged outside the glossary terms; foreign officials (a name after a foreign title) first."""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..model import NameHint, Release, Segment
from ..names import officials
from ..names.romanise import hint_note, kind_in, name_hint
from .segment import tokens


def hint_names(release: Release, ctx: Context) -> Release:
    """Stage names: return the release with a NameHint (and a reviewer note) for every name the
    segment stage tagged, foreign officials' names made whole and kept open (officials_first)."""
    titles = release_officials(release)
    segments = []
    for segment in release.segments:
        seen, hints = set(), []
        for name in segment.names:
            if name.zh not in seen:
                seen.add(name.zh)
                hints.append(name_hint(name.zh, name.tag, kind_in(segment.zh, name.zh, name.tag, name.start)))
        hints = officials_first(segment, titles, hints)
        notes = tuple(officials.note(titles[h.zh], h.en) if h.kind == officials.KIND else hint_note(h) for h in hints)
        segments.append(replace(segment, hints=tuple(hints), notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))


def release_officials(release: Release) -> dict[str, officials.Official]:
    """Return {name: its first mention after a title} for every foreign official the release names, and
    for every glossary `person` entry it names whose English is still empty (suggested, not yet filled)."""
    found: dict[str, officials.Official] = {}
    for segment in release.segments:
        if officials.has_title(segment.zh):
            for official in officials.find(segment.zh, tokens(segment.zh)):
                found.setdefault(official.zh, official)
    for segment in release.segments:
        for term in segment.terms:
            if term.kind == "person" and not term.en:
                found.setdefault(term.zh, officials.Official(term.zh, term.start, term.end, "glossary: person"))
    return found


def official_spans(segment: Segment, titles) -> list[tuple[int, int, str]]:
    """Return (start, end, name) of every mention of the release's officials in a segment (after a title or
    not) that no glossary term with English covers: the glossary's `person` entry gives it."""
    return [(start, end, name) for start, end, name in officials.mentions(segment.zh, titles)
            if not any(term.start < end and start < term.end and term.en for term in segment.terms)]


def officials_first(segment: Segment, titles, hints: list[NameHint]) -> list[NameHint]:
    """Return a segment's hints with its foreign officials first, each one whole (kind "official", never
    pinyin): with the English another hint of the same name found (the release's bracketed spelling, the
    dictionary), else open (""); the hints for pieces of them (伊萨, 琴科) or romanising them are dropped."""
    names = list(dict.fromkeys(name for _, _, name in official_spans(segment, titles)))
    given = {hint.zh: hint.en for hint in hints if hint.zh in names and hint.en and hint.kind != "chinese"}
    found = [NameHint(name, given.get(name, ""), "nr", officials.KIND) for name in names]
    return found + [hint for hint in hints if not any(hint.zh in name or name in hint.zh for name in names)]
