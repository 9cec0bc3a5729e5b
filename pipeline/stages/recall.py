"""The recall stage: reviewed English reused from the translation memory, similar units offered as examples."""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..memory import Memory
from ..model import MemoryMatch, Release, Segment

REQUIRES = ("segments.zh",)
ASSIGNS = ("segments.en", "segments.origin", "segments.matches", "segments.notes")

FUZZY_LIMIT = 3


def recall(release: Release, ctx: Context) -> Release:
    """Stage: fill segments from reviewed exact matches; attach fuzzy matches (best 3) and notes to the rest."""
    if ctx.memory is None:
        return release
    return replace(release, segments=tuple(_recall_segment(seg, ctx.memory) for seg in release.segments))


def _recall_segment(seg: Segment, memory: Memory) -> Segment:
    if seg.en:
        return seg
    unit = memory.exact(seg.zh, origins=("reviewed",))
    if unit is not None:
        # the reviewer's note (an acknowledged QA finding) comes along with the English it is about
        notes = ("memory: reviewed match", *(unit.note or "").splitlines())
        return replace(seg, en=unit.en, origin="memory", notes=seg.notes + notes)
    matches = tuple(memory.fuzzy(seg.zh, limit=FUZZY_LIMIT))
    if not matches:
        return seg
    notes = tuple(match_note(m) for m in matches)
    return replace(seg, matches=matches, notes=seg.notes + notes)


def match_note(match: MemoryMatch) -> str:
    """Return the Notes line of a fuzzy match: "memory 87%: …", or "archive 92 %: …" for a pair aligned
    from the office's published archive (`press memory align`), offered but never applied by itself."""
    if match.origin == "aligned":
        return f"archive {match.score:.0f}\u00a0%: {match.en}"
    return f"memory {match.score:.0f}%: {match.en}"
