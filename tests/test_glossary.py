"""Glossary loading and matching: longest first, variants, non-overlap, the seed's entities in the sample."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import Entry, Glossary, read_tsv

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "changde-higashiomi-2021"

SMALL = Glossary([
    Entry("常德市", "Changde", "city", ("常德",)),
    Entry("中共常德市委", "CPC Changde Municipal Committee", "party-body", ("常德市委",)),
    Entry("中共常德市委外事工作委员会办公室", "Foreign Affairs Office of Changde Municipal Party Committee",
          "office", ("市委外事办",)),
    Entry("东近江市", "Higashiomi", "city", ("東近江市", "东近江"), ("Dongjiang",)),
    Entry("长江经济带", "Yangtze River Economic Belt", "strategy"),
    Entry("重庆市", "Chongqing", "municipality", ("重庆",)),
    Entry("隆重庆祝", "(not a name) celebrate solemnly", "stop"),
])

# (text, expected [(matched text, zh of the entry, en)])
MATCH_CASES = [
    ("中共常德市委外事工作委员会办公室负责人",
     [("中共常德市委外事工作委员会办公室", "中共常德市委外事工作委员会办公室",
       "Foreign Affairs Office of Changde Municipal Party Committee")]),
    ("中共常德市委召开会议", [("中共常德市委", "中共常德市委", "CPC Changde Municipal Committee")]),
    ("常德市委外事办", [("常德", "常德市", "Changde"),
                    ("市委外事办", "中共常德市委外事工作委员会办公室",
                     "Foreign Affairs Office of Changde Municipal Party Committee")]),
    ("与東近江市和东近江交流", [("東近江市", "东近江市", "Higashiomi"), ("东近江", "东近江市", "Higashiomi")]),
    ("融入长江经济带建设，常德市", [("长江经济带", "长江经济带", "Yangtze River Economic Belt"),
                          ("常德市", "常德市", "Changde")]),
    ("𠀀𠀁常德市与東近江市", [("常德市", "常德市", "Changde"), ("東近江市", "东近江市", "Higashiomi")]),
    ("隆重庆祝建党百年，重庆代表出席", [("重庆", "重庆市", "Chongqing")]),  # a stop phrase blocks, never hits
    ("没有术语的句子", []),
    ("", []),
]


@pytest.mark.parametrize("text, expected", MATCH_CASES, ids=[c[0] or "empty" for c in MATCH_CASES])
def test_find_longest_first_non_overlapping_in_text_order(text, expected):
    hits = SMALL.find(text)
    assert [(text[h.start:h.end], h.zh, h.en) for h in hits] == expected
    ends = [h.end for h in hits]
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:])), ends


def test_variant_hit_records_the_form_and_forbidden_renderings():
    (hit,) = SMALL.find("東近江市")
    assert (hit.matched, hit.forbidden, hit.status) == ("東近江市", ("Dongjiang",), "approved")
    (hit,) = SMALL.find("东近江市")
    assert hit.matched == ""


def test_empty_glossary_finds_nothing():
    assert Glossary([]).find("常德市") == []
    assert len(Glossary([])) == 0


def test_lookup_and_hash():
    assert SMALL.lookup("市委外事办").zh == "中共常德市委外事工作委员会办公室"
    assert SMALL.lookup("武汉") is None
    changed = Glossary([Entry("长江经济带", "Yangtze Economic Belt", "strategy") if e.zh == "长江经济带" else e
                        for e in SMALL.entries])
    assert changed.hash != SMALL.hash and len(SMALL.hash) == 16


def test_read_tsv_keeps_file_and_line(tmp_path):
    path = tmp_path / "terms.tsv"
    path.write_text("zh\ten\tkind\tvariants\tforbidden\tstatus\tsource\tnote\n\n"
                    "云外交\tcloud diplomacy\tterm\t\t\t\tseed\n", encoding="utf-8")
    (entry,) = read_tsv(path)
    assert (entry.zh, entry.status, entry.line, entry.file) == ("云外交", "approved", 3, str(path))


def test_shipped_glossary_loads(glossary):
    assert len(glossary) > 700
    assert {e.kind for e in glossary.entries} >= {"city", "country", "office", "party-body", "strategy"}


# Every entity of the seed release: (form in the reconstructed source, approved English, status,
# how the published English release writes it)
SEED_ENTITIES = [
    ("常德", "Changde", "approved", "Changde"),
    ("东近江市", "Higashiomi", "approved", "Higashiomi"),
    ("第22届中日韩友好城市交流大会", "22nd China-Japan-Korea Friendship Cities Exchange Conference", "approved",
     "22nd China-Japan-Korea Friendship Cities Exchange Conference"),
    ("市委外事办", "Foreign Affairs Office of Changde Municipal Party Committee", "approved",
     "Foreign Affairs Office of Changde Municipal Party Committee"),
    ("市商务局", "Municipal Bureau of Commerce of Changde", "approved", "Municipal Bureau of Commerce of Changde"),
    ("日本", "Japan", "approved", "Japan"),
    ("企划科", "Planning Division", "approved", "Planning Division"),
    ("友好城市", "sister city", "approved", "sister cities"),
    ("新冠肺炎", "COVID-19", "approved", "COVID-19"),
    ("德国", "Germany", "approved", "Germany"),
    ("汉诺威市", "Hannover", "approved", "Hannover"),
    ("墨西哥", "Mexico", "approved", "Mexico"),
    ("阿帕斯科市", "Apasco", "proposed", "Apasco"),
    ("斯里兰卡", "Sri Lanka", "approved", "Sri Lanka"),
    ("阿努拉达普拉市", "Anuradhapura", "approved", "Anuradhapura"),
    ("韩国", "South Korea", "approved", "South Korea"),
    ("富川市", "Bucheon", "approved", "Bucheon"),
    ("原州市", "Wonju", "proposed", "Wonju"),
    ("乌干达", "Uganda", "approved", "Uganda"),
    ("穆科诺市", "Mukono", "proposed", "Munoko"),  # the seed's typo; see the note in cities.tsv
    ("云外交", "cloud diplomacy", "approved", "cloud diplomacy"),
    ("长江经济带", "Yangtze River Economic Belt", "approved", "Yangtze River Economic Belt"),
    ("长三角", "Yangtze River Delta", "approved", "Yangtze River Delta"),
    ("粤港澳大湾区", "Guangdong-Hong Kong-Macao Greater Bay Area", "approved",
     "Guangdong-Hong Kong-Macao Greater Bay Area"),
    ("跨境电商", "cross-border e-commerce", "approved", "cross-border e-commerce"),
]


@pytest.fixture(scope="module")
def seed_hits(glossary):
    from pipeline.names.suggest import release_text

    text = release_text(SAMPLE / "source.zh.txt", glossary)
    return text, glossary.find(text)


@pytest.mark.parametrize("form, en, status, published", SEED_ENTITIES, ids=[c[0] for c in SEED_ENTITIES])
def test_every_seed_entity_is_matched_with_its_english(seed_hits, form, en, status, published):
    text, hits = seed_hits
    found = {(text[h.start:h.end], h.en, h.status) for h in hits}
    assert (form, en, status) in found, sorted(f for f in found if f[0] == form)
    assert published in (SAMPLE / "reference.en.txt").read_text(encoding="utf-8")


def test_seed_hits_contain_no_forbidden_or_unknown_english(seed_hits):
    _, hits = seed_hits
    assert {h.en for h in hits} == {e[1] for e in SEED_ENTITIES}
    assert all(h.en not in h.forbidden for h in hits)


def test_dateline_source_site_is_a_term(glossary):
    """The dateline (read into Meta, not the body) names 常德政府网, which the seed keeps in Chinese."""
    (hit,) = glossary.find("来源：常德政府网")
    assert (hit.zh, hit.en) == ("常德政府网", "Changde Government Website")
