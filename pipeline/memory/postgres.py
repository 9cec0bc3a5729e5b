"""The PostgreSQL memory shared by an office: pg_trgm GIN indexes, row locks, schema version in a table.

The only `psycopg` import. The password comes from PGPASSWORD or ~/.pgpass (libpq reads both); a
connection string holding one is refused, and every message shows the URL without it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from ..errors import MemoryError_, MissingDependency
from .backend import CANDIDATES, INSERT, SELECT, Backend, insert_values
from .schema import MIGRATIONS, SCHEMA_VERSION, script
from .unit import Unit, normalise_key, unit_from_row

SCHEMES = ("postgresql", "postgres")
INSTALL = "pip install 'press-pipeline[postgres]'   (or: pip install 'psycopg[binary]')"
# pg_trgm similarity a unit needs to become a fuzzy candidate (rapidfuzz decides the match). Lower
# finds the rare 75 % match that shares few trigrams (three changes in twelve characters: 0.14) at the
# price of rechecking thousands of rows per query (160 ms at 100,000 units for 0.1).
SIMILARITY = 0.3
CONCORDANCE = 0.5  # pg_trgm word similarity for `press memory search`
_TRANSIENT = {"40P01", "40001", "55P03"}  # deadlock, serialization failure, lock not available
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('press-pipeline memory schema'))"


def is_url(location: object) -> bool:
    """Return True when a --memory value names a PostgreSQL database rather than a file."""
    return isinstance(location, str) and location.split("://", 1)[0].lower() in SCHEMES and "://" in location


def redact(url: str) -> str:
    """Return the connection URL without a password (what messages, stats and outputs show)."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    if parts.password is not None:
        netloc[0] = netloc[0].split(":", 1)[0] + ":***"
    query = "&".join(f"{k}={'***' if k == 'password' else v}" for k, v in parse_qsl(parts.query))
    return urlunsplit((parts.scheme, "@".join(netloc), parts.path, query, ""))


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise MissingDependency("a PostgreSQL memory needs psycopg 3, which is not installed",
                                hint=INSTALL) from None
    return psycopg


