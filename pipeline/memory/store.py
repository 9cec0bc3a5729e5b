"""Translation memory: (zh, en) units in SQLite or PostgreSQL, exact and fuzzy lookup, trust order, upkeep.

The only `rapidfuzz` import. A unit is keyed by its normalised source and its origin, so a reviewer's
English and the engine's draft of the same sentence live side by side and reviewed always wins. Both
databases answer the same questions (backend.py); the rules and the scores live here, once.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rapidfuzz import fuzz, process

from .. import clean
from ..errors import MemoryError_
from ..model import UNIT_ORIGINS, MemoryMatch
from ..paths import press_home
from .backend import Backend
from .schema import SCHEMA_VERSION
from .unit import Unit, in_future, normalise_key, release_label, timestamp

DEFAULT_THRESHOLD = 75.0
SEARCH_THRESHOLD = 60.0
DELETABLE_ORIGINS = tuple(origin for origin in UNIT_ORIGINS if origin != "reviewed")  # `delete --origin`
FILENAME = "memory.sqlite"
CONFLICT_EXAMPLES = 5  # conflicts listed in an import report; the rest are counted
MERGE_BATCH = 500  # incoming units read and written per round trip
ANALYSE_AFTER = 5000  # units added by one import before the planner's statistics are refreshed

__all__ = ["DEFAULT_THRESHOLD", "SCHEMA_VERSION", "UNIT_ORIGINS", "Conflict", "Memory", "Merge", "SearchHit",
           "Unit", "default_path", "describe_location", "normalise_key", "open_backend", "release_label",
           "timestamp"]


def default_path() -> Path:
    """Return $PRESS_HOME/memory.sqlite, the memory used when --memory is not given."""
    return Path(press_home()) / FILENAME


def describe_location(location: str | Path | None) -> str:
    """Return how a --memory value is shown without opening it: the file's path, or the URL without its password."""
    from .postgres import is_url, redact

    if is_url(location):
        return redact(str(location))
    return str(Path(location) if location is not None else default_path())


def open_backend(location: str | Path | None) -> Backend:
    """Return the open database a --memory value names: a postgresql:// URL, else a SQLite file."""
    from .postgres import is_url

    if is_url(location):
        from .postgres import PostgresBackend  # psycopg loads only for a PostgreSQL memory

        return PostgresBackend(str(location))
    from .sqlite import SQLiteBackend

    return SQLiteBackend(Path(location) if location is not None else default_path())


@dataclass(frozen=True)
class Conflict:
    """An incoming unit not applied: the memory's English is kept (reason says why)."""

    line: int | None
    zh: str
    stored: str
    incoming: str
    reason: str

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.zh} — kept {self.stored!r}, not {self.incoming!r} ({self.reason})"


@dataclass(frozen=True)
class Merge:
    """What a batch of incoming units did: counts per outcome and the conflicts (the first few kept)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    examples: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    """A unit found by `press memory search`, with its score (0-100), the side that matched and where in
    that side's text the best-matching stretch lies (start, end; None when it cannot be placed)."""

    unit: Unit
    score: float
    side: str
    span: tuple[int, int] | None = None


