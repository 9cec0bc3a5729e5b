"""The review .docx: the bilingual table reviewers edit (ID | 中文 | English | Notes | Status), written and read back.

Writing: Track Changes on, glossary notes and QA findings as Word comments on the 中文 cell, the grey ID
and 中文 columns marked not-to-edit, the release hash and signature in the document properties, and the
release data (what `press ingest` needs) inside the file as a custom XML part.
Reading: the table's rows with tracked changes accepted, found by their header names, refused when the
table no longer maps one row to one segment; the release hash and data they belong to.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .. import languages, ooxml
from ..errors import ReviewError
from ..model import Release, Segment, signature_line
from ..safexml import xml_safe
from ..stages import check as qa
from ..stages.status import label
from . import json as release_json

SUFFIX = ".review.docx"
READS = (".docx",)  # what `read_review` reads reviewed segments from (ingest dispatches on it)
HEADER = ("ID", "中文", "English", "Notes")
STATUS = "Status"  # last, narrow, read by no one but the reviewer: the reader finds columns by header
COLUMNS = HEADER + (STATUS,)
WIDTHS_CM = (1.4, 6.4, 9.3, 6.2, 2.4)
LOCKED_FILL = "EDEDED"  # grey: the ID and 中文 columns are not to be edited
HEADER_FILL = "D9E2F3"
ERROR_COLOUR = "C00000"
STATUS_FILLS = {"error": "F8D7DA", "check": "FCE4D6", "reviewed": "E2EFDA", "memory": "E2EFDA",
                "fuzzy": "FFF2CC"}
LOCKED_LABEL = "do not edit"
HASH_KEY = "release-hash:"
HASH_PATTERN = re.compile(r"release-hash\W*([0-9a-f]{64})")  # LibreOffice rewrites "key:value" keywords
COMMENT_AUTHOR, COMMENT_INITIALS = "press-pipeline", "PP"
# the release JSON travels inside the review file as a custom XML part (see ooxml.embed_data)
DATA_NAMESPACE, DATA_ELEMENT = "urn:x-press-pipeline:release:1", "release"
# what our notes look like (glossary_notes, finding_notes, recall's and romanise's notes, an acknowledgement):
# such text in an English cell was pasted or merged there and is no translation
_CHECK_NAMES = "|".join(sorted(qa.SEVERITY))
NOTE_TEXT = re.compile(rf"glossary: [^→\n]*→|\b(?:error|warning|info) \((?:{_CHECK_NAMES})\): |\bmemory(?: \d+%|: "
                       rf"reviewed)|\b(?:reviewed|archive|imported) \d+\s?%(?: \(TMX from [^)]*\))?:|"
                       rf"earlier draft, not reviewed \d+\s?%:|"
                       rf"automatic romanisation \(check\)|(?<!\w)ok ?: ?(?:{_CHECK_NAMES})\b", re.IGNORECASE)


def glossary_notes(segment: Segment) -> list[str]:
    """Return one note per glossary term of a segment: the rendering the English must use."""
    notes = []
    for term in segment.terms:
        status = "" if term.status == "approved" else f" ({term.status})"
        form = f"{term.matched} = {term.zh}" if term.matched else term.zh
        also = f"; also accepted: {', '.join(term.en_variants)}" if term.en_variants else ""
        avoid = f"; not: {', '.join(term.forbidden)}" if term.forbidden else ""
        notes.append(f"glossary: {form} → {term.en}{status}{also}{avoid}")
    return notes


def finding_notes(segment: Segment, release: Release) -> list[str]:
    """Return the QA findings of a segment as reviewer notes ("error: …")."""
    return [f"{issue.severity} ({issue.check}): {issue.message}"
            for issue in release.findings_of(segment)]


def notes_for(segment: Segment, release: Release) -> list[str]:
    """Return the Notes-column text of a segment: glossary renderings, QA findings, memory, name hints.

    Glossary renderings and findings are also Word comments; the column keeps them visible on paper
    and in PDF exports, which do not print comments.
    """
    notes = glossary_notes(segment) + finding_notes(segment, release) + list(segment.notes)
    return notes


def segment_status(segment: Segment, release: Release) -> str:
    """Return the Status a reviewer sees for a segment (stages/status.py label: error, check carefully, reviewed,
    memory 100 %, fuzzy 87 %, engine or untranslated)."""
    return label(segment)


def table_rows(release: Release) -> list[dict]:
    """Return the review table as data, row for row as the Word file shows it: id, zh, en, notes (error lines
    marked), status, its colour class (error, check, reviewed, memory, fuzzy, engine, untranslated) and the
    engine's confidence."""
    rows = []
    for segment in release.segments:
        errors = tuple({f"error ({issue.check}): " for issue in release.findings_of(segment)})
        status = segment_status(segment, release)
        rows.append({"id": segment.id, "zh": segment.zh, "en": segment.en, "status": status,
                     "colour": status.split()[0], "confidence": segment.confidence,
                     "notes": [{"text": line, "error": bool(errors) and line.startswith(errors)}
                               for line in notes_for(segment, release)]})
    return rows


