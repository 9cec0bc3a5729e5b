"""Chinese dates and times (2021年11月5日上午, 今年下半年, 下午3时30分) -> English, and checking them.

Relative expressions (今年, 去年, 5日 without a month) are resolved against the release date.  Bare
years (1994年) are rendered here but checked by numbers.py, so one wrong year is reported once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .numbers import ordinal, to_ascii_digits, zh_numeral

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = {"一": "Monday", "二": "Tuesday", "三": "Wednesday", "四": "Thursday", "五": "Friday",
            "六": "Saturday", "日": "Sunday", "天": "Sunday"}
# part of day -> (English phrase, regex of what the English may say instead)
_AM, _PM = r"(?<![a-z])a\.?m\b", r"(?<![a-z])p\.?m\b"
PARTS = {"上午": ("morning", rf"morning|{_AM}"), "早上": ("morning", rf"morning|{_AM}"),
         "早晨": ("morning", rf"morning|{_AM}"), "凌晨": ("early morning", rf"morning|dawn|midnight|early hours|{_AM}"),
         "中午": ("noon", r"noon|midday|lunch"), "下午": ("afternoon", rf"afternoon|{_PM}"),
         "傍晚": ("evening", rf"evening|dusk|{_PM}"), "晚上": ("evening", rf"evening|night|{_PM}"),
         "夜间": ("night", r"night|evening")}
RELATIVE_YEARS = {"今年": (0, ("this year", "the year")), "本年": (0, ("this year", "the year")),
                  "去年": (-1, ("last year", "previous year", "a year earlier", "a year ago")),
                  "明年": (1, ("next year", "coming year")), "前年": (-2, ("year before last",))}
PERIODS = {"上半年": ("the first half of", ("first half", "first six months", "h1")),
           "下半年": ("the second half of", ("second half", "latter half", "last six months", "h2")),
           "一季度": ("the first quarter of", ("first quarter", "q1")),
           "二季度": ("the second quarter of", ("second quarter", "q2")),
           "三季度": ("the third quarter of", ("third quarter", "q3")),
           "四季度": ("the fourth quarter of", ("fourth quarter", "q4")),
           "前三季度": ("the first three quarters of", ("first three quarters", "first nine months")),
           "年初": ("the beginning of", ("beginning", "start", "early", "earlier")),
           "初": ("the beginning of", ("beginning", "start", "early", "earlier")),
           "年中": ("the middle of", ("middle", "mid-")),
           "年底": ("the end of", ("end", "late", "year-end")), "底": ("the end of", ("end", "late")),
           "年末": ("the end of", ("end", "late", "year-end"))}

_CN = "[零〇○一二两三四五六七八九十]"
_N = rf"(?:\d{{1,2}}|{_CN}{{1,3}})"
_YEAR = r"(?:\d{4}|[零〇○一二三四五六七八九]{4})"
_REL = "今年|本年|去年|明年|前年"
_PART = "|".join(PARTS)
# 点 is a clock only before 半/钟/minutes or a non-digit: 十二点六 is 12.6
_S = r"\s?"  # some sources space out figures: 11 月 9 日
_TO = rf"{_S}[至到\-~—–－]{_S}"
_TIME = (rf"(?P<hour>{_N}){_S}(?:时|点(?=半|钟|{_S}{_N}{_S}分|[^零〇○一二三四五六七八九\d]|$))"
         rf"(?:{_S}(?P<minute>{_N}){_S}分|(?P<half>半))?")
_PERIOD = "前三季度|上半年|下半年|第?[一二三四1-4]季度|年初|年中|年底|年末"
_PATTERN = re.compile(
    rf"(?:(?:(?:(?P<year>{_YEAR}){_S}年|(?P<rel>{_REL})){_S})?(?:(?P<mfrom>{_N}){_TO})?(?P<month>{_N}){_S}月"
    rf"(?:{_S}(?:(?P<dfrom>{_N}){_TO})?(?P<day>{_N}){_S}[日号])?"
    rf"|(?<![\d月零〇○一二两三四五六七八九十])(?P<dday>{_N}){_S}"
    rf"(?:日(?!内|以|之|后|左右|均)|号(?=上午|下午|晚|[，,在至到]))"
    rf"|(?:(?P<pyear>{_YEAR}){_S}年|(?P<prel>{_REL}))(?P<period>{_PERIOD}|初|底)"
    rf"|(?P<oyear>{_YEAR}){_S}年(?!代|度)|(?P<orel>{_REL})"
    rf"|(?:星期|周)(?P<weekday>[一二三四五六日天])(?!年))"
    rf"(?:{_S}(?P<part>{_PART}))?(?:{_S}{_TIME})?"
    rf"|(?:(?P<tpart>{_PART}){_S})?{_TIME.replace('?P<', '?P<t')}"
)


@dataclass(frozen=True)
class DateMention:
    """A date, period or time found in a Chinese sentence, resolved as far as the release date allows."""

    text: str
    span: tuple[int, int]
    year: int | None = None
    relative: str = ""  # 今年 | 去年 | … when the year came from the release date (or could not)
    month: int | None = None
    day: int | None = None
    period: str = ""  # a PERIODS key
    part: str = ""  # a PARTS key
    hour: int | None = None
    minute: int = 0
    weekday: str = ""
    first_day: int | None = None  # 12-14日: 12 (to 14)
    first_month: int | None = None  # 1至8月: January (to August)
    month_inferred: bool = False  # 5日: the month came from the release date, "the 5th" also passes
    range_end: bool = False  # the 14日 of 十一月十二日至十四日: its month is the previous mention's


def release_ymd(release_date: str | None) -> tuple[int, int, int] | None:
    """Return (year, month, day) from "2021-11-07 08:40:54", "2021/11/7" or "2021年11月7日", else None."""
    match = re.search(r"(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})", release_date or "")
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _int(text: str | None) -> int | None:
    """Return the integer written in Arabic or Chinese digits, or None."""
    if not text:
        return None
    value = int(text) if text.isdigit() else zh_numeral(text)
    return int(value) if value is not None else None


def parse_dates(zh: str, release_date: str | None = None) -> list[DateMention]:
    """Return the dates, periods and times of a Chinese sentence, resolving relative ones."""
    today = release_ymd(release_date)
    mentions: list[DateMention] = []
    for match in _PATTERN.finditer(to_ascii_digits(zh)):
        mention = _mention(match, zh, today)
        if mention is None:
            continue
        previous = mentions[-1] if mentions else None
        if (previous and previous.month and mention.day and match.group("dday")
                and re.fullmatch(r"[^，。,；;]{0,3}[至到\-~－—–]+\s*", zh[previous.span[1]:mention.span[0]])):
            mention = replace(mention, month=previous.month, year=previous.year, range_end=True)
        mentions.append(mention)
    return mentions


def _mention(match: re.Match, zh: str, today: tuple[int, int, int] | None) -> DateMention | None:
    """Return the DateMention for one _PATTERN match, or None when the numbers are not a date."""
    group = match.group
    if zh[max(0, match.start() - 2):match.start()] in ("农历", "阴历"):
        return None  # 农历九月十五: a lunar date, not September 15
    relative = group("rel") or group("prel") or group("orel") or ""
    year = _int(group("year") or group("pyear") or group("oyear"))
    if relative and today:
        year = today[0] + RELATIVE_YEARS[relative][0]
    month, day = _int(group("month")), _int(group("day") or group("dday"))
    if group("dday") and not _is_day(zh, match):
        return None
    if group("dday") and today and day is not None:  # 5日 in a release of 7 November is 5 November; of 3 November, 5 October
        month = today[1] if day <= today[2] else (today[1] - 2) % 12 + 1
    hour = _int(group("hour") or group("thour"))
    if group("thour") and not (group("thour").isdigit() or group("tpart") or group("tminute")
                               or group("thalf") or zh[match.end():match.end() + 1] == "钟"):
        return None  # 这一点, 第一时间: "a point", "at once" — not one o'clock
    minute = 30 if group("half") or group("thalf") else _int(group("minute") or group("tminute")) or 0
    first_month, first_day = _int(group("mfrom")), _int(group("dfrom"))
    if first_day is not None and not (day is not None and 1 <= first_day < day):
        return None
    if first_month is not None and not (month and 1 <= first_month < month):
        return None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    if hour is not None and not 0 <= hour <= 24 or minute > 59:
        return None
    period = group("period") or ""
    period = re.sub(r"^第|[1-4]", lambda m: "一二三四"[int(m.group()) - 1] if m.group().isdigit() else "",
                    period)
    return DateMention(zh[match.start():match.end()], match.span(), year, relative, month, day, period,
                       group("part") or group("tpart") or "", hour, minute,
                       WEEKDAYS.get(group("weekday") or "", ""), first_day, first_month,
                       bool(group("dday")))


def _is_day(zh: str, match: re.Match) -> bool:
    """Return whether a bare 5日/3号 is a day of the month, not 近20日, 连续两日, 有朝一日 or 段1号."""
    number, before = match.group("dday"), zh[max(0, match.start() - 2):match.start()]
    if "两" in number or re.search(r"[近约连续前后每有这那上下数几终朝一]$", before):
        return False
    if before.endswith(("路", "街", "段", "道", "巷", "楼", "室", "栋", "村")):
        return False  # an address: 滨海公路凌海段1号
    return number != "一" or bool(match.group("part") or match.group("hour"))


def _time_en(mention: DateMention) -> str:
    """Return "10 a.m.", "3:30 p.m." or "15:00" for the mention's clock time."""
    hour, minute = mention.hour, mention.minute
    assert hour is not None, "only a mention with a clock time has one"
    evening = mention.part in ("下午", "傍晚", "晚上", "夜间") or hour > 12
    if not mention.part and hour <= 12:
        return f"{hour}:{minute:02d}"
    hour = hour - 12 if hour > 12 else hour
    clock = f"{hour}:{minute:02d}" if minute else f"{hour}"
    return f"{clock} {'p.m.' if evening else 'a.m.'}"


