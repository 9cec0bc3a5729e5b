"""TMX 1.4b interchange: lossless round trip of our own files, import of OmegaT and translate-toolkit files."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.errors import MemoryError_, PipelineError
from pipeline.memory import Memory, Unit
from pipeline.memory.tmx import XML_LANG, export_tmx, import_tmx, read_tmx

DATA = Path(__file__).parent / "data"

UNITS = [
    Unit("常德与东近江市缔结“友好城市协议”", 'Changde and Higashiomi Reached the "Sister City Agreement"',
         origin="reviewed", translator="Wu Yangyue", reviewer="Li Na", release="changde.zh.txt#0a1b2c3d4e5f",
         source_url="http://www.changde.gov.cn/art/2021/11/7/art_1.html?a=1&b=<2>",
         created="20211109T090211Z", updated="20211110T021533Z"),
    Unit("双方互派代表团40批350人次。", "The two sides have exchanged 40 delegation visits with 350 people.",
         origin="engine", translator="engine:llama", created="20261128T010000Z", updated="20261128T010000Z"),
    Unit("双方互派代表团40批350人次。", "The two sides exchanged 40 delegations (350 people).",
         origin="imported", release="omegat.tmx", created="20200101T000000Z", updated="20200102T000000Z"),
    Unit("  与此同时，双方还保持着密切的经贸往来。", "In the meantime, <the two sides> & their trade…",
         origin="reviewed", reviewer="王芳", created="20220101T000000Z", updated="20220101T000000Z"),
    # a pair of the office's archive (press memory align): its origin travels as x-origin and comes back
    Unit("常德与东近江市自1994年缔结友好城市以来。", "Changde and Higashiomi have been sister cities since 1994.",
         origin="aligned", translator="Wu Yangyue", release="higashiomi.zh.txt#0a1b2c3d4e5f",
         created="20211107T000000Z", updated="20211107T000000Z"),
]


def test_export_then_import_into_a_fresh_memory_gives_identical_units(tmp_path):
    with Memory(tmp_path / "a.sqlite") as first:
        first.store_many(UNITS)
        assert export_tmx(first, tmp_path / "out.tmx") == len(UNITS)
        original = list(first.units())
    with Memory(tmp_path / "b.sqlite") as second:
        report = import_tmx(tmp_path / "out.tmx", second)
        assert report.as_dict() == {"added": 5, "updated": 0, "unchanged": 0, "skipped": 0, "conflicts": 0,
                                    "examples": []}
        assert list(second.units()) == original == UNITS


def test_export_writes_the_standard_header_and_carries_people_in_ids_and_props(tmp_path):
    with Memory(tmp_path / "a.sqlite") as mem:
        mem.store(UNITS[0])
        export_tmx(mem, tmp_path / "out.tmx")
    text = (tmp_path / "out.tmx").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    root = ET.fromstring(text.split("\n", 2)[2])
    assert root.get("version") == "1.4"
    header = root.find("header").attrib
    assert {k: header[k] for k in ("creationtool", "segtype", "srclang", "datatype", "adminlang")} == {
        "creationtool": "press-pipeline", "segtype": "sentence", "srclang": "zh-CN", "datatype": "plaintext",
        "adminlang": "en-US"}
    assert header["creationtoolversion"] and header["o-tmf"]
    tu = root.find("body/tu")
    assert (tu.get("creationid"), tu.get("changeid")) == ("Wu Yangyue", "Li Na")
    assert (tu.get("creationdate"), tu.get("changedate")) == ("20211109T090211Z", "20211110T021533Z")
    assert {p.get("type"): p.text for p in tu.findall("prop")} == {
        "x-origin": "reviewed", "x-release": UNITS[0].release, "x-source-url": UNITS[0].source_url}
    assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["zh-CN", "en-US"]


@pytest.mark.parametrize("filename, expected, skipped", [
    ("omegat-project_save.tmx", [
        Unit("常德与东近江市自1994年起结为友好城市。", "Changde and Higashiomi have been sister cities since 1994.",
             "imported", "wuyangyue", "wuyangyue", "omegat-project_save.tmx", "",
             "20211109T090211Z", "20211110T021533Z"),
        Unit("双方互派代表团40批350人次。", "The two sides have exchanged 40 delegation visits with 350 people.",
             "imported", "wuyangyue", "editor", "omegat-project_save.tmx", "",
             "20211109T091502Z", "20211111T080000Z"),
        Unit("常德常年向东近江出口柑橘、葡萄、蔬菜等产品。",  # OmegaT's <bpt>/<ept> native codes are dropped
             "Changde exports citrus, grapes, vegetables and other products to Higashiomi all year round.",
             "imported", "wuyangyue", "wuyangyue", "omegat-project_save.tmx", "",
             "20211110T022010Z", "20211110T022010Z"),
        Unit("与此同时，双方还保持着密切的经贸往来。",
             "In the meantime, the two sides have also maintained close economic and trade exchanges.",
             "imported", "wuyangyue", "wuyangyue", "omegat-project_save.tmx", "",
             "20211110T022455Z", "20211110T022455Z"),
    ], 1),  # the untranslated 欢迎词
    ("translate-toolkit-po2tmx.tmx", [
        Unit("常德与东近江市缔结“友好城市协议”", 'Changde and Higashiomi Reached the "Sister City Agreement"',
             "imported", release="translate-toolkit-po2tmx.tmx"),
        Unit("会上，市委外事办表示，将继续推动我市人力资源和特色产业融入长江经济带。",
             "At the meeting, the Foreign Affairs Office of the Municipal Party Committee stated that we will "
             "continue to integrate the city’s human resources and characteristic industries into the Yangtze "
             "River Economic Belt.", "imported", release="translate-toolkit-po2tmx.tmx"),
    ], 1),  # the zh/ja unit has no English side
])
def test_tmx_from_other_cat_tools_is_read(filename, expected, skipped):
    units, skipped_count = read_tmx(DATA / filename)
    assert units == expected and skipped_count == skipped


@pytest.mark.parametrize("filename", ["omegat-project_save.tmx", "translate-toolkit-po2tmx.tmx"])
def test_importing_a_foreign_tmx_twice_changes_nothing_and_the_units_are_found(tmp_path, filename):
    with Memory(tmp_path / "m.sqlite") as mem:
        first = import_tmx(DATA / filename, mem)
        second = import_tmx(DATA / filename, mem)
        assert first.added == mem.stats()["by_origin"]["imported"] > 0
        assert (second.added, second.updated, second.unchanged) == (0, 0, first.added)
        zh = next(mem.units()).zh
        assert mem.exact(zh).origin == "imported"


@pytest.mark.parametrize("filename, content, message, line", [
    ("broken.tmx", None, "not well-formed", 6),
    ("glossary.tbx", '<?xml version="1.0"?>\n<martif type="TBX"><text/></martif>\n', "not <tmx>", None),
    ("empty.tmx", '<tmx version="1.4"><body/></tmx>', "no <header>", None),
    ("missing.tmx", "", "not found", None),
])
def test_unusable_tmx_files_raise_a_memory_error(tmp_path, filename, content, message, line):
    path = DATA / filename if content is None else tmp_path / filename
    if content:
        path.write_text(content, encoding="utf-8")
    with Memory(tmp_path / "m.sqlite") as mem:
        with pytest.raises(MemoryError_, match=message) as caught:
            import_tmx(path, mem)
        assert caught.value.path == str(path) and caught.value.line == line
        assert mem.stats()["units"] == 0


def test_press_memory_commands_import_export_and_count(tmp_path, capsys):
    from pipeline.cli import main

    db = str(tmp_path / "m.sqlite")
    assert main(["memory", "import", str(DATA / "omegat-project_save.tmx"), "--memory", db]) == 0
    assert "4 added, 0 updated, 0 unchanged, 0 conflicts, 1 skipped" in capsys.readouterr().out
    assert main(["memory", "stats", "--json", "--memory", db]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["units"], stats["by_origin"]["imported"], stats["journal_mode"]) == (4, 4, "wal")
    assert main(["memory", "export", str(tmp_path / "all.tmx"), "--memory", db]) == 0
    assert "4 units written" in capsys.readouterr().out
    assert len(read_tmx(tmp_path / "all.tmx")[0]) == 4
    assert main(["memory", "import", str(DATA / "broken.tmx"), "--memory", db]) == 2
    assert capsys.readouterr().err.startswith(f"error: {DATA / 'broken.tmx'}:6: not well-formed XML")


def test_import_streams_units_before_reading_the_whole_file(tmp_path):
    from pipeline.memory.tmx import read_units

    tus = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>第{n}句。</seg></tuv><tuv xml:lang="en"><seg>Sentence {n}.</seg></tuv>'
                  f"</tu>\n" for n in range(5000))
    path = tmp_path / "big.tmx"
    path.write_text(f'<tmx version="1.4"><header creationtool="x"/><body>\n{tus}<broken></body></tmx>\n',
                    encoding="utf-8")
    units = read_units(path)
    first = next(units)  # the first unit arrives although the end of the file is broken
    assert (first[0], first[1].zh) == (2, "第0句。")
    with pytest.raises(MemoryError_, match="not well-formed") as caught:
        list(units)
    assert caught.value.line == 5002
    with Memory(tmp_path / "m.sqlite") as mem:  # and the import stores nothing of such a file
        with pytest.raises(MemoryError_):
            import_tmx(path, mem)
        assert mem.stats()["units"] == 0


def test_a_failed_export_leaves_the_previous_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "all.tmx"
    target.write_text("previous export\n", encoding="utf-8")
    with Memory(tmp_path / "a.sqlite") as mem:
        mem.store_many(UNITS)

        def failing_units():
            yield UNITS[0]
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(mem, "units", failing_units)
        with pytest.raises(PipelineError, match="cannot write the file"):
            export_tmx(mem, target)
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