def build(release: Release):
    """Return the review document for `release` (python-docx Document)."""
    # the data inside the file is the release as drafted (its JSON escapes every control character), so
    # it agrees with the .json beside it; what the document shows has them dropped, not fatal
    data = release_json.dumps(release, indent=None, ascii_only=True)
    release = xml_safe(release)
    tags = languages.of_release(release)
    document = ooxml.new_document(landscape=True, lang=tags.target, east_asian_lang=tags.source)
    ooxml.track_changes(document)
    ooxml.page_header(document, f"press-pipeline review · release {release.hash[:12]} · edit only the "
                                 f"English column; ID and 中文 (grey) are the round-trip key: {LOCKED_LABEL}")
    ooxml.headline(document, f"Review: {release.headline}")
    intro = document.add_paragraph()
    ooxml.style_run(intro.add_run(
        f"Edit only the English column; Track Changes is on. Grey columns (ID, 中文) identify the segment "
        f"and must not be changed ({LOCKED_LABEL}). Notes (and comments on the 中文 cell) give the glossary "
        "renderings to use, the QA findings, translation-memory matches and name hints. To let a QA finding "
        "stand, add a line “ok: <check> — <why>” to the Notes cell, e.g. “ok: numbers_match — the source is "
        "wrong”."), size=9, italic=True)
    for issue in (issue for issue in release.issues if issue.segment_id is None):
        ooxml.style_run(document.add_paragraph().add_run(f"{issue.severity} ({issue.check}): {issue.message}"),
                        size=9, colour=ERROR_COLOUR if issue.severity == "error" else None)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    ooxml.grid(table)
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        ooxml.style_run(cell.paragraphs[0].add_run(text), bold=True)
        ooxml.shade(cell, HEADER_FILL if text in ("English", "Notes") else LOCKED_FILL)
    ooxml.repeat_header(table.rows[0])
    ooxml.set_widths(table, WIDTHS_CM)  # before the rows: each new row takes the widths
    for segment in release.segments:
        _add_row(document, table, segment, release)
    ooxml.embed_data(document, DATA_NAMESPACE, DATA_ELEMENT, data)
    ooxml.set_properties(document, title=f"Review: {release.headline}",
                          author=release.credits.translator, subject=str(release.path.name),
                          comments=signature_line(release.signature),
                          keywords=f"{HASH_KEY}{release.hash}", category="press-pipeline review")
    return document


