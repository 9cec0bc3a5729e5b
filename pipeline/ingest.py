"""The return trip: a reviewed file (the review .docx, or XLIFF from a CAT tool) checked against its
release, QA re-run, stored in the memory as reviewed, and the final English release and change report written.

Each reader of reviewed segments declares the suffixes it READS and returns a ReviewFile; the rest of
the way is the same for all of them."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from . import qa
from .assemble import compose
from .errors import ReviewError
from .files import atomic_path, write_atomic
from .memory import Memory
from .model import Release, Segment
from .outputs import english, json as release_json, review as review_file, xliff
from .outputs.json import load_release
from .outputs.review import ReviewFile, ReviewRow
from .remember import remember_reviewed

# the readers of reviewed segments, by the suffixes they declare
REVIEW_READERS = {suffix: module for module in (review_file, xliff) for suffix in module.READS}


def release_json_for(review_path: Path) -> Path:
    """Return the JSON written beside a review file: x.review.docx → x.json."""
    name = Path(review_path).name
    suffix = review_file.SUFFIX
    stem = name[:-len(suffix)] if name.endswith(suffix) else Path(name).stem
    return Path(review_path).with_name(stem + release_json.SUFFIX)


def read_reviewed(path: Path) -> ReviewFile:
    """Return the reviewed segments of a review .docx or an XLIFF file, read by the reader its suffix names."""
    reader = REVIEW_READERS.get(Path(path).suffix.lower())
    if reader is None:
        raise ReviewError(f"cannot read reviewed segments from a {Path(path).suffix or 'file without suffix'}",
                          path, hint="give the <stem>.review.docx or an XLIFF file (.xlf) from `press export`")
    return reader.read_review(path)


def apply_review(release: Release, review: ReviewFile) -> Release:
    """Return `release` with the reviewed English; raise ReviewError if the file belongs to another release."""
    if review.release_hash != release.hash:
        raise ReviewError(f"the review file belongs to another release (hash {review.release_hash[:12]}, "
                          f"expected {release.hash[:12]})", review.path,
                          hint="review the file written by the latest `press translate` of this source")
    rows: dict[str, ReviewRow] = {}
    for row in review.rows:
        if row.id in rows:
            raise ReviewError(f"segment {row.id} appears twice ({row.unit}s {rows[row.id].row} and {row.row})",
                              review.path, hint="delete the copy; edit only the English")
        rows[row.id] = row
    unknown = [row for row in review.rows if row.id not in {seg.id for seg in release.segments}]
    if unknown:
        raise ReviewError(f"unknown segment id {unknown[0].id!r} in {unknown[0].unit} {unknown[0].row}",
                          review.path, hint="segment IDs must not be edited; restore it from the original file")
    segments = []
    for seg in release.segments:
        row = rows.get(seg.id)
        if row is None:
            raise ReviewError(f"segment {seg.id} is missing from the review "
                              f"{'table' if review.path.suffix.lower() == '.docx' else 'file'}", review.path,
                              hint="restore what was deleted; leave the English empty if unsure")
        if "".join(row.zh.split()) != "".join(seg.zh.split()):
            raise ReviewError(f"the 中文 of segment {seg.id} ({row.unit} {row.row}) was edited", review.path,
                              hint="restore the Chinese (the grey 中文 cell, the XLIFF source); edit only the English")
        # English the file still marks as needing work goes into the release, not into the memory
        segments.append(replace(seg, en=row.en, origin="reviewed" if row.en and row.confirmed else seg.origin))
    return replace(release, segments=tuple(segments))


@dataclass(frozen=True)
class Change:
    """What the reviewer did to one segment: changed, confirmed (left as drafted), left empty, or left
    marked as needing work (unconfirmed: in the release, not in the memory)."""

    id: str
    zh: str
    before: str
    after: str
    status: str  # changed | confirmed | empty | unconfirmed
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


def changes_between(draft: Release, reviewed: Release,
                    unconfirmed: frozenset[str] = frozenset()) -> tuple[Change, ...]:
    """Return one Change per segment, with glossary hints where the reviewer replaced a listed rendering."""
    changes = []
    for before, after in zip(draft.segments, reviewed.segments):
        status = "empty" if not after.en else "unconfirmed" if after.id in unconfirmed else \
            "confirmed" if after.en == before.en else "changed"
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
    counts = {status: sum(1 for c in changes if c.status == status)
              for status in ("changed", "confirmed", "empty", "unconfirmed")}
    waiting = f", {counts['unconfirmed']} still marked as needing work" if counts["unconfirmed"] else ""
    lines = [f"Review of {release.path.name} (release {release.hash[:12]}): {counts['changed']} changed, "
             f"{counts['confirmed']} confirmed, {counts['empty']} left empty{waiting}", ""]
    for change in changes:
        if change.status == "changed":
            lines += [f"{change.id} changed", f"  before: {change.before or '(empty)'}", f"  after:  {change.after}"]
            lines += [f"  glossary hint: {hint}" for hint in change.glossary]
        elif change.status == "empty":
            lines.append(f"{change.id} still has no English (not stored)")
        elif change.status == "unconfirmed":
            lines.append(f"{change.id} is still marked as needing work: in the English release, not stored "
                         "in the memory (confirm it in the CAT tool and import again)")
            if change.after != change.before:
                lines += [f"  before: {change.before or '(empty)'}", f"  after:  {change.after}"]
    return "\n".join(lines) + "\n"


def reviewed_release(review_path: Path, release_path: Path | None = None) -> tuple[Release, Release, ReviewFile]:
    """Return (draft release, reviewed release, review file) for a review .docx or XLIFF file, refusing
    mismatches. The draft is `release_path`, else the release the file carries (XLIFF), else <stem>.json."""
    review = read_reviewed(review_path)
    if release_path is not None or review.release is None:
        draft = load_release(release_path or release_json_for(review_path))
    else:
        draft = review.release
    return draft, apply_review(draft, review), review


def check_review(review_path: Path, release_path: Path | None = None, glossary=None) -> Release:
    """Return the reviewed release with QA findings (glossary, numbers, Han, empty cells) as its issues."""
    _, reviewed, _ = reviewed_release(review_path, release_path)
    if glossary is not None:  # the current glossary, with its forbidden renderings
        reviewed = replace(reviewed, segments=tuple(replace(seg, terms=tuple(glossary.find(seg.zh)))
                                                    for seg in reviewed.segments))
    return replace(reviewed, issues=tuple(qa.run_checks(reviewed, require_english=True)))


def ingest_review(review_path: Path, memory: Memory, release_path: Path | None = None, reviewer: str = "",
                  out_dir: Path | None = None) -> IngestResult:
    """Store the reviewed English as "reviewed" units, write <stem>.en.docx and the change report."""
    draft, reviewed, review = reviewed_release(review_path, release_path)
    reviewer = reviewer or review.reviewer or draft.credits.reviewer
    reviewed = replace(reviewed, credits=replace(reviewed.credits, reviewer=reviewer))
    reviewed = replace(reviewed, english=compose(reviewed))
    unconfirmed = frozenset(row.id for row in review.rows if row.en and not row.confirmed)
    changes = changes_between(draft, reviewed, unconfirmed)
    stem = release_json_for(review_path).name[:-len(release_json.SUFFIX)]
    directory = Path(out_dir) if out_dir is not None else Path(review_path).parent
    english_path = directory / f"{stem}{english.SUFFIX}"
    report_path = directory / f"{stem}.changes.txt"
    with atomic_path(english_path) as temporary:
        english.write(reviewed, temporary)
        confirmed = tuple(replace(seg, en="") if seg.id in unconfirmed else seg for seg in reviewed.segments)
        stored = remember_reviewed(replace(reviewed, segments=confirmed), memory, reviewer)
    write_atomic(report_path, report_text(reviewed, changes))
    return IngestResult(reviewed, changes, stored, english_path, report_path)
