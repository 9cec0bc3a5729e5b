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


class Catalogue:
    """Every entry of a glossary directory, with its fields folded for searching and its names sorted."""

    def __init__(self, entries: list[Entry]):
        self.entries = tuple(entries)
        self.fields = [_folded(entry) for entry in self.entries]
        self.haystacks = ["\n".join(fields) for fields in self.fields]
        # all haystacks in one string (NUL between them: a glossary file holds none), so that a word is
        # looked for by str.find at C speed, entry by entry, instead of one Python test per entry
        self.text = "\0".join(self.haystacks)
        self.starts = list(itertools.accumulate((len(hay) + 1 for hay in self.haystacks[:-1]), initial=0))
        self.by_key = {entry_key(entry): entry for entry in self.entries}
        # every name (zh, en, variant) folded, sorted: the exact and the prefix matches of a query are a
        # slice found by bisection, so ranking never looks at every match
        self.names = sorted({(name, index) for index, fields in enumerate(self.fields)
                             for name in (fields[0], fields[1], *fields[2].split("|")) if name})

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> Entry | None:
        """Return the entry named by `key` (`file:line`), or None."""
        return self.by_key.get(key)

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
        position, text, starts, cap = self.text.find(word), self.text, self.starts, max(64, len(self.starts) // 32)
        while position >= 0:
            index = bisect.bisect_right(starts, position) - 1
            found.append(index)
            if len(found) > cap:
                return None
            position = text.find(word, starts[index + 1]) if index + 1 < len(starts) else -1
        return found

    def _ranked(self, query: str, filters: list[tuple[int, str]], words: list[tuple[int | None, str]],
                limit: int) -> list[int]:
        """Return up to `limit` matching entries named `query` exactly, then those a name of which starts with it."""
        start = bisect.bisect_left(self.names, (query, -1))
        exact: list[int] = []
        prefix: list[int] = []
        for name, index in itertools.islice(self.names, start, None):
            if not name.startswith(query) or len(prefix) >= limit:
                break
            (exact if name == query else prefix).append(index)
        found = [i for i in dict.fromkeys(exact + prefix) if self._accepts(i, filters, words)]
        return found[:limit]


_CACHE: dict[Path, tuple[tuple, Catalogue]] = {}
_LOCK = threading.Lock()


def _stamp(directory: Path) -> tuple:
    """Return what changes when a glossary file is written: each file's name, size and modification time."""
    return tuple((path.name, *_size_and_time(path)) for path in sorted(directory.glob("*.tsv")))


def _size_and_time(path: Path) -> tuple[int, int, int]:
    status = path.stat()  # the inode too: every write replaces the file (write_atomic)
    return status.st_size, status.st_mtime_ns, status.st_ino


def catalogue(directory: Path) -> Catalogue:
    """Return the catalogue of the glossary in `directory`, read again only when a file changed."""
    directory = Path(directory).resolve()
    if not directory.is_dir():
        raise GlossaryError("glossary directory not found", directory, None, "pass --glossary DIR")
    stamp = _stamp(directory)
    with _LOCK:
        cached = _CACHE.get(directory)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        built = Catalogue([entry for path in sorted(directory.glob("*.tsv")) for entry in read_tsv(path)])
        _CACHE[directory] = (stamp, built)
        return built
