"""One memory shared by a team: 8 processes ingesting and 2 exporting at once (nothing lost, integrity kept),
both databases giving the same matches for the same units, and the PostgreSQL connection's safety rules."""
from __future__ import annotations

import json
import multiprocessing
import random
import re
import sqlite3
import threading
from pathlib import Path

import pytest

from conftest import REPO
from pipeline.errors import MemoryError_, MissingDependency
from pipeline.memory import Memory, Unit, normalise_key
from pipeline.memory.tmx import export_tmx, read_tmx
from pipeline.model import Meta, Release, Segment
from pipeline.review.remember import remember_reviewed
from postgres_support import empty, postgres_server, postgres_url  # noqa: F401 — fixtures

CORPUS = REPO / "benchmarks" / "corpus" / "government_work_reports_2021-2025.jsonl"
WRITERS, EXPORTERS, SEGMENTS, SHARED = 8, 2, 60, 10  # SHARED sentences appear in every release


def corpus_sentences() -> list[str]:
    """Return the distinct sentences (10-120 characters) of the work reports shipped in benchmarks/corpus."""
    found = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        found += [s.strip() for s in re.split(r"(?<=[。！？；])", json.loads(line)["content"]) if 10 <= len(s.strip()) <= 120]
    return list({normalise_key(s): s for s in reversed(found)}.values())[::-1]  # distinct sources


def release_of(writer: int, sentences: list[str]) -> Release:
    """Return writer's release: SHARED sentences every release has, then its own sentences, all with English."""
    own = sentences[SHARED + writer * SEGMENTS: SHARED + (writer + 1) * SEGMENTS - SHARED]
    texts = sentences[:SHARED] + own
    segments = tuple(Segment(f"p1.s{n}", zh, 1, en=f"Writer {writer} sentence {n}.", origin="reviewed")
                     for n, zh in enumerate(texts))
    return Release(path=Path(f"release-{writer}.zh.txt"), headline=texts[0], segments=segments, meta=Meta())


def ingest_worker(location: str, writer: int, start) -> None:
    sentences = corpus_sentences()
    release = release_of(writer, sentences)
    start.wait()
    with Memory(location) as memory:
        for part in range(0, len(release.segments), 10):  # ten ingests each, interleaved with the others
            chunk = Release(path=release.path, headline=release.headline, meta=release.meta,
                            segments=release.segments[part:part + 10])
            remember_reviewed(chunk, memory, reviewer=f"Reviewer {writer}")


def export_worker(location: str, folder: str, exporter: int, start) -> None:
    start.wait()
    with Memory(location) as memory:
        for round_ in range(3):
            export_tmx(memory, Path(folder) / f"export-{exporter}-{round_}.tmx")


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite")
    return empty(request.getfixturevalue("postgres_url"))


