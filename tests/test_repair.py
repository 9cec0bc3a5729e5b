"""Mechanical repairs after the retry (pipeline/stages/repair.py) and the repetition check: case tables."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.stages import check as qa
from pipeline.model import Meta, Release, Segment, TermHit
from pipeline.stages.repair import headline_style, repair

HANNOVER = TermHit("汉诺威", "Hannover", "city", 0, 3)
HIGASHIOMI = TermHit("东近江市", "Higashiomi", "city", 0, 4,
                     forbidden=("Dongjiang", "Dongjiang City", "Higashi-Omi"))
CHANGDE = TermHit("常德市", "Changde", "city", 0, 3)
HUNAN = TermHit("湖南省", "Hunan Province", "province", 0, 3)


def repaired(zh: str, en: str, terms=(), paragraph: int = 1, date: str = "2021-11-07 08:40:54"):
    segment = Segment("p1.s1" if paragraph else "p0.s1", zh, paragraph, terms=tuple(terms), en=en, origin="engine")
    release = Release(path=Path("r.txt"), headline="", meta=Meta(date=date), segments=(segment,))
    return repair(segment, release)


# Chinese, draft, glossary terms, the repaired draft (None: left as it is)
CASES = [
    # figures: a slip of magnitude, or the wrong currency, next to the right number
    ("总投资3.5亿元。", "Total investment was 3.5 billion yuan.", (), "Total investment was 350 million yuan."),
    ("总投资3.5亿元。", "Total investment was RMB 3.5 billion.", (), "Total investment was RMB 350 million."),
    ("总投资3.5亿元。", "Total investment was 35 million yuan.", (), "Total investment was 350 million yuan."),
    ("投资860万美元。", "It invested 8.6 million yuan.", (), "It invested 8.6 million US dollars."),
    ("总投资3.5亿元。", "Total investment was 350 million yuan.", (), None),  # right already
    ("总投资3.5亿元。", "Total investment was huge.", (), None),  # no anchor: stays an error
    ("投资3亿元和30亿元。", "It invested 3 billion yuan and 3 billion yuan.", (), None),  # ambiguous
    # glossary names: a forbidden form, a near-miss spelling
    ("常德与东近江市签约。", "Changde and Dongjiang signed.", (CHANGDE, HIGASHIOMI), "Changde and Higashiomi signed."),
    ("常德与东近江市签约。", "Changde and Higashi-Omi signed.", (CHANGDE, HIGASHIOMI), "Changde and Higashiomi signed."),
    ("汉诺威代表团来访。", "A delegation from Hanover visited.", (HANNOVER,), "A delegation from Hannover visited."),
    ("汉诺威代表团来访。", "A delegation from Germany visited.", (HANNOVER,), None),  # missing: no anchor
    ("湖南省代表团来访。", "A delegation from Henan visited.", (HUNAN,), None),  # one word is no name of two
    # dates: month, day, year, or the part of day next to the right date
    ("11月5日上午，双方会谈。", "On November 5, the two sides held talks.", (),
     "On the morning of November 5, the two sides held talks."),
    ("11月5日，双方会谈。", "On October 5, the two sides held talks.", (), "On November 5, the two sides held talks."),
    ("2020年11月5日，双方会谈。", "On November 5, 2021, the two sides held talks.", (),
     "On November 5, 2020, the two sides held talks."),
    ("11月5日，双方会谈；12月1日再谈。", "On November 5 and December 2, they met.", (), None),  # two dates
]


@pytest.mark.parametrize("zh, en, terms, expected", CASES, ids=[f"{i}:{case[1][:30]}" for i, case in enumerate(CASES)])
def test_mechanical_repairs(zh, en, terms, expected):
    result, repairs = repaired(zh, en, terms)
    assert result == (expected or en)
    assert bool(repairs) is (expected is not None)
    assert all(fix.note().startswith("repaired: “") for fix in repairs)


def test_a_repair_is_an_info_issue_for_the_reviewer():
    en, repairs = repaired("总投资3.5亿元。", "Total investment was 3.5 billion yuan.")
    segment = Segment("p1.s1", "总投资3.5亿元。", 1, en=en, origin="engine", repairs=tuple(r.note() for r in repairs))
    release = Release(path=Path("r.txt"), headline="", segments=(segment,))
    [issue] = [issue for issue in qa.segment_issues(segment, release) if issue.check == "repairs_made"]
    assert issue.severity == "info" and "“3.5 billion yuan” → “350 million yuan”" in issue.message


@pytest.mark.parametrize("headline, expected", [
    ("Changde and Higashiomi Reached the Sister City Agreement.", "Changde and Higashiomi Reached the Sister City Agreement"),
    ("Changde Signs with Apasco Co.", "Changde Signs with Apasco Co."),
    ("What Next for U.S.", "What Next for U.S."),
    ("Talks Continue...", "Talks Continue..."),
    ("Changde Welcomes Guests", "Changde Welcomes Guests"),
])
def test_headline_style_has_no_final_full_stop(headline, expected):
    assert headline_style(headline) == expected
    assert repaired("常德欢迎客人", headline, paragraph=0)[0] == expected


@pytest.mark.parametrize("zh, en, flagged", [
    ("两市在经贸领域开展合作。", "The two cities cooperate in trade, the two cities cooperate in trade.", True),
    ("两市开展合作。", "The two cities will cooperate and the two cities will cooperate closely.", True),
    ("两市开展合作。", "The two cities will cooperate closely.", False),
    # the Chinese says it twice too
    ("十九大报告指出，十九大精神要落实。", "The 19th CPC National Congress report says the spirit of the 19th CPC "
     "National Congress must be implemented.", False),
])
def test_repetition_check(zh, en, flagged):
    segment = Segment("p1.s1", zh, 1, en=en, origin="engine")
    release = Release(path=Path("r.txt"), headline="", segments=(segment,))
    assert bool(qa.check_no_repetition(segment, release)) is flagged
