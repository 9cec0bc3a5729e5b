"""Chinese dates and times against English renderings: case tables relative to a release date."""
from __future__ import annotations

import csv

import pytest

from conftest import REPO
from pipeline.figures import dates

RELEASE = "2021-11-07 08:40:54"  # the seed release (Changde–Higashiomi)
WMT_GOV = REPO / "benchmarks" / "data" / "gov_subset_zh_en.tsv"  # see its SOURCE.md

RENDERINGS = [
    ("2021年11月5日", RELEASE, [("2021年11月5日", "November 5, 2021")]),
    ("11月5日上午", RELEASE, [("11月5日上午", "on the morning of November 5")]),
    ("今年下半年", RELEASE, [("今年下半年", "the second half of 2021")]),
    ("今年下半年", None, [("今年下半年", "the second half of this year")]),
    ("去年", RELEASE, [("去年", "2020")]),
    ("1994年", RELEASE, [("1994年", "1994")]),
    ("5日上午", RELEASE, [("5日上午", "on the morning of November 5")]),
    ("9日", RELEASE, [("9日", "October 9")]),  # after the release day: the month before
    ("5日上午", None, [("5日上午", "on the morning of the 5th")]),
    ("下午3时30分", RELEASE, [("下午3时30分", "at 3:30 p.m.")]),
    ("上午10时", RELEASE, [("上午10时", "at 10 a.m.")]),
    ("11月5日上午10时", RELEASE, [("11月5日上午10时", "at 10 a.m. on November 5")]),
    ("2021年11月", RELEASE, [("2021年11月", "November 2021")]),
    ("今年第一季度", RELEASE, [("今年第一季度", "the first quarter of 2021")]),
    ("去年年底", RELEASE, [("去年年底", "the end of 2020")]),
    ("二〇二一年十一月五日", None, [("二〇二一年十一月五日", "November 5, 2021")]),
    ("十一月十二日至十四日", None, [("十一月十二日", "November 12"), ("十四日", "November 14")]),
    ("11月5日中午", None, [("11月5日中午", "at noon on November 5")]),
    ("星期五", None, [("星期五", "Friday")]),
    ("今年1至8月", RELEASE, [("今年1至8月", "January to August 2021")]),
    ("11月12-14日", None, [("11月12-14日", "November 12 to 14")]),
    ("十点三十分", None, [("十点三十分", "at 10:30")]),
    ("晚上8点", None, [("晚上8点", "at 8 p.m.")]),
    ("同比增长百分之十二点六", RELEASE, []),  # 点 as a decimal point, not o'clock
    ("30日内完成整改", RELEASE, []),  # a duration, not a date
    ("要认识到这一点", RELEASE, []),  # "this point", not one o'clock
    ("他还需休整近20日", RELEASE, []),  # a duration
    ("国际油价连续两日收跌", RELEASE, []),
    ("希望有朝一日在火星建立基地", RELEASE, []),
    ("地处滨海公路凌海段1号，距离市区70公里", RELEASE, []),  # an address
    ("第一时间作出回应", RELEASE, []),
    ("农历九月十五", RELEASE, []),  # a lunar date is not September 15
    ("乘坐地铁1号线", RELEASE, []),
]


@pytest.mark.parametrize(("zh", "release", "expected"), RENDERINGS)
def test_english_dates(zh, release, expected):
    assert dates.english_dates(zh, release) == expected


