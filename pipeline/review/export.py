"""Handing a release to a CAT tool: the draft (.json) or the reviewed state (review .docx) written as XLIFF."""
from __future__ import annotations

from pathlib import Path

from ..config import Limits
from ..errors import ReviewError
from ..files import atomic_path, refuse_overwrite
from ..glossary import Glossary
from ..model import Release
from ..outputs import json as release_json
from ..outputs import review as review_file
from ..outputs import xliff
from ..outputs.json import load_release
from ..stages import check as qa
from .ingest import acknowledgements, checked, release_json_for, reviewed_release

FORMATS = tuple(xliff.FORMATS)


def release_to_export(path: Path, glossary: Glossary | None = None, limits: Limits | None = None) -> Release:
    """Return the release in a .json (as drafted) or a review .docx (as reviewed so far), its terms found
    with the current glossary (renderings to avoid included) and QA run afresh; findings acknowledged in
    the Notes cells (or by a reused memory unit's note) stay acknowledged; files past `limits` are refused."""
    path, limits = Path(path), limits or Limits()
    acknowledged: dict[str, dict[str, str]] = {}
    if path.suffix.lower() == release_json.SUFFIX:
        limits.check_size(path)
        release = load_release(path)
    elif path.suffix.lower() in review_file.READS:
        _, release, review = reviewed_release(path, limits=limits)
        acknowledged = acknowledgements(review)
    else:
        raise ReviewError(f"cannot export a {path.suffix or 'file without suffix'}", path,
                          hint="give the <stem>.json or the <stem>.review.docx that `press translate` wrote")
    for segment in release.segments:  # as qa.check does: a memory unit's note comes with its English
        for written, reason in qa.acknowledgements_in(segment.notes):
            acknowledged.setdefault(segment.id, {}).setdefault(written.lower(), reason)
    return checked(release, glossary, acknowledged, require_english=False)


def default_output(path: Path) -> Path:
    """Return where an export goes without -o: beside the release, x.json / x.review.docx → x.xlf."""
    return release_json_for(path).with_suffix(xliff.SUFFIX)


def export_release(path: Path, fmt: str, output: Path | None = None, glossary: Glossary | None = None,
                   limits: Limits | None = None) -> tuple[Path, Release]:
    """Write the release in `path` as XLIFF `fmt` (xliff12 | xliff21); return the file written and the release."""
    if fmt not in xliff.FORMATS:
        raise ReviewError(f"unknown export format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    output = Path(output) if output is not None else default_output(Path(path))
    refuse_overwrite(output, {"the release it exports": path, "the release data": release_json_for(Path(path))})
    release = release_to_export(path, glossary, limits)
    with atomic_path(output) as temporary:
        xliff.write(release, temporary, xliff.FORMATS[fmt])
    return output, release
