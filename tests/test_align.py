"""`press memory align`: reading both sides, sentence alignment (case tables; the Higashiomi sample aligned
by hand), pairing folders, and the units that go into the memory."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES

from pipeline import dictionary
from pipeline.align.aligner import Layout, align
from pipeline.align.anchors import Evidence, Lexicon, compare, stems
from pipeline.align.archive import align_release
from pipeline.align.pairing import name_key, pair_by_map, pair_by_name
from pipeline.align.sides import read_english, split_english
from pipeline.errors import InputError
from pipeline.model import Credits
from pipeline.stages.assemble import read_credits

SAMPLE = SAMPLES / "changde-higashiomi-2021"
ZH = SAMPLE / "source.zh.txt"
EN_TEXT = (SAMPLE / "reference.en.txt").read_text(encoding="utf-8")
# the published English of the Higashiomi sample aligned by hand with its Chinese (segment ids both sides):
# the English splits four of the eight Chinese sentences in two
GOLD = (
    (("p0.s1",), ("p0.s1",)),
    (("p1.s1",), ("p1.s1", "p1.s2")),  # ... through video connections. | Future exchange plans were also discussed.
    (("p2.s1",), ("p2.s1", "p2.s2")),  # sister cities since 1994. | 40 delegation visits with 350 people.
    (("p2.s2",), ("p2.s3", "p2.s4")),  # close economic and trade exchanges. | For example, Changde exports ...
    (("p3.s1",), ("p3.s1", "p3.s2")),  # ... Apasco Mexico. | Changde also donated medical materials ...
    (("p3.s2",), ("p3.s3",)),  # "cloud diplomacy"
    (("p4.s1",), ("p4.s1", "p4.s2")),  # ... e-commerce platform. | We will also carry out ...
    (("p4.s2",), ("p4.s3",)),  # It is hoped that Higashiomi City ...
)


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon(dictionary.load())


def beads(aligned) -> tuple:
    return tuple((pair.zh_ids, pair.en_ids) for pair in aligned.pairs)


@pytest.mark.parametrize("text, sentences", [
    ("Mr. Li met Dr. Smith in the U.S. on Jan. 5. He left.", ["Mr. Li met Dr. Smith in the U.S. on Jan. 5.", "He left."]),
    ('He said: "It works." Then J. K. Rowling spoke.', ['He said: "It works."', "Then J. K. Rowling spoke."]),
    ("It cost 3.5 billion yuan. Done! Really? Yes.", ["It cost 3.5 billion yuan.", "Done!", "Really?", "Yes."]),
    ("No. 5 Middle School opened. It has 40 classes.", ["No. 5 Middle School opened.", "It has 40 classes."]),
    ("The talks ended. and then", ["The talks ended. and then"]),  # a lower-case word starts no sentence
    ("In 2021. 350 people came.", ["In 2021.", "350 people came."]),
])
def test_english_sentences(text, sentences):
    assert split_english(text) == sentences


@pytest.mark.parametrize("paragraphs, body, credits", [
    (("Body.", "Translator: Wu Yangyue", "Chinese source:"), ("Body.",), Credits("Wu Yangyue")),
    (("Body.", "Translator: Wu Yangyue Reviewer: Li Na Chinese source: http://x.cn/1"), ("Body.",),
     Credits("Wu Yangyue", "Li Na", "http://x.cn/1")),
    (("Body.", "Translator: A", "Reviewer: B"), ("Body.",), Credits("A", "B")),
    (("The Translator: a film.", "Body."), ("The Translator: a film.", "Body."), Credits()),  # not at the end
    (("Body.",), ("Body.",), Credits()),
])
def test_credit_lines_are_recognised_and_left_out(paragraphs, body, credits):
    assert read_credits(paragraphs) == (body, credits)


def test_the_seed_english_is_read_with_its_metadata_and_without_its_credits(spine_context):
    english = read_english(SAMPLE / "reference.en.txt", spine_context)
    assert english.release.headline == 'Changde and Higashiomi Reached the "Sister City Agreement"'
    assert (english.release.meta.source, english.release.meta.date) == ("常德政府网", "2021-11-07 08:40:54")
    assert english.credits == Credits("Wu Yangyue")
    assert len(english.sentences) == 13 and english.sentences[-1].text.endswith("cultural tourism.")
    assert not any("Translator" in s.text or "Source:" in s.text for s in english.sentences)


@pytest.mark.parametrize("source", ["source.zh.txt", "source.zh.docx", "source.zh.html"])
def test_every_pair_of_the_sample_is_aligned_as_by_hand(source, spine_context, lexicon):
    aligned = align_release(SAMPLE / source, SAMPLE / "reference.en.txt", spine_context, lexicon)
    assert beads(aligned) == GOLD
    assert all(pair.accepted(0.9) for pair in aligned.pairs)


def _edited(tmp_path: Path, change) -> Path:
    path = tmp_path / "edited.en.txt"
    path.write_text(change(EN_TEXT), encoding="utf-8")
    return path


# edits of the published English whose alignment is known from GOLD: (name, edit, expected beads)
DROPPED_FUTURE = tuple(b if b[0] != ("p1.s1",) else (("p1.s1",), ("p1.s1",)) for b in GOLD)
CASES = [
    ("as published", lambda text: text, GOLD),
    ("a sentence dropped (1-1 instead of 1-2)", lambda text: text.replace(" Future exchange plans were also "
                                                                          "discussed.", ""), DROPPED_FUTURE),
    ("two paragraphs run together", lambda text: text.replace("were also discussed.\n\n", "were also discussed. "),
     ((("p0.s1",), ("p0.s1",)), (("p1.s1",), ("p1.s1", "p1.s2")), (("p2.s1",), ("p1.s3", "p1.s4")),
      (("p2.s2",), ("p1.s5", "p1.s6")), (("p3.s1",), ("p2.s1", "p2.s2")), (("p3.s2",), ("p2.s3",)),
      (("p4.s1",), ("p3.s1", "p3.s2")), (("p4.s2",), ("p3.s3",)))),
    ("a sentence with no Chinese (0-1)", lambda text: text.replace(
        "all year round.", "all year round. The delegation also visited a museum."),
     GOLD[:4] + (((), ("p2.s5",)),) + GOLD[4:]),
    ("credits run together, a Reviewer line", lambda text: text.replace(
        "Translator: Wu Yangyue\n\nChinese source:", "Translator: Wu Yangyue\nReviewer: Li Na\nChinese source: x"),
     GOLD),
    ("hard-wrapped lines", lambda text: text.replace("taking the opportunity of the 22nd ",
                                                     "taking the opportunity\nof the 22nd "), GOLD),
]


@pytest.mark.parametrize("name, change, expected", CASES, ids=[case[0] for case in CASES])
def test_alignment_cases(name, change, expected, tmp_path, spine_context, lexicon):
    aligned = align_release(ZH, _edited(tmp_path, change), spine_context, lexicon)
    assert beads(aligned) == expected


def test_a_chinese_sentence_without_english_is_a_1_0_pair_never_stored(tmp_path, spine_context, lexicon):
    zh = tmp_path / "zh.txt"
    zh.write_text(ZH.read_text(encoding="utf-8").replace("凝聚共识。", "凝聚共识。全市共接待外宾1200人次。"),
                  encoding="utf-8")
    aligned = align_release(zh, SAMPLE / "reference.en.txt", spine_context, lexicon)
    alone = [pair for pair in aligned.pairs if not pair.en]
    assert [(pair.zh_ids, pair.zh) for pair in alone] == [(("p3.s3",), "全市共接待外宾1200人次。")]
    assert not alone[0].accepted(0.0) and alone[0].reasons(0.9) == ("no English found for this Chinese",)
    assert all(unit.zh != alone[0].zh for unit in aligned.units(0.9))


def test_units_are_aligned_credited_and_dated_by_the_release(spine_context, lexicon):
    aligned = align_release(ZH, SAMPLE / "reference.en.txt", spine_context, lexicon)
    units = aligned.units(0.9)
    assert len(units) == 8 and {unit.origin for unit in units} == {"aligned"}
    assert {(unit.translator, unit.created, unit.updated) for unit in units} == {
        ("Wu Yangyue", "20211107T000000Z", "20211107T000000Z")}
    assert units[1].en == ("On the morning of November 5th, taking the opportunity of the 22nd China-Japan-Korea "
                           "Friendship Cities Exchange Conference, the Foreign Affairs Office of Changde Municipal "
                           "Party Committee, the Municipal Bureau of Commerce of Changde and the heads of the Planning "
                           "Division of Higashiomi City, Japan had a discussion regarding further exchange and the "
                           "continual of friendship through video connections. Future exchange plans were also "
                           "discussed.")
    assert units[0].release.startswith("source.zh.txt#")


def ev(length: int, figures=(), text: str = "") -> Evidence:
    """Evidence of a sentence of `length` characters: its figures, and English words when `text` is given."""
    from decimal import Decimal

    return Evidence(length, frozenset(Decimal(f) for f in figures), text=text.lower(), content=stems(text))


# the DP alone, on lengths and figures: (Chinese evidence, English evidence, expected beads as index tuples)
DP_CASES = [
    ("1-1 throughout", [ev(30, [1994]), ev(40, [40]), ev(25, [350])],
     [ev(117, [1994]), ev(156, [40]), ev(98, [350])], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]),
    ("1-2", [ev(30, [1994]), ev(60, [40, 350])], [ev(117, [1994]), ev(120, [40]), ev(115, [350])],
     [((0,), (0,)), ((1,), (1, 2))]),
    ("2-1", [ev(30, [40]), ev(30, [350]), ev(40, [2021])], [ev(230, [40, 350]), ev(156, [2021])],
     [((0, 1), (0,)), ((2,), (1,))]),
    ("1-0", [ev(30, [1994]), ev(35, [88]), ev(40, [40])], [ev(117, [1994]), ev(156, [40])],
     [((0,), (0,)), ((1,), ()), ((2,), (1,))]),
    ("0-1", [ev(30, [1994]), ev(40, [40])], [ev(117, [1994]), ev(130, [77]), ev(156, [40])],
     [((0,), (0,)), ((), (1,)), ((1,), (2,))]),
]


@pytest.mark.parametrize("name, zh, en, expected", DP_CASES, ids=[case[0] for case in DP_CASES])
def test_dynamic_programming_cases(name, zh, en, expected):
    found = align(zh, en, compare)
    assert [(bead.zh, bead.en) for bead in found] == expected
    assert all(0.0 <= bead.score <= 1.0 for bead in found)


def test_a_bead_never_mixes_the_headline_with_the_body():
    layout = Layout.of([0, 1, 1], [0, 1, 1])
    found = align([ev(10), ev(40, [40]), ev(30, [350])], [ev(150, [40]), ev(117, [350]), ev(40)], compare,
                  layout=layout)
    assert all(len({0 in bead.zh, 0 in bead.en}) == 1 or not (bead.zh and bead.en) for bead in found)


@pytest.mark.parametrize("name, key", [
    ("2021/higashiomi.zh.txt", "2021/higashiomi"), ("2021/Higashiomi.EN.docx", "2021/higashiomi"),
    ("higashiomi_cn.html", "higashiomi"), ("higashiomi-english.txt", "higashiomi"),
    ("higashiomi（英文）.docx", "higashiomi"), ("zhen.txt", "zhen"), ("source.zh.txt", "source"),
])
def test_name_keys(name, key, tmp_path):
    assert name_key(tmp_path / name, tmp_path) == key


def test_folders_pair_by_name_and_report_files_without_a_partner(tmp_path):
    for path in ("zh/a.zh.txt", "zh/2021/b.txt", "zh/c.txt", "zh/a.zh.align.docx", "zh/c.en.docx", "en/a.en.txt",
                 "en/2021/b.en.docx", "en/d.txt", "en/notes.md", "en/.~lock.d.txt"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    found = pair_by_name(tmp_path / "zh", tmp_path / "en")
    assert [(zh.name, en.name) for zh, en in found.pairs] == [("b.txt", "b.en.docx"), ("a.zh.txt", "a.en.txt")]
    assert [p.name for p in found.lonely_zh] == ["c.txt"] and [p.name for p in found.lonely_en] == ["d.txt"]


def test_two_files_of_one_side_with_one_name_are_refused(tmp_path):
    for path in ("zh/a.zh.txt", "zh/a.txt", "en/a.en.txt"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="two files share the name 'a'") as error:
        pair_by_name(tmp_path / "zh", tmp_path / "en")
    assert "--map" in error.value.hint


@pytest.mark.parametrize("rows, expected", [
    ("zh,en\nsource.zh.txt,reference.en.txt\n", None),
    ("\ufeffsource.zh.txt,reference.en.txt\n\n", None),
    ("zh,en\nsource.zh.txt,missing.txt\n", "2: no such file"),
    ("zh,en\nsource.zh.txt\n", "2: a row needs two file names"),
    ("zh,en\n", "the map lists no pair"),
])
def test_a_csv_map_pairs_files(rows, expected, tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text(rows, encoding="utf-8")
    if expected is None:
        assert pair_by_map(SAMPLE, SAMPLE, mapping).pairs == ((SAMPLE / "source.zh.txt", SAMPLE / "reference.en.txt"),)
        return
    with pytest.raises(InputError, match=expected):
        pair_by_map(SAMPLE, SAMPLE, mapping)
