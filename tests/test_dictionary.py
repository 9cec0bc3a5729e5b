"""CC-CEDICT under the glossary: senses, longest matches, proper names, and where the file comes from."""
from __future__ import annotations

import pytest

from pipeline import dictionary
from pipeline.dictionary import DictionaryError, content_gloss
from pipeline.errors import PipelineError


@pytest.fixture(scope="module")
def cedict():
    return dictionary.load(dictionary.bundled_path())


def test_the_bundled_file_is_cc_cedict_under_cc_by_sa(cedict):
    assert cedict.header["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert cedict.header["publisher"] == "MDBG"
    assert len(cedict) > 115_000
    assert cedict.signature == f"cedict 2020-12-21 sha256:{cedict.sha256[:12]}"


@pytest.mark.parametrize("word, glosses", [
    ("捐赠", ("to contribute (as a gift)", "to donate", "benefaction")),
    ("物资", ("goods", "supplies")),
    ("斯里兰卡", ("Sri Lanka", "(formerly) Ceylon")),
    ("阮富仲", ()),  # not every name is there (issue 30)
])
def test_glosses_of_a_word(cedict, word, glosses):
    assert cedict.glosses(word) == glosses
    assert (word in cedict) == bool(glosses)


def test_a_word_with_two_readings_has_two_senses(cedict):
    senses = cedict.senses("好")
    assert [sense.pinyin for sense in senses] == ["hao3", "hao4"]
    assert senses[0].traditional == "好" and "good" in senses[0].glosses


@pytest.mark.parametrize("word, name", [
    ("埃德蒙顿", "Edmonton"),  # "Edmonton, capital of Alberta, Canada"
    ("基督城", "Christchurch"),  # "Christchurch (New Zealand city)"
    ("白求恩", "Norman Bethune"),  # dates of life
    ("文在寅", "Moon Jae-in"),
    ("潘基文", "Ban Ki Moon"),
    ("常德", "Changde"),  # "Changde prefecture-level city in Hunan"
    ("萨尔茨堡", "Salzburg"),
    ("史密斯", "Smith"),  # a name, though a common-surname character starts it
    ("斯里兰卡", "Sri Lanka"),
    ("国务院", "State Council"),
])
def test_proper_name_senses_give_their_english(cedict, word, name):
    assert [sense.name for sense in cedict.names(word)][:1] == [name]


@pytest.mark.parametrize("word", [
    "张",  # "surname Zhang" is no name, and zhang1 "to open up" is lower case
    "李", "捐赠", "物资", "市",
    "全国人大",  # "abbr. for …": the full form is the entry to use
])
def test_surnames_words_and_abbreviations_are_not_names(cedict, word):
    assert cedict.names(word) == ()
    assert all(sense.name == "" for sense in cedict.senses(word))


def test_longest_matches_left_to_right(cedict):
    found = cedict.matches("向斯里兰卡阿努拉达普拉市捐赠医疗物资")
    assert [match.word for match in found][:2] == ["向", "斯里兰卡"]
    assert [match.word for match in found][-3:] == ["捐赠", "医疗", "物资"]
    text = "向斯里兰卡阿努拉达普拉市捐赠医疗物资"
    assert all(text[match.start:match.end] == match.word for match in found)
    assert cedict.matches("，。！") == ()  # no entry starts with these


@pytest.mark.parametrize("gloss, words", [
    ("to contribute (as a gift)", "contribute"),
    ("to donate", "donate"),
    ("to help sb do sth", "help do"),
    ("(formerly) Ceylon", "Ceylon"),
    ("the people", "people"),
    ("medical treatment", "medical treatment"),
])
def test_content_gloss(gloss, words):
    assert content_gloss(gloss) == words


ENTRIES = ("# a small CC-CEDICT\n#! date=2024-01-02T00:00:00Z\n"
           "測試 测试 [ce4 shi4] /to test/test/\n常德 常德 [Chang2 de2] /Changde prefecture-level city in Hunan/\n")


def test_a_file_the_user_points_to(tmp_path, press_home, monkeypatch):
    path = tmp_path / "cedict.txt"
    path.write_text(ENTRIES, encoding="utf-8")
    monkeypatch.setenv("PRESS_DICTIONARY", str(path))
    dictionary.use(None)
    assert dictionary.configured_path() == path
    mine = dictionary.load()
    assert len(mine) == 2 and mine.glosses("测试") == ("to test", "test")
    assert mine.signature.startswith("cedict 2024-01-02 sha256:")
    other = tmp_path / "other.txt"
    other.write_text(ENTRIES.replace("测试", "考试"), encoding="utf-8")
    dictionary.use(str(other))  # [paths] dictionary in press.toml outranks the environment
    try:
        assert dictionary.configured_path() == other and "考试" in dictionary.load()
    finally:
        dictionary.use(None)


def test_the_index_is_cached_by_the_files_sha256_and_a_damaged_cache_rebuilt(tmp_path):
    path, cache = tmp_path / "cedict.txt", tmp_path / "cache"
    path.write_text(ENTRIES, encoding="utf-8")
    first = dictionary.Dictionary.read(path, cache)
    stored = cache / f"cedict-{first.sha256[:16]}.index"
    assert stored.is_file()
    assert dictionary.Dictionary.read(path, cache).glosses("常德") == first.glosses("常德")
    stored.write_bytes(b"\x00garbage")
    assert dictionary.Dictionary.read(path, cache).names("常德")[0].name == "Changde"


@pytest.mark.parametrize("content, message", [
    (None, "cannot read the dictionary"),
    ("# only comments\n", "no CC-CEDICT entries"),
    ("this is not a dictionary\n", "no CC-CEDICT entries"),
])
def test_a_bad_dictionary_file_is_an_error_the_user_can_fix(tmp_path, content, message):
    path = tmp_path / "cedict.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError, match=message) as raised:
        dictionary.Dictionary.read(path, None)
    assert isinstance(raised.value, PipelineError) and raised.value.hint and raised.value.path == str(path)
