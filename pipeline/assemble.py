"""The English release in the seed's house style: headline, Source/Date line, body, credits."""
from __future__ import annotations

from dataclasses import replace

from .context import Context
from .model import English, Release

UNTRANSLATED = "[untranslated {id}]"


def _english(segment) -> str:
    return segment.en.strip() or UNTRANSLATED.format(id=segment.id)


def dateline(release: Release) -> str:
    """Return the "Source: … Date: …" line (empty when the release names neither)."""
    parts = []
    if release.meta.source:
        parts.append(f"Source: {release.meta.source}")
    if release.meta.date:
        parts.append(f"Date: {release.meta.date}")
    return " ".join(parts)


def credit_lines(release: Release) -> tuple[str, ...]:
    """Return the credit lines: Translator, Reviewer (when given), Chinese source URL."""
    credits = release.credits
    lines = []
    if credits.translator:
        lines.append(f"Translator: {credits.translator}")
    if credits.reviewer:
        lines.append(f"Reviewer: {credits.reviewer}")
    url = credits.source_url or release.meta.url
    if url:
        lines.append(f"Chinese source: {url}")
    return tuple(lines)


def compose(release: Release) -> English:
    """Return the English release assembled from the segments' English, paragraphs in source order."""
    headline = next((_english(s) for s in release.segments if s.paragraph == 0), release.headline)
    body: dict[int, list[str]] = {}
    for segment in release.segments:
        if segment.paragraph > 0:
            body.setdefault(segment.paragraph, []).append(_english(segment))
    paragraphs = tuple(" ".join(body[number]) for number in sorted(body))
    return English(headline, dateline(release), paragraphs, credit_lines(release))


def assemble(release: Release, ctx: Context) -> Release:
    """Stage: return the release with its English text (one entry per printed line or paragraph)."""
    return replace(release, english=compose(release))
