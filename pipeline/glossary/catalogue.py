"""The glossary as a maintainer searches it: every entry of the TSV files, found by any of its fields as one types.

Built once per change of the files (their names, sizes and modification times), then searched by plain
substring tests over pre-folded text: at 100,000 entries one keystroke costs milliseconds
(benchmarks/bench_web.py), with no index to keep in step with the files.
"""
from __future__ import annotations

import bisect
import itertools
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import GlossaryError
from .store import Entry, read_tsv

# the fields a query word may name (`kind:city`, `source:wikipedia`); a bare word searches all of them
FIELDS = ("zh", "en", "variant", "kind", "status", "source")
LIMIT = 50


def entry_key(entry: Entry) -> str:
    """Return the key a page names an entry by: its file's name and its line (`cities.tsv:12`)."""
    return f"{Path(entry.file).name}:{entry.line}"


@dataclass(frozen=True)
class Found:
    """One page of search results: how many entries match in all, and the first `limit` of them, best first."""

    total: int
    entries: tuple[Entry, ...]


def _folded(entry: Entry) -> tuple[str, ...]:
    return (entry.zh.casefold(), entry.en.casefold(), "|".join(entry.variants).casefold(), entry.kind,
            entry.status, entry.source.casefold())


class Part:
    """The entries of one glossary file, folded for searching: built once per version of the file, so that an
    edit makes the next search read and fold that file only."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.fields = [_folded(entry) for entry in entries]
        self.haystacks = ["\n".join(fields) for fields in self.fields]
        # all haystacks in one string (NUL between them: a glossary file holds none), so that a word is
        # looked for by str.find at C speed, entry by entry, instead of one Python test per entry
        self.text = "\0".join(self.haystacks)
        self.starts = list(itertools.accumulate((len(hay) + 1 for hay in self.haystacks[:-1]), initial=0))
        # every name (zh, en, variant) folded, sorted: the exact and the prefix matches of a query are a
        # slice found by bisection, so ranking never looks at every match
        self.names = sorted({(name, index) for index, fields in enumerate(self.fields)
                             for name in (fields[0], fields[1], *fields[2].split("|")) if name})
        self.by_key = {entry_key(entry): entry for entry in entries}


class Catalogue:
    """Every entry of a glossary directory (its files' parts side by side), searchable by any field."""

    def __init__(self, parts: list[Part]):
        self.parts = parts
        self.offsets = list(itertools.accumulate((len(part.entries) for part in parts), initial=0))[:len(parts)]
        self.entries = tuple(entry for part in parts for entry in part.entries)
        self.fields = [fields for part in parts for fields in part.fields]
        self.haystacks = [hay for part in parts for hay in part.haystacks]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> Entry | None:
        """Return the entry named by `key` (`file:line`), or None."""
        return next((part.by_key[key] for part in self.parts if key in part.by_key), None)

    def _accepts(self, index: int, filters: list[tuple[int, str]], words: list[tuple[int | None, str]]) -> bool:
        fields = self.fields[index]
        return all(fields[column] == value for column, value in filters) and all(
            (text in fields[column]) if column is not None else (text in self.haystacks[index]) for column, text in words)

    def search(self, query: str, kind: str = "", status: str = "", limit: int = LIMIT) -> Found:
        """Return the entries holding every word of `query` (`field:word` looks in that field only), of
        `kind` and `status` when given: exact names first, then names starting with the query, then the rest
        in file order."""
        filters = [(FIELDS.index(field), value) for field, value in (("kind", kind), ("status", status)) if value]
        words: list[tuple[int | None, str]] = []
        for word in query.casefold().split():
            field, _, text = word.partition(":")
            words.append((FIELDS.index(field), text) if text and field in FIELDS else (None, word))
        matches: list[int] = list(range(len(self.entries)))
        for column, value in filters:
            matches = [i for i in matches if self.fields[i][column] == value]
        base = next(((text, found) for text in sorted({t for c, t in words if c is None}, key=len, reverse=True)
                     if (found := self._containing(text)) is not None), None) if not filters else None
        if base is not None:  # a word few entries hold, found by jumping from hit to hit
            matches = base[1]
        for position, text in words:
            if position is not None:
                matches = [i for i in matches if text in self.fields[i][position]]
            elif base is None or text != base[0]:
                matches = [i for i in matches if text in self.haystacks[i]]
        whole = " ".join(query.casefold().split())
        first = self._ranked(whole, filters, words, limit) if whole and ":" not in whole else []
        chosen = set(first)
        page = first + [i for i in matches[:limit + len(first)] if i not in chosen]
        return Found(len(matches), tuple(self.entries[i] for i in page[:max(0, limit)]))

    def _containing(self, word: str) -> list[int] | None:
        """Return the entries whose haystack holds `word`, in file order; None when more than one in 32 do
        (then a test per entry costs less than jumping from hit to hit)."""
        found: list[int] = []
        cap = max(64, len(self.entries) // 32)
        for part, offset in zip(self.parts, self.offsets, strict=True):
            position, text, starts = part.text.find(word), part.text, part.starts
            while position >= 0:
                index = bisect.bisect_right(starts, position) - 1
                found.append(offset + index)
                if len(found) > cap:
                    return None
                position = text.find(word, starts[index + 1]) if index + 1 < len(starts) else -1
        return found

    def _ranked(self, query: str, filters: list[tuple[int, str]], words: list[tuple[int | None, str]],
                limit: int) -> list[int]:
        """Return up to `limit` matching entries named `query` exactly, then those a name of which starts with it."""
        exact: list[int] = []
        prefix: list[tuple[str, int]] = []
        for part, offset in zip(self.parts, self.offsets, strict=True):
            start = bisect.bisect_left(part.names, (query, -1))
            for name, index in itertools.islice(part.names, start, start + limit + 1):
                if not name.startswith(query):
                    break
                if name == query:
                    exact.append(offset + index)
                else:
                    prefix.append((name, offset + index))
        ordered = exact + [index for _, index in sorted(prefix)]
        return [i for i in dict.fromkeys(ordered) if self._accepts(i, filters, words)][:limit]


_CACHE: dict[Path, tuple[tuple, Catalogue]] = {}
_FILES: dict[Path, tuple[tuple, Part]] = {}  # each file's part, read again only when the file changed
_LOCK = threading.Lock()


def _stamp(path: Path) -> tuple:
    """Return what changes when a glossary file is written: its size, modification time and inode (every write
    replaces the file: write_atomic)."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


def _part(path: Path, stamp: tuple) -> Part:
    cached = _FILES.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, Part(read_tsv(path)))
        _FILES[path] = cached
    return cached[1]


def catalogue(directory: Path) -> Catalogue:
    """Return the catalogue of the glossary in `directory`, built again only when a file changed (and then
    reading only the files that changed)."""
    directory = Path(directory).resolve()
    if not directory.is_dir():
        raise GlossaryError("glossary directory not found", directory, None, "pass --glossary DIR")
    stamps = {path: _stamp(path) for path in sorted(directory.glob("*.tsv"))}
    key = tuple((path.name, *stamp) for path, stamp in stamps.items())
    with _LOCK:
        cached = _CACHE.get(directory)
        if cached is not None and cached[0] == key:
            return cached[1]
        built = Catalogue([_part(path, stamp) for path, stamp in stamps.items()])
        _CACHE[directory] = (key, built)
        return built
