"""The terminology glossary: loading glossary/*.tsv and finding terms longest-first (Aho-Corasick)."""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

import ahocorasick

from ..errors import GlossaryError, InputError
from ..formats.txt import decode
from ..model import TermHit

COLUMNS = ("zh", "en", "kind", "variants", "forbidden", "status", "source", "note", "en_variants")
# columns a table may leave out (it was written before they existed); the others are its header's start
OPTIONAL = ("en_variants",)
LIST_SEPARATOR = "|"
REQUIRED = ("zh", "en", "kind", "status", "source")
STATUSES = ("approved", "proposed")
# What a row names; docs/glossary.md explains each. Lint reports any other kind.
KINDS = {
    "city": "a city (常德市, 东近江市, 伊普斯维奇市)",
    "county": "a county or county-level division (安妮阿伦德尔县)",
    "prefecture": "a prefecture-level division that is not a city (湘西土家族苗族自治州)",
    "province": "a province or autonomous region (湖南省)",
    "municipality": "a province-level municipality (北京市, 重庆市)",
    "region": "another named area: canton, bay area, district (日内瓦州, 光阳湾区)",
    "country": "a sovereign state or a territory with its own ISO 3166-1 code (日本, 格陵兰)",
    "office": "an office, bureau or department (常德市商务局)",
    "party-body": "a Communist Party committee or commission (中共常德市委)",
    "government-body": "a people's government (常德市人民政府)",
    "congress-body": "a people's congress, its standing committee, or a CPPCC committee",
    "organisation": "any other organisation, company, website or association (常德政府网)",
    "strategy": "a national strategy or development area (长江经济带)",
    "event": "a named conference, festival or campaign (第22届中日韩友好城市交流大会)",
    "term": "a political or technical expression with a fixed rendering (云外交)",
    "person": "a person's name (surname first)",
    "title": "a title or post (市长 Mayor, 副市长 Vice Mayor)",
    "development-zone": "a development zone, high-tech zone or new area (长沙经济技术开发区)",
    # matched so that the shorter form inside it is not, but never reported
    "stop": "a phrase holding a glossary form that is no name there (隆重庆祝 holds 重庆)",
}
STOP = "stop"
SHORT_KINDS = ("city", "county", "prefecture", "region")
SHORT_SUFFIXES = ("市", "县", "区", "州")


@dataclass(frozen=True)
class Entry:
    """One glossary row: a Chinese name, its approved English and where that form was verified."""

    zh: str
    en: str
    kind: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    status: str = "approved"
    source: str = ""
    note: str = ""
    en_variants: tuple[str, ...] = ()  # accepted English besides `en` (U.S., American for 美国): not wrong
    file: str = ""
    line: int = 0

    @property
    def forms(self) -> tuple[str, ...]:
        """The Chinese forms that identify this entry in a text: zh first, then variants."""
        return (self.zh, *self.variants)

    @property
    def short(self) -> str:
        """The short form of a place (the name without 市/县/区/州), or "" for other kinds and short names.

        A short form that is not also a variant stands for the place only in a release that names
        the place in full (it may be ambiguous on its own: `press glossary lint --short-forms`)."""
        if self.kind not in SHORT_KINDS or len(self.zh) < 3 or not self.zh.endswith(SHORT_SUFFIXES):
            return ""
        return self.zh[:-1]

    def cells(self) -> tuple[str, ...]:
        """Return the row of this entry in COLUMNS order, as written to a TSV file."""
        return tuple(LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value
                     for value in (getattr(self, column) for column in COLUMNS))

    @property
    def renderings(self) -> tuple[str, ...]:
        """Every English form QA accepts for this entry: `en` first, then the accepted variants."""
        return (self.en, *self.en_variants)


def _units(text: str) -> str:
    """Return `text` as its UTF-16 code units spelled as Latin-1 character pairs.

    pyahocorasick searches a node's children one by one, so a glossary whose forms start with
    thousands of different Han characters makes every step slow (100,000 terms: ~100x a 100-term
    glossary). Over byte pairs no node has more than 256 children, which keeps the per-release cost
    of a 100,000-term glossary within 2x of a 100-term one (benchmarks/bench_glossary.py).
    """
    return text.encode("utf-16-be", "surrogatepass").decode("latin-1")


