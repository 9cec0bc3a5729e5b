"""The names stage: a hint (pinyin for a Chinese name, a note to verify for any other) for every name the
segment stage tagged outside the glossary terms."""
from __future__ import annotations

from dataclasses import replace

from ..context import Context
from ..model import Release
from ..names.romanise import hint_note, kind_in, name_hint


def hint_names(release: Release, ctx: Context) -> Release:
    """Stage names: return the release with a NameHint (and a reviewer note) for every name the
    segment stage tagged."""
    segments = []
    for segment in release.segments:
        seen, hints = set(), []
        for name in segment.names:
            if name.zh not in seen:
                seen.add(name.zh)
                hints.append(name_hint(name.zh, name.tag, kind_in(segment.zh, name.zh, name.tag, name.start)))
        notes = tuple(hint_note(h) for h in hints)
        segments.append(replace(segment, hints=tuple(hints), notes=segment.notes + notes))
    return replace(release, segments=tuple(segments))
