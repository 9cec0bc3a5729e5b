"""The alignment review .docx: the pairs below the threshold (and sentences left without a partner) in a
table ID | 中文 | English | Score | Notes | Decision, in the review file's style, for a person to keep,
fix or drop; `press ingest` reads it back.

Writing: the grey ID, 中文, Score and Notes columns are not to be edited, Track Changes is on, and what
ingest needs (each row's pair and its release's credits) travels inside the file as a custom XML part,
so the archive's files may have moved by the time it comes back. Reading: the rows by their header
names (tracked changes accepted, merged or split rows refused as for a review file), each row's
decision: `keep` (or an edited English) stores the pair as `aligned`, `drop` or a deleted row leaves
it out, an empty decision leaves it for later.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import ooxml
from ..config import Config
from ..errors import ReviewError
from ..memory import Memory, Unit
from ..outputs.review import COMMENT_AUTHOR, HEADER_FILL, LOCKED_FILL, LOCKED_LABEL, review_rows
from .archive import AlignedRelease, Pair, percent

SUFFIX = ".align.docx"
COLUMNS = ("ID", "中文", "English", "Score", "Notes", "Decision")
EDITABLE = ("English", "Decision")
WIDTHS_CM = (1.5, 7.0, 9.0, 1.5, 4.7, 2.0)
DATA_NAMESPACE, DATA_ELEMENT = "urn:x-press-pipeline:alignment:1", "alignment"
CATEGORY = "press-pipeline alignment review"
KEEP = frozenset({"keep", "kept", "yes", "y", "ok", "confirm", "confirmed", "✓", "✔"})
DROP = frozenset({"drop", "dropped", "no", "n", "delete", "x", "✗", "✘"})
INSTRUCTIONS = (
    "These sentence pairs from the archive were aligned with too little certainty to go into the translation "
    "memory unseen. For each row write keep or drop in the Decision column; correct the English first where "
    "the pair is right but the English belongs partly to another row (a corrected English is kept). Deleting "
    "a row drops it; an empty Decision leaves the pair for later. Grey columns (ID, 中文, Score, Notes) are "
    f"the round-trip key: {LOCKED_LABEL}. Then: press ingest <this file>.")


def releases_data(aligned: list[AlignedRelease]) -> dict[str, dict]:
    """Return {release id: what a unit of it records} for the file's data (r1, r2 … in the given order)."""
    return {f"r{number}": {"zh": str(release.zh_path), "en": str(release.en_path), "label": release.label,
                           "translator": release.english.credits.translator,
                           "source_url": release.english.credits.source_url or release.chinese.release.meta.url,
                           "published": release.published}
            for number, release in enumerate(aligned, start=1)}


def doubtful(aligned: list[AlignedRelease], threshold: float) -> list[tuple[str, Pair]]:
    """Return (row id "r1.a3", pair) of every pair below the threshold, release by release."""
    return [(f"r{number}.{pair.id}", pair) for number, release in enumerate(aligned, start=1)
            for pair in release.pairs if not pair.accepted(threshold)]


def build(aligned: list[AlignedRelease], threshold: float, title: str):
    """Return the alignment review document (python-docx Document) for the doubtful pairs of `aligned`."""
    rows, releases = doubtful(aligned, threshold), releases_data(aligned)
    data = {"version": 1, "threshold": threshold, "releases": releases,
            "rows": [{"id": row_id, "zh": pair.zh, "en": pair.en, "score": pair.score} for row_id, pair in rows]}
    document = ooxml.new_document(landscape=True)
    ooxml.track_changes(document)
    ooxml.page_header(document, f"press-pipeline alignment review · edit the English and Decision columns; ID, "
                                f"中文, Score and Notes (grey) are the round-trip key: {LOCKED_LABEL}")
    ooxml.headline(document, f"Alignment review: {title}")
    ooxml.style_run(document.add_paragraph().add_run(INSTRUCTIONS), size=9, italic=True)
    for release_id, release in releases.items():
        ooxml.style_run(document.add_paragraph().add_run(f"{release_id}: {release['zh']} ↔ {release['en']}"), size=8)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    ooxml.grid(table)
    for cell, name in zip(table.rows[0].cells, COLUMNS, strict=True):
        ooxml.style_run(cell.paragraphs[0].add_run(name), bold=True)
        ooxml.shade(cell, HEADER_FILL if name in EDITABLE else LOCKED_FILL)
    ooxml.repeat_header(table.rows[0])
    ooxml.set_widths(table, WIDTHS_CM)
    for row_id, pair in rows:
        _add_row(table, row_id, pair, threshold)
    ooxml.embed_data(document, DATA_NAMESPACE, DATA_ELEMENT, json.dumps(data, ensure_ascii=True))
    ooxml.set_properties(document, title=f"Alignment review: {title}", author=COMMENT_AUTHOR, category=CATEGORY)
    return document


def _add_row(table, row_id: str, pair: Pair, threshold: float) -> None:
    row = ooxml.add_row(table)
    ooxml.keep_row_together(row)
    cells = row.cells
    score = percent(pair.score) if pair.zh and pair.en else "—"
    ooxml.write_cell(cells[0], row_id, fill=LOCKED_FILL)
    ooxml.write_cell(cells[1], pair.zh, fill=LOCKED_FILL)
    ooxml.write_cell(cells[2], pair.en)
    ooxml.write_cell(cells[3], score, size=8, fill=LOCKED_FILL)
    ooxml.write_cell(cells[4], "\n".join(pair.reasons(threshold)), size=8, fill=LOCKED_FILL)
    ooxml.write_cell(cells[5], "")


