"""The memory's trust order (TMX import never overrides this office's reviewed work) and its upkeep commands
(`press memory search|show|edit|delete|copy`), on a real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import MemoryError_
from pipeline.memory import Memory, Unit
from pipeline.memory.tmx import export_tmx, import_tmx, read_tmx
from postgres_support import empty, postgres_server, postgres_url  # noqa: F401 — fixtures

SISTER = "常德与东近江市自1994年起结为友好城市。"
SISTER_EN = "Changde and Higashiomi have been sister cities since 1994."
VISITS = "双方互派代表团40批350人次。"
VISITS_EN = "The two sides have exchanged 40 delegation visits with 350 people."
TRADE = "与此同时，双方还保持着密切的经贸往来。"
TRADE_EN = "In the meantime, the two sides have also maintained close economic and trade exchanges."


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str:
    """Where an empty memory lives: a SQLite file, or a PostgreSQL database (URL)."""
    if request.param == "sqlite":
        return str(tmp_path / "memory.sqlite")
    return empty(request.getfixturevalue("postgres_url"))


@pytest.fixture
def filled(location) -> str:
    """The memory at `location` holding a reviewed, an imported and an engine unit (ids 1, 2, 3)."""
    with Memory(location) as memory:
        memory.store(Unit(SISTER, SISTER_EN, origin="reviewed", reviewer="Li Na", created="20211110T000000Z"))
        memory.store(Unit(VISITS, VISITS_EN, origin="imported", created="20200101T000000Z"))
        memory.store(Unit(TRADE, "Engine draft about trade.", origin="engine", translator="engine:llama"))
    return location


def tmx(path: Path, *units: tuple[str, str, str, dict]) -> Path:
    """Write a small foreign TMX file: (zh, en, x-origin, <tu> attributes) per unit, one <tu> per line."""
    body = []
    for zh, en, origin, attrs in units:
        attributes = "".join(f' {name}="{value}"' for name, value in attrs.items())
        prop = f'<prop type="x-origin">{origin}</prop>' if origin else ""
        body.append(f'<tu{attributes}>{prop}<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>')
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="OtherCAT" '
                    'srclang="zh-CN" segtype="sentence" datatype="plaintext" adminlang="en" o-tmf="x"/>\n<body>\n'
                    + "\n".join(body) + "\n</body>\n</tmx>\n", encoding="utf-8")
    return path


# --- trust order ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("attrs", [
    {"changedate": "20300101T000000Z"},  # a later date does not beat this office's review
    {"changedate": "29991231T235959Z"},  # nor does a date in the future
    {},
])
def test_an_import_never_replaces_a_unit_reviewed_here(filled, tmp_path, attrs):
    path = tmx(tmp_path / "other.tmx", (SISTER, "Changde and Higashiomi are twin towns.", "reviewed", attrs))
    with Memory(filled) as memory:
        report = import_tmx(path, memory)
        assert (report.added, report.updated, report.conflicts) == (0, 0, 1)
        assert report.examples[0].line == 5 and "reviewed here" in report.examples[0].reason
        assert memory.exact(SISTER).en == SISTER_EN and memory.exact(SISTER).reviewer == "Li Na"
        report = import_tmx(path, memory, overwrite=True)
        assert (report.updated, report.conflicts) == (1, 0)
        assert memory.exact(SISTER).en == "Changde and Higashiomi are twin towns."


def test_a_unit_dated_in_the_future_does_not_win_and_is_stored_as_now(filled, tmp_path):
    future = {"changedate": "29991231T235959Z", "creationdate": "29991231T235959Z"}
    path = tmx(tmp_path / "future.tmx", (VISITS, "Future English.", "", future),
               ("今年长沙举办了国际友城大会。", "Changsha hosted a conference.", "", future))
    with Memory(filled) as memory:
        report = import_tmx(path, memory)
        assert (report.added, report.updated, report.conflicts) == (1, 0, 1)
        assert "future" in report.examples[0].reason
        assert memory.exact(VISITS).en == VISITS_EN
        stored = memory.exact("今年长沙举办了国际友城大会。")
        assert stored.updated < "29991231T235959Z" and stored.created == stored.updated
        # this office's later work wins over it as usual
        assert memory.store(Unit("今年长沙举办了国际友城大会。", "Changsha hosted the congress.")) == "updated"


def test_a_newer_foreign_unit_updates_an_older_imported_one_and_an_older_one_does_not(filled, tmp_path):
    with Memory(filled) as memory:
        older = import_tmx(tmx(tmp_path / "a.tmx", (VISITS, "Old.", "", {"changedate": "20190101T000000Z"})), memory)
        newer = import_tmx(tmx(tmp_path / "b.tmx", (VISITS, "New.", "", {"changedate": "20220101T000000Z"})), memory)
        assert (older.unchanged, newer.updated, memory.exact(VISITS).en) == (1, 1, "New.")


@pytest.mark.parametrize("attrs, line", [
    ({"changedate": "2021-11-10"}, 6),
    ({"creationdate": "20211332T000000Z"}, 6),  # month 13
    ({"changedate": "20211110T021533"}, 6),  # no Z
])
def test_an_invalid_date_refuses_the_file_with_its_line_and_stores_nothing(location, tmp_path, attrs, line, run_cli):
    path = tmx(tmp_path / "bad.tmx", (VISITS, VISITS_EN, "", {}), (SISTER, SISTER_EN, "", attrs))
    with Memory(location) as memory:
        with pytest.raises(MemoryError_, match="invalid (creation|change)date") as caught:
            import_tmx(path, memory)
        assert (caught.value.path, caught.value.line) == (str(path), line)
        assert "YYYYMMDDThhmmssZ" in caught.value.hint
        assert memory.stats()["units"] == 0
    result = run_cli(["memory", "import", path, "--memory", location])
    assert result.code == 2 and result.stderr.startswith(f"error: {path}:{line}: invalid")


def test_import_reports_the_first_conflicts_and_counts_the_rest(location, tmp_path, run_cli):
    with Memory(location) as memory:
        memory.store_many(Unit(f"第{n}句话。", f"Sentence {n}.", origin="reviewed") for n in range(8))
    path = tmx(tmp_path / "many.tmx", *((f"第{n}句话。", f"Other {n}.", "reviewed", {}) for n in range(8)))
    result = run_cli(["memory", "import", path, "--memory", location])
    assert result.code == 0 and "0 added, 0 updated, 0 unchanged, 8 conflicts" in result.stdout
    assert result.stdout.count("  conflict: line ") == 5 and "… and 3 more conflicts" in result.stdout
    assert "--overwrite applies them" in result.stdout


# --- search, show, edit, delete ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, first", [
    ("东近江", SISTER_EN),  # a piece of the Chinese
    ("sister cities", SISTER_EN),  # a piece of the English, any case
    ("DELEGATION visits", VISITS_EN),
    ("双方互派代表团30批", VISITS_EN),  # close, not equal
])
def test_search_finds_units_by_either_side_with_scores(filled, run_cli, text, first):
    result = run_cli(["memory", "search", text, "--json", "--memory", filled])
    assert result.code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["en"] == first and hits[0]["score"] >= 60 and hits[0]["id"] in (1, 2, 3)
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)


def test_search_without_a_match_prints_nothing_found(filled, run_cli):
    result = run_cli(["memory", "search", "完全无关的句子内容", "--memory", filled])
    assert result.code == 0 and result.stdout.strip() == "0 units match '完全无关的句子内容'"


def test_show_prints_every_field(filled, run_cli):
    result = run_cli(["memory", "show", "1", "--json", "--memory", filled])
    unit = json.loads(result.stdout)
    assert (unit["id"], unit["zh"], unit["en"], unit["origin"], unit["reviewer"]) == (
        1, SISTER, SISTER_EN, "reviewed", "Li Na")
    assert "reviewer: Li Na" in run_cli(["memory", "show", "1", "--memory", filled]).stdout


@pytest.mark.parametrize("note, shown", [
    (None, None),  # issue 34: a unit without a note prints no "note: None"
    ("ok: numbers_match — the source is wrong", "note: ok: numbers_match — the source is wrong"),
])
def test_show_leaves_out_an_empty_note(filled, run_cli, note, shown):
    with Memory(filled) as memory:
        memory.store(Unit("双方签署了协议。", "The two sides signed the agreement.", origin="reviewed", note=note))
        unit_id = max(unit.id for unit in memory.units())
    lines = run_cli(["memory", "show", str(unit_id), "--memory", filled]).stdout.splitlines()
    assert [line for line in lines if line.startswith("note:")] == ([shown] if shown else [])
    assert "None" not in "\n".join(lines) and f"id: {unit_id}" in lines
    assert json.loads(run_cli(["memory", "show", str(unit_id), "--json", "--memory", filled]).stdout)["note"] == note


def test_edit_records_who_and_when_and_the_next_translation_uses_it(filled, run_cli):
    result = run_cli(["memory", "edit", "2", "--en", "They exchanged 40 delegations (350 people).",
                      "--reviewer", "Wang Fang", "--memory", filled])
    assert result.code == 0 and "edited by Wang Fang" in result.stdout
    with Memory(filled) as memory:
        unit = memory.get(2)
        assert (unit.en, unit.origin, unit.reviewer) == ("They exchanged 40 delegations (350 people).",
                                                         "reviewed", "Wang Fang")
        assert unit.updated > unit.created
        assert memory.exact(VISITS, origins=("reviewed",)).en == unit.en


def test_edit_takes_the_reviewer_from_press_toml(filled, run_cli, press_home):
    (press_home / "press.toml").write_text('[credits]\nreviewer = "Zhao Lei"\n', encoding="utf-8")
    result = run_cli(["memory", "edit", "1", "--en", "Changde and Higashiomi: sister cities since 1994.",
                      "--memory", filled])
    assert result.code == 0 and "edited by Zhao Lei" in result.stdout


def test_delete_removes_units_and_they_are_no_longer_found(filled, run_cli):
    result = run_cli(["memory", "delete", "1", "3", "--memory", filled])
    assert result.code == 0 and result.stdout.count("deleted unit") == 2
    with Memory(filled) as memory:
        assert [u.id for u in memory.units()] == [2]
        assert memory.fuzzy(SISTER) == [] and memory.search("东近江") == []


@pytest.mark.parametrize("argv, message", [
    (["show", "99"], "no unit with id 99"),
    (["edit", "99", "--en", "x", "--reviewer", "Li"], "no unit with id 99"),
    (["delete", "2", "99", "98"], "no unit with id 99, 98"),  # nothing deleted: all or none
    (["edit", "1", "--en", "x"], "needs the name of who made it"),
    (["edit", "1", "--en", "  ", "--reviewer", "Li"], "the new English is empty"),
    (["edit", "3", "--en", "x", "--reviewer", "Li"], None),  # allowed: the engine unit becomes reviewed
])
def test_upkeep_errors_are_one_line_and_change_nothing(filled, run_cli, argv, message):
    with Memory(filled) as memory:
        before = [(u.id, u.en, u.origin, u.updated) for u in memory.units()]
    result = run_cli(["memory", *argv, "--memory", filled])
    if message is None:
        assert result.code == 0
        return
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr and result.stderr.count("\n") == 1
    with Memory(filled) as memory:
        assert [(u.id, u.en, u.origin, u.updated) for u in memory.units()] == before


def test_editing_an_engine_unit_whose_source_has_a_reviewed_unit_points_to_it(filled, run_cli):
    with Memory(filled) as memory:
        memory.store(Unit(SISTER, "Engine.", origin="engine"))
    result = run_cli(["memory", "edit", "4", "--en", "x", "--reviewer", "Li", "--memory", filled])
    assert result.code == 2 and "edit unit 1 instead" in result.stderr


# --- copy between memories (SQLite -> PostgreSQL is how an office moves to the shared memory) --------------

def test_copy_moves_every_unit_without_loss_and_twice_changes_nothing(filled, tmp_path, run_cli):
    target = str(tmp_path / "copy.sqlite")
    result = run_cli(["memory", "copy", filled, target])
    assert result.code == 0 and "3 added, 0 updated, 0 unchanged, 0 conflicts" in result.stdout
    assert "3 added" not in run_cli(["memory", "copy", filled, target]).stdout
    with Memory(filled) as source, Memory(target) as copy:
        assert list(copy.units()) == list(source.units())
    export_a, export_b = tmp_path / "a.tmx", tmp_path / "b.tmx"
    with Memory(filled) as source, Memory(target) as copy:
        export_tmx(source, export_a), export_tmx(copy, export_b)
    assert read_tmx(export_a) == read_tmx(export_b)


def test_a_sqlite_memory_moves_into_postgresql_without_loss(tmp_path, postgres_url, run_cli):
    source = str(tmp_path / "desk.sqlite")
    with Memory(source) as desk:
        desk.store_many([Unit(SISTER, SISTER_EN, origin="reviewed", translator="Wu Yangyue", reviewer="Li Na",
                              release="changde.zh.txt#0a1b2c3d4e5f", source_url="http://www.changde.gov.cn/a?b=1&c=2",
                              created="20211109T090211Z", updated="20211110T021533Z",
                              note="ok: numbers_match — the source is wrong"),  # issue 13's acknowledgement
                         Unit(VISITS, VISITS_EN, origin="imported", release="omegat.tmx"),
                         Unit(TRADE, "Engine draft.", origin="engine", translator="engine:llama")])
        units = list(desk.units())
    shared = empty(postgres_url)
    result = run_cli(["memory", "copy", source, shared])
    assert result.code == 0 and "3 added" in result.stdout
    with Memory(shared) as office:
        assert list(office.units()) == units
        assert [u.id for u in office.units()] == [1, 2, 3]
        assert office.fuzzy(SISTER)[0].en == SISTER_EN
    export = tmp_path / "office.tmx"
    assert run_cli(["memory", "export", export, "--memory", shared]).code == 0
    assert read_tmx(export)[0] == units and "postgresql://" not in export.read_text(encoding="utf-8")
