"""One name, one English per release: how each draft writes the names the glossary does not cover.

A name the release spells in brackets or the dictionary gives must appear as given (a warning when it
does not: the dictionary is evidence, not a rule); any name written two ways in one release — its
pinyin here, another spelling there — is named with both ways (issue 24, "names the release spells").
The two QA checks live here, as the adequacy checks live in adequacy/checks.py (stages.check runs them).
"""
from __future__ import annotations

import re

from ..model import Issue, NameHint, Release, Segment
from . import kinds as name_kinds
from .english import rendering_of
from .romanise import pinyin_written

SOURCES = {"release": "as the release spells it", "dictionary": "CC-CEDICT", "reading": "Sino-Vietnamese reading"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name_kinds.fold(text))


def _contains(en: str, name: str) -> bool:
    """Return whether `en` writes `name` as words (any case, accents, hyphens or spacing)."""
    words = _words(name)
    return bool(words) and re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b",
                                     " ".join(_words(en))) is not None


def accepted(hint: NameHint) -> list[str]:
    """Return the spellings that write a hinted name as given: its English, and for a name the release
    spells or a person the dictionary names, its last word too (the press's short form on a later mention:
    Macron for Emmanuel Macron, Pelosi for Nancy Pelosi, Trong for Nguyen Phu Trong)."""
    forms = [hint.en] if hint.en else []
    person = hint.source == "release" or (hint.source in ("dictionary", "reading") and hint.tag.startswith("nr"))
    if person and len(hint.en.split()) > 1 and hint.kind != "chinese":
        forms.append(hint.en.split()[-1])
    return forms


def missing(segment: Segment) -> list[NameHint]:
    """Return the hints with English from the release or the dictionary that the segment's draft does not write."""
    if not segment.en.strip():
        return []
    return [hint for hint in segment.hints if hint.source in ("release", "dictionary", "reading") and hint.en
            and not any(_contains(segment.en, form) for form in accepted(hint))]


def written_as(hint: NameHint, segment: Segment) -> str:
    """Return how the segment's draft writes a hinted name: its given English, its pinyin, or the
    capitalised words that sound like it (特梅尔 -> "Temer"); "" when none is found."""
    for form in accepted(hint):
        if _contains(segment.en, form):
            return form
    if hint.kind == "chinese" or hint.source:
        written = pinyin_written(hint.zh, segment.en, hint.tag if hint.tag.startswith(("nr", "ns")) else "nr")
        if written:
            return written
    if hint.kind == "chinese":
        return ""
    others = [term.en for term in segment.terms] + [h.en for h in segment.hints if h.en and h.zh != hint.zh]
    return rendering_of(hint.zh, hint.kind, segment.en, others)


def _same(a: str, b: str) -> bool:
    """Return whether two spellings agree: equal, or one the other's words in part (Macron, Emmanuel Macron)."""
    left, right = " ".join(_words(a)), " ".join(_words(b))
    return left == right or f" {left} " in f" {right} " or f" {right} " in f" {left} "


def two_ways(release: Release) -> list[tuple[str, str, str, str, str]]:
    """Return (segment id, name, how it writes the name, earlier segment id, how that one wrote it) for
    each segment whose draft writes a name otherwise than an earlier segment of the release did."""
    first: dict[str, tuple[str, str]] = {}
    found = []
    for segment in release.segments:
        if not segment.en.strip():
            continue
        for hint in segment.hints:
            written = written_as(hint, segment)
            if not written:
                continue
            earlier = first.setdefault(hint.zh, (segment.id, written))
            if not _same(written, earlier[1]):
                found.append((segment.id, hint.zh, written, *earlier))
    return found


def check_names_as_given(segment: Segment, release: Release) -> list[Issue]:
    """Names the release spells in brackets or the dictionary gives are written that way

    Severity: warning
    """
    return [Issue("names_as_given", "warning", segment.id, f"{hint.zh} is ‘{hint.en}’ "
                  f"({SOURCES.get(hint.source, 'CC-CEDICT')}); the draft "
                  "does not write it") for hint in missing(segment)]


def check_one_english_per_name(release: Release) -> list[Issue]:
    """Each name is written one way in the whole release

    Severity: warning
    """
    return [Issue("one_english_per_name", "warning", segment_id, f"{zh} is written two ways in this release: "
                  f"‘{written}’ here, ‘{earlier}’ in {earlier_id}")
            for segment_id, zh, written, earlier_id, earlier in two_ways(release)]
