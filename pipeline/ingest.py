"""The return trip: a reviewed .docx checked against its release, QA re-run, stored in the memory as
reviewed, and the final English release and change report written."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from . import qa
from .assemble import compose
from .config import Limits
from .errors import ReviewError
from .files import atomic_path
from .memory import Memory
from .model import Release, Segment
from .outputs import english, json as release_json, review as review_file
from .outputs.json import load_release
from .outputs.review import ReviewFile, ReviewRow, read_review
from .remember import remember_reviewed


def release_json_for(review_path: Path) -> Path:
    """Return the JSON written beside a review file: x.review.docx → x.json."""
    name = Path(review_path).name
    suffix = review_file.SUFFIX
    stem = name[:-len(suffix)] if name.endswith(suffix) else Path(name).stem
    return Path(review_path).with_name(stem + release_json.SUFFIX)




def apply_review(release: Release, review: ReviewFile) -> Release:
    """Return `release` with the reviewed English; raise ReviewError if the file belongs to another release."""
    if review.release_hash != release.hash:
        raise ReviewError(f"the review file belongs to another release (hash {review.release_hash[:12]}, "
                          f"expected {release.hash[:12]})", review.path,
                          hint="review the file written by the latest `press translate` of this source")
    rows: dict[str, ReviewRow] = {}
    for row in review.rows:
        if row.id in rows:
            raise ReviewError(f"segment {row.id} appears twice (table rows {rows[row.id].row} and {row.row})",
                              review.path, hint="delete the copied row; edit only the English column")
        rows[row.id] = row
    known = {seg.id for seg in release.segments}  # built once: inside the comprehension, once per row (n²)
    unknown = [row for row in review.rows if row.id not in known]
    if unknown:
        raise ReviewError(f"unknown segment id {unknown[0].id!r} in table row {unknown[0].row}", review.path,
                          hint="the ID column must not be edited; restore it from the original file")
    segments = []
    for seg in release.segments:
        row = rows.get(seg.id)
        if row is None:
            raise ReviewError(f"segment {seg.id} is missing from the review table", review.path,
                              hint="restore the deleted row; leave the English empty if unsure")
        if "".join(row.zh.split()) != "".join(seg.zh.split()):
            raise ReviewError(f"the 中文 of segment {seg.id} (table row {row.row}) was edited", review.path,
                              hint="restore the grey 中文 cell; edit only the English column")
        segments.append(replace(seg, en=row.en, origin="reviewed" if row.en else seg.origin))
    return replace(release, segments=tuple(segments))


@dataclass(frozen=True)
class Change:
    """What the reviewer did to one segment: changed, confirmed (left as drafted) or left empty."""

    id: str
    zh: str
    before: str
    after: str
    status: str  # changed | confirmed | empty
    glossary: tuple[str, ...] = ()  # hints for glossary maintainers

    def as_dict(self) -> dict:
        return {"id": self.id, "zh": self.zh, "before": self.before, "after": self.after,
                "status": self.status, "glossary": list(self.glossary)}


@dataclass(frozen=True)
class IngestResult:
    """The outcome of `press ingest`: the reviewed release, per-segment changes, memory counts, files."""

    release: Release
    changes: tuple[Change, ...]
    stored: dict
    english_path: Path
    report_path: Path

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)


def changes_between(draft: Release, reviewed: Release) -> tuple[Change, ...]:
    """Return one Change per segment, with glossary hints where the reviewer replaced a listed rendering."""
    changes = []
    for before, after in zip(draft.segments, reviewed.segments):
        status = "empty" if not after.en else "confirmed" if after.en == before.en else "changed"
        hints = tuple(_glossary_hints(before, after.en)) if status == "changed" else ()
        changes.append(Change(before.id, before.zh, before.en, after.en, status, hints))
    return tuple(changes)


def _glossary_hints(segment: Segment, after: str) -> list[str]:
    hints, before_words, after_words = [], segment.en.split(), after.split()
    for term in segment.terms:
        if term.en.lower() in after.lower():
            continue
        if term.en.lower() not in segment.en.lower():
            hints.append(f"{term.zh}: the reviewed English does not use the glossary rendering '{term.en}'")
            continue
        term_words = set(term.en.split())
        replacement = ""
        matcher = difflib.SequenceMatcher(None, before_words, after_words, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("replace", "delete") and term_words & set(before_words[i1:i2]):
                replacement = " ".join(after_words[j1:j2])
                break
        hints.append(f"{term.zh}: reviewer replaced glossary rendering '{term.en}'"
                     + (f" with '{replacement}'" if replacement else ""))
    return hints


def report_text(release: Release, changes: tuple[Change, ...]) -> str:
    """Return the human-readable change report of an ingest (saved as <stem>.changes.txt)."""
    counts = {status: sum(1 for c in changes if c.status == status) for status in ("changed", "confirmed", "empty")}
    lines = [f"Review of {release.path.name} (release {release.hash[:12]}): {counts['changed']} changed, "
             f"{counts['confirmed']} confirmed, {counts['empty']} left empty", ""]
    for change in changes:
        if change.status == "changed":
            lines += [f"{change.id} changed", f"  before: {change.before or '(empty)'}", f"  after:  {change.after}"]
            lines += [f"  glossary hint: {hint}" for hint in change.glossary]
        elif change.status == "empty":
            lines.append(f"{change.id} still has no English (not stored)")
    return "\n".join(lines) + "\n"


def reviewed_release(review_path: Path, release_path: Path | None = None,
                     limits: Limits | None = None) -> tuple[Release, Release, ReviewFile]:
    """Return (draft release, reviewed release, review file) for a review .docx, refusing mismatches."""
    limits = limits or Limits()
    release_path = release_path or release_json_for(review_path)
    for path in (review_path, release_path):
        limits.check_size(Path(path))
    review = read_review(review_path, limits)
    draft = load_release(release_path)
    return draft, apply_review(draft, review), review


def check_review(review_path: Path, release_path: Path | None = None, glossary=None,
                 limits: Limits | None = None) -> Release:
    """Return the reviewed release with QA findings (glossary, numbers, Han, empty cells) as its issues."""
    _, reviewed, _ = reviewed_release(review_path, release_path, limits)
    if glossary is not None:  # the current glossary, with its forbidden renderings
        reviewed = replace(reviewed, segments=tuple(replace(seg, terms=tuple(glossary.find(seg.zh)))
                                                    for seg in reviewed.segments))
    return replace(reviewed, issues=tuple(qa.run_checks(reviewed, require_english=True)))


def ingest_review(review_path: Path, memory: Memory, release_path: Path | None = None, reviewer: str = "",
                  out_dir: Path | None = None, limits: Limits | None = None) -> IngestResult:
    """Store the reviewed English as "reviewed" units, write <stem>.en.docx and the change report.

    Both files are written to temporary files first and the memory is updated last, so a failure
    (a folder named like the report, a full disk) leaves the memory and the outputs as they were.
    """
    draft, reviewed, review = reviewed_release(review_path, release_path, limits)
    reviewer = reviewer or review.reviewer or draft.credits.reviewer
    reviewed = replace(reviewed, credits=replace(reviewed.credits, reviewer=reviewer))
    reviewed = replace(reviewed, english=compose(reviewed))
    changes = changes_between(draft, reviewed)
    stem = release_json_for(review_path).name[:-len(release_json.SUFFIX)]
    directory = Path(out_dir) if out_dir is not None else Path(review_path).parent
    english_path = directory / f"{stem}{english.SUFFIX}"
    report_path = directory / f"{stem}.changes.txt"
    with atomic_path(english_path) as english_temporary, atomic_path(report_path) as report_temporary:
        english.write(reviewed, english_temporary)
        report_temporary.write_text(report_text(reviewed, changes), encoding="utf-8")
        stored = remember_reviewed(reviewed, memory, reviewer)
    return IngestResult(reviewed, changes, stored, english_path, report_path)
