"""The review .docx round trip: the bilingual table reviewers edit (ID | 中文 | English | Notes) and its reader.

Writing: Track Changes on, glossary notes and QA findings as Word comments on the 中文 cell, the grey ID
and 中文 columns marked not-to-edit, the release hash and signature in the document properties.
Reading: the table by segment id with tracked changes accepted, refused when it belongs to another release.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from . import office
from .errors import ReviewError
from .memory import remember_reviewed
from .model import Credits, Issue, Meta, NameHint, Release, Segment, TermHit, signature_line

HEADER = ("ID", "中文", "English", "Notes")
WIDTHS_CM = (1.5, 7.6, 10.0, 6.6)
LOCKED_FILL = "EDEDED"  # grey: the ID and 中文 columns are not to be edited
HEADER_FILL = "D9E2F3"
LOCKED_LABEL = "do not edit"
HASH_KEY = "release-hash:"
HASH_PATTERN = re.compile(r"release-hash\W*([0-9a-f]{64})")  # LibreOffice rewrites "key:value" keywords
COMMENT_AUTHOR, COMMENT_INITIALS = "press-pipeline", "PP"
REVIEW_SUFFIX, JSON_SUFFIX = ".review.docx", ".json"


def glossary_notes(segment: Segment) -> list[str]:
    """Return one note per glossary term of a segment: the rendering the English must use."""
    notes = []
    for term in segment.terms:
        status = "" if term.status == "approved" else f" ({term.status})"
        form = f"{term.matched} = {term.zh}" if term.matched else term.zh
        avoid = f"; not: {', '.join(term.forbidden)}" if term.forbidden else ""
        notes.append(f"glossary: {form} → {term.en}{status}{avoid}")
    return notes


def finding_notes(segment: Segment, release: Release) -> list[str]:
    """Return the QA findings of a segment as reviewer notes ("error: …")."""
    return [f"{issue.severity} ({issue.check}): {issue.message}"
            for issue in release.issues if issue.segment_id == segment.id]


def notes_for(segment: Segment, release: Release) -> list[str]:
    """Return the Notes-column text of a segment: glossary renderings, QA findings, memory, name hints.

    Glossary renderings and findings are also Word comments; the column keeps them visible on paper
    and in PDF exports, which do not print comments.
    """
    notes = glossary_notes(segment) + finding_notes(segment, release) + list(segment.notes)
    return notes


def build(release: Release):
    """Return the review document for `release` (python-docx Document)."""
    document = office.new_document(landscape=True)
    office.track_changes(document)
    office.page_header(document, f"press-pipeline review · release {release.hash[:12]} · edit only the "
                                 f"English column; ID and 中文 (grey) are the round-trip key: {LOCKED_LABEL}")
    title = document.add_paragraph(style="Title")
    title.add_run(f"Review: {release.headline}")
    intro = document.add_paragraph()
    office.style_run(intro.add_run(
        f"Edit only the English column; Track Changes is on. Grey columns (ID, 中文) identify the segment "
        f"and must not be changed ({LOCKED_LABEL}). Notes (and comments on the 中文 cell) give the glossary "
        "renderings to use, the QA findings, translation-memory matches and name hints."), size=9, italic=True)
    for issue in (issue for issue in release.issues if issue.segment_id is None):
        office.style_run(document.add_paragraph().add_run(
            f"{issue.severity} ({issue.check}): {issue.message}"), size=9, colour="C00000")
    table = document.add_table(rows=1, cols=len(HEADER))
    office.grid(table)
    for index, (cell, text) in enumerate(zip(table.rows[0].cells, HEADER)):
        office.style_run(cell.paragraphs[0].add_run(text), bold=True)
        office.shade(cell, LOCKED_FILL if index < 2 else HEADER_FILL)
    office.repeat_header(table.rows[0])
    for segment in release.segments:
        _add_row(document, table, segment, release)
    office.set_widths(table, WIDTHS_CM)
    office.set_properties(document, title=f"Review: {release.headline}",
                          author=release.credits.translator, subject=str(release.path.name),
                          comments=signature_line(release.signature),
                          keywords=f"{HASH_KEY}{release.hash}", category="press-pipeline review")
    return document


def _add_row(document, table, segment: Segment, release: Release) -> None:
    cells = table.add_row().cells
    cells[0].text, cells[2].text = segment.id, segment.en
    zh_run = cells[1].paragraphs[0].add_run(segment.zh)
    cells[3].text = "\n".join(notes_for(segment, release))
    for cell in cells[:2]:
        office.shade(cell, LOCKED_FILL)
    for paragraph in cells[3].paragraphs:
        for run in paragraph.runs:
            office.style_run(run, size=8)
    comment = glossary_notes(segment) + finding_notes(segment, release)
    if comment:
        office.comment(document, zh_run, comment, COMMENT_AUTHOR, COMMENT_INITIALS)


def write_review(release: Release, path: Path) -> None:
    """Write the review .docx of `release` to `path`."""
    office.save(build(release), path)


@dataclass(frozen=True)
class ReviewRow:
    """One table row as the reviewer left it: English with tracked changes accepted."""

    id: str
    zh: str
    en: str
    row: int  # 1-based table row (the header is row 1), for error messages


@dataclass(frozen=True)
class ReviewFile:
    """What a reviewed .docx holds: its release hash, the rows, and who reviewed it."""

    path: Path
    release_hash: str
    rows: tuple[ReviewRow, ...]
    reviewer: str = ""


def read_review(path: Path) -> ReviewFile:
    """Return the rows and release hash of a review .docx, or raise ReviewError when it is not one."""
    path = Path(path)
    document = office.open_document(path)
    found = HASH_PATTERN.search(office.properties(document)["keywords"] or "")
    if found is None:
        raise ReviewError("not a press-pipeline review file (no release hash in its properties)", path,
                          hint="ingest the <stem>.review.docx that `press translate` wrote")
    rows = _review_rows(office.tables(document), path)
    authors = office.revision_authors(document)
    reviewer = authors[0] if authors else office.last_modified_by(document)
    if reviewer in ("", "python-docx", office.properties(document)["author"]):
        reviewer = ""
    return ReviewFile(path, found.group(1), rows, reviewer)


def _review_rows(tables, path: Path) -> tuple[ReviewRow, ...]:
    for rows in tables:
        header = [office.accepted_text(cell) for cell in rows[0]] if rows else []
        if len(header) >= 3 and all(h.startswith(name) for h, name in zip(header, HEADER[:3])):
            return tuple(ReviewRow(office.accepted_text(cells[0]), office.accepted_text(cells[1]),
                                   office.accepted_text(cells[2]), number)
                         for number, cells in enumerate(rows[1:], start=2))
    raise ReviewError("no review table (ID | 中文 | English | Notes) in the document", path,
                      hint="the table header row must stay as press wrote it")


def release_json_for(review_path: Path) -> Path:
    """Return the JSON written beside a review file: x.review.docx → x.json."""
    name = Path(review_path).name
    stem = name[:-len(REVIEW_SUFFIX)] if name.endswith(REVIEW_SUFFIX) else Path(name).stem
    return Path(review_path).with_name(stem + JSON_SUFFIX)


def load_release(path: Path) -> Release:
    """Return the Release recorded in a `press translate` JSON output (segments as drafted)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        segments = tuple(_segment_from_json(item) for item in data["segments"])
        release = Release(
            path=Path(data["source"]), headline=segments[0].zh if segments else "",
            meta=Meta(**data.get("meta", {})), segments=segments,
            issues=tuple(Issue(**item) for item in data.get("issues", [])),
            credits=Credits(**data.get("credits", {})), signature=data.get("signature", {}),
            english=tuple(data.get("english", [])))
    except FileNotFoundError:
        raise ReviewError("the release data (.json) written with the review file is missing", path,
                          hint="keep <stem>.json beside the review file, or pass --release FILE.json") from None
    except (ValueError, KeyError, TypeError) as error:
        raise ReviewError(f"not a press-pipeline release JSON ({error.__class__.__name__}: {error})", path,
                          hint="pass the <stem>.json that `press translate` wrote") from None
    if data.get("release_hash", release.hash) != release.hash:
        raise ReviewError("the release JSON was edited (its segments no longer match its hash)", path,
                          hint="translate the source again to regenerate it")
    return release


