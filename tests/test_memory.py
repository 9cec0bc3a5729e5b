"""Translation memory: storage, lookup ranking, schema migrations, and the recall/remember stages."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.errors import MemoryError_
from pipeline.memory import SCHEMA_VERSION, Memory, Unit, default_path, normalise_key, release_label
from pipeline.stages.recall import recall
from pipeline.stages.remember import remember
from pipeline.model import Issue, Meta, Release, Segment
from postgres_support import empty, postgres_server, postgres_url  # noqa: F401 — fixtures

SISTER = "常德与东近江市自1994年起结为友好城市。"
SISTER_EN = "Changde and Higashiomi have been sister cities since 1994."
VISITS = "双方互派代表团40批350人次。"
VISITS_EN = "The two sides have exchanged 40 delegation visits with 350 people."


@pytest.fixture(params=["sqlite", "postgresql"])
def memory(request, tmp_path):
    """An empty memory in a real SQLite file, and the same in a real PostgreSQL database."""
    location = tmp_path / "memory.sqlite" if request.param == "sqlite" else empty(request.getfixturevalue("postgres_url"))
    with Memory(location) as mem:
        yield mem


@pytest.mark.parametrize("zh, key", [
    ("常德市 与 东近江市", "常德市与东近江市"),
    ("双方互派代表团４０批３５０人次", "双方互派代表团40批350人次"),  # full-width digits
    ("会上，市委外事办表示：", "会上,市委外事办表示:"),  # full-width punctuation
    ("\u3000常德\t\n", "常德"),  # ideographic space and line breaks
])
def test_normalise_key(zh, key):
    assert normalise_key(zh) == key


def test_storing_the_same_pair_twice_changes_nothing(memory):
    assert memory.store(Unit(SISTER, SISTER_EN, origin="reviewed", reviewer="Li")) == "added"
    before = list(memory.units())
    assert memory.store(Unit(SISTER, SISTER_EN, origin="reviewed", reviewer="Li")) == "unchanged"
    assert memory.store(Unit(" " + SISTER, SISTER_EN, origin="reviewed")) == "unchanged"  # same key
    assert list(memory.units()) == before


def test_new_english_updates_the_unit_and_keeps_its_creation_date(memory):
    memory.store(Unit(SISTER, "Changde and Higashiomi are sister cities.", origin="reviewed",
                      created="20211110T000000Z"))
    assert memory.store(Unit(SISTER, SISTER_EN, origin="reviewed", reviewer="Li")) == "updated"
    (unit,) = memory.units()
    assert (unit.en, unit.reviewer, unit.created) == (SISTER_EN, "Li", "20211110T000000Z")
    assert unit.updated > unit.created


def test_an_older_unit_does_not_replace_a_newer_one(memory):
    memory.store(Unit(SISTER, SISTER_EN, origin="imported", created="20240101T000000Z"))
    assert memory.store(Unit(SISTER, "stale", origin="imported", created="20200101T000000Z")) == "unchanged"
    assert memory.exact(SISTER).en == SISTER_EN


@pytest.mark.parametrize("stored, expected", [
    (("engine", "imported", "aligned", "reviewed"), "reviewed"),
    (("engine", "imported", "aligned"), "aligned"),
    (("engine", "imported"), "imported"),
    (("engine",), "engine"),
    ((), None),
])
def test_exact_lookup_prefers_reviewed_then_aligned_then_imported_then_engine(memory, stored, expected):
    for origin in stored:
        memory.store(Unit(SISTER, f"{origin} English", origin=origin))
    unit = memory.exact("常德与东近江市自1994年起结为友好城市。 ")
    assert (unit.origin if unit else None) == expected
    if unit:
        assert unit.en == f"{expected} English"


def test_exact_lookup_can_be_limited_to_reviewed_units(memory):
    memory.store(Unit(SISTER, SISTER_EN, origin="engine"))
    assert memory.exact(SISTER, origins=("reviewed",)) is None


@pytest.mark.parametrize("query, threshold, expected", [
    (SISTER, 75, [(100.0, SISTER_EN)]),
    ("常德与东近江市自1994年起结为友好城市", 75, [(97.6, SISTER_EN)]),  # no full stop
    ("常德与东近江市自1995年起结为友好城市。", 75, [(95.2, SISTER_EN)]),
    ("双方互派代表团40批350人次。", 75, [(100.0, VISITS_EN)]),
    ("双方互派代表团30批200人次。", 75, [(81.2, VISITS_EN)]),
    ("双方互派代表团30批200人次。", 85, []),
    ("今年长沙举办了国际友城大会。", 75, []),
    ("", 75, []),
])
def test_fuzzy_lookup_returns_scored_matches_above_the_threshold(memory, query, threshold, expected):
    memory.store(Unit(SISTER, SISTER_EN, origin="reviewed"))
    memory.store(Unit(VISITS, VISITS_EN, origin="imported"))
    found = memory.fuzzy(query, threshold=threshold)
    assert [(m.score, m.en) for m in found] == expected


def test_fuzzy_lookup_ranks_by_score_then_origin_and_limits(memory):
    memory.store(Unit(SISTER, "engine English", origin="engine"))
    memory.store(Unit(SISTER, "reviewed English", origin="reviewed"))
    memory.store(Unit("常德与东近江市自1994年起结为友好城市", "close reviewed", origin="reviewed"))
    memory.store(Unit("常德与东近江市自1994年起结为友好关系。", "further", origin="imported"))
    found = memory.fuzzy(SISTER, limit=3)
    assert [(m.en, m.origin) for m in found] == [
        ("reviewed English", "reviewed"), ("engine English", "engine"), ("close reviewed", "reviewed")]
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


ACK = "ok: numbers_match — the source is wrong"


@pytest.mark.parametrize("first, second, outcome", [
    (None, ACK, "updated"),  # the reviewer acknowledged a finding on the same English
    (ACK, "ok: numbers_match — 41 is what was agreed", "updated"),
    (ACK, None, "updated"),  # the acknowledgement was withdrawn
    (ACK, ACK, "unchanged"),
    (None, "", "unchanged"),  # an empty note is no note
])
def test_a_changed_note_counts_as_updated(memory, first, second, outcome):
    memory.store(Unit(VISITS, VISITS_EN, origin="reviewed", note=first))
    assert memory.store(Unit(VISITS, VISITS_EN, origin="reviewed", note=second)) == outcome
    assert memory.exact(VISITS).note == (second if outcome == "updated" else first)
    assert [unit.note for unit in memory.units()] == [memory.exact(VISITS).note]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_memory_of_schema_2_gains_an_empty_note_column(database, tmp_path, request):
    """Schema 3 (the note) is applied to a memory made before it, on both databases, keeping its units."""
    location = str(tmp_path / "memory.sqlite") if database == "sqlite" else empty(request.getfixturevalue("postgres_url"))
    with Memory(location) as memory:
        memory.store(Unit(SISTER, SISTER_EN, origin="reviewed", reviewer="Li"))
    if database == "sqlite":
        with sqlite3.connect(location) as db:
            db.executescript("ALTER TABLE units DROP COLUMN note; PRAGMA user_version = 2;")
    else:
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            db.execute("ALTER TABLE units DROP COLUMN note")
            db.execute("UPDATE memory_schema SET version = 2")
    with Memory(location) as reopened:
        assert reopened.stats()["schema_version"] == SCHEMA_VERSION
        (unit,) = reopened.units()
        assert (unit.en, unit.reviewer, unit.note) == (SISTER_EN, "Li", None)
        assert reopened.store(Unit(SISTER, SISTER_EN, origin="reviewed", note=ACK)) == "updated"
        assert reopened.exact(SISTER).note == ACK


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_memory_of_schema_3_accepts_aligned_units_and_keeps_its_units_and_index(database, tmp_path, request):
    """Schema 4 (origin `aligned`) rebuilds SQLite's table under the same ids: the trigram index still finds
    the old units, and its triggers still follow edits and deletions."""
    location = str(tmp_path / "memory.sqlite") if database == "sqlite" else empty(request.getfixturevalue("postgres_url"))
    if database == "sqlite":
        _schema_3_file(location)
    else:
        _back_to_schema_3(location)
    with Memory(location) as reopened:
        assert reopened.stats()["schema_version"] == SCHEMA_VERSION
        assert [(u.id, u.origin, u.note) for u in reopened.units()] == [(1, "reviewed", ACK), (2, "imported", None)]
        assert reopened.store(Unit(SISTER, "Changde and Higashiomi are sister cities.", origin="aligned")) == "added"
        assert [hit.unit.id for hit in reopened.search("delegation visits")] == [2]
        reopened.edit(2, "The two sides exchanged 40 delegations, 350 people in all.", "Li")
        assert [hit.unit.id for hit in reopened.search("40 delegations")] == [2]
        reopened.delete([1])
        assert [hit.unit.origin for hit in reopened.search("Higashiomi")] == ["aligned"]
        assert reopened.exact(SISTER).origin == "aligned"


SCHEMA_3_UNITS = ((SISTER, SISTER_EN, "reviewed", ACK), (VISITS, VISITS_EN, "imported", None))


def _schema_3_file(path: str) -> None:
    """Write a SQLite memory the way press of schema 3 did: its three migrations, then two units."""
    from pipeline.memory.schema import MIGRATIONS, script
    from pipeline.memory.sqlite import _statements

    with sqlite3.connect(path) as db:
        for migration in MIGRATIONS[:3]:
            for statement in _statements(script(migration, "sqlite")):
                db.execute(statement)
        for zh, en, origin, note in SCHEMA_3_UNITS:
            db.execute("INSERT INTO units (zh, zh_key, zh_len, en, origin, created, updated, note) VALUES "
                       "(?, ?, ?, ?, ?, '20240101T000000Z', '20240101T000000Z', ?)",
                       (zh, normalise_key(zh), len(normalise_key(zh)), en, origin, note))
        db.execute("INSERT INTO units_fts (units_fts) VALUES ('rebuild')")
        db.execute("PRAGMA user_version = 3")
        with pytest.raises(sqlite3.IntegrityError):  # what schema 4 is for
            db.execute("INSERT INTO units (zh, zh_key, zh_len, en, origin, created, updated) VALUES "
                       "('x', 'x', 1, 'x', 'aligned', '', '')")


def _back_to_schema_3(url: str) -> None:
    """Put a PostgreSQL memory back to schema 3 (origin limited to three values), holding two units."""
    import psycopg

    with Memory(url) as memory:
        for zh, en, origin, note in SCHEMA_3_UNITS:
            memory.store(Unit(zh, en, origin=origin, note=note))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("ALTER TABLE units DROP CONSTRAINT units_origin_check")
        db.execute("ALTER TABLE units ADD CONSTRAINT units_origin_check CHECK (origin IN ('reviewed', 'imported', "
                   "'engine'))")
        db.execute("UPDATE memory_schema SET version = 3")


def test_memory_file_is_wal_and_versioned(tmp_path):
    path = tmp_path / "tm.sqlite"
    with Memory(path) as mem:
        mem.store(Unit(SISTER, SISTER_EN, origin="reviewed"))
        stats = mem.stats()
    assert (stats["journal_mode"], stats["schema_version"]) == ("wal", SCHEMA_VERSION)
    with Memory(path) as mem:  # reopening runs no migration twice and keeps the data
        assert mem.stats()["units"] == 1
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_stats_count_units_by_origin(memory):
    memory.store_many([Unit(SISTER, SISTER_EN, origin="reviewed"), Unit(SISTER, "x", origin="engine"),
                       Unit(VISITS, VISITS_EN, origin="imported")])
    stats = memory.stats()
    assert stats["units"] == 3 and stats["sources"] == 2
    assert stats["by_origin"] == {"reviewed": 1, "aligned": 0, "imported": 1, "engine": 1}


def test_a_memory_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(MemoryError_, match="newer") as caught:
        Memory(path)
    assert caught.value.path == str(path) and "upgrade" in caught.value.hint


@pytest.mark.parametrize("content", [b"this is not sqlite at all" * 100, "常德".encode() * 500])
def test_a_file_that_is_not_a_database_is_refused(tmp_path, content):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    with pytest.raises(MemoryError_, match="not a translation memory"):
        Memory(path)


@pytest.mark.parametrize("unit, message", [
    (Unit(SISTER, SISTER_EN, origin="memory"), "unknown unit origin"),
    (Unit(" ", SISTER_EN, origin="reviewed"), "needs both"),
    (Unit(SISTER, "  ", origin="reviewed"), "needs both"),
])
def test_invalid_units_are_refused(memory, unit, message):
    with pytest.raises(MemoryError_, match=message):
        memory.store(unit)


def test_default_path_lives_in_press_home(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESS_HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / "memory.sqlite"
    with Memory() as mem:
        assert Path(mem.stats()["path"]).exists()


def _release(*segments: Segment) -> Release:
    return Release(path=Path("changde.zh.txt"), headline=segments[0].zh, segments=segments,
                   meta=Meta(url="http://www.changde.gov.cn/art/2021/11/7/art_1.html"))


def test_recall_uses_reviewed_exact_matches_and_offers_fuzzy_ones(memory):
    memory.store(Unit(SISTER, SISTER_EN, origin="reviewed"))
    memory.store(Unit(VISITS, VISITS_EN, origin="engine"))
    release = _release(Segment("p1.s1", SISTER, 1), Segment("p1.s2", "双方互派代表团30批200人次。", 1),
                       Segment("p1.s3", VISITS, 1), Segment("p1.s4", "今年长沙举办了国际友城大会。", 1))
    out = recall(release, SimpleNamespace(memory=memory))
    exact, fuzzy, engine_exact, none = out.segments
    assert (exact.en, exact.origin, exact.notes) == (SISTER_EN, "memory", ("memory: reviewed match",))
    assert (fuzzy.en, fuzzy.origin) == ("", "untranslated")
    assert [m.en for m in fuzzy.matches] == [VISITS_EN] and fuzzy.notes == (f"memory 81%: {VISITS_EN}",)
    assert engine_exact.en == "" and engine_exact.matches[0].score == 100.0  # engine output is only a hint
    assert none == release.segments[3]
    assert release.segments[0].en == ""  # the input release is not mutated


def test_recall_without_memory_returns_the_release_unchanged():
    release = _release(Segment("p0.s1", SISTER))
    assert recall(release, SimpleNamespace(memory=None)) is release


def test_remember_stores_engine_output_only_and_never_touches_reviewed_units(memory):
    memory.store(Unit(SISTER, SISTER_EN, origin="reviewed", reviewer="Li"))
    release = _release(Segment("p1.s1", SISTER, 1, en="Engine draft one.", origin="engine"),
                       Segment("p1.s2", VISITS, 1, en=VISITS_EN, origin="memory"),
                       Segment("p1.s3", "常德还捐赠了医疗物资。", 1, en="Changde also donated medical supplies.",
                               origin="engine"),
                       Segment("p1.s4", "空白。", 1, en="", origin="engine"),
                       Segment("p1.s5", "双方互派代表团50批。", 1, en="They exchanged 40 delegations.",
                               origin="engine"))
    release = replace(release, issues=(Issue("numbers_match", "error", "p1.s5", "50 is missing"),
                                       Issue("length_ratio", "warning", "p1.s3", "short")))
    ctx = SimpleNamespace(memory=memory, engine=None)
    assert remember(release, ctx) is release
    remember(release, ctx)  # twice: nothing more
    units = {(u.zh, u.origin): u for u in memory.units()}
    assert set(units) == {(SISTER, "reviewed"), (SISTER, "engine"), ("常德还捐赠了医疗物资。", "engine")}
    assert units[(SISTER, "reviewed")].en == SISTER_EN and units[(SISTER, "reviewed")].reviewer == "Li"
    assert units[(SISTER, "engine")].release == release_label(release)
    assert units[(SISTER, "engine")].source_url == release.meta.url
    assert memory.exact(SISTER).en == SISTER_EN


def test_fuzzy_lookup_sees_units_stored_after_an_earlier_lookup(memory):
    assert memory.fuzzy(SISTER) == []
    memory.store(Unit(SISTER, SISTER_EN, origin="engine"))
    assert [m.en for m in memory.fuzzy(SISTER)] == [SISTER_EN]
    memory.store(Unit(SISTER, "Reviewed.", origin="reviewed"))
    assert [m.en for m in memory.fuzzy(SISTER)] == ["Reviewed.", SISTER_EN]


def test_a_failing_unit_rolls_back_the_whole_batch(memory):
    with pytest.raises(MemoryError_):
        memory.store_many([Unit(SISTER, SISTER_EN, origin="reviewed"), Unit(VISITS, "", origin="reviewed")])
    assert memory.stats()["units"] == 0
