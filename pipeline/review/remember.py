"""What `press ingest` and `press import` store: the reviewed English of a release, as "reviewed" units."""
from __future__ import annotations

from ..memory import Memory, Unit, normalise_key, release_label
from ..model import Release


def remember_reviewed(release: Release, memory: Memory, reviewer: str = "",
                      notes: dict[str, str] | None = None) -> dict[str, int]:
    """Store every segment with English as a "reviewed" unit (used by `press ingest`), with its note (the
    reviewer's acknowledgement of a QA finding) from `notes` by segment id; return the counts."""
    label, notes = release_label(release), notes or {}
    return memory.store_many(
        Unit(zh=seg.zh, en=seg.en, origin="reviewed", translator=release.credits.translator,
             reviewer=reviewer or release.credits.reviewer, release=label, source_url=release.meta.url,
             note=notes.get(seg.id) or None)
        for seg in release.segments if seg.en.strip() and normalise_key(seg.zh))