class PostgresBackend(Backend):
    """A memory in a PostgreSQL database (one connection, autocommit outside explicit transactions)."""

    dialect = "postgresql"
    KEY_COLUMN, KEY_PARAM = "md5(zh_key)", "md5(?)"
    LOCK = " FOR UPDATE"

    def __init__(self, url: str):
        self.location = redact(url)
        parts = urlsplit(url)
        if parts.password is not None or any(k == "password" for k, _ in parse_qsl(parts.query)):
            raise MemoryError_("the connection string holds a password", self.location,
                               hint="remove it and put it in PGPASSWORD or ~/.pgpass")
        self._psycopg = _psycopg()
        try:
            self._db = self._psycopg.connect(url, autocommit=True, connect_timeout=10)
        except self._psycopg.Error as error:
            raise MemoryError_(f"cannot connect ({_first_line(error)})", self.location,
                               hint="check the server runs, the role and database exist, and the password "
                               "is in PGPASSWORD or ~/.pgpass") from None
        try:
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    def _prepare(self) -> None:
        try:
            _migrate(self)
            self.execute(f"SET pg_trgm.similarity_threshold = {SIMILARITY}")
            self.execute(f"SET pg_trgm.word_similarity_threshold = {CONCORDANCE}")
            encoding, grams = self.execute("SELECT current_setting('server_encoding'), "
                                           "coalesce(array_length(show_trgm('常德市'), 1), 0)")[0]
        except self._psycopg.Error as error:
            raise MemoryError_(f"cannot set up the memory ({_first_line(error)})", self.location,
                               hint="the role needs CREATE on the database and schema, and pg_trgm must be "
                               "available (see docs/shared-memory.md)") from None
        if encoding != "UTF8" or not grams:
            raise MemoryError_(f"this database cannot index Chinese (encoding {encoding}, pg_trgm sees no "
                               "Chinese trigrams)", self.location,
                               hint="create it with ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' TEMPLATE template0")

    @contextmanager
    def _connected(self) -> Iterator[None]:
        """Run a statement; the server stopping (or restarting, or the network dropping) mid-way becomes one
        line. The transaction open at that moment dies with the connection: the server rolls it back."""
        try:
            yield
        except self._psycopg.OperationalError as error:
            if not (self._db.broken or self._db.closed):
                raise  # the connection lives: a real error (a timeout, a full disk) keeps its own words
            raise MemoryError_(f"the PostgreSQL server went away ({_first_line(error)})", self.location,
                               hint="nothing this command was writing was stored (the server rolls an unfinished "
                               "transaction back); start the server again and rerun the command") from None

    def execute(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        with self._connected():
            cursor = self._db.execute(_placeholders(sql), list(params) or None)
            return cursor.fetchall() if cursor.description else []

    def stream(self, sql: str, params: tuple | list = ()) -> Iterator[tuple]:
        with self._connected(), self._db.transaction(), self._db.cursor(name="press_stream") as cursor:
            cursor.itersize = 2000
            cursor.execute(_placeholders(sql), list(params) or None)
            yield from cursor

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._connected(), self._db.transaction():
            yield

    def insert_many(self, units: list[Unit]) -> list[Unit]:
        if not units:
            return []
        with self._connected(), self._db.cursor() as cursor:  # one round trip for the batch (pipeline mode)
            cursor.executemany(_placeholders(INSERT), [insert_values(unit) for unit in units], returning=True)
            kept_out, index = [], 0
            while True:
                if cursor.fetchone() is None:
                    kept_out.append(units[index])
                index += 1
                if not cursor.nextset():
                    break
        return kept_out

    def transient(self, error: Exception) -> bool:
        return getattr(error, "sqlstate", None) in _TRANSIENT

    def candidates(self, key: str, low: int, high: int) -> list[tuple[int, str]]:
        return self.execute(
            "SELECT id, zh_key FROM units WHERE zh_key % ? AND zh_len BETWEEN ? AND ?"
            " ORDER BY similarity(zh_key, ?) DESC LIMIT ?", (key, low, high, key, CANDIDATES))

    def search_candidates(self, text: str, limit: int) -> list[Unit]:
        key = normalise_key(text)
        if len(text) < 3:
            rows = self.execute(f"{SELECT} WHERE strpos(zh_key, ?) > 0 OR strpos(lower(en), ?) > 0 LIMIT ?",
                                (key, text.casefold(), limit))
        else:
            rows = self.execute(
                f"{SELECT} WHERE zh_key LIKE ? OR en ILIKE ? OR ? <% zh_key OR ? <% en"
                " ORDER BY greatest(word_similarity(?, zh_key), word_similarity(?, en)) DESC LIMIT ?",
                (_like(key), _like(text), key, text, key, text, limit))
        return [unit_from_row(row) for row in rows]

    def info(self) -> dict:
        version, server = self.execute("SELECT (SELECT version FROM memory_schema),"
                                       " current_setting('server_version')")[0]
        return {"backend": "postgresql", "path": self.location, "schema_version": version,
                "server_version": server}

    def analyse(self) -> None:
        self.execute("ANALYZE units")

    def close(self) -> None:
        self._db.close()


def _migrate(backend: PostgresBackend) -> None:
    """Apply the migrations this database has not seen yet, one opener at a time (advisory lock)."""
    if _version(backend) == SCHEMA_VERSION:
        return
    with backend.transaction():
        backend.execute(_LOCK)  # ten processes opening a new database: one migrates, the others wait
        backend.execute("CREATE TABLE IF NOT EXISTS memory_schema (version INTEGER NOT NULL)")
        version = _version(backend) or 0
        if version > SCHEMA_VERSION:
            raise MemoryError_(f"memory schema version {version} is newer than this press-pipeline "
                               f"({SCHEMA_VERSION})", backend.location,
                               hint="upgrade press-pipeline to open this memory")
        for number in range(version, SCHEMA_VERSION):
            backend._db.execute(script(MIGRATIONS[number], "postgresql"))
        backend.execute("DELETE FROM memory_schema")
        backend.execute("INSERT INTO memory_schema (version) VALUES (?)", (SCHEMA_VERSION,))


def _version(backend: PostgresBackend) -> int | None:
    if backend.execute("SELECT to_regclass('memory_schema')")[0][0] is None:
        return None
    rows = backend.execute("SELECT version FROM memory_schema")
    return rows[0][0] if rows else None


def _like(text: str) -> str:
    """Return a LIKE pattern matching `text` anywhere (its own % and _ taken literally)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _placeholders(sql: str) -> str:
    """Return SQL written with `?` placeholders in psycopg's `%s` style (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
