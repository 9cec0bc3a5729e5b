"""The English release in the seed's house style: headline, Source/Date line, body, credits."""
from __future__ import annotations

import re
from dataclasses import replace

from ..context import Context
from ..figures.dates import MONTHS, release_ymd
from ..model import Credits, English, Release

REQUIRES = ("segments.en", "meta", "credits")
ASSIGNS = ("english",)

UNTRANSLATED = "[untranslated {id}]"
# a headline ends without a full stop, unless the stop belongs to an abbreviation (U.S., Co., Ltd.)
_FINAL_STOP = re.compile(r"(?<![.\s])[.。](?P<quote>[\"”’']?)\s*$")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.){2,}[\"”’']?\s*$|\b(?:Co|Ltd|Inc|Corp|St|Jr|Sr|No|Dr|Mr|Mrs|Ms|etc)\."
                           r"[\"”’']?\s*$")


def headline_text(text: str) -> str:
    """Return a headline as the house style prints it: no final full stop (abbreviations keep theirs)."""
    if _ABBREVIATION.search(text):
        return text.strip()
    return _FINAL_STOP.sub(lambda match: match.group("quote"), text.strip())


def written_date(date: str) -> str:
    """Return a release date written out, "November 7, 2021" (time of day dropped); as given when unreadable."""
    found = release_ymd(date)
    if found is None or not 1 <= found[1] <= 12 or not 1 <= found[2] <= 31:
        return date.strip()
    year, month, day = found
    return f"{MONTHS[month - 1]} {day}, {year}"


def _english(segment) -> str:
    return segment.en.strip() or UNTRANSLATED.format(id=segment.id)


def dateline(release: Release) -> str:
    """Return the "Source: … | Date: …" line (empty when the release names neither): the source by its glossary
    English (kept in Chinese, and flagged by QA, when the glossary has none), the date written out."""
    parts = []
    if release.meta.source:
        parts.append(f"Source: {release.meta.source_en or release.meta.source}")
    if release.meta.date:
        parts.append(f"Date: {written_date(release.meta.date)}")
    return " | ".join(parts)


# the labels of the credit lines a release ends with, in the seed's order (credit field: label)
CREDIT_LABELS = {"translator": "Translator", "reviewer": "Reviewer", "source_url": "Chinese source"}
_CREDIT = re.compile(rf"({'|'.join(CREDIT_LABELS.values())})\s*[:：]\s*(.*?)\s*"
                     rf"(?=(?:{'|'.join(CREDIT_LABELS.values())})\s*[:：]|$)")


def credit_lines(release: Release) -> tuple[str, ...]:
    """Return the credit lines: Translator, Reviewer (when given), Chinese source URL."""
    credits = release.credits
    values = {"translator": credits.translator, "reviewer": credits.reviewer,
              "source_url": credits.source_url or release.meta.url}
    return tuple(f"{CREDIT_LABELS[field]}: {value}" for field, value in values.items() if value)


def read_credits(paragraphs: tuple[str, ...]) -> tuple[tuple[str, ...], Credits]:
    """Return the paragraphs without the credit lines they end with (as credit_lines writes them, also run
    together on one line, "Chinese source:" with no URL) and the Credits those lines give."""
    found: dict[str, str] = {}
    body = list(paragraphs)
    while body and re.match(_CREDIT, body[-1]):
        for label, value in _CREDIT.findall(body.pop()):
            field = next(name for name, text in CREDIT_LABELS.items() if text == label)
            found.setdefault(field, value)
    return tuple(body), Credits(**found)


def compose(release: Release) -> English:
    """Return the English release assembled from the segments' English, paragraphs in source order."""
    headline = headline_text(next((_english(s) for s in release.segments if s.paragraph == 0), release.headline))
    body: dict[int, list[str]] = {}
    for segment in release.segments:
        if segment.paragraph > 0:
            body.setdefault(segment.paragraph, []).append(_english(segment))
    paragraphs = tuple(" ".join(body[number]) for number in sorted(body))
    return English(headline, dateline(release), paragraphs, credit_lines(release))


def assemble(release: Release, ctx: Context) -> Release:
    """Stage: return the release with its English text (one entry per printed line or paragraph)."""
    return replace(release, english=compose(release))
