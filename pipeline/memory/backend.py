"""The SQL both memory databases share, written once with `?` placeholders; each backend adds its dialect.

A backend owns a connection and answers row-level questions (find, insert, candidates …). Which unit
wins, how matches are scored and what counts as a conflict is decided in store.py, the same for both.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from ..errors import MemoryError_
from .unit import COLUMNS, Unit, unit_from_row

T = TypeVar("T")
SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM units"
RETRIES = 5  # a write that keeps failing on a lock or a deadlock is reported, not retried forever
# more candidates than this from the index are ranked by the index's own similarity first
CANDIDATES = 400
INSERT = (f"INSERT INTO units (zh_key, zh_len, {', '.join(COLUMNS)}) VALUES (?, ?{', ?' * len(COLUMNS)})"
          " ON CONFLICT DO NOTHING RETURNING id")


def insert_values(unit: Unit) -> tuple:
    """Return the parameters of INSERT for a unit."""
    return (unit.zh_key, len(unit.zh_key), *(_value(unit, c) for c in COLUMNS))


def _value(unit: Unit, column: str) -> object:
    """Return a unit's field as stored: an empty note is no note (NULL)."""
    value = getattr(unit, column)
    return (value or None) if column == "note" else value


def trigrams(text: str) -> list[str]:
    """Return the distinct character trigrams of `text`, in order of first appearance."""
    return list(dict.fromkeys(text[i:i + 3] for i in range(len(text) - 2)))


class Backend:
    """One open memory database; subclasses set KEY/LOCK and implement connect, migrate and the indexes."""

    dialect = ""
    KEY_COLUMN, KEY_PARAM = "zh_key", "?"  # how a unit is found by its normalised source (PostgreSQL hashes it)
    LOCK = ""  # row lock taken when a unit is read to be updated

    @property
    def KEY(self) -> str:  # noqa: N802 — a piece of SQL, like LOCK
        return f"{self.KEY_COLUMN} = {self.KEY_PARAM}"

    location: str  # what users see: a file path, or a connection URL without its password

    # --- implemented per database --------------------------------------------------------------------
    def execute(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        raise NotImplementedError

    def stream(self, sql: str, params: tuple | list = ()) -> Iterator[tuple]:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def transient(self, error: Exception) -> bool:
        """Return True for a failure that retrying the whole transaction can cure (lock, deadlock)."""
        raise NotImplementedError

    def candidates(self, key: str, low: int, high: int) -> list[tuple[int, str]]:
        """Return (id, zh_key) of units the trigram index finds similar to `key`, within the lengths."""
        raise NotImplementedError

    def search_candidates(self, text: str, limit: int) -> list[Unit]:
        """Return units whose source or English the trigram index finds close to `text`."""
        raise NotImplementedError

    def info(self) -> dict:
        """Return what stats() shows about the database itself (backend, schema version …)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def analyse(self) -> None:
        """Refresh the query planner's statistics (after a large import)."""

    # --- shared ----------------------------------------------------------------------------------------
    def write(self, work: Callable[[], T]) -> T:
        """Return work() run in one write transaction, retried when a lock or deadlock interrupts it."""
        for attempt in range(RETRIES):
            try:
                with self.transaction():
                    return work()
            except MemoryError_:
                raise
            except Exception as error:  # noqa: BLE001 — only transient database errors are retried
                if not self.transient(error):
                    raise
                if attempt == RETRIES - 1:
                    raise MemoryError_(f"the memory stayed busy ({error})".strip(), self.location,
                                       hint="another press command is writing; try again when it is done") \
                        from None
                time.sleep(0.05 * 2 ** attempt)
        raise AssertionError("unreachable")

    def find(self, key: str, origin: str) -> tuple | None:
        """Return (id, en, updated, note) of the unit with this key and origin, locked for update, or None."""
        rows = self.execute(f"SELECT id, en, updated, note FROM units WHERE {self.KEY} AND origin = ?{self.LOCK}",
                            (key, origin))
        return rows[0] if rows else None

    def insert(self, unit: Unit) -> int | None:
        """Insert a unit; return its id, or None when a unit with its key and origin appeared meanwhile."""
        rows = self.execute(INSERT, insert_values(unit))
        return rows[0][0] if rows else None

    def find_many(self, keys: list[str]) -> dict[tuple[str, str], tuple]:
        """Return {(key, origin): (id, en, updated)} of the stored units with these keys, locked for update."""
        if not keys:
            return {}
        rows = self.execute(f"SELECT zh_key, origin, id, en, updated FROM units WHERE {self.KEY_COLUMN} IN "
                            f"({', '.join([self.KEY_PARAM] * len(keys))}){self.LOCK}", keys)
        return {(row[0], row[1]): row[2:] for row in rows}

    def insert_many(self, units: list[Unit]) -> list[Unit]:
        """Insert units; return those a concurrent writer's unit with the same key and origin kept out."""
        return [unit for unit in units if self.insert(unit) is None]

    def update(self, unit_id: int, unit: Unit) -> None:
        """Replace every column of a unit but its creation date."""
        names = [c for c in COLUMNS if c != "created"]
        self.execute(f"UPDATE units SET zh_key = ?, zh_len = ?, {', '.join(f'{c} = ?' for c in names)} WHERE id = ?",
                     (unit.zh_key, len(unit.zh_key), *(_value(unit, c) for c in names), unit_id))

    def by_key(self, key: str, origins: tuple[str, ...]) -> list[Unit]:
        return [unit_from_row(row) for row in self.execute(
            f"{SELECT} WHERE {self.KEY} AND origin IN ({', '.join('?' * len(origins))})", (key, *origins))]

    def by_ids(self, ids: list[int]) -> list[Unit]:
        if not ids:
            return []
        return [unit_from_row(row) for row in self.execute(
            f"{SELECT} WHERE id IN ({', '.join('?' * len(ids))})", ids)]

    def window(self, low: int, high: int) -> list[tuple[int, str]]:
        """Return (id, zh_key) of every unit whose key length lies in [low, high] (the exhaustive scan)."""
        return self.execute("SELECT id, zh_key FROM units WHERE zh_len BETWEEN ? AND ?", (low, high))

    def units(self) -> Iterator[Unit]:
        for row in self.stream(f"{SELECT} ORDER BY id"):
            yield unit_from_row(row)

    def delete(self, ids: list[int]) -> None:
        self.execute(f"DELETE FROM units WHERE id IN ({', '.join('?' * len(ids))})", ids)

    def delete_origin(self, origin: str) -> int:
        """Delete every unit of one origin; return how many were deleted."""
        count = self.execute("SELECT COUNT(*) FROM units WHERE origin = ?", (origin,))[0][0]
        self.execute("DELETE FROM units WHERE origin = ?", (origin,))
        return count

    def counts(self) -> tuple[dict[str, int], int]:
        """Return the unit count per origin and the number of distinct sources."""
        by_origin = dict(self.execute("SELECT origin, COUNT(*) FROM units GROUP BY origin"))
        return by_origin, self.execute("SELECT COUNT(DISTINCT zh_key) FROM units")[0][0]