def write(aligned: list[AlignedRelease], threshold: float, title: str, path: Path) -> None:
    """Write the alignment review file of `aligned` to `path` (callers pass a temporary path)."""
    ooxml.save(build(aligned, threshold, title), path)


@dataclass(frozen=True)
class Decision:
    """What a person decided about one row: keep (as written or corrected), drop, or nothing yet."""

    id: str
    zh: str
    en: str  # the English as the file now holds it
    verdict: str  # keep | fixed | drop | undecided
    release: dict  # the release's credits as the file's data recorded them


@dataclass(frozen=True)
class AlignmentReview:
    """A returned alignment review file: one decision per row written (a deleted row counts as dropped)."""

    path: Path
    decisions: tuple[Decision, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for decision in self.decisions if decision.verdict == verdict)

    def units(self, reviewer: str = "") -> list[Unit]:
        """Return the memory units of the rows kept (origin aligned; `reviewer` who confirmed them)."""
        return [Unit(zh=d.zh, en=d.en, origin="aligned", translator=d.release.get("translator", ""),
                     reviewer=reviewer, release=d.release.get("label", ""), source_url=d.release.get("source_url", ""),
                     created=d.release.get("published", ""), updated=d.release.get("published", ""))
                for d in self.decisions if d.verdict in ("keep", "fixed")]


def carried(document) -> dict | None:
    """Return the alignment data a document carries, or None when it is no alignment review file."""
    found = ooxml.embedded_data(document, DATA_NAMESPACE, DATA_ELEMENT)
    if not found:
        return None
    try:
        data = json.loads(found[0])
    except json.JSONDecodeError:
        data = None
    return data if isinstance(data, dict) and isinstance(data.get("rows"), list) else {}


def is_alignment_review(path: Path, limits=None) -> bool:
    """Return whether `path` is a .docx carrying alignment data (what `press ingest` dispatches on)."""
    if Path(path).suffix.lower() != ".docx" or not Path(path).is_file():
        return False
    return carried(ooxml.open_document(Path(path), limits)) is not None


def read(path: Path, limits=None) -> AlignmentReview:
    """Return the decisions of a returned alignment review file, refusing edited Chinese, unknown or repeated
    IDs, a decision it cannot read, and a kept row without both sides."""
    document = ooxml.open_document(Path(path), limits)
    data = carried(document)
    if not data:
        raise ReviewError("the alignment data inside the file is missing or damaged", path,
                          hint="ingest the .align.docx that `press memory align` wrote")
    expected = {row["id"]: row for row in data["rows"]}
    tables = ooxml.body_tables(document)
    rows = review_rows(tables, Path(path))
    decisions, seen = [], set()
    for row, decision in zip(rows, _decision_cells(tables, rows, Path(path)), strict=True):
        original = expected.get(row.id)
        if original is None or row.id in seen:
            raise ReviewError(f"{'repeated' if original else 'unknown'} ID {row.id!r} in table row {row.row}",
                              path, hint="IDs must not be edited or copied; restore the row from the file press wrote")
        seen.add(row.id)
        if "".join(row.zh.split()) != "".join(original["zh"].split()):
            raise ReviewError(f"the 中文 of {row.id} (table row {row.row}) was edited", path,
                              hint="restore the Chinese; correct only the English, or drop the row")
        release = data["releases"].get(row.id.split(".")[0], {})
        decisions.append(Decision(row.id, original["zh"], row.en, _verdict(decision, row, original, path), release))
    decisions += [Decision(row_id, row["zh"], "", "drop", {}) for row_id, row in expected.items() if row_id not in seen]
    return AlignmentReview(Path(path), tuple(decisions))


def ingest(path: Path, config: Config, memory: str | Path | None = None,
           reviewer: str = "") -> tuple[AlignmentReview, dict[str, int], str]:
    """Store the rows a person kept (or corrected) as `aligned` units credited to `reviewer` (else [credits]
    reviewer); return the decisions, what the memory did and its location."""
    config.limits.check_size(path)
    decisions = read(path, config.limits)
    with Memory(memory if memory is not None else config.memory) as opened:
        stored = opened.store_many(decisions.units(reviewer or config.reviewer))
        return decisions, stored, opened.location


def _decision_cells(tables, rows, path: Path) -> list[str]:
    """Return the Decision cell text of each row review_rows read, from the table headed ID … Decision."""
    for table in tables:
        header = [" ".join(cell.lines) for cell in table[0].cells] if table else []
        if "ID" in header and "Decision" in header:
            column = header.index("Decision")
            return [" ".join(table[row.row - 1].cells[column].lines).strip() for row in rows]
    raise ReviewError("the table has no Decision column", path,
                      hint="the header row must stay as press wrote it: ID | 中文 | English | Score | Notes | Decision")


def _verdict(decision: str, row, original: dict, path: Path) -> str:
    said = decision.strip().strip(".!").casefold()
    if said and said not in KEEP | DROP and said != "?":
        raise ReviewError(f"the Decision of {row.id} (table row {row.row}) reads {decision!r}", path,
                          hint="write keep or drop, or leave it empty to decide later")
    if said in DROP:
        return "drop"
    fixed = " ".join(row.en.split()) != " ".join(original["en"].split())
    if said in KEEP or (fixed and row.en):
        if not row.en or not original["zh"]:
            raise ReviewError(f"{row.id} (table row {row.row}) is kept but has no "
                              f"{'English' if not row.en else 'Chinese'}", path,
                              hint="type the English of its Chinese, or write drop")
        return "fixed" if fixed else "keep"
    return "undecided"
