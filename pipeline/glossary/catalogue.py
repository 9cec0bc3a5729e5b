"""The glossary as a maintainer searches it: every entry of the TSV files, found by any of its fields as one types.

Built once per change of the files (their names, sizes and modification times), then searched by plain
substring tests over pre-folded text: at 100,000 entries one keystroke costs milliseconds
(benchmarks/bench_web.py), with no index to keep in step with the files.
"""
from __future__ import annotations

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
    """Every entry of a glossary directory, with its fields folded for searching."""

    def __init__(self, entries: list[Entry]):
        self.entries = tuple(entries)
        self.fields = [_folded(entry) for entry in self.entries]
        self.haystacks = ["\n".join(fields) for fields in self.fields]
        self.by_key = {entry_key(entry): entry for entry in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> Entry | None:
        """Return the entry named by `key` (`file:line`), or None."""
        return self.by_key.get(key)

    def search(self, query: str, kind: str = "", status: str = "", limit: int = LIMIT) -> Found:
        """Return the entries holding every word of `query` (`field:word` looks in that field only), of
        `kind` and `status` when given: exact names first, then names starting with the query, then the rest."""
        indices = range(len(self.entries))
        for field, value in (("kind", kind), ("status", status)):
            if value:
                column = FIELDS.index(field)
                indices = [i for i in indices if self.fields[i][column] == value]
        for word in query.casefold().split():
            field, _, text = word.partition(":")
            if text and field in FIELDS:
                column = FIELDS.index(field)
                indices = [i for i in indices if text in self.fields[i][column]]
            else:
                indices = [i for i in indices if word in self.haystacks[i]]
        indices = list(indices)
        whole = " ".join(query.casefold().split())
        if whole and ":" not in whole:
            indices.sort(key=lambda i: self._rank(i, whole))
        return Found(len(indices), tuple(self.entries[i] for i in indices[:max(0, limit)]))

    def _rank(self, index: int, query: str) -> int:
        zh, en, variants = self.fields[index][:3]
        if query in (zh, en) or query in variants.split("|"):
            return 0
        return 1 if zh.startswith(query) or en.startswith(query) else 2


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
