"""Only reviewed English teaches the drafts (issue 32): the trust order in recall, honest labels on every
match a reviewer sees, cleaning a memory of engine drafts, and names nobody licensed."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import config as config_module
from pipeline import runner
from pipeline.config import Config
from pipeline.context import Context
from pipeline.engines.base import Draft
from pipeline.errors import PipelineError
from pipeline.glossary import Glossary
from pipeline.memory import Memory, Unit
from pipeline.model import UNIT_ORIGINS, Release, Segment
from pipeline.names.english import unlicensed_names
from pipeline.names.romanise import kind_in, name_hint
from pipeline.ooxml import open_document
from pipeline.outputs import review as review_file
from pipeline.outputs import write_outputs, xliff
from pipeline.stages.names import tag_names
from pipeline.stages.recall import recall
from pipeline.stages.status import decide, label

from conftest import REPO

VISITS = "双方互派代表团40批350人次。"
SIMILAR = "双方互派代表团30批200人次。"  # 81 % like VISITS
EARLIER = "曹赛先主任会见英国友人白玉兰"  # the earlier release's headline (友人: no official's title, issue 33)
LATER = "曹赛先主任会见法国友人"  # a later release about another foreign friend: 80 % like EARLIER
EARLIER_EN = "Director Cao Saixian Meets British Friend Bai Yulan"
LATER_EN = "Director Cao Saixian Meets French Friends"


def ctx_with(memory: Memory | None, trusted=config_module.TRUSTED, engine=None) -> Context:
    glossary = Glossary.load(REPO / "glossary")
    return Context(config=Config(engine="none", quiet=True, drafting="sentence", trusted=tuple(trusted)),
                   glossary=glossary, engine=engine, memory=memory)


def recalled(memory: Memory, zh: str, trusted=config_module.TRUSTED) -> Segment:
    release = Release(path=Path("r.zh.txt"), headline=zh, segments=(Segment("p1.s1", zh, 1),))
    return recall(release, ctx_with(memory, trusted)).segments[0]


# --- the trust order ---------------------------------------------------------------------------------------

# (origins stored for VISITS, trusted origins, the segment looked up) -> (examples' origins, notes)
NBSP = "\u00a0"
CASES = [
    # an unreviewed engine draft is never an example; of the same sentence it is shown, labelled
    (("engine",), ("reviewed", "aligned"), VISITS, (), (f"earlier draft, not reviewed 100{NBSP}%: engine English",)),
    (("engine",), ("reviewed", "aligned"), SIMILAR, (), ()),  # of another sentence it is not even shown
    (("engine",), ("reviewed", "aligned", "imported"), SIMILAR, (), ()),
    # reviewed and aligned units teach by default; imported ones only where press.toml trusts them
    (("reviewed",), ("reviewed", "aligned"), SIMILAR, ("reviewed",), (f"reviewed 81{NBSP}%: reviewed English",)),
    (("aligned",), ("reviewed", "aligned"), SIMILAR, ("aligned",), (f"archive 81{NBSP}%: aligned English",)),
    (("imported",), ("reviewed", "aligned"), SIMILAR, (),
     (f"imported 81{NBSP}% (TMX from old.tmx): imported English",)),
    (("imported",), ("reviewed", "aligned", "imported"), SIMILAR, ("imported",),
     (f"imported 81{NBSP}% (TMX from old.tmx): imported English",)),
    (("aligned",), ("reviewed",), SIMILAR, (), (f"archive 81{NBSP}%: aligned English",)),
    # every origin at once: the trusted ones teach, best first, the draft is only shown
    (UNIT_ORIGINS, ("reviewed", "aligned"), SIMILAR, ("reviewed", "aligned"),
     (f"reviewed 81{NBSP}%: reviewed English", f"archive 81{NBSP}%: aligned English",
      f"imported 81{NBSP}% (TMX from old.tmx): imported English")),
    (("engine", "imported"), ("reviewed", "aligned"), VISITS, (),
     (f"imported 100{NBSP}% (TMX from old.tmx): imported English",
      f"earlier draft, not reviewed 100{NBSP}%: engine English")),
]


@pytest.mark.parametrize("stored, trusted, zh, examples, notes", CASES)
def test_only_trusted_units_are_examples_and_every_match_says_where_it_came_from(tmp_path, stored, trusted, zh,
                                                                                  examples, notes):
    with Memory(tmp_path / "memory.sqlite") as memory:
        for origin in stored:
            memory.store(Unit(VISITS, f"{origin} English", origin=origin,
                              release="old.tmx" if origin == "imported" else "x.zh.txt#abc"))
        segment = recalled(memory, zh, trusted)
    assert (segment.en, segment.origin) == ("", "untranslated")  # only a reviewed exact match fills a segment
    assert tuple(match.origin for match in segment.matches) == examples
    assert segment.notes == notes
    # the Status column calls only a trusted match a memory match
    drafted = replace(segment, en="Draft.", origin="engine")
    assert label(replace(drafted, status=decide(drafted))) == (
        f"fuzzy {segment.matches[0].score:.0f}{NBSP}%" if examples else "engine")


def test_a_reviewed_exact_match_fills_the_segment_and_an_engine_one_never_does(tmp_path):
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.store(Unit(VISITS, "engine English", origin="engine"))
        memory.store(Unit(VISITS, "aligned English", origin="aligned"))
        assert recalled(memory, VISITS).en == ""
        memory.store(Unit(VISITS, "reviewed English", origin="reviewed"))
        reused = recalled(memory, VISITS)
    assert (reused.en, reused.origin, reused.notes) == ("reviewed English", "memory", ("memory: reviewed match",))


# --- a later release must not inherit an earlier unreviewed name --------------------------------------------

class CopyingEngine:
    """A model that copies the first example it is given (what issue 32 saw a real model do), and otherwise
    drafts from a script; records every request."""

    name = "copying"
    concurrency = 1
    signature = {"engine": "copying", "model": "script", "model_sha256": "", "prompt_version": "1"}

    def __init__(self, drafts: dict[str, str]):
        self.drafts, self.requests = drafts, []

    def translate(self, request) -> Draft:
        self.requests.append(request)
        return Draft(request.examples[0].en if request.examples else self.drafts[request.zh])


def translate(path: Path, ctx: Context) -> Release:
    return runner.run(runner.prepare(path, ctx, stop_after="names"), ctx, start_after="names",
                      stop_after="remember")


@pytest.mark.parametrize("earlier_origin, trusted, inherits", [
    ("engine", config_module.TRUSTED, False),  # the trust order: the earlier draft is no example
    ("engine", UNIT_ORIGINS, True),  # the recall before it: the earlier draft was the example
    ("reviewed", config_module.TRUSTED, True),  # a reviewer approved it: a real example (and right to follow)
])
def test_a_later_release_does_not_inherit_an_earlier_unreviewed_name(tmp_path, earlier_origin, trusted, inherits):
    (tmp_path / "earlier.zh.txt").write_text(f"{EARLIER}\n\n曹赛先主任会见了白玉兰。\n", encoding="utf-8")
    (tmp_path / "later.zh.txt").write_text(f"{LATER}\n\n曹赛先主任会见了法国驻广州总领事。\n", encoding="utf-8")
    engine = CopyingEngine({EARLIER: EARLIER_EN, LATER: LATER_EN, "曹赛先主任会见了白玉兰。": "Director Cao Saixian met "
                            "Bai Yulan.", "曹赛先主任会见了法国驻广州总领事。": "Director Cao Saixian met the French "
                            "Consul General in Guangzhou."})
    with Memory(tmp_path / "memory.sqlite") as memory:
        ctx = ctx_with(memory, trusted, engine)
        first = translate(tmp_path / "earlier.zh.txt", ctx)
        assert first.segments[0].en == EARLIER_EN
        if earlier_origin == "reviewed":  # the reviewer's English of the earlier headline
            memory.store(Unit(EARLIER, EARLIER_EN, origin="reviewed", reviewer="Li Na"))
        later = translate(tmp_path / "later.zh.txt", ctx)
    headline = later.segments[0]
    request = next(r for r in engine.requests if r.zh == LATER)  # (a retry may follow)
    assert bool(request.examples) is inherits
    assert ("Bai Yulan" in headline.en) is inherits
    named = [issue.message for issue in later.issues if issue.check == "no_added_names"
             and issue.segment_id == headline.id]
    # an inherited name is a finding, with every engine; the reviewer sees where the example came from
    assert named == ([f"the draft names ‘{name}’, the source does not" for name in ("British", "Bai Yulan")]
                     if inherits else [])
    shown = [note for note in headline.notes if "Bai Yulan" in note]
    assert shown == ([f"{earlier_origin} 80{NBSP}%: {EARLIER_EN}"] if inherits else [])


# --- what the reviewer and the CAT tool see ----------------------------------------------------------------

def test_review_file_and_xliff_never_present_an_earlier_draft_as_a_memory_match(tmp_path):
    (tmp_path / "r.zh.txt").write_text(f"{LATER}\n\n{VISITS}\n{SIMILAR}\n", encoding="utf-8")
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.store(Unit(VISITS, "Earlier unreviewed draft.", origin="engine"))
        memory.store(Unit(VISITS, "Reviewed English.", origin="reviewed", reviewer="Li Na"))
        memory.store(Unit(LATER, "Earlier unreviewed headline.", origin="engine"))
        release = runner.run(runner.prepare(tmp_path / "r.zh.txt", ctx_with(memory), stop_after="names"),
                             ctx_with(memory), start_after="names")
    outputs = write_outputs(release, tmp_path / "out")
    rows = {row.cells[0].text: [cell.text for cell in row.cells]
            for row in open_document(outputs["review"]).tables[0].rows[1:]}
    headline = rows["p0.s1"]
    assert f"earlier draft, not reviewed 100{NBSP}%: Earlier unreviewed headline." in headline[3].splitlines()
    assert headline[4] == "untranslated"  # not "fuzzy 100 %"
    body = [rows[key] for key in rows if key != "p0.s1"]
    assert [row[2] for row in body] == ["Reviewed English.", ""]
    assert f"reviewed 81{NBSP}%: Reviewed English." in body[1][3].splitlines() and body[1][4] == f"fuzzy 81{NBSP}%"
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert [m["origin"] for seg in data["segments"] for m in seg["matches"]] == ["reviewed"]
    xliff.write(release, tmp_path / "r.xlf")
    alternatives = ET.parse(tmp_path / "r.xlf").getroot().iter(f"{{{xliff.NS12}}}alt-trans")
    assert [(alt.get("origin"), alt.get("match-quality")) for alt in alternatives] == [
        ("press-pipeline memory (reviewed)", "81")]


def test_a_release_written_before_the_trust_order_loses_its_engine_matches_when_read(tmp_path):
    from pipeline.outputs import json as release_json

    release = Release(path=Path("r.zh.txt"), headline=VISITS, segments=(Segment("p0.s1", VISITS),))
    path = tmp_path / "r.json"
    release_json.write(release, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["segments"][0]["matches"] = [{"zh": VISITS, "en": "Old draft.", "score": 100.0, "origin": "engine"},
                                      {"zh": VISITS, "en": "Reviewed.", "score": 95.0, "origin": "reviewed"}]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert [m.origin for m in release_json.load_release(path).segments[0].matches] == ["reviewed"]


# --- press.toml [memory] trusted -----------------------------------------------------------------------------

@pytest.mark.parametrize("toml, trusted, message", [
    ("", ("reviewed", "aligned"), None),
    ("[memory]\ntrusted = [\"reviewed\", \"aligned\", \"imported\"]\n", ("reviewed", "aligned", "imported"), None),
    ("[memory]\ntrusted = [\"reviewed\"]\n", ("reviewed",), None),
    ("[memory]\ntrusted = []\n", (), None),
    ("[memory]\ntrusted = [\"reviewed\", \"engine\"]\n", None, "(never the engine's unreviewed drafts)"),
    ("[memory]\ntrusted = [\"approved\"]\n", None, "is not a list of memory origins"),
    ("[memory]\ntrusted = \"reviewed\"\n", None, "is not a list of memory origins"),
    ("[memory]\nthreshold = 80\n", None, "unknown setting threshold in [memory]"),
    ("memory = 3\n", None, "memory = 3 is outside its section"),  # [paths] memory, written above the sections
])
def test_memory_trust_is_configured_in_press_toml_and_checked(tmp_path, toml, trusted, message):
    path = tmp_path / "press.toml"
    path.write_text(toml, encoding="utf-8")
    if message is None:
        assert config_module.load(path=path).trusted == trusted
        return
    with pytest.raises(PipelineError) as error:
        config_module.load(path=path)
    assert message in error.value.message and str(error.value.path) == str(path)


# --- cleaning a memory that holds engine drafts ----------------------------------------------------------------

@pytest.fixture
def drafts_memory(tmp_path) -> str:
    location = str(tmp_path / "memory.sqlite")
    with Memory(location) as memory:
        memory.store(Unit(VISITS, "Reviewed.", origin="reviewed", reviewer="Li Na"))
        memory.store(Unit(VISITS, "Draft one.", origin="engine"))
        memory.store(Unit(SIMILAR, "Draft two.", origin="engine"))
        memory.store(Unit(LATER, "Imported.", origin="imported"))
    return location


@pytest.mark.parametrize("argv, code, out, left", [
    (["--origin", "engine", "--dry-run"], 0, "2 engine units in {m} would be deleted (--dry-run: nothing deleted)",
     {"reviewed": 1, "imported": 1, "engine": 2}),
    (["--origin", "engine", "--yes"], 0, "deleted 2 engine units from {m}", {"reviewed": 1, "imported": 1}),
    (["--origin", "aligned", "--yes"], 0, "0 aligned units in {m}", {"reviewed": 1, "imported": 1, "engine": 2}),
    (["--origin", "engine"], 2, "deleting them needs a confirmation", {"reviewed": 1, "imported": 1, "engine": 2}),
    (["--origin", "reviewed", "--yes"], 2, "invalid choice", {"reviewed": 1, "imported": 1, "engine": 2}),
    (["1", "--origin", "engine"], 2, "not both", {"reviewed": 1, "imported": 1, "engine": 2}),
])
def test_memory_delete_by_origin_counts_asks_and_cleans(drafts_memory, run_cli, argv, code, out, left):
    result = run_cli(["memory", "delete", *argv, "--memory", drafts_memory])
    assert result.code == code
    assert out.format(m=drafts_memory) in (result.stdout if code == 0 else result.stderr)
    stats = json.loads(run_cli(["memory", "stats", "--json", "--memory", drafts_memory]).stdout)
    assert {origin: n for origin, n in stats["by_origin"].items() if n} == left


@pytest.mark.parametrize("answer, left", [("y\n", 0), ("n\n", 2), ("\n", 2)])
def test_memory_delete_by_origin_asks_on_a_terminal(drafts_memory, run_cli, monkeypatch, answer, left):
    class Terminal:
        def isatty(self) -> bool:
            return True

        def readline(self) -> str:
            return answer

    monkeypatch.setattr("sys.stdin", Terminal())
    result = run_cli(["memory", "delete", "--origin", "engine", "--memory", drafts_memory])
    assert result.code == 0 and f"delete 2 engine units in {drafts_memory}? [y/N]" in result.stdout
    with Memory(drafts_memory) as memory:
        assert memory.stats()["by_origin"]["engine"] == left


def test_memory_stats_counts_every_origin(drafts_memory, run_cli):
    result = run_cli(["memory", "stats", "--memory", drafts_memory])
    assert "4 units for 3 source sentences — reviewed 1, aligned 0, imported 1, engine 2" in result.stdout


# --- a person or place nobody licensed --------------------------------------------------------------------------

NAMES = [
    # a Chinese name in pinyin that the source writes in no reading
    ("曹赛先主任会见英国驻广州总领事", "Zhou Derui and Cao Saixian Meet the Consul General", ["Zhou Derui"]),
    ("曹赛先主任会见英国驻广州总领事", "Director Cao Saixian Meets the Consul General", []),
    ("重庆市市长会见代表团", "The Mayor of Chongqing Meets the Delegation", []),  # 重 read chong, not zhong
    ("曾庆红出席", "Zeng Qinghong attended", []),  # a surname's own reading
    # a given or family name the dictionary knows, after a title in the same phrase
    ("市长会见英国驻广州总领事", "The Mayor Meets the Consul General in Guangzhou Katherine Bauer",
     ["Katherine Bauer"]),
    ("市长会见英国驻广州总领事", "Consul General Katherine Bauer of the United Kingdom", ["Katherine Bauer"]),
    ("市长会见英国驻广州总领事白凯瑟（Katherine Bauer）", "The Mayor Meets Consul General Katherine Bauer", []),
    ("市长会见斯里兰卡外长马拉帕纳", "The Mayor Meets Foreign Minister Tilak Marapana", []),  # unknown: not judged
    ("市长说，凯瑟琳·鲍尔来访。", "The Mayor said Katherine Bauer visited.", []),  # no title: not certain
    # a Chinese-character name the English writes in another reading accounts for one titled name
    ("越共中央总书记阮富仲会见", "General Secretary Nguyen Phu Trong met", []),
    # places as before
    ("马里博尔市长访问常德。", "The mayor of Marseilles, France visited Changde.", ["Marseilles", "France"]),
    ("常德与东近江市结为友好城市。", "Changde and Higashiomi became sister cities.", []),
]


@pytest.mark.parametrize("zh, en, expected", NAMES)
def test_a_person_or_place_nobody_licensed_is_named(zh, en, expected):
    glossary = Glossary.load(REPO / "glossary")
    hints = [name_hint(word, tag, kind_in(zh, word, tag, start)) for word, tag, start in tag_names(zh, glossary)]
    assert unlicensed_names(zh, en, glossary.find(zh), hints) == expected


def test_the_release_s_bracketed_names_license_a_name_in_every_segment():
    zh, en = "市长会见英国驻广州总领事", "The Mayor Meets Consul General Katherine Bauer"
    assert unlicensed_names(zh, en) == ["Katherine Bauer"]
    assert unlicensed_names(zh, en, also=("Katherine", "Bauer")) == []


def test_review_notes_label_the_origin_of_the_first_draft(tmp_path):
    """The Notes cell reads "reviewed 81 %", never the old unlabelled "memory 81%"."""
    release = Release(path=Path("r.zh.txt"), headline=SIMILAR, segments=(Segment("p0.s1", SIMILAR),))
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.store(Unit(VISITS, "Reviewed.", origin="reviewed"))
        segment = recall(release, ctx_with(memory)).segments[0]
    notes = review_file.notes_for(segment, replace(release, segments=(segment,)))
    assert notes == [f"reviewed 81{NBSP}%: Reviewed."]
    assert review_file.NOTE_TEXT.search(notes[0]) and not review_file.NOTE_TEXT.search(
        "China imported 20% more soybeans: a record.")