class Memory:
    """An open translation memory (SQLite file or PostgreSQL database); use as a context manager."""

    def __init__(self, location: str | Path | None = None, threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self._db = open_backend(location)
        self.location = self._db.location  # a path, or the URL without its password
        self.backend = self._db.dialect

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # --- writing -------------------------------------------------------------------------------------------
    def store(self, unit: Unit) -> str:
        """Store a unit; return "added", "updated" or "unchanged" (same English, or older than the stored one)."""
        return self._db.write(lambda: self._store(unit))

    def store_many(self, units: Iterable[Unit]) -> dict[str, int]:
        """Store units in one transaction; return how many were added, updated and unchanged."""
        units = list(units)  # kept, so a transaction interrupted by a lock can be run again

        def work() -> dict[str, int]:
            counts = {"added": 0, "updated": 0, "unchanged": 0}
            for unit in units:
                counts[self._store(unit)] += 1
            return counts
        return self._db.write(work)

    def _store(self, unit: Unit) -> str:
        """Store one unit the way this office's own work is stored: the newer English wins."""
        _check_unit(unit, self.location)
        now = timestamp()
        unit = dataclasses.replace(unit, created=unit.created or now, updated=unit.updated or unit.created or now)
        row = self._db.find(unit.zh_key, unit.origin)
        if row is None:
            if self._db.insert(unit) is not None:
                return "added"
            row = self._db.find(unit.zh_key, unit.origin)  # another writer added it meanwhile
            assert row is not None, "the insert met the unit's key: it is there, locked for this write"
        unit_id, en, updated, note = row
        # a changed note (a new acknowledgement) counts as an update even when the English is the same;
        # a stored date in the future (an old import) is not trusted to keep newer work out
        same = en == unit.en and (note or None) == (unit.note or None)
        if same or (unit.updated < updated and not in_future(updated, now)):
            return "unchanged"
        self._db.update(unit_id, unit)
        return "updated"

    def merge(self, incoming: Callable[[], Iterator[tuple[int | None, Unit]]], overwrite: bool = False) -> Merge:
        """Store (line, unit) pairs from another tool in one transaction, in trust order; return the counts.

        A unit reviewed here is never replaced unless `overwrite`, nor by a unit dated in the future;
        those are conflicts, counted and not applied. `incoming` is called again if a lock interrupts.
        """
        merge = self._db.write(lambda: self._merge(incoming(), overwrite))
        if merge.added >= ANALYSE_AFTER:  # a plan made for an empty table would scan a full one
            self._db.analyse()
        return merge

    def _merge(self, incoming: Iterator[tuple[int | None, Unit]], overwrite: bool) -> Merge:
        counts = {"added": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
        examples: list[Conflict] = []
        now = timestamp()
        for batch in _batches(incoming, MERGE_BATCH):
            for line, unit, outcome, reason, stored in self._merge_batch(batch, now, overwrite):
                counts[outcome] += 1
                if outcome == "conflicts" and len(examples) < CONFLICT_EXAMPLES:
                    examples.append(Conflict(line, unit.zh, stored, unit.en, reason))
        return Merge(**counts, examples=tuple(examples))

    def _merge_batch(self, batch: list[tuple[int | None, Unit]], now: str, overwrite: bool) -> list[tuple]:
        """Return (line, unit, outcome, reason, stored English) per unit, applying the winners as a batch.

        One query reads the stored units of the whole batch and one statement inserts the new ones; a
        source twice in the batch is compared with its first occurrence, as if stored one by one.
        """
        for _, unit in batch:
            _check_unit(unit, self.location)
        stored = self._db.find_many(list({unit.zh_key for _, unit in batch}))
        pending: dict[tuple[str, str], Unit] = {}
        results = []
        for line, incoming in batch:
            unit = _trusted_dates(incoming, now)
            slot = (unit.zh_key, unit.origin)
            row = stored.get(slot)
            outcome, reason = ("added", "") if row is None else _outcome(incoming, unit, row, now, overwrite)
            if outcome in ("added", "updated"):
                if overwrite:
                    unit = dataclasses.replace(unit, updated=max(unit.updated, now))
                if row is None or row[0] is None:
                    pending[slot] = unit
                else:
                    self._db.update(row[0], unit)
                stored[slot] = (row[0] if row else None, unit.en, unit.updated)
            results.append((line, incoming, outcome, reason, row[1] if row else ""))
        for unit in self._db.insert_many(list(pending.values())):  # a concurrent writer came first
            row = self._db.find(unit.zh_key, unit.origin)
            assert row is not None, "insert_many returns the units whose key it met"
            if _outcome(unit, unit, row, now, overwrite)[0] in ("added", "updated"):
                self._db.update(row[0], unit)
        return results

    # --- lookup --------------------------------------------------------------------------------------------
    def exact(self, zh: str, origins: Iterable[str] = UNIT_ORIGINS) -> Unit | None:
        """Return the best unit whose normalised source equals zh's (reviewed first), or None."""
        wanted = tuple(o for o in UNIT_ORIGINS if o in tuple(origins))
        units = sorted(self._db.by_key(normalise_key(zh), wanted), key=lambda u: UNIT_ORIGINS.index(u.origin))
        return units[0] if units else None

    def fuzzy(self, zh: str, threshold: float | None = None, limit: int | None = 3, exhaustive: bool = False,
              origins: Iterable[str] = UNIT_ORIGINS) -> list[MemoryMatch]:
        """Return up to `limit` units of the given origins scoring ≥ threshold (fuzz.ratio on normalised
        sources), best first (None: all of them).

        Candidates come from the trigram index (every unit of a fitting length when `exhaustive`, or
        when the source is shorter than a trigram); rapidfuzz scores them the same on both databases.
        """
        wanted = set(origins)
        threshold = self.threshold if threshold is None else threshold
        key = normalise_key(zh)
        if not key:
            return []
        low, high = _length_window(len(key), threshold)
        rows = self._db.window(low, high) if exhaustive or len(key) < 3 else self._db.candidates(key, low, high)
        found = process.extract(key, dict(rows), scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
        details = {unit.id: unit for unit in self._db.by_ids([unit_id for _, _, unit_id in found])
                   if unit.origin in wanted}
        ranked = sorted(((round(score, 1), details[unit_id]) for _, score, unit_id in found if unit_id in details),
                        key=lambda hit: (-hit[0], UNIT_ORIGINS.index(hit[1].origin), hit[1].zh, hit[1].en))
        matches, seen = [], set()
        for score, unit in ranked:
            if (unit.zh, unit.en) not in seen:
                seen.add((unit.zh, unit.en))
                matches.append(MemoryMatch(zh=unit.zh, en=unit.en, score=score, origin=unit.origin,
                                           release=unit.release))
        return matches[:limit]

    def search(self, text: str, limit: int = 20, threshold: float = SEARCH_THRESHOLD) -> list[SearchHit]:
        """Return units whose source or English contains `text` or comes close (partial ratio), best first."""
        zh, en = normalise_key(text), " ".join(text.split()).casefold()
        if not zh:
            return []
        hits = []
        for unit in self._db.search_candidates(" ".join(text.split()), max(limit * 10, 200)):
            aligned = {"zh": fuzz.partial_ratio_alignment(zh, unit.zh_key),
                       "en": fuzz.partial_ratio_alignment(en, unit.en.casefold())}
            scores = {name: found.score if found else 0.0 for name, found in aligned.items()}
            side = max(scores, key=scores.__getitem__)
            found = aligned[side]
            if found is not None and found.score >= threshold:
                hits.append(SearchHit(unit, round(found.score, 1), side, _span(unit, side, found)))
        hits.sort(key=lambda hit: (-hit.score, UNIT_ORIGINS.index(hit.unit.origin), hit.unit.id))
        return hits[:limit]

    # --- upkeep --------------------------------------------------------------------------------------------
    def get(self, unit_id: int) -> Unit:
        """Return the unit with this id; a MemoryError_ names an unknown one."""
        return self._known([unit_id])[0]

    def edit(self, unit_id: int, en: str, reviewer: str) -> Unit:
        """Replace a unit's English as reviewed by `reviewer` now; return the unit as stored."""
        if not en.strip():
            raise MemoryError_("the new English is empty", self.location, hint="pass --en with the English text")
        if not reviewer.strip():
            raise MemoryError_("an edit needs the name of who made it", self.location,
                               hint="pass --reviewer NAME or set reviewer in the [credits] section of press.toml")

        def work() -> Unit:
            unit = self._known([unit_id])[0]
            sibling = self._db.find(unit.zh_key, "reviewed")
            if unit.origin != "reviewed" and sibling is not None:
                raise MemoryError_(f"unit {unit_id} is an {unit.origin} unit and unit {sibling[0]} is the reviewed "
                                   "unit of the same source", self.location, hint=f"edit unit {sibling[0]} instead")
            edited = dataclasses.replace(unit, en=en, origin="reviewed", reviewer=reviewer, updated=timestamp())
            self._db.update(unit_id, edited)
            return edited
        return self._db.write(work)

    def delete(self, unit_ids: list[int]) -> list[Unit]:
        """Delete units by id, all or none (an unknown id deletes nothing); return the deleted units."""
        def work() -> list[Unit]:
            units = self._known(unit_ids)
            self._db.delete(list(dict.fromkeys(unit_ids)))  # every id is known: _known refuses the others
            return units
        return self._db.write(work)

    def delete_origin(self, origin: str) -> int:
        """Delete every unit of one origin; return how many. Reviewed units are the office's work: they are
        deleted by id only."""
        if origin not in DELETABLE_ORIGINS:
            raise MemoryError_(f"cannot delete every {origin} unit at once", self.location,
                               hint=f"delete units of {', '.join(DELETABLE_ORIGINS)} by origin; reviewed ones by id")
        return self._db.write(lambda: self._db.delete_origin(origin))

    def _known(self, unit_ids: list[int]) -> list[Unit]:
        # an id past what SQLite and PostgreSQL store (a 64-bit integer) names no unit: never sent to the database
        storable = [unit_id for unit_id in dict.fromkeys(unit_ids) if 0 < unit_id <= MAX_ID]
        units = {unit.id: unit for unit in self._db.by_ids(storable)}
        missing = [str(unit_id) for unit_id in unit_ids if unit_id not in units]
        if missing:
            raise MemoryError_(f"no unit with id {', '.join(missing)}", self.location,
                               hint="find ids with: press memory search TEXT")
        return [units[unit_id] for unit_id in dict.fromkeys(unit_ids)]

    def units(self) -> Iterator[Unit]:
        """Yield every unit in insertion order (streamed: a million units never sit in memory at once)."""
        return self._db.units()

    def stats(self) -> dict:
        """Return the memory's location, backend, schema version, unit counts by origin and distinct sources."""
        by_origin, sources = self._db.counts()
        return {**self._db.info(), "units": sum(by_origin.values()),
                "by_origin": {origin: by_origin.get(origin, 0) for origin in UNIT_ORIGINS}, "sources": sources}


def _span(unit: Unit, side: str, found) -> tuple[int, int] | None:
    """Return where the aligned stretch lies in the unit's own zh or en (the search compared a folded copy)."""
    if side == "en":
        same = len(unit.en.casefold()) == len(unit.en)  # ß -> ss would shift every later offset
        return (found.dest_start, found.dest_end) if same else None
    origin = [index for index, char in enumerate(unit.zh) for _ in normalise_key(char)]
    if len(origin) != len(unit.zh_key) or found.dest_end <= found.dest_start:
        return None
    return origin[found.dest_start], origin[found.dest_end - 1] + 1


def _trusted_dates(unit: Unit, now: str) -> Unit:
    """Return the unit with missing dates, and dates in the future, set to `now` (they never win later)."""
    created = unit.created if unit.created and not in_future(unit.created, now) else now
    updated = unit.updated if unit.updated and not in_future(unit.updated, now) else created
    if (created, updated) == (unit.created, unit.updated):
        return unit
    return dataclasses.replace(unit, created=created, updated=updated)


def _outcome(incoming: Unit, unit: Unit, row: tuple, now: str, overwrite: bool) -> tuple[str, str]:
    """Return (outcome, conflict reason) of an incoming unit (dates as given, and as trusted) against the
    stored (id, en, updated)."""
    if row[1] == unit.en:
        return "unchanged", ""
    if overwrite:
        return "updated", ""
    if unit.origin == "reviewed":
        return "conflicts", "reviewed here; --overwrite replaces it"
    if incoming.updated and in_future(incoming.updated, now):
        return "conflicts", f"dated in the future ({incoming.updated})"
    return ("unchanged", "") if unit.updated < row[2] else ("updated", "")


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


MAX_ID = 2 ** 63 - 1  # the largest id either database stores


def _length_window(length: int, threshold: float) -> tuple[int, int]:
    """Return the source lengths that can still reach `threshold` with fuzz.ratio (a cheap SQL prefilter)."""
    ratio = max(min(threshold / 100.0, 1.0), 0.01)
    return int(length * ratio / (2 - ratio)), int(length * (2 - ratio) / ratio) + 1


def _check_unit(unit: Unit, location: str) -> None:
    if unit.origin not in UNIT_ORIGINS:
        raise MemoryError_(f"unknown unit origin {unit.origin!r}", location,
                           hint=f"use one of {', '.join(UNIT_ORIGINS)}")
    if not unit.zh_key or not unit.en.strip():
        raise MemoryError_("a memory unit needs both Chinese and English text", location)
    clean.check(unit_text(unit), location, error=MemoryError_)


# how each text field of a unit is named when the cleaning rule refuses it
FIELD_NAMES = {"zh": "the Chinese", "en": "the English", "translator": "the translator", "reviewer": "the reviewer",
               "release": "the release", "source_url": "the source address", "note": "the note"}


def unit_text(unit: Unit) -> dict[str, str | None]:
    """Return {what a person calls the field: its text} of every text field of `unit`."""
    return {shown: getattr(unit, name) for name, shown in FIELD_NAMES.items()}
