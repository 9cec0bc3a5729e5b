"""Handing a release to a CAT tool: the draft (.json) or the reviewed state (review .docx) written as XLIFF."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import qa
from .errors import ReviewError
from .files import atomic_path
from .glossary import Glossary
from .ingest import release_json_for, reviewed_release
from .model import Release
from .outputs import json as release_json, review as review_file, xliff
from .outputs.json import load_release

FORMATS = tuple(xliff.FORMATS)


def release_to_export(path: Path, glossary: Glossary | None = None) -> Release:
    """Return the release in a .json (as drafted) or a review .docx (as reviewed so far), its terms found
    with the current glossary (renderings to avoid included) and QA run afresh."""
    path = Path(path)
    if path.suffix.lower() == release_json.SUFFIX:
        release = load_release(path)
    elif path.suffix.lower() in review_file.READS:
        _, release, _ = reviewed_release(path)
    else:
        raise ReviewError(f"cannot export a {path.suffix or 'file without suffix'}", path,
                          hint="give the <stem>.json or the <stem>.review.docx that `press translate` wrote")
    if glossary is not None:
        release = replace(release, segments=tuple(replace(seg, terms=tuple(glossary.find(seg.zh)))
                                                  for seg in release.segments))
    return replace(release, issues=tuple(qa.run_checks(release)))


def default_output(path: Path) -> Path:
    """Return where an export goes without -o: beside the release, x.json / x.review.docx → x.xlf."""
    return release_json_for(path).with_suffix(xliff.SUFFIX)


def export_release(path: Path, fmt: str, output: Path | None = None,
                   glossary: Glossary | None = None) -> tuple[Path, Release]:
    """Write the release in `path` as XLIFF `fmt` (xliff12 | xliff21); return the file written and the release."""
    if fmt not in xliff.FORMATS:
        raise ReviewError(f"unknown export format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    release = release_to_export(path, glossary)
    output = Path(output) if output is not None else default_output(Path(path))
    with atomic_path(output) as temporary:
        xliff.write(release, temporary, xliff.FORMATS[fmt])
    return output, release