def _year_en(mention: DateMention) -> str:
    """Return the year as English: "2021", or "this year" when no release date resolved 今年."""
    if mention.year is not None:
        return str(mention.year)
    return RELATIVE_YEARS[mention.relative][1][0] if mention.relative else ""


def render(mention: DateMention) -> str:
    """Return the English for a mention: "November 5, 2021", "on the morning of November 5", "2020"."""
    year = _year_en(mention)
    if mention.period:
        base = f"{PERIODS[mention.period][0]} {year or 'the year'}"
    elif mention.first_month and mention.month:  # _mention keeps a first month only before a later month
        base = f"{MONTHS[mention.first_month - 1]} to {MONTHS[mention.month - 1]}"
        base += f" {mention.year}" if mention.year else ""
    elif mention.month:
        days = f"{mention.first_day} to {mention.day}" if mention.first_day else mention.day
        base = MONTHS[mention.month - 1] + (f" {days}" if mention.day else "")
        base += (", " if mention.day else " ") + year if mention.year else ""
    elif mention.day:
        base = f"the {ordinal(mention.day)}"
    elif mention.weekday:
        base = mention.weekday
    else:
        base = year
    if mention.hour is not None:
        return f"at {_time_en(mention)}" + (f" on {base}" if base else "")
    if mention.part:
        phrase = PARTS[mention.part][0]
        if not base:
            return f"in the {phrase}"
        return f"at noon on {base}" if phrase == "noon" else f"on the {phrase} of {base}"
    return base


