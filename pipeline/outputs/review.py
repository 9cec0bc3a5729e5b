"""The review .docx: the bilingual table reviewers edit (ID | 中文 | English | Notes), written and read back.

Writing: Track Changes on, glossary notes and QA findings as Word comments on the 中文 cell, the grey ID
and 中文 columns marked not-to-edit, the release hash and signature in the document properties.
Reading: the table's rows with tracked changes accepted, and the release hash they belong to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import ooxml
from ..errors import ReviewError
from ..model import Issue, Release, Segment, signature_line
from ..safexml import xml_safe

SUFFIX = ".review.docx"
HEADER = ("ID", "中文", "English", "Notes")
WIDTHS_CM = (1.5, 7.6, 10.0, 6.6)
LOCKED_FILL = "EDEDED"  # grey: the ID and 中文 columns are not to be edited
HEADER_FILL = "D9E2F3"
LOCKED_LABEL = "do not edit"
HASH_KEY = "release-hash:"
HASH_PATTERN = re.compile(r"release-hash\W*([0-9a-f]{64})")  # LibreOffice rewrites "key:value" keywords
COMMENT_AUTHOR, COMMENT_INITIALS = "press-pipeline", "PP"


def glossary_notes(segment: Segment) -> list[str]:
    """Return one note per glossary term of a segment: the rendering the English must use."""
    notes = []
    for term in segment.terms:
        status = "" if term.status == "approved" else f" ({term.status})"
        form = f"{term.matched} = {term.zh}" if term.matched else term.zh
        avoid = f"; not: {', '.join(term.forbidden)}" if term.forbidden else ""
        notes.append(f"glossary: {form} → {term.en}{status}{avoid}")
    return notes


# the release whose findings were indexed last, and the index: looking through every finding for
# every segment made the Notes column of n segments cost n² (with --engine none each has a finding)
_INDEXED: list = [None, {}]


def findings_by_segment(release: Release) -> dict[str | None, list[Issue]]:
    """Return the findings of `release` grouped by segment id (None: release-wide), indexed once per release."""
    if _INDEXED[0] is not release:
        index: dict[str | None, list[Issue]] = {}
        for issue in release.issues:
            index.setdefault(issue.segment_id, []).append(issue)
        _INDEXED[:] = [release, index]
    return _INDEXED[1]


def finding_notes(segment: Segment, release: Release) -> list[str]:
    """Return the QA findings of a segment as reviewer notes ("error: …")."""
    return [f"{issue.severity} ({issue.check}): {issue.message}"
            for issue in findings_by_segment(release).get(segment.id, ())]


def notes_for(segment: Segment, release: Release) -> list[str]:
    """Return the Notes-column text of a segment: glossary renderings, QA findings, memory, name hints.

    Glossary renderings and findings are also Word comments; the column keeps them visible on paper
    and in PDF exports, which do not print comments.
    """
    notes = glossary_notes(segment) + finding_notes(segment, release) + list(segment.notes)
    return notes


def build(release: Release):
    """Return the review document for `release` (python-docx Document)."""
    release = xml_safe(release)  # a control character in a draft or a file name is dropped, not fatal
    document = ooxml.new_document(landscape=True)
    ooxml.track_changes(document)
    ooxml.page_header(document, f"press-pipeline review · release {release.hash[:12]} · edit only the "
                                 f"English column; ID and 中文 (grey) are the round-trip key: {LOCKED_LABEL}")
    title = document.add_paragraph(style="Title")
    title.add_run(f"Review: {release.headline}")
    intro = document.add_paragraph()
    ooxml.style_run(intro.add_run(
        f"Edit only the English column; Track Changes is on. Grey columns (ID, 中文) identify the segment "
        f"and must not be changed ({LOCKED_LABEL}). Notes (and comments on the 中文 cell) give the glossary "
        "renderings to use, the QA findings, translation-memory matches and name hints."), size=9, italic=True)
    for issue in (issue for issue in release.issues if issue.segment_id is None):
        ooxml.style_run(document.add_paragraph().add_run(
            f"{issue.severity} ({issue.check}): {issue.message}"), size=9, colour="C00000")
    table = document.add_table(rows=1, cols=len(HEADER))
    ooxml.grid(table)
    for index, (cell, text) in enumerate(zip(table.rows[0].cells, HEADER)):
        ooxml.style_run(cell.paragraphs[0].add_run(text), bold=True)
        ooxml.shade(cell, LOCKED_FILL if index < 2 else HEADER_FILL)
    ooxml.repeat_header(table.rows[0])
    ooxml.set_widths(table, WIDTHS_CM)  # before the rows: each new row takes the widths
    for segment in release.segments:
        _add_row(document, table, segment, release)
    ooxml.set_properties(document, title=f"Review: {release.headline}",
                          author=release.credits.translator, subject=str(release.path.name),
                          comments=signature_line(release.signature),
                          keywords=f"{HASH_KEY}{release.hash}", category="press-pipeline review")
    return document


def _add_row(document, table, segment: Segment, release: Release) -> None:
    cells = ooxml.add_row(table)  # table.add_row() costs n² over a table of n rows
    ooxml.write_cell(cells[0], segment.id, fill=LOCKED_FILL)
    zh_run = ooxml.write_cell(cells[1], segment.zh, fill=LOCKED_FILL)
    ooxml.write_cell(cells[2], segment.en)
    ooxml.write_cell(cells[3], "\n".join(notes_for(segment, release)), size=8)
    comment = glossary_notes(segment) + finding_notes(segment, release)
    if comment:
        ooxml.comment(document, zh_run, comment, COMMENT_AUTHOR, COMMENT_INITIALS)


def write(release: Release, path: Path) -> None:
    """Write the review .docx of `release` to `path`."""
    ooxml.save(build(release), path)


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


def read_review(path: Path, limits=None) -> ReviewFile:
    """Return the rows and release hash of a review .docx, or raise ReviewError when it is not one."""
    path = Path(path)
    document = ooxml.open_document(path, limits)
    found = HASH_PATTERN.search(ooxml.properties(document)["keywords"] or "")
    if found is None:
        raise ReviewError("not a press-pipeline review file (no release hash in its properties)", path,
                          hint="ingest the <stem>.review.docx that `press translate` wrote")
    rows = _review_rows(ooxml.tables(document), path)
    authors = ooxml.revision_authors(document)
    reviewer = authors[0] if authors else ooxml.last_modified_by(document)
    if reviewer in ("", "python-docx", ooxml.properties(document)["author"]):
        reviewer = ""
    return ReviewFile(path, found.group(1), rows, reviewer)


def _review_rows(tables, path: Path) -> tuple[ReviewRow, ...]:
    for rows in tables:
        header = [ooxml.accepted_text(cell) for cell in rows[0]] if rows else []
        if len(header) >= 3 and all(h.startswith(name) for h, name in zip(header, HEADER[:3])):
            return tuple(ReviewRow(ooxml.accepted_text(cells[0]), ooxml.accepted_text(cells[1]),
                                   ooxml.accepted_text(cells[2]), number)
                         for number, cells in enumerate(rows[1:], start=2))
    raise ReviewError("no review table (ID | 中文 | English | Notes) in the document", path,
                      hint="the table header row must stay as press wrote it")
