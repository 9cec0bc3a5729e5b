"""The SQLite memory: one file in WAL mode, FTS5 trigram index, writes serialised with BEGIN IMMEDIATE."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import MemoryError_
from .backend import CANDIDATES, SELECT, Backend, trigrams
from .schema import MIGRATIONS, SCHEMA_VERSION, script
from .unit import Unit, unit_from_row

# how long a writer waits for another one before "database is locked" (then Backend.write retries)
BUSY_SECONDS = 30.0


class SQLiteBackend(Backend):
    """A memory in one SQLite file."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.location = str(self.path)
        self._db = _connect(self.path)

    def execute(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def stream(self, sql: str, params: tuple | list = ()) -> Iterator[tuple]:
        yield from self._db.execute(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock on a later upgrade
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def transient(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "busy" in str(error))

    def candidates(self, key: str, low: int, high: int) -> list[tuple[int, str]]:
        grams = trigrams(key)
        query = "zh_key : (" + " OR ".join(_quote(gram) for gram in grams) + ")"
        return self.execute(
            "SELECT u.id, u.zh_key FROM (SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY rank"
            " LIMIT ?) AS f JOIN units AS u ON u.id = f.rowid WHERE u.zh_len BETWEEN ? AND ?",
            (query, CANDIDATES, low, high))

    def search_candidates(self, text: str, limit: int) -> list[Unit]:
        zh, en = text, text.casefold()
        grams = list(dict.fromkeys(trigrams(zh) + trigrams(en)))
        if not grams:  # shorter than a trigram: a plain scan
            rows = self.execute(f"{SELECT} WHERE instr(zh_key, ?) > 0 OR instr(lower(en), ?) > 0 LIMIT ?",
                                (zh, en, limit))
        else:
            query = " OR ".join(_quote(gram) for gram in grams)
            rows = self.execute(
                f"{SELECT} WHERE id IN (SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY rank LIMIT ?)",
                (query, limit))
        return [unit_from_row(row) for row in rows]

    def info(self) -> dict:
        return {"backend": "sqlite", "path": self.location,
                "schema_version": self.execute("PRAGMA user_version")[0][0],
                "journal_mode": self.execute("PRAGMA journal_mode")[0][0]}

    def close(self) -> None:
        self._db.close()


def _quote(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'


def _connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite file, switch on WAL and bring the schema up to date."""
    if path.exists() and path.is_dir():
        raise MemoryError_("the translation memory path is a directory", path, hint="pass --memory FILE.sqlite")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent after a crash; fsync at checkpoints
        _migrate(db, path)
    except sqlite3.OperationalError as exc:
        db.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise MemoryError_(f"the memory stayed busy ({exc})", path,
                               hint="another press command is writing; try again when it is done") from None
        raise MemoryError_(f"not a translation memory ({exc})", path,
                           hint="pass --memory with a file press created, or a new path") from None
    except sqlite3.DatabaseError as exc:
        db.close()
        raise MemoryError_(f"not a translation memory ({exc})", path,
                           hint="pass --memory with a file press created, or a new path") from None
    except MemoryError_:
        db.close()
        raise
    return db


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations this file has not seen yet (one transaction); refuse a newer press-pipeline's file."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")  # two processes opening a new file: the second waits, then sees the schema
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise MemoryError_(f"memory schema version {version} is newer than this press-pipeline "
                               f"({SCHEMA_VERSION})", path, hint="upgrade press-pipeline to open this memory")
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(script(MIGRATIONS[number], "sqlite")):
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _statements(sql: str) -> Iterator[str]:
    """Yield the complete statements of a script (triggers' inner semicolons kept) to run one by one."""
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                yield buffer
            buffer = ""