def _add_row(document, table, segment: Segment, release: Release) -> None:
    row = ooxml.add_row(table)  # table.add_row() costs n² over a table of n rows
    ooxml.keep_row_together(row)
    cells = row.cells
    ooxml.write_cell(cells[0], segment.id, fill=LOCKED_FILL)
    zh_run = ooxml.write_cell(cells[1], segment.zh, fill=LOCKED_FILL)
    ooxml.write_cell(cells[2], segment.en)
    errors = tuple({f"error ({issue.check}): " for issue in release.findings_of(segment)})
    ooxml.write_cell(cells[3], [(line, ERROR_COLOUR if errors and line.startswith(errors) else None)
                                for line in notes_for(segment, release)], size=8)
    status = segment_status(segment, release)
    lines = [(status, ERROR_COLOUR if status == "error" else None)]
    if segment.origin == "engine" and segment.confidence is not None:
        lines.append((f"confidence {segment.confidence:.0%}".replace("%", "\u00a0%"), None))
    ooxml.write_cell(cells[4], lines, size=8, fill=STATUS_FILLS.get(status.split()[0]) if status else None)
    comment = glossary_notes(segment) + finding_notes(segment, release)
    if comment:
        ooxml.comment(document, zh_run, comment, COMMENT_AUTHOR, COMMENT_INITIALS)


def write(release: Release, path: Path) -> None:
    """Write the review .docx of `release` to `path`."""
    ooxml.save(build(release), path)


@dataclass(frozen=True)
class ReviewRow:
    """One reviewed segment as the reviewer left it: a table row (tracked changes accepted, its Notes lines) or
    an XLIFF unit (the notes a translator added)."""

    id: str
    zh: str
    en: str
    row: int  # 1-based table row (the header is row 1) or XLIFF unit number, for error messages
    notes: tuple[str, ...] = ()  # where `ok: <check> — <why>` acknowledgements are read from
    confirmed: bool = True  # False: the file still marks the English as needing work (not stored as reviewed)
    state: str = ""  # the XLIFF state as read (1.2 names), "" for a table row
    unit: str = "table row"  # what `row` counts, for error messages


@dataclass(frozen=True)
class ReviewFile:
    """What a reviewed file holds: its release hash and data, the rows, and who tracked changes in it."""

    path: Path
    release_hash: str  # from the document properties ("" when a tool dropped them)
    rows: tuple[ReviewRow, ...]
    tracked_by: str = ""  # the most frequent tracked-change author: a suggestion for the credit, never the credit
    data: str | None = None  # the release JSON carried inside the file (None in files of older versions)
    exported: bool = False  # True: `data` is the release as exported to a CAT tool (XLIFF), not as drafted
    carrier: str = "inside the review file"  # where `data` travels, for messages

    @cached_property
    def release(self) -> Release | None:
        """Return the release the file carries, read as every release JSON is (None when it carries none)."""
        if self.data is None:
            return None
        return release_json.parse(self.data, self.path, f"the release data {self.carrier} is damaged: pass "
                                  "--release FILE.json (the .json `press translate` wrote with it)")


def read_review(path: Path, limits=None) -> ReviewFile:
    """Return the rows, release hash and release data of a review .docx (within `limits`), or raise
    ReviewError when it is not one or its table no longer maps one row to one segment."""
    path = Path(path)
    document = ooxml.open_document(path, limits)
    found = HASH_PATTERN.search(ooxml.properties(document)["keywords"] or "")
    carried = sorted(set(ooxml.embedded_data(document, DATA_NAMESPACE, DATA_ELEMENT)))
    if found is None and not carried:
        raise ReviewError("not a press-pipeline review file (no release hash in its properties)", path,
                          hint="ingest the <stem>.review.docx that `press translate` wrote")
    if len(carried) > 1:
        raise ReviewError(f"the file carries the data of {len(carried)} releases", path,
                          hint="review each release in the file `press translate` wrote for it")
    rows = review_rows(ooxml.body_tables(document), path)
    authors = ooxml.revision_authors(document)
    author = authors[0] if authors else ""
    if author in ("python-docx", COMMENT_AUTHOR) or any(unicodedata.category(char) == "Cc" for char in author):
        author = ""  # a name holding a control character is no credit to suggest (--reviewer refuses it)
    return ReviewFile(path, found.group(1) if found else "", rows, author, carried[0] if carried else None)


