"""Vietnamese persons' Sino-Vietnamese readings (Unihan kVietnamese), dictionary names the tagger found whose
gloss is a bare name, and the short forms a draft may write (issue 30): case tables."""
from __future__ import annotations

import bz2
from pathlib import Path

import pytest

from pipeline.engines.base import TranslationRequest
from pipeline.engines.prompt import build_messages
from pipeline.model import NameHint, Release, Segment
from pipeline.names.romanise import hint_note, name_hint
from pipeline.names.vietnamese import folder, reading
from pipeline.stages import check as qa

UNIHAN = (folder() / "Unihan_Readings.txt.bz2").is_file() or (folder() / "Unihan_Readings.txt").is_file()
needs_unihan = pytest.mark.skipif(not UNIHAN, reason=f"no Unihan_Readings.txt in {folder()} (Debian: unicode-data)")

# the Unihan file format (UAX #38): code point, field, value; simplified 陈 is read through 陳
READINGS = "# Unihan_Readings.txt\nU+962E\tkVietnamese\tnguyễn\nU+9673\tkVietnamese\ttrần\n" \
           "U+5927\tkVietnamese\tđại dải\nU+5149\tkVietnamese\tquang\nU+5BCC\tkVietnamese\tphú\n" \
           "U+5149\tkMandarin\tguāng\n"
VARIANTS = "U+9648\tkTraditionalVariant\tU+9673\n"


@pytest.fixture
def unihan(tmp_path: Path) -> Path:
    with bz2.open(tmp_path / "Unihan_Readings.txt.bz2", "wt", encoding="utf-8") as handle:
        handle.write(READINGS)
    (tmp_path / "Unihan_Variants.txt").write_text(VARIANTS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("zh, en", [
    ("陈大光", "Tran Dai Quang"),  # 陈 through its traditional variant; 大's first reading; no diacritics
    ("阮富", "Nguyen Phu"),
    ("阮富仲", ""),  # 仲 has no reading: no half name
    ("", ""),
])
def test_readings_from_a_unihan_folder(unihan, zh, en):
    assert reading(zh, unihan) == en


def test_no_unihan_files_no_readings(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESS_UNIHAN", str(tmp_path))
    assert folder() == tmp_path
    assert reading("陈大光") == ""


@needs_unihan
@pytest.mark.parametrize("zh, en", [
    # Vietnamese leaders as the press writes them (Unicode 15.0's kVietnamese)
    ("陈大光", "Tran Dai Quang"), ("阮氏金银", "Nguyen Thi Kim Ngan"), ("农德孟", "Nong Duc Manh"),
    ("阮明哲", "Nguyen Minh Triet"), ("黎可漂", "Le Kha Pheu"), ("陈德良", "Tran Duc Luong"),
    ("阮富仲", ""), ("阮春福", ""),  # 仲 and 春 have no kVietnamese reading
])
def test_readings_of_the_installed_unihan(zh, en):
    assert reading(zh) == en


@pytest.mark.parametrize("word, tag, kind, en, source", [
    # a bare-name gloss ("Catalonia") for a name the tagger took for a foreign place or person
    ("加泰罗尼亚", "ns", "foreign", "Catalonia", "dictionary"),
    ("切尔西", "nr", "foreign", "Chelsea", "dictionary"),
    ("索契", "ns", "foreign", "Sochi", "dictionary"),  # a place gloss, as before
    # no English for a Chinese organisation from the dictionary (商务部 "Department of Trade")
    ("商务部", "nt", "chinese", "", ""),
    # a Vietnamese person: the reading; a Chinese one with the same characters: pinyin; a place: none
    pytest.param("陈大光", "nr", "vietnamese", "Tran Dai Quang", "reading", marks=needs_unihan),
    ("陈大光", "nr", "chinese", "Chen Daguang", ""),
    ("郑铉复", "nr", "korean", "", ""),
])
def test_hints(word, tag, kind, en, source):
    hint = name_hint(word, tag, kind)
    assert (hint.en, hint.source) == (en, source)


def test_the_reviewer_note_names_the_reading():
    hint = NameHint("陈大光", "Tran Dai Quang", "nr", "vietnamese", "reading")
    assert hint_note(hint) == "Sino-Vietnamese reading: 陈大光 → Tran Dai Quang (verify)"


def test_readings_are_offered_like_the_dictionary():
    hints = (NameHint("陈大光", "Tran Dai Quang", "nr", "vietnamese", "reading"),
             NameHint("加泰罗尼亚", "Catalonia", "ns", "foreign", "dictionary"))
    prompt = build_messages(TranslationRequest(zh="陈大光在加泰罗尼亚。", hints=hints))[-1]["content"]
    assert "Dictionary English of names (the usual spelling):\n陈大光 = Tran Dai Quang\n加泰罗尼亚 = Catalonia" in prompt


PELOSI = NameHint("佩洛西", "Nancy Pelosi", "nr", "foreign", "dictionary")
QUANG = NameHint("陈大光", "Tran Dai Quang", "nr", "vietnamese", "reading")
NEW_ZEALAND = NameHint("新西兰", "New Zealand", "ns", "foreign", "dictionary")


@pytest.mark.parametrize("en, hint, found", [
    ("Pelosi said so.", PELOSI, []),  # a person's surname alone: the press's later mention
    ("Nancy Pelosi said so.", PELOSI, []),
    ("Pei Luoxi said so.", PELOSI, ["佩洛西 is ‘Nancy Pelosi’ (CC-CEDICT); the draft does not write it"]),
    ("President Tran Dai Quang came.", QUANG, []),
    ("President Chen Daguang came.", QUANG,
     ["陈大光 is ‘Tran Dai Quang’ (Sino-Vietnamese reading); the draft does not write it"]),
    ("He flew to Zealand.", NEW_ZEALAND,  # a place's last word is no short form
     ["新西兰 is ‘New Zealand’ (CC-CEDICT); the draft does not write it"]),
])
def test_names_as_given_accepts_a_persons_short_form(en, hint, found):
    release = Release(path=Path("r.txt"), headline="", segments=(
        Segment(id="p1.s1", zh=hint.zh + "说。", paragraph=1, en=en, origin="engine", hints=(hint,)),))
    issues = qa.check_names_as_given(release.segments[0], release)
    assert [issue.message for issue in issues] == found
    assert all(issue.severity == "warning" for issue in issues)
