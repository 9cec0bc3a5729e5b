"""Translation memory: one SQLite file of (zh, en) units, exact and fuzzy lookup.

The only `rapidfuzz` import. A unit is keyed by its normalised source and its origin, so a reviewer's
English and the engine's draft of the same sentence live side by side and reviewed always wins.
"""
from __future__ import annotations

import dataclasses
import os
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process

from ..errors import MemoryError_
from ..files import new_file_mode
from ..model import MemoryMatch, Release
from ..paths import press_home

UNIT_ORIGINS = ("reviewed", "imported", "engine")  # best first: reviewed outranks imported outranks engine
DEFAULT_THRESHOLD = 75.0
FILENAME = "memory.sqlite"

# Forward migrations: MIGRATIONS[n] takes a database from user_version n to n + 1. Append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        zh TEXT NOT NULL,
        zh_key TEXT NOT NULL,
        zh_len INTEGER NOT NULL,
        en TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('reviewed', 'imported', 'engine')),
        translator TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        release TEXT NOT NULL DEFAULT '',
        source_url TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        UNIQUE (zh_key, origin)
    );
    CREATE INDEX units_by_length ON units (zh_len);
    """,
    # the reviewer's acknowledgement of a QA finding ("ok: numbers_match — the source is wrong"), or
    # "accepted with --accept-errors: …", kept with the reviewed unit
    "ALTER TABLE units ADD COLUMN note TEXT;",
)
SCHEMA_VERSION = len(MIGRATIONS)
_COLUMNS = ("zh", "en", "origin", "translator", "reviewer", "release", "source_url", "created", "updated", "note")


def normalise_key(zh: str) -> str:
    """Return the lookup key of a source sentence: NFKC (full-width to half-width) with all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", zh).split())


def timestamp(moment: datetime | None = None) -> str:
    """Return a UTC timestamp in the TMX form YYYYMMDDThhmmssZ (also how the memory stores times)."""
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def release_label(release: Release) -> str:
    """Return the `release` field stored with units: file name and a short release hash."""
    return f"{Path(release.path).name}#{release.hash[:12]}"


@dataclass(frozen=True)
class Unit:
    """One translation-memory unit as stored and as exchanged through TMX."""

    zh: str
    en: str
    origin: str = "imported"
    translator: str = ""
    reviewer: str = ""
    release: str = ""
    source_url: str = ""
    created: str = ""  # YYYYMMDDThhmmssZ; filled in by Memory.store when empty
    updated: str = ""
    note: str | None = None  # why a reviewer let a QA finding stand (None: nothing to say)

    @property
    def zh_key(self) -> str:
        return normalise_key(self.zh)


def default_path() -> Path:
    """Return $PRESS_HOME/memory.sqlite, the memory used when --memory is not given."""
    return Path(press_home()) / FILENAME