def review_rows(tables, path: Path) -> tuple[ReviewRow, ...]:
    """Return the segment rows of the one review table among `tables` (ooxml.body_tables), refusing
    layouts that no longer map one row to one segment: merged cells, rows of another width, a second
    review table, Notes text in an English cell."""
    claims = [(number, table) for number, table in enumerate(tables, start=1) if table and _columns(table[0])]
    if not claims:
        raise ReviewError("no review table (ID | 中文 | English | Notes) in the document", path,
                          hint="the table header row must stay as press wrote it")
    if len(claims) > 1:
        raise ReviewError(f"{len(claims)} tables claim to be the review table (tables "
                          f"{', '.join(str(number) for number, _ in claims)} of the document)", path,
                          hint="delete the stale copy and keep the one table you edited")
    table = claims[0][1]
    columns = _columns(table[0])
    _refuse_merged(table[0], 1, columns, path)
    rows = []
    for number, row in enumerate(table[1:], start=2):
        if row.deleted:
            continue  # a tracked row deletion: gone once the changes are accepted
        _refuse_merged(row, number, columns, path)
        if len(row.cells) != len(table[0].cells):
            raise ReviewError(f"table row {number} has {len(row.cells)} cells; the header has "
                              f"{len(table[0].cells)}", path, hint=_ONE_ROW_HINT)
        cells = {name: row.cells[index] for name, index in columns.items()}
        if not any(cell.lines for cell in row.cells):
            continue  # an empty row added at the end of the table holds nothing to lose
        rows.append(_review_row(cells, number, path))
    return tuple(rows)


_ONE_ROW_HINT = ("each segment needs its own row ID | 中文 | English | Notes: restore the table press wrote "
                 "and put each English back in its row")


def _columns(header) -> dict[str, int]:
    """Return {column name: cell index} of a header row naming at least ID, 中文 and English, else {}."""
    names = [_text(cell) for cell in header.cells]
    columns = {}
    for name in COLUMNS:
        found = [index for index, text in enumerate(names) if text.startswith(name)]
        if found:
            columns[name] = found[0]
    return columns if all(name in columns for name in HEADER[:3]) else {}


def _refuse_merged(row, number: int, columns: dict[str, int], path: Path) -> None:
    names = {index: name for name, index in columns.items()}
    for index, cell in enumerate(row.cells):
        if cell.span > 1 or cell.merged == "across":
            raise ReviewError(f"table row {number} has merged cells (the {names.get(index, 'unnamed')} cell "
                              f"spans {max(cell.span, 2)} columns)", path,
                              hint="split the cell again (Word: Layout ▸ Split Cells; LibreOffice: Table ▸ "
                              "Split Cells) and put each text back in its own column")
        if cell.merged == "down":
            raise ReviewError(f"table row {number} has merged cells (its {names.get(index, 'unnamed')} cell is "
                              "merged with the row above or below)", path,
                              hint="split the cell again (Word: Layout ▸ Split Cells; LibreOffice: Table ▸ "
                              "Split Cells) and put each segment's English back in its own row")
        if cell.holds_table:
            raise ReviewError(f"table row {number}: the {names.get(index, 'unnamed')} cell holds a table", path,
                              hint="remove the pasted table; type the English into the cell")


def _review_row(cells: dict, number: int, path: Path) -> ReviewRow:
    segment_id, english = _text(cells["ID"]), _text(cells["English"])
    if not segment_id:
        raise ReviewError(f"table row {number} has no segment ID", path,
                          hint="a row was added or split: move its English into the row of its segment "
                          "and delete the extra row")
    if len(segment_id.split()) > 1:
        raise ReviewError(f"table row {number} holds several segment IDs ({segment_id})", path, hint=_ONE_ROW_HINT)
    note = NOTE_TEXT.search(english)
    if note:
        raise ReviewError(f"the English of {segment_id} (table row {number}) holds Notes text "
                          f"(“{english[note.start():note.start() + 40].strip()}…”)", path,
                          hint="delete the note from the English cell: notes are not part of the translation "
                          "(an “ok: <check> — <why>” line belongs in the Notes cell)")
    notes = cells["Notes"].lines if "Notes" in cells else ()
    return ReviewRow(segment_id, _text(cells["中文"]), english, number, notes)


def _text(cell) -> str:
    """Return a cell's text as one line: a segment is one sentence, however the reviewer broke its lines."""
    return " ".join(cell.lines)