def _segment_from_json(item: dict) -> Segment:
    number = item["id"][1:].split(".")[0]
    return Segment(id=item["id"], zh=item["zh"], paragraph=int(number) if number.isdigit() else 0,
                   terms=tuple(TermHit(**term) for term in item.get("terms", [])),
                   hints=tuple(NameHint(**hint) for hint in item.get("hints", [])),
                   en=item.get("en", ""), origin=item.get("origin", "untranslated"),
                   notes=tuple(item.get("notes", [])))


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
    unknown = [row for row in review.rows if row.id not in {seg.id for seg in release.segments}]
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


def reviewed_release(review_path: Path, release_path: Path | None = None) -> tuple[Release, Release, ReviewFile]:
    """Return (draft release, reviewed release, review file) for a review .docx, refusing mismatches."""
    review = read_review(review_path)
    draft = load_release(release_path or release_json_for(review_path))
    return draft, apply_review(draft, review), review


def check_review(review_path: Path, release_path: Path | None = None, glossary=None) -> Release:
    """Return the reviewed release with QA findings (glossary, numbers, Han, empty cells) as its issues."""
    from . import qa  # QA needs the numbers helpers; imported here so reading a review stays light

    _, reviewed, _ = reviewed_release(review_path, release_path)
    if glossary is not None:  # the current glossary, with its forbidden renderings
        reviewed = replace(reviewed, segments=tuple(replace(seg, terms=tuple(glossary.find(seg.zh)))
                                                    for seg in reviewed.segments))
    return replace(reviewed, issues=tuple(qa.run_checks(reviewed, require_english=True)))


def ingest_review(review_path: Path, memory, release_path: Path | None = None, reviewer: str = "",
                  out_dir: Path | None = None) -> IngestResult:
    """Store the reviewed English as "reviewed" units, write <stem>.en.docx and the change report."""
    from .outputs import write_english  # outputs imports this module for write_review

    draft, reviewed, review = reviewed_release(review_path, release_path)
    reviewer = reviewer or review.reviewer or draft.credits.reviewer
    reviewed = replace(reviewed, credits=replace(reviewed.credits, reviewer=reviewer))
    changes = changes_between(draft, reviewed)
    stem = release_json_for(review_path).name[:-len(JSON_SUFFIX)]
    directory = Path(out_dir) if out_dir is not None else Path(review_path).parent
    directory.mkdir(parents=True, exist_ok=True)
    english_path, report_path = directory / f"{stem}.en.docx", directory / f"{stem}.changes.txt"
    handle, temporary = tempfile.mkstemp(prefix=".press-", suffix=".en.docx.part", dir=directory)
    os.close(handle)
    try:
        write_english(reviewed, Path(temporary))
        stored = remember_reviewed(reviewed, memory, reviewer)
        os.replace(temporary, english_path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    report_path.write_text(report_text(reviewed, changes), encoding="utf-8")
    return IngestResult(reviewed, changes, stored, english_path, report_path)
