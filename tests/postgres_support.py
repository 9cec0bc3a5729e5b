"""A real, throw-away PostgreSQL for the tests: one cluster per session, one database per test module.

The cluster is started here (initdb into a temporary folder, a Unix socket only, as the `postgres` user
when running as root), so `make test` needs nothing but Debian's `postgresql` package installed.
PRESS_TEST_POSTGRES=postgresql://… uses a running server instead. Without a server the tests skip
with the reason; with CI set they fail, so CI never passes by skipping them.
"""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

SERVER_ENV = "PRESS_TEST_POSTGRES"
PORT = 5432  # the socket lives in a private folder, so the port number never collides
_FAST = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]


def unavailable(reason: str) -> None:
    """Skip the test locally; fail it in CI, where PostgreSQL must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


def server_binary(name: str) -> str | None:
    """Return the path of a PostgreSQL server program (PATH first, then Debian's versioned folders)."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)), reverse=True)
    return versions[0] if versions else None


class Cluster:
    """A PostgreSQL cluster in a temporary folder, owned by `postgres` when we are root."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="press-pg-"))
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.data = self.folder / "data"

    def run(self, *argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(argv), capture_output=True, text=True, timeout=120, user=self.user,
                              group=self.user, extra_groups=[] if self.user else None, cwd=self.folder)

    def start(self) -> str:
        """Initialise and start the cluster; return the URL of its `postgres` database."""
        initdb, pg_ctl = server_binary("initdb"), server_binary("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("initdb/pg_ctl not found (apt-get install postgresql)")
        done = self.run(initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-300:]}")
        return self.serve()

    def serve(self) -> str:
        """Start the initialised cluster's server (again, after a stop); return the URL of its `postgres` database."""
        pg_ctl = server_binary("pg_ctl")
        options = " ".join(["-k", str(self.folder), "-p", str(PORT), "-c", "listen_addresses=''", *_FAST])
        done = self.run(pg_ctl, "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                        "-o", options, "start")
        if done.returncode:
            log = (self.folder / "server.log").read_text(errors="replace") if (self.folder / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {(done.stderr + log).strip()[-300:]}")
        return f"postgresql://postgres@/postgres?host={self.folder}&port={PORT}"

    def stop(self) -> None:
        pg_ctl = server_binary("pg_ctl")
        if pg_ctl and self.data.exists():
            self.run(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def database_url(server: str, name: str) -> str:
    """Return `server`'s URL pointing at database `name` instead."""
    head, _, query = server.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server's maintenance database (started for the session when needed)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install -e '.[test]')")
    if os.environ.get(SERVER_ENV):
        yield os.environ[SERVER_ENV]
        return
    cluster = Cluster()
    try:
        url = cluster.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        cluster.stop()
        unavailable(str(error))
    try:
        yield url
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def postgres_url(postgres_server, request):
    """The URL of a new, empty UTF-8 database for this test module, dropped afterwards."""
    import psycopg

    name = "press_test_" + re.sub(r"\W", "_", request.module.__name__.split(".")[-1]) + "_" + uuid.uuid4().hex[:8]
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                      "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    try:
        yield database_url(postgres_server, name)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def empty(url: str) -> str:
    """Return `url` after deleting every unit of the memory there (the schema stays)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        if db.execute("SELECT to_regclass('units')").fetchone()[0] is not None:
            db.execute("TRUNCATE units RESTART IDENTITY")
    return url
