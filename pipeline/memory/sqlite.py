"""The SQLite memory: one file in WAL mode, FTS5 trigram index, writes serialised with BEGIN IMMEDIATE."""
from __future__ import annotations

import itertools
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import MemoryError_
from ..files import new_file_mode
from .backend import CANDIDATES, INSERT, SELECT, Backend, insert_values, trigrams
from .schema import MIGRATIONS, SCHEMA_VERSION, script
from .unit import Unit, normalise_key, unit_from_row

_INSERT = INSERT.split(" ON CONFLICT")[0]  # a conflict is a bug here: find() saw no such unit
PIECE_UNITS = 2000
# how long a writer waits for another one before "database is locked" (then Backend.write retries)
BUSY_SECONDS = 30.0
READ_ONLY_HINT = ("make the file and its folder writable (chmod u+w; chattr -i for an immutable one), or copy the "
                  "memory somewhere writable; nothing was changed")


class SQLiteBackend(Backend):
    """A memory in one SQLite file."""

    dialect = "sqlite"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.location = str(self.path)
        self.read_only = _read_only(self.path)
        self._db = _open_read_only(self.path) if self.read_only else _connect(self.path)

    def execute(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def stream(self, sql: str, params: tuple | list = ()) -> Iterator[tuple]:
        yield from self._db.execute(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.read_only:
            raise MemoryError_("the translation memory is read-only (the file or its folder cannot be written)",
                               self.path, hint=READ_ONLY_HINT)
        self._db.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock on a later upgrade
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def insert(self, unit: Unit) -> int | None:
        self.insert_many([unit])
        return self.execute("SELECT max(id) FROM units")[0][0]

    def insert_many(self, units: list[Unit]) -> list[Unit]:
        """Insert units and index them in one statement each (BEGIN IMMEDIATE: no other writer meanwhile)."""
        if units:
            last = self.execute("SELECT coalesce(max(id), 0) FROM units")[0][0]
            self._db.executemany(_INSERT, [insert_values(unit) for unit in units])
            self._db.execute("INSERT INTO units_fts (rowid, zh_key, en) SELECT id, zh_key, en FROM units WHERE id > ?",
                             (last,))
        return []

    def transient(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.OperationalError) and _busy(error)

    def candidates(self, key: str, low: int, high: int) -> list[tuple[int, str]]:
        """Units holding any 4-character piece of `key` (an FTS5 phrase each), most pieces first.

        FTS5 has no trigram similarity, and OR-ing every trigram walks the posting lists of the
        commonest ones (30 ms at 100,000 units); a phrase query only visits units holding the phrase.
        """
        pieces = chunks(key)
        # a piece found in thousands of units says little: only its first PIECE_UNITS count
        union = " UNION ALL ".join(["SELECT * FROM (SELECT rowid AS id FROM units_fts WHERE units_fts MATCH ?"
                                    f" LIMIT {PIECE_UNITS})"] * len(pieces))
        return self.execute(
            f"SELECT u.id, u.zh_key FROM (SELECT id FROM ({union}) GROUP BY id ORDER BY count(*) DESC, id LIMIT ?)"
            " AS f JOIN units AS u ON u.id = f.id WHERE u.zh_len BETWEEN ? AND ?",
            [f"zh_key : {_quote(piece)}" for piece in pieces] + [CANDIDATES, low, high])

    def search_candidates(self, text: str, limit: int) -> list[Unit]:
        zh, en = normalise_key(text), text.casefold()
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

    def analyse(self) -> None:
        self.execute("PRAGMA optimize")

    def close(self) -> None:
        self._db.close()


def chunks(key: str, size: int = 4, step: int = 2, most: int = 64) -> list[str]:
    """Return overlapping pieces of `key` (`size` characters every `step`, the end included, at most `most`)."""
    if len(key) <= size:
        return [key]
    step = max(step, -(-(len(key) - size) // (most - 1)))
    starts = list(range(0, len(key) - size + 1, step))
    if starts[-1] != len(key) - size:
        starts.append(len(key) - size)
    return list(dict.fromkeys(key[start:start + size] for start in starts))


def _quote(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'


def _read_only(path: Path) -> bool:
    """Return whether an existing memory file cannot be written, or its folder cannot take the -wal and -shm
    files WAL mode needs (a read-only or immutable file or folder; root is refused by immutability only)."""
    if not path.is_file():
        return False
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    folder_ok = os.access(path.parent, os.W_OK) or all(os.access(file, os.W_OK) for file in companions)
    return not (os.access(path, os.W_OK) and folder_ok)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Open a memory that cannot be written for reading only, creating no -wal or -shm file beside it (SQLite's
    immutable mode); refused when its -wal file holds changes immutable mode would not see."""
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        raise MemoryError_("the translation memory is read-only and its -wal file holds changes not yet in it",
                           path, hint="make the file and its folder writable once (press then folds the changes in)")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, isolation_level=None,
                             check_same_thread=False)
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise MemoryError_(f"not a translation memory ({exc})", path,
                           hint="pass --memory with a file press created, or a new path") from None
    if version != SCHEMA_VERSION:
        db.close()
        raise MemoryError_(f"the translation memory is read-only and has schema version {version}, not "
                           f"{SCHEMA_VERSION}", path, hint=READ_ONLY_HINT)
    return db


def _connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite file, switch on WAL and bring the schema up to date."""
    if path.exists() and path.is_dir():
        raise MemoryError_("the translation memory path is a directory", path, hint="pass --memory FILE.sqlite")
    try:  # a folder that cannot be created (a file in the way, no permission) or written
        path.parent.mkdir(parents=True, exist_ok=True)
        created = not path.exists()
        db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        if created:  # SQLite creates 0644 whatever the umask; its -wal and -shm files follow the database
            db.execute("PRAGMA user_version")
            os.chmod(path, new_file_mode())
    except (OSError, sqlite3.Error) as exc:
        reason = ("a file has the name of its folder" if isinstance(exc, (FileExistsError, NotADirectoryError))
                  else getattr(exc, "strerror", None) or str(exc))
        raise MemoryError_(f"cannot open or create the translation memory ({reason})", path,
                           hint="pass --memory with a file in a folder you can write to") from None
    try:
        _switch_to_wal(db)
        db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent after a crash; fsync at checkpoints
        db.execute("PRAGMA cache_size=-65536")  # 64 MB: the trigram index of a large import stays in memory
        _migrate(db, path)
    except sqlite3.OperationalError as exc:
        db.close()
        if _busy(exc):
            raise MemoryError_(f"the memory stayed busy ({exc})", path,
                               hint="another press command is writing; try again when it is done") from None
        if "readonly" in str(exc) or "unable to open" in str(exc):
            raise MemoryError_(f"cannot open or create the translation memory ({exc})", path,
                               hint="pass --memory with a file in a folder you can write to") from None
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


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """Put the file in WAL mode, waiting out other processes that open the same new file at the same moment.

    Switching needs the file to itself, and SQLite answers "database is locked" at once, without its busy
    timeout, when another connection holds it meanwhile (measured: 1 in 5 processes opening a new memory
    together failed 8 times in 40 trials). So: retry with backoff up to BUSY_SECONDS.
    """
    deadline = time.monotonic() + BUSY_SECONDS
    for attempt in itertools.count():
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(min(0.01 * 2 ** attempt, 0.5))


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Return whether SQLite refused because another connection holds the file ("database is locked")."""
    return "locked" in str(exc) or "busy" in str(exc)


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