def english_dates(zh: str, release_date: str | None = None) -> list[tuple[str, str]]:
    """Return each date or time of a Chinese sentence with its English, resolved against the release date."""
    return [(mention.text, render(mention)) for mention in parse_dates(zh, release_date)]


def _says_day(en: str, month: int | None, day: int) -> bool:
    """Return whether the English names the day (with its month when known): "November 5", "5th of Nov."."""
    ordinal = rf"{day}(?:st|nd|rd|th)?"
    if month is None:
        return bool(re.search(rf"\b{day}(?:st|nd|rd|th)\b", en) or re.search(
            rf"\b(?:{'|'.join(name[:3] for name in MONTHS)})[a-z]*\.?\s+{ordinal}\b", en, re.I))
    name = rf"{MONTHS[month - 1][:3]}[a-z]*\.?"  # November, Nov., Sept.
    return bool(re.search(rf"\b{name}\s+(?:the\s+)?{ordinal}\b", en, re.I)
                or re.search(rf"\b{ordinal}\s+(?:of\s+)?{name}", en, re.I))


def _says_months(en: str, first: int, last: int) -> bool:
    """Return whether the English gives a month range: "January to August", "first eight months"."""
    names = all(re.search(rf"\b{MONTHS[month - 1][:3]}", en, re.I) for month in (first, last))
    count = last - first + 1
    words = ("", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")
    return names or first == 1 and bool(re.search(rf"\bfirst (?:{count}|{words[count]}) months", en, re.I))


def _says_time(en: str, mention: DateMention) -> bool:
    """Return whether the English gives the clock time as 10 a.m., 10:00, 3:30 p.m. or 15:30."""
    hour, minute = mention.hour, mention.minute
    assert hour is not None, "only a mention with a clock time has one"
    twelve = hour - 12 if hour > 12 else hour
    clocks = {rf"{hour}[:.]{minute:02d}", rf"{twelve}[:.]{minute:02d}"}
    if mention.part in ("下午", "傍晚", "晚上", "夜间") and hour < 12:
        clocks.add(rf"{hour + 12}[:.]{minute:02d}")
    if not minute:
        clocks |= {rf"{twelve}\s*(?:a\.?m\.?|p\.?m\.?|o'clock)", rf"{hour}\s*(?:a\.?m\.?|o'clock)"}
        clocks.add(rf"(?<=at ){twelve}(?![\d:.])")  # "on Saturday night at 7"
    return any(re.search(rf"\b{clock}", en, re.I) for clock in clocks)


def _says_year(en: str, mention: DateMention) -> bool:
    """Return whether the English gives the year in digits or as a relative phrase (this year …)."""
    if mention.year is not None and re.search(rf"(?<!\d){mention.year}(?!\d)", en):
        return True
    phrases = RELATIVE_YEARS[mention.relative][1] if mention.relative else ()
    lower = en.lower()
    if any(phrase in lower for phrase in phrases):
        return True
    # "last May", "next summer", "last Christmas": the relative word on a month or season
    word = {"去年": "last", "明年": "next", "今年": "this", "本年": "this"}.get(mention.relative)
    named = MONTHS[mention.month - 1].lower() if mention.month else \
        "spring|summer|autumn|fall|winter|christmas|new year"
    return bool(word and re.search(rf"\b{word} (?:{named})", lower))


def found_in(en: str, mention: DateMention) -> bool:
    """Return whether every part of the mention (year, month, day, period, part of day, time) is in en."""
    lower = en.lower()
    checks = []
    bare_year = not (mention.month or mention.period or mention.part
                     or mention.weekday or mention.hour is not None)
    # 今年 may go unsaid in a release (alone or with a month or period), but not be contradicted
    implied = mention.relative in ("今年", "本年")
    if (mention.year is not None or mention.relative) and (mention.relative or not bare_year):
        other_year = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", en)
        checks.append(_says_year(en, mention) or implied and not (other_year and mention.year))
    if mention.first_month and mention.month:  # _mention keeps a first month only before a later month
        checks.append(_says_months(en, mention.first_month, mention.month))
    elif mention.month and not mention.day:
        checks.append(bool(re.search(rf"\b{MONTHS[mention.month - 1][:3]}", en, re.I)))
    if mention.first_day:
        checks.append(_says_day(en, mention.month, mention.first_day))
    if mention.day and (mention.range_end or mention.first_day):  # "November 12 to 14", "12-14 November"
        checks.append(bool(re.search(rf"(?<![\d:.]){mention.day}(?:st|nd|rd|th)?\b", en)))
    elif mention.day:
        checks.append(_says_day(en, mention.month, mention.day)
                      or mention.month_inferred and _says_day(en, None, mention.day))
    if mention.period:
        checks.append(any(word in lower for word in PERIODS[mention.period][1]))
    if mention.hour is not None:
        checks.append(_says_time(en, mention))
    elif mention.part:
        checks.append(bool(re.search(PARTS[mention.part][1], lower)))
    if mention.weekday:
        checks.append(mention.weekday.lower() in lower)
    return all(checks)


def missing_dates(zh: str, en: str, release_date: str | None = None) -> list[str]:
    """Return the text of each Chinese date or time the English does not state (bare years: numbers.py)."""
    return [mention.text for mention in parse_dates(zh, release_date) if not found_in(en, mention)]
