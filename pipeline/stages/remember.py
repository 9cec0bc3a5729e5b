"""The remember stage: the engine's drafts into the memory (what `press ingest` stores is review/remember.py)."""
from __future__ import annotations

from ..context import Context
from ..memory import Unit, normalise_key, release_label
from ..model import Release

REQUIRES = ("segments.en", "segments.origin", "issues")
ASSIGNS = ()


def remember(release: Release, ctx: Context) -> Release:
    """Stage: store the engine's English as "engine" units (not segments with an error finding); reviewed
    units stay untouched."""
    if ctx.memory is None:
        return release
    label, translator = release_label(release), _engine_name(ctx)
    failed = {issue.segment_id for issue in release.issues if issue.blocking}  # no bad examples
    ctx.memory.store_many(
        Unit(zh=seg.zh, en=seg.en, origin="engine", translator=translator, release=label,
             source_url=release.meta.url)
        for seg in release.segments
        if seg.origin == "engine" and seg.en.strip() and normalise_key(seg.zh) and seg.id not in failed)
    return release


def _engine_name(ctx: Context) -> str:
    engine = ctx.engine.signature.get("engine", "") if ctx.engine is not None else ""
    return f"engine:{engine}" if engine else "engine"
