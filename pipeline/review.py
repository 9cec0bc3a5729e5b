"""The review .docx: a bilingual table reviewers edit (ID | 中文 | English | Notes)."""
from __future__ import annotations

import json
from pathlib import Path

from . import office
from .model import Release, Segment

HEADER = ("ID", "中文", "English", "Notes")
WIDTHS_CM = (1.6, 9.0, 10.5, 4.6)
LOCKED_FILL = "EDEDED"  # grey: the ID and 中文 columns are not to be edited
HEADER_FILL = "D9E2F3"


def notes_for(segment: Segment, release: Release) -> list[str]:
    """Return the reviewer notes of a segment: glossary renderings, hints, memory, QA findings."""
    notes = []
    for term in segment.terms:
        status = "" if term.status == "approved" else f" ({term.status})"
        form = f"{term.matched} = {term.zh}" if term.matched else term.zh
        notes.append(f"glossary: {form} → {term.en}{status}")
    notes.extend(segment.notes)
    if segment.origin == "untranslated":
        notes.append("untranslated: no engine was run for this draft")
    for issue in release.issues:
        if issue.segment_id == segment.id:
            notes.append(f"{issue.severity}: {issue.message}")
    return notes


def build(release: Release):
    """Return the review document for `release` (python-docx Document)."""
    document = office.new_document(landscape=True)
    title = document.add_paragraph(style="Title")
    title.add_run(f"Review: {release.headline}")
    intro = document.add_paragraph()
    office.style_run(intro.add_run(
        "Edit only the English column. Grey columns (ID, 中文) identify the segment and must not be "
        "changed. Notes list the glossary renderings to use and any QA findings."), size=9, italic=True)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER):
        office.style_run(cell.paragraphs[0].add_run(text), bold=True)
        office.shade(cell, HEADER_FILL)
    office.repeat_header(table.rows[0])
    for segment in release.segments:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = segment.id, segment.zh, segment.en
        cells[3].text = "\n".join(notes_for(segment, release))
        for cell in cells[:2]:
            office.shade(cell, LOCKED_FILL)
        for paragraph in cells[3].paragraphs:
            for run in paragraph.runs:
                office.style_run(run, size=8)
    office.set_widths(table, WIDTHS_CM)
    office.set_properties(document, title=f"Review: {release.headline}",
                          author=release.credits.translator, subject=str(release.path.name),
                          comments=json.dumps(release.signature, ensure_ascii=False, sort_keys=True),
                          keywords=f"release-hash:{release.hash}", category="press-pipeline review")
    return document


def write_review(release: Release, path: Path) -> None:
    """Write the review .docx of `release` to `path`."""
    office.save(build(release), path)