class Memory:
    """An open translation memory (one SQLite file in WAL mode); use as a context manager."""

    def __init__(self, path: str | Path | None = None, threshold: float = DEFAULT_THRESHOLD):
        self.path = Path(path) if path is not None else default_path()
        self.threshold = threshold
        self._db = _connect(self.path)
        self._keys: list[tuple[int, str, int]] | None = None  # fuzzy-lookup candidates, dropped on write

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def store(self, unit: Unit) -> str:
        """Store a unit; return "added", "updated" or "unchanged" (same English, or older than the stored one)."""
        with self._db:
            return self._store(unit)

    def store_many(self, units: Iterable[Unit]) -> dict[str, int]:
        """Store units in one transaction; return how many were added, updated and unchanged."""
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        with self._db:
            for unit in units:
                counts[self._store(unit)] += 1
        return counts

    def _store(self, unit: Unit) -> str:
        _check_unit(unit, self.path)
        self._keys = None
        now = timestamp()
        unit = dataclasses.replace(unit, created=unit.created or now, updated=unit.updated or unit.created or now)
        row = self._db.execute("SELECT id, en, updated, note FROM units WHERE zh_key = ? AND origin = ?",
                               (unit.zh_key, unit.origin)).fetchone()
        if row is None:
            self._db.execute(
                f"INSERT INTO units (zh_key, zh_len, {', '.join(_COLUMNS)}) VALUES (?, ?{', ?' * len(_COLUMNS)})",
                (unit.zh_key, len(unit.zh_key), *(getattr(unit, c) for c in _COLUMNS)))
            return "added"
        if (row[1] == unit.en and (row[3] or None) == (unit.note or None)) or unit.updated < row[2]:
            return "unchanged"
        self._db.execute(
            "UPDATE units SET zh = ?, en = ?, translator = ?, reviewer = ?, release = ?, source_url = ?,"
            " updated = ?, note = ? WHERE id = ?",
            (unit.zh, unit.en, unit.translator, unit.reviewer, unit.release, unit.source_url, unit.updated,
             unit.note or None, row[0]))
        return "updated"

    def exact(self, zh: str, origins: Iterable[str] = UNIT_ORIGINS) -> Unit | None:
        """Return the best unit whose normalised source equals zh's (reviewed first), or None."""
        wanted = [o for o in UNIT_ORIGINS if o in tuple(origins)]
        rows = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM units WHERE zh_key = ? AND origin IN ({', '.join('?' * len(wanted))})",
            (normalise_key(zh), *wanted)).fetchall()
        units = sorted((Unit(*row) for row in rows), key=lambda u: UNIT_ORIGINS.index(u.origin))
        return units[0] if units else None

    def fuzzy(self, zh: str, threshold: float | None = None, limit: int = 3) -> list[MemoryMatch]:
        """Return up to `limit` units scoring ≥ threshold (fuzz.ratio on normalised sources), best first."""
        threshold = self.threshold if threshold is None else threshold
        key = normalise_key(zh)
        if not key:
            return []
        low, high = _length_window(len(key), threshold)
        candidates = {unit_id: zh_key for unit_id, zh_key, length in self._source_keys() if low <= length <= high}
        found = process.extract(key, candidates, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
        if not found:
            return []
        details = {row[0]: row[1:] for row in self._db.execute(
            f"SELECT id, zh, en, origin FROM units WHERE id IN ({', '.join('?' * len(found))})",
            [unit_id for _, _, unit_id in found])}
        ranked = sorted(found, key=lambda hit: (-round(hit[1], 1), UNIT_ORIGINS.index(details[hit[2]][2])))
        matches, seen = [], set()
        for _, score, unit_id in ranked:
            unit_zh, en, origin = details[unit_id]
            if (unit_zh, en) not in seen:
                seen.add((unit_zh, en))
                matches.append(MemoryMatch(zh=unit_zh, en=en, score=round(score, 1), origin=origin))
        return matches[:limit]

    def _source_keys(self) -> list[tuple[int, str, int]]:
        """Return (id, zh_key, zh_len) of every unit, read once and kept until the next write."""
        if self._keys is None:
            self._keys = self._db.execute("SELECT id, zh_key, zh_len FROM units").fetchall()
        return self._keys

    def units(self) -> Iterator[Unit]:
        """Yield every unit in insertion order."""
        for row in self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM units ORDER BY id"):
            yield Unit(*row)

    def stats(self) -> dict:
        """Return the memory's path, schema version, journal mode, unit counts by origin and distinct sources."""
        by_origin = dict(self._db.execute("SELECT origin, COUNT(*) FROM units GROUP BY origin").fetchall())
        return {
            "path": str(self.path),
            "schema_version": self._db.execute("PRAGMA user_version").fetchone()[0],
            "journal_mode": self._db.execute("PRAGMA journal_mode").fetchone()[0],
            "units": sum(by_origin.values()),
            "by_origin": {origin: by_origin.get(origin, 0) for origin in UNIT_ORIGINS},
            "sources": self._db.execute("SELECT COUNT(DISTINCT zh_key) FROM units").fetchone()[0],
        }


def _connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite file, switch on WAL and bring the schema up to date."""
    if path.exists() and path.is_dir():
        raise MemoryError_("the translation memory path is a directory", path, hint="pass --memory FILE.sqlite")
    try:  # a folder that cannot be created (a file in the way, no permission) or written
        path.parent.mkdir(parents=True, exist_ok=True)
        created = not path.exists()
        db = sqlite3.connect(path)
        if created:  # SQLite creates 0644 whatever the umask; its -wal and -shm files follow the database
            db.execute("PRAGMA user_version")
            os.chmod(path, new_file_mode())
    except (OSError, sqlite3.Error) as exc:
        reason = ("a file has the name of its folder" if isinstance(exc, (FileExistsError, NotADirectoryError))
                  else getattr(exc, "strerror", None) or str(exc))
        raise MemoryError_(f"cannot open or create the translation memory ({reason})", path,
                           hint="pass --memory with a file in a folder you can write to") from None
    try:
        db.execute("PRAGMA journal_mode=WAL")
        _migrate(db, path)
    except sqlite3.OperationalError as exc:
        db.close()
        raise MemoryError_(f"cannot open or create the translation memory ({exc})", path,
                           hint="pass --memory with a file in a folder you can write to") from None
    except sqlite3.DatabaseError as exc:
        db.close()
        raise MemoryError_(f"not a translation memory ({exc})", path,
                           hint="pass --memory with a file press created, or a new path") from None
    except MemoryError_:
        db.close()
        raise
    return db


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations this file has not seen yet; refuse files from a newer press-pipeline."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise MemoryError_(f"memory schema version {version} is newer than this press-pipeline ({SCHEMA_VERSION})",
                           path, hint="upgrade press-pipeline to open this memory")
    for number in range(version, SCHEMA_VERSION):
        with db:
            db.executescript(f"BEGIN; {MIGRATIONS[number]} PRAGMA user_version = {number + 1}; COMMIT;")


def _length_window(length: int, threshold: float) -> tuple[int, int]:
    """Return the source lengths that can still reach `threshold` with fuzz.ratio (a cheap SQL prefilter)."""
    ratio = max(min(threshold / 100.0, 1.0), 0.01)
    return int(length * ratio / (2 - ratio)), int(length * (2 - ratio) / ratio) + 1


def _check_unit(unit: Unit, path: Path) -> None:
    if unit.origin not in UNIT_ORIGINS:
        raise MemoryError_(f"unknown unit origin {unit.origin!r}", path, hint=f"use one of {', '.join(UNIT_ORIGINS)}")
    if not unit.zh_key or not unit.en.strip():
        raise MemoryError_("a memory unit needs both Chinese and English text", path)