# (Chinese, English, Chinese dates expected to be reported missing), all relative to RELEASE
PAIRS = [
    ("11月5日上午，借助第22届中日韩友好城市交流大会契机", "On the morning of November 5th, taking the opportunity "
     "of the 22nd China-Japan-Korea Friendship Cities Exchange Conference", []),
    ("11月5日上午，借助第22届中日韩友好城市交流大会契机", "On the morning of November 5, taking the opportunity", []),
    ("11月5日上午，借助第22届中日韩友好城市交流大会契机", "On November 5, taking the opportunity", ["11月5日上午"]),
    ("11月5日上午，借助第22届中日韩友好城市交流大会契机", "On the morning of November 15, taking the opportunity",
     ["11月5日上午"]),
    ("11月5日上午，借助第22届中日韩友好城市交流大会契机", "On the morning of October 5, taking the opportunity",
     ["11月5日上午"]),
    ("2021年11月5日，市委外办召开会议", "On November 5, 2021, the Foreign Affairs Office held a meeting.", []),
    ("2021年11月5日，市委外办召开会议", "On 5 November 2021, the Foreign Affairs Office held a meeting.", []),
    ("2021年11月5日，市委外办召开会议", "On Nov. 5, 2021, the Foreign Affairs Office held a meeting.", []),
    ("2021年11月5日，市委外办召开会议", "On November 5, 2020, the Foreign Affairs Office held a meeting.",
     ["2021年11月5日"]),
    ("今年下半年，双方将互派代表团", "In the second half of 2021, the two sides will exchange delegations.", []),
    ("今年下半年，双方将互派代表团", "In the second half of this year, the two sides will exchange delegations.", []),
    ("今年下半年，双方将互派代表团", "In the first half of this year, the two sides will exchange delegations.",
     ["今年下半年"]),
    ("去年上半年，全市外贸增长", "In the first half of 2020, the city's foreign trade grew.", []),
    ("去年上半年，全市外贸增长", "In the first half of last year, the city's foreign trade grew.", []),
    ("去年上半年，全市外贸增长", "In the first half of 2021, the city's foreign trade grew.", ["去年上半年"]),
    ("去年，常德市接待外宾300人次", "Last year, Changde received 300 foreign guests.", []),
    ("去年，常德市接待外宾300人次", "In 2020, Changde received 300 foreign guests.", []),
    ("去年，常德市接待外宾300人次", "In 2019, Changde received 300 foreign guests.", ["去年"]),
    ("会议于下午3时30分开始", "The meeting began at 3:30 p.m.", []),
    ("会议于下午3时30分开始", "The meeting began at 15:30.", []),
    ("会议于下午3时30分开始", "The meeting began at 3 p.m.", ["下午3时30分"]),
    ("爆炸发生在上午7点50分", "The explosion occurred at 7.50am.", []),
    ("十一月十二日至十四日对越南进行国事访问", "will pay a state visit to Vietnam from November 12 to 14", []),
    ("十一月十二日至十四日对越南进行国事访问", "will pay a state visit to Vietnam from November 12 to 15",
     ["十四日"]),
    ("5日，代表团抵达东近江市", "On November 5, the delegation arrived in Higashiomi.", []),
    ("5日，代表团抵达东近江市", "On the 5th, the delegation arrived in Higashiomi.", []),
    ("5日，代表团抵达东近江市", "On November 6, the delegation arrived in Higashiomi.", ["5日"]),
    ("今年1至8月，全市实际利用外资增长", "From January to August, actual use of foreign capital grew.", []),
    ("今年1至8月，全市实际利用外资增长", "In the first eight months of 2021, foreign capital grew.", []),
    ("今年1至8月，全市实际利用外资增长", "In the first 8 months of this year, foreign capital grew.", []),
    ("今年1至8月，全市实际利用外资增长", "In August, actual use of foreign capital grew.", ["今年1至8月"]),
    ("今年1至8月，全市实际利用外资增长", "From January to August 2020, foreign capital grew.", ["今年1至8月"]),
    ("11月12至14日举办进博会", "The expo is held from November 12 to 14.", []),
    ("11月12至14日举办进博会", "The expo is held on November 14.", ["11月12至14日"]),
    ("9 月 14 日，油田遭到袭击", "The Sept. 14 strikes on the oil field", []),
    ("去年10月，双方签署协议", "Last October, the two sides signed an agreement.", []),
    ("去年10月，双方签署协议", "This October, the two sides signed an agreement.", ["去年10月"]),
    ("星期四凌晨 1 点左右，警方接到报警", "Police were called at about 1am on Thursday", []),
    ("今年以来，全市外贸持续增长", "The city's foreign trade has kept growing.", []),  # 今年 is implied
    ("今年初，双方进行了会谈", "The two sides held talks earlier this year.", []),
    ("该公司于星期一凌晨倒闭", "The company collapsed in the early hours of Monday.", []),
    ("展会于1月9日（北京时间1月10日）至12日举行", "The show was held between January 9 (January 10, Beijing "
     "time) and 12.", []),
    ("今年以来，全市外贸持续增长", "Since the beginning of 2020, foreign trade has kept growing.", ["今年"]),
    ("今年第一季度，全市实际利用外资增长", "In the first quarter of this year, actual use of foreign capital grew.",
     []),
    ("今年第一季度，全市实际利用外资增长", "In Q1 2021, actual use of foreign capital grew.", []),
    ("今年第一季度，全市实际利用外资增长", "In the third quarter, actual use of foreign capital grew.",
     ["今年第一季度"]),
]


@pytest.mark.parametrize(("zh", "en", "missing"), PAIRS)
def test_missing_dates(zh, en, missing):
    assert dates.missing_dates(zh, en, RELEASE) == missing


@pytest.mark.parametrize(("text", "ymd"), [
    ("2021-11-07 08:40:54", (2021, 11, 7)), ("2021/11/7", (2021, 11, 7)), ("2021年11月7日", (2021, 11, 7)),
    ("", None), (None, None), ("unknown", None),
])
def test_release_ymd(text, ymd):
    assert dates.release_ymd(text) == ymd


def test_wmt_government_subset_dates_pass():
    """Real human translations: at most 5% of the 183 pairs may be flagged (measured: 0)."""
    with WMT_GOV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    flagged = [row for row in rows if dates.missing_dates(row["zh"], row["en"])]
    assert len(flagged) <= 0.05 * len(rows)