def split_cell(cell: str) -> tuple[str, ...]:
    """Return the |-separated forms of a variants/forbidden cell, blanks dropped."""
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip())


def read_table(path: Path) -> str:
    """Return the text of a glossary table (.tsv, .csv) in UTF-8, UTF-16 or GB18030, as the .txt reader
    detects them; GlossaryError naming the file (and the line) when it cannot be read as text."""
    hint = "save it as UTF-8 text, one row a line"
    try:
        text = decode(Path(path).read_bytes(), path)
    except OSError as error:
        raise GlossaryError(f"cannot read the file ({error.strerror})", path, None,
                            "check the path and its permissions") from None
    except InputError as error:
        raise GlossaryError(error.message, path, error.line, hint) from None
    if "\0" in text:  # binary data decodes as something; a NUL is in no table
        line = text.count("\n", 0, text.index("\0")) + 1
        raise GlossaryError("binary data (a NUL character): not a text table", path, line, hint)
    return text


def header_columns(header: list[str] | None, path: Path) -> list[str]:
    """Return the glossary columns a TSV header names, in its order: it starts with every column but the
    OPTIONAL ones, which may follow; GlossaryError otherwise."""
    names = [name.strip() for name in header or []]
    first = [column for column in COLUMNS if column not in OPTIONAL]
    if names[: len(first)] != first:
        raise GlossaryError("header must start with " + "\t".join(first) + " (then, optionally, "
                            + ", ".join(OPTIONAL) + ")", path, 1, "copy the header row from glossary/terms.tsv")
    return first + [name for name in names[len(first):] if name in OPTIONAL]


def fitted(header: str, entries: list[Entry], path: Path) -> tuple[str, list[str]]:
    """Return a table's header line gaining the OPTIONAL columns `entries` fill and it lacks, and its column
    names; GlossaryError for a header the loader would refuse (nothing is written to such a file)."""
    names = [name.strip() for name in header.split("\t")]
    header_columns(names, path)
    needed = [column for column in OPTIONAL if column not in names and any(getattr(e, column) for e in entries)]
    if needed:
        ending = "\r" if header.endswith("\r") else ""
        header = "\t".join([header.rstrip("\r").rstrip("\t"), *needed]) + ending
        names += needed
    return header, names


def row_text(entry: Entry, names: list[str]) -> str:
    """Return an entry as one TSV row of a table with these columns (a column it does not know left empty)."""
    cells = dict(zip(COLUMNS, entry.cells(), strict=True))
    return "\t".join(cells.get(name, "") for name in names)


def read_tsv(path: Path) -> list[Entry]:
    """Return the entries of one glossary TSV file; raises GlossaryError on a malformed header/row."""
    with io.StringIO(read_table(path), newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        columns = header_columns(header, path)
        where = {name: [h.strip() for h in header or []].index(name) for name in columns}
        entries = []
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row) or row[0].startswith("#"):
                continue
            cells = {name: row[index].strip() if index < len(row) else "" for name, index in where.items()}
            entries.append(entry_from_cells(cells, file=str(path), line=line))
        return entries


def entry_from_cells(cells: dict[str, str], **where) -> Entry:
    """Return the entry of a row given as {column: cell text} (missing columns empty; lists |-separated)."""
    lists = {"variants", "forbidden", "en_variants"}
    values: dict[str, object] = {column: split_cell(cells.get(column, "")) if column in lists
                                 else cells.get(column, "") for column in COLUMNS}
    return Entry(**{**values, "status": values["status"] or "approved"}, **where)  # type: ignore[arg-type]


