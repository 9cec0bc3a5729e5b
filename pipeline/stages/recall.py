"""The recall stage: reviewed English reused from the translation memory, trusted similar units offered as
examples, and every match shown to the reviewer labelled with where it came from.

Trust order (docs/decisions/engine-drafts.md): only a reviewed unit fills a segment; only units of the
origins press.toml trusts ([memory] trusted, default reviewed and aligned) are examples for the engine,
the Status column's "fuzzy 87 %" and XLIFF <alt-trans>; an untrusted imported unit is a Note; an earlier
engine draft of the same sentence is a Note saying it was never reviewed, and nothing else.
"""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..memory import Memory
from ..model import UNIT_ORIGINS, MemoryMatch, Release, Segment

REQUIRES = ("segments.zh",)
ASSIGNS = ("segments.en", "segments.origin", "segments.matches", "segments.notes")

FUZZY_LIMIT = 3  # trusted matches kept as examples and Notes
OTHER_LIMIT = 1  # untrusted (imported) matches shown as Notes only
DRAFT = "engine"
SHOWN = tuple(origin for origin in UNIT_ORIGINS if origin != DRAFT)  # origins a fuzzy match is shown from


def recall(release: Release, ctx: Context) -> Release:
    """Stage: fill segments from reviewed exact matches; attach trusted fuzzy matches (best 3) as examples
    and label every match in Notes by its origin."""
    if ctx.memory is None:
        return release
    trusted = ctx.config.trusted
    return replace(release, segments=tuple(_recall_segment(seg, ctx.memory, trusted) for seg in release.segments))


def _recall_segment(seg: Segment, memory: Memory, trusted: tuple[str, ...]) -> Segment:
    if seg.en:
        return seg
    unit = memory.exact(seg.zh, origins=("reviewed",))
    if unit is not None:
        # the reviewer's note (an acknowledged QA finding) comes along with the English it is about
        return replace(seg, en=unit.en, origin="memory",
                       notes=(*seg.notes, "memory: reviewed match", *(unit.note or "").splitlines()))
    found = memory.fuzzy(seg.zh, limit=None, origins=SHOWN + tuple(o for o in trusted if o not in SHOWN))
    matches = tuple(match for match in found if match.origin in trusted)[:FUZZY_LIMIT]
    others = [match for match in found if match.origin not in trusted][:OTHER_LIMIT]
    notes = [match_note(match) for match in sorted((*matches, *others), key=lambda match: -match.score)]
    draft = memory.exact(seg.zh, origins=(DRAFT,))
    if draft is not None:  # shown so a reviewer can keep repeated sentences consistent; never an example
        notes.append(draft_note(draft.en))
    if not matches and not notes:
        return seg
    return replace(seg, matches=matches, notes=seg.notes + tuple(notes))


def _score(score: float) -> str:
    return f"{score:.0f}\u00a0%"


def match_note(match: MemoryMatch) -> str:
    """Return the Notes line of a memory match, saying where it came from: "reviewed 87 %: …", "archive 92 %:
    …" (a pair aligned from the office's published archive), "imported 92 % (TMX from old.tmx): …"."""
    if match.origin == "aligned":
        return f"archive {_score(match.score)}: {match.en}"
    if match.origin == "imported":
        came = f" (TMX from {match.release})" if match.release else ""
        return f"imported {_score(match.score)}{came}: {match.en}"
    return f"{match.origin} {_score(match.score)}: {match.en}"


def draft_note(en: str) -> str:
    """Return the Notes line of an earlier engine draft of the same sentence (never reviewed, never reused)."""
    return f"earlier draft, not reviewed {_score(100)}: {en}"