def test_eight_ingesting_and_two_exporting_processes_lose_nothing(location, tmp_path):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS + EXPORTERS)
    Memory(location).close()  # the schema exists before the race (the race to create it is tested below)
    workers = [context.Process(target=ingest_worker, args=(location, n, start)) for n in range(WRITERS)]
    workers += [context.Process(target=export_worker, args=(location, str(tmp_path), n, start))
                for n in range(EXPORTERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
    assert [worker.exitcode for worker in workers] == [0] * len(workers)

    sentences = corpus_sentences()
    expected: dict[str, set[str]] = {}  # each source's English, from whichever writers had it
    for writer in range(WRITERS):
        for seg in release_of(writer, sentences).segments:
            expected.setdefault(normalise_key(seg.zh), set()).add(seg.en)
    with Memory(location) as memory:
        units = list(memory.units())
        assert len(units) == len(expected) == WRITERS * (SEGMENTS - SHARED) + SHARED
        for unit in units:  # every sentence once, with the English one of its writers gave
            assert unit.origin == "reviewed" and unit.en in expected.pop(unit.zh_key)
        assert expected == {}
        probe = units[len(units) // 2]
        assert memory.fuzzy(probe.zh)[0].en == probe.en  # the trigram index saw every write
        _assert_integrity(memory, location)
    for export in sorted(tmp_path.glob("export-*.tmx")):  # each export is a whole, well-formed snapshot
        exported, skipped = read_tmx(export)
        assert skipped == 0 and len(exported) <= len(units)
        assert len({u.zh_key for u in exported}) == len(exported)
    assert len(list(tmp_path.glob("export-*.tmx"))) == EXPORTERS * 3 and not list(tmp_path.glob("*.part"))


def _assert_integrity(memory: Memory, location: str) -> None:
    if memory.backend == "sqlite":
        with sqlite3.connect(location) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.execute("INSERT INTO units_fts (units_fts, rank) VALUES ('integrity-check', 1)")
    else:
        import psycopg

        with psycopg.connect(location) as db:
            total, keys = db.execute("SELECT count(*), count(DISTINCT (zh_key, origin)) FROM units").fetchone()
            assert total == keys


def open_worker(location: str, start, results) -> None:
    start.wait()
    with Memory(location) as memory:
        results.put(memory.stats()["schema_version"])


def test_processes_opening_a_new_memory_at_once_create_the_schema_once(location):
    context, count = multiprocessing.get_context("spawn"), 5
    start, results = context.Barrier(count), context.Queue()
    workers = [context.Process(target=open_worker, args=(location, start, results)) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * count
    versions = {results.get(timeout=5) for _ in range(count)}
    with Memory(location) as memory:
        assert versions == {memory.stats()["schema_version"]}


def test_a_new_sqlite_memory_waits_for_another_process_holding_it_while_switching_to_wal(tmp_path, monkeypatch):
    """SQLite refuses the switch to WAL at once, without its busy timeout, while another connection holds the
    file (CI: 1 of 5 processes opening a new memory together failed): the switch waits like any write."""
    from pipeline.memory import sqlite as sqlite_backend

    path = tmp_path / "new.sqlite"
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # a second press process, mid-way through creating this file
    blocker.execute("CREATE TABLE pending (x)")
    with pytest.raises(sqlite3.OperationalError, match="locked"):  # what SQLite does without us
        sqlite3.connect(path, timeout=5, isolation_level=None).execute("PRAGMA journal_mode=WAL")
    monkeypatch.setattr(sqlite_backend, "BUSY_SECONDS", 0.2)
    with pytest.raises(MemoryError_, match="stayed busy"):  # a lock that does not go away is still an error
        Memory(path)
    monkeypatch.setattr(sqlite_backend, "BUSY_SECONDS", 30.0)
    release = threading.Timer(0.3, blocker.execute, ("COMMIT",))
    release.start()
    try:
        with Memory(path) as memory:
            assert memory.stats()["journal_mode"] == "wal" and memory.stats()["schema_version"] > 0
    finally:
        release.join()
        blocker.close()


def test_sqlite_reports_a_lock_that_does_not_go_away_as_an_error_line(tmp_path, monkeypatch, run_cli):
    from pipeline.memory import sqlite as sqlite_backend

    path = tmp_path / "locked.sqlite"
    Memory(path).close()
    monkeypatch.setattr(sqlite_backend, "BUSY_SECONDS", 0.05)
    monkeypatch.setattr("pipeline.memory.backend.time.sleep", lambda seconds: None)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    try:
        result = run_cli(["memory", "edit", "1", "--en", "x", "--reviewer", "Li", "--memory", path])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.code == 2
    assert result.stderr.startswith(f"error: {path}: the memory stayed busy (database is locked)")
    assert "try again" in result.stderr


# --- both databases, same answers -------------------------------------------------------------------------

def memory_units(count: int) -> list[Unit]:
    """Return `count` units: corpus sentences and recombinations of their clauses, each a distinct source."""
    sentences = corpus_sentences()
    rng = random.Random(17)
    clauses = [c for s in sentences for c in re.split(r"[，、：]", s) if len(c) >= 4]
    sources = list(sentences)
    while len(sources) < count:
        sources.append("，".join(rng.choice(clauses).rstrip("。；") for _ in range(rng.randint(1, 3))) + "。")
    sources = list(dict.fromkeys(sources))[:count]
    origins = ("reviewed", "imported", "engine")
    return [Unit(zh, f"English {n}.", origin=origins[n % 3], created="20240101T000000Z") for n, zh in enumerate(sources)]


def queries(count: int) -> list[str]:
    """Return segments a translator meets: stored sentences, sentences with 1-3 characters changed, new ones."""
    sentences = corpus_sentences()
    rng = random.Random(23)
    found = rng.sample(sentences, count // 3)
    for text in rng.sample(sentences, count // 3):
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            chars[rng.randrange(len(chars))] = rng.choice("的了和在是发展")
        found.append("".join(chars))
    clauses = [c for s in sentences for c in re.split(r"[，、：]", s) if len(c) >= 4]
    found += ["，".join(rng.sample(clauses, 2)) + "。" for _ in range(count - len(found))]
    return found


def test_sqlite_and_postgresql_return_the_same_matches_for_the_same_memory(tmp_path, postgres_url):
    units = memory_units(6000)
    answers = {}
    for location in (str(tmp_path / "same.sqlite"), empty(postgres_url)):
        with Memory(location) as memory:
            memory.store_many(units)
            answers[memory.backend] = [[(m.zh, m.en, m.score, m.origin) for m in memory.fuzzy(query)]
                                       for query in queries(150)]
            exhaustive = [[(m.zh, m.en, m.score, m.origin) for m in memory.fuzzy(query, exhaustive=True)]
                          for query in queries(150)]
    assert sum(1 for found in answers["sqlite"] if found) > 100  # the queries do find matches
    assert answers["sqlite"] == answers["postgresql"]
    # the index may miss a rare 75 % match that shares almost no trigram (three changes in a short
    # sentence); every other answer equals scoring every unit
    assert sum(found != truth for found, truth in zip(answers["sqlite"], exhaustive)) <= 3


# --- the PostgreSQL connection --------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "postgresql://press:s3cret@db.example.org/press",
    "postgresql://press@db.example.org/press?password=s3cret",
])
def test_a_password_in_the_connection_string_is_refused_and_never_shown(url, run_cli):
    pytest.importorskip("psycopg")
    result = run_cli(["memory", "stats", "--memory", url])
    assert result.code == 2 and "holds a password" in result.stderr and "PGPASSWORD" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout


def test_a_server_that_cannot_be_reached_is_one_error_line(run_cli, tmp_path):
    pytest.importorskip("psycopg")
    result = run_cli(["memory", "stats", "--memory", f"postgresql://press@/press?host={tmp_path}&port=1"])
    assert result.code == 2 and result.stderr.startswith("error: postgresql://press@/press?host=")
    assert "cannot connect" in result.stderr and result.stderr.count("\n") == 1


def test_without_psycopg_a_postgresql_memory_names_the_install_command(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name == "psycopg" or name.startswith("psycopg."):
            raise ImportError("No module named 'psycopg'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(MissingDependency) as caught:
        Memory("postgresql://press@localhost/press")
    assert "pip install 'press-pipeline[postgres]'" in caught.value.hint


def test_press_toml_can_name_the_shared_memory(postgres_url, run_cli, press_home):
    (press_home / "press.toml").write_text(f'[paths]\nmemory = "{empty(postgres_url)}"\n', encoding="utf-8")
    with Memory(postgres_url) as memory:
        memory.store(Unit("常德与东近江市自1994年起结为友好城市。", "Sister cities since 1994.", origin="reviewed"))
    result = run_cli(["memory", "stats", "--json"])
    stats = json.loads(result.stdout)
    assert (stats["backend"], stats["units"], stats["path"]) == ("postgresql", 1, postgres_url)


def test_a_database_that_cannot_index_chinese_is_refused(postgres_server):
    import psycopg

    from postgres_support import database_url

    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS press_test_c_locale")
        admin.execute("CREATE DATABASE press_test_c_locale TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'")
    try:
        with pytest.raises(MemoryError_, match="cannot index Chinese") as caught:
            Memory(database_url(postgres_server, "press_test_c_locale"))
        assert "C.UTF-8" in caught.value.hint
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS press_test_c_locale WITH (FORCE)")


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), (None, pytest.skip.Exception)])
def test_without_a_server_postgresql_tests_skip_locally_and_fail_in_ci(monkeypatch, ci, outcome):
    from postgres_support import unavailable

    if ci:
        monkeypatch.setenv("CI", ci)
    else:
        monkeypatch.delenv("CI", raising=False)
    with pytest.raises(outcome, match="initdb not found"):
        unavailable("initdb not found")