class Glossary:
    """All entries of a glossary directory, with an Aho-Corasick automaton over every Chinese form."""

    def __init__(self, entries: list[Entry], name: str = ""):
        self.entries = tuple(entries)
        self.name = name
        self._automaton = ahocorasick.Automaton()
        for entry in self.entries:
            for form in entry.forms:
                key = _units(form)
                # the first entry claiming a form wins; lint reports the clash
                if form and key not in self._automaton:
                    self._automaton.add_word(key, (len(key), form, entry))
        if self.entries:
            self._automaton.make_automaton()

    @classmethod
    def load(cls, directory: Path) -> "Glossary":
        """Return the glossary made of every *.tsv file in `directory` (sorted by file name)."""
        if not directory.is_dir():
            raise GlossaryError("glossary directory not found", directory, None,
                                "pass --glossary DIR or run from the repository root")
        entries: list[Entry] = []
        for path in sorted(directory.glob("*.tsv")):
            entries.extend(read_tsv(path))
        return cls(entries, str(directory))

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, form: str) -> Entry | None:
        """Return the entry that claims the Chinese `form` (as zh or variant), or None."""
        found = self._automaton.get(_units(form), None) if self.entries and form else None
        return found[2] if found else None

    @property
    def forms(self) -> tuple[str, ...]:
        """Every Chinese form (zh and variants) of every entry."""
        return tuple(form for entry in self.entries for form in entry.forms if form)

    @cached_property
    def hash(self) -> str:
        """A short sha256 over the entries, so outputs say which glossary produced them (computed once:
        every release is signed with it)."""
        digest = hashlib.sha256()
        for entry in self.entries:
            digest.update("\t".join((entry.zh, entry.en, entry.kind, LIST_SEPARATOR.join(entry.variants),
                                     LIST_SEPARATOR.join(entry.forbidden), entry.status)).encode())
            if entry.en_variants:  # a glossary without accepted variants keeps the hash it had before them
                digest.update(("\t" + LIST_SEPARATOR.join(entry.en_variants)).encode())
            digest.update(b"\n")
        return digest.hexdigest()[:16]

    def find(self, text: str, accept: Callable[[int, int, Entry], bool] | None = None,
             extra: dict[str, Entry] | None = None) -> list[TermHit]:
        """Return the non-overlapping terms in `text`, longest match first, in text order.

        `accept(start, end, entry)` may turn a candidate down before the longest-first choice (so a
        shorter term inside it can still be found); `extra` adds forms of entries for this call only
        (a release's short forms). Stop phrases are always accepted: they only block.
        """
        if not text or not (self.entries or extra):
            return []
        # a release's own short forms first: for the same span they win over the glossary's other entries
        candidates = [(start, start + len(form), entry, form) for form, entry in (extra or {}).items()
                      for start in _occurrences(text, form)] + self._candidates(text)
        if accept is not None:
            candidates = [c for c in candidates if c[2].kind == STOP or accept(c[0], c[1], c[2])]
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(text))
        hits = []
        for start, end, entry, form in candidates:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            if entry.kind == STOP:
                continue  # the phrase only blocks the shorter form inside it
            hits.append(TermHit(entry.zh, entry.en, entry.kind, start, end, entry.status,
                                "" if form == entry.zh else form, entry.forbidden, entry.en_variants, entry.note))
        return sorted(hits, key=lambda hit: hit.start)

    def _candidates(self, text: str) -> list[tuple[int, int, Entry, str]]:
        """Return every (start, end, entry, form) the automaton finds in `text`, overlapping ones too."""
        if not self.entries:
            return []
        units = _units(text)
        # code-unit offset -> character offset; only characters outside the BMP take two units
        index = None
        if max(text) > "\uffff":
            index = [i for i, char in enumerate(text) for _ in range(1 + (char > "\uffff"))]
        candidates = []
        for last, (size, form, entry) in self._automaton.iter(units):
            first = last - size + 1
            if first % 2:
                continue  # a match starting inside a character's code unit
            start, end = first // 2, (last + 1) // 2
            if index is not None:
                start, end = index[start], (index[end] if end < len(index) else len(text))
            candidates.append((start, end, entry, form))
        return candidates


def _occurrences(text: str, form: str) -> list[int]:
    found, start = [], text.find(form)
    while start >= 0:
        found.append(start)
        start = text.find(form, start + 1)
    return found
