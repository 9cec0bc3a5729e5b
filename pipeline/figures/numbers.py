"""Chinese and English quantities: parsing (万/亿, 百分之, 余/约/近), English rendering, comparison by value.

Tolerance rules (also in docs/qa.md):
1. Figures compare by value: 3.5亿 == 350 million == 350,000,000 == 0.35 billion; 两万 == 20,000 ==
   20 thousand == twenty thousand.  No rounding: 3.46亿 needs 346 million.
2. Qualifiers (余/多/以上/约/近/超过…) do not change the value compared: 一百余 matches "more than 100"
   and also a bare "100" (the qualifier is rendered by english_figures, not enforced).
3. Units only refuse a match when both sides name an incompatible one: 3.5亿元 fails against
   "350 million US dollars"; a bare "350 million" is accepted.  Percent and percentage points are
   compatible with each other and with a bare number.
4. Presence, not multiplicity: a value found once in the English satisfies every Chinese figure with
   that value.
5. Not checked here: Chinese-character numerals of ten or less without a currency/percent unit
   (两国, 三个代表, 十分), vague amounts (数百, 上万, 千万), month/day/time numbers (dates.py checks
   those) and malformed runs such as 十三五.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .numbers_en import CURRENCIES, Quantity, parse_en  # noqa: F401  (re-exported API)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MULT = r"(?:[十百万亿]|千(?![瓦米克]))"  # 千瓦, 千米, 千克 are units, not thousands
_ZH = rf"(?:[零〇○一二两三四五六七八九]|{_MULT})+(?:点[零〇○一二三四五六七八九]+)?"
_NUMBER = re.compile(rf"(?P<ar>{_AR})(?:\s?(?P<armult>{_MULT}+))?|(?P<zh>{_ZH})")

# Longest first: the first prefix that matches the text after a number wins.
_UNITS = (
    ("个百分点", "percentage points", ""), ("%", "percent", ""), ("亿元", "yuan", ""),
    ("万元", "yuan", ""), ("元人民币", "yuan", ""), ("美元", "US dollars", ""),
    ("欧元", "euros", ""), ("日元", "yen", ""), ("英镑", "pounds", ""), ("港元", "Hong Kong dollars", ""),
    ("港币", "Hong Kong dollars", ""), ("韩元", "won", ""), ("卢布", "rubles", ""), ("元", "yuan", ""),
    ("平方公里", "", "square kilometers"), ("平方米", "", "square meters"), ("公里", "", "kilometers"),
    ("千米", "", "kilometers"), ("千瓦时", "", "kilowatt-hours"), ("千瓦", "", "kilowatts"),
    ("千克", "", "kilograms"), ("公顷", "", "hectares"), ("吨", "", "tons"), ("亩", "", "mu"),
    ("人次", "", ""), ("届", "ordinal", ""), ("个月", "", "months"), ("周年", "ordinal", "anniversary"),
    ("倍", "times", ""),
    ("次", "", "times"), ("人", "", "people"), ("天", "", "days"), ("岁", "", "years old"),
)
_QUALIFIER_BEFORE = (("不少于", "at least"), ("不低于", "at least"), ("不超过", "no more than"),
                     ("超过", "more than"), ("多达", "as many as"), ("将近", "nearly"),
                     ("接近", "nearly"), ("大约", "about"), ("不到", "less than"),
                     ("不足", "less than"), ("至少", "at least"), ("逾", "more than"),
                     ("约", "about"), ("近", "nearly"))
_QUALIFIER_AFTER = (("余", "more than"), ("多", "more than"), ("以上", "more than"),
                    ("左右", "about"), ("上下", "about"))
_VAGUE_BEFORE = ("数", "几", "上", "成", "好")  # 数百, 几十, 上万, 成千: no definite figure


def to_ascii_digits(text: str) -> str:
    """Return text with full-width digits, point, comma and percent sign made ASCII (same length)."""
    return text.translate(_FULLWIDTH)


def zh_numeral(text: str) -> Decimal | None:
    """Return the value of a Chinese-character numeral (三千五百, 十二点六, 二〇二一), or None if malformed."""
    whole, _, fraction = text.partition("点")
    value = _zh_integer(whole)
    if value is None:
        return None
    if not fraction:
        return Decimal(value)
    if any(ch not in _ZH_DIGITS for ch in fraction):
        return None
    return Decimal(f"{value}." + "".join(str(_ZH_DIGITS[ch]) for ch in fraction))


def _zh_integer(text: str) -> int | None:
    """Return the integer a positional Chinese numeral spells (两万 = 20000), or None if malformed."""
    if text and all(ch in _ZH_DIGITS for ch in text):  # digit by digit: 二〇二一, 一九九四
        return int("".join(str(_ZH_DIGITS[ch]) for ch in text)) if len(text) in (1, 4) else None
    total, section, digit, last_unit, after_zero = 0, 0, None, 0, False
    for ch in text:
        if ch in _ZH_DIGITS:
            if digit is not None and not after_zero:
                return None  # 十三五, 七一: two digits without a unit are not one number
            after_zero = after_zero or ch in "零〇○"
            digit = _ZH_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit, last_unit, after_zero = None, _SMALL_UNITS[ch], False
        elif ch == "万":
            section = (section + (digit or 0)) * 10**4
            digit, last_unit, after_zero = None, 10**4, False
        elif ch == "亿":
            total = (total + section + (digit or 0)) * 10**8
            section, digit, last_unit, after_zero = 0, None, 10**8, False
        else:
            return None
    if digit is not None:
        # 一百五 = 150, 三千五 = 3500: a trailing digit counts in the next lower place
        section += digit * (last_unit // 10 if last_unit >= 100 and not after_zero else 1)
    return total + section


def _match_prefix(text: str, table: tuple) -> tuple | None:
    """Return the first entry of table whose first element text starts with."""
    for entry in table:
        if text.startswith(entry[0]):
            return entry
    return None


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    """Return (English qualifier, start of the qualifier) for a figure starting at start."""
    for zh, en in _QUALIFIER_BEFORE:
        if text[max(0, start - len(zh)):start] == zh:
            return en, start - len(zh)
    return "", start


def _is_date_or_time(rest: str, before: str, arabic: bool, match_text: str = "") -> bool:
    """Return whether a number followed by rest is a month, day or clock time (dates.py's job)."""
    rest = rest.lstrip()
    if rest[:1] in ("月", "日", "号", "时", "分", "秒"):
        return True
    if rest[:1] == "点" and (arabic or not re.match(r"点[零〇○一二三四五六七八九]", rest)):
        return True  # 10点, 十点半: a time, not a decimal point
    if match_text.count("点") and re.match(r"[零〇○一二三四五六七八九十]*分", rest):
        return True  # 十点三十分: a clock time whose minutes look like a decimal
    if re.match(r"[至到\-~—–－、和或]\s*[\d零〇○一二三四五六七八九十]+\s*[月日号]", rest):
        return True  # the 1 of 1至8月, the 12 of 12-14日, the 9 of 9、10月
    if re.match(r"[:：]\s?\d", rest) or re.search(r"\d\s?[:：]\s?$", before):
        return True  # 9:30
    if rest[:1] == "年" and re.match(r"年\s*[\d零〇○一二三四五六七八九十]+\s*月", rest):
        return True  # the year of a full date
    return bool(re.search(r"[时点]\s*$", before))  # 9点30分: the minutes


def _value(match: re.Match) -> Decimal | None:
    """Return the value of a _NUMBER match."""
    if match.group("ar"):
        value = Decimal(match.group("ar").replace(",", ""))
        for ch in match.group("armult") or "":
            value *= _MULTIPLIERS[ch]
        return value
    return zh_numeral(match.group("zh"))


def _skip_zh_run(run: str, value: Decimal, before: str, unit: str) -> bool:
    """Return whether a Chinese-character numeral is not a figure worth checking."""
    if run[0] in "百千万亿" or before.endswith(_VAGUE_BEFORE) or before.endswith("之"):
        return not before.endswith("百分之") or run == "百"  # 千万 (must), 百姓, 上万, 之一, 百分之百
    if value <= 10 and unit not in CURRENCIES + ("percent", "percentage points"):
        return True  # 两国, 三个代表, 十分: words, not figures
    return False


def parse_zh(text: str) -> list[Quantity]:
    """Return the figures (amounts, counts, percents, years, ordinals) written in a Chinese sentence."""
    plain = to_ascii_digits(text)
    found: list[Quantity] = []
    for match in _NUMBER.finditer(plain):
        quantity = _quantity_at(plain, text, match)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity_at(plain: str, text: str, match: re.Match) -> Quantity | None:
    """Return the Quantity a _NUMBER match starts, with its qualifiers and unit, or None."""
    value = _value(match)
    start, end = match.span()
    before, rest = plain[max(0, start - 3):start], plain[end:]
    if value is None or _is_date_or_time(rest, before, bool(match.group("ar")), match.group()):
        return None
    if re.match(r"\s?世纪\s?[\d零〇一二三四五六七八九十]+\s?年代", rest):
        return None  # the 20 of 20世纪90年代: the decade carries it
    approx, left = _qualifier_before(plain, start)
    # 4个亿 = 4亿, but 20个亿元以上项目 is twenty projects of over 100 million yuan
    tail = re.match(r"(?:\s?(余|多|以上|左右|上下))?(?:\s?(?:个(?=[万亿](?!元?以上)))?([万亿]+))?", rest)
    assert tail is not None, "every part of the pattern is optional: it always matches"
    after = _match_prefix(tail.group(1) or "", _QUALIFIER_AFTER)
    approx = approx or (after[1] if after else "")
    shared = re.match(r"\s?[-~～至到—–－]\s?\d+(?:\.\d+)?\s?([万亿]+)", rest)
    for ch in tail.group(2) or (shared.group(1) if shared and not match.group("armult") else ""):
        value *= _MULTIPLIERS[ch]  # 600-700万: the first figure shares the multiplier
    unit, measure = "", ""
    if before.endswith("百分之"):
        unit, left = "percent", start - 3
    elif before.endswith("第"):
        unit, left = "ordinal", start - 1
    value, unit, measure, right = _unit_at(plain, end + tail.end(), value, unit)
    if unit == "decade":
        century = re.search(r"([\d零〇一二三四五六七八九十]+)\s?世纪\s?$", plain[:start])
        if century and (hundreds := _int_of(century.group(1))):  # 20世纪90年代 = the 1990s
            value, left = (hundreds - 1) * 100 + value % 100, century.start()
    if match.group("zh") and _skip_zh_run(match.group("zh"), value, before, unit):
        return None
    if before.endswith("双") or value == 1 and unit not in CURRENCIES + ("percent", "year"):
        return None  # 双11 is Singles' Day; 1位/1年 is "a"/"an" in English
    if unit == "ordinal" and measure == "":
        right = end
    return Quantity(text[left:right], value, unit, approx, (left, right), measure)


def _int_of(text: str) -> int | None:
    """Return the integer written in Arabic or Chinese digits, or None."""
    value = Decimal(text) if text.isdigit() else zh_numeral(text)
    return int(value) if value is not None else None


def _unit_at(plain: str, right: int, value: Decimal, unit: str) -> tuple[Decimal, str, str, int]:
    """Return (value, unit, measure, end) once the unit after a figure ending at right is read."""
    if unit:
        return value, unit, "", right
    spaced = right + 1 if plain[right:right + 1] == " " else right  # 350 人次, 80 年代
    entry = _match_prefix(plain[spaced:], _UNITS)
    if entry:
        return value, entry[1], entry[2], spaced + len(entry[0])
    if plain[spaced:spaced + 2] == "世纪" and value == int(value):
        return value, "century", "", spaced + 2
    if plain[spaced:spaced + 2] == "年代" and value == int(value):
        return value + (1900 if value < 100 else 0), "decade", "", spaced + 2  # 上世纪40年代 = the 1940s
    if plain[spaced:spaced + 1] == "年":
        year = value == int(value) and 1000 <= value <= 2100
        return (value, "year", "", spaced + 1) if year else (value, "", "years", spaced + 1)
    return value, "", "", right


def render(quantity: Quantity) -> str:
    """Return the English for a Chinese figure: 3.5亿元 -> "350 million yuan", 一百余 -> "more than 100"."""
    if quantity.unit in ("year", "decade"):
        return str(int(quantity.value)) + ("s" if quantity.unit == "decade" else "")
    if quantity.unit == "century":
        return f"the {ordinal(int(quantity.value))} century"
    if quantity.unit == "ordinal":
        return " ".join(filter(None, (ordinal(int(quantity.value)), quantity.measure)))
    number = render_value(quantity.value)
    if quantity.unit == "percent":
        words = [number, "percent"]
    elif quantity.unit == "percentage points" and quantity.value == 1:
        words = [number, "percentage point"]
    else:
        words = [number, quantity.unit, quantity.measure]
    return " ".join(filter(None, [quantity.approx] + words))


def render_value(value: Decimal) -> str:
    """Return a value the way English releases write it: 350 million, 9 billion, 20,000, 12.6."""
    for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= scale and (value * 1000 / scale) == int(value * 1000 / scale):
            return f"{_plain(value / scale)} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return _plain(value)


def _plain(value: Decimal) -> str:
    """Return a Decimal without exponent or trailing zeros (3.50 -> 3.5, 4E+1 -> 40)."""
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ordinal(number: int) -> str:
    """Return 1st, 2nd, 3rd, 22nd, 11th …"""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def english_figures(zh: str) -> list[tuple[str, str]]:
    """Return each figure of a Chinese sentence with its English rendering, in order of appearance."""
    return [(quantity.text, render(quantity)) for quantity in parse_zh(zh)]


def compatible(zh_unit: str, en_unit: str) -> bool:
    """Return whether two units may describe the same figure (rule 3 of the module docstring)."""
    if not zh_unit or not en_unit or zh_unit == en_unit:
        return True
    percents = ("percent", "percentage points")
    if zh_unit in percents or en_unit in percents:
        return zh_unit in percents + ("",) and en_unit in percents + ("",)
    if zh_unit in CURRENCIES and en_unit in CURRENCIES:
        return False
    return not (zh_unit in CURRENCIES or en_unit in CURRENCIES)


def accepted_values(quantity: Quantity) -> set[Decimal]:
    """Return the English values that state a Chinese figure: 90年代 is 1990s or 90s, 21世纪 21st or 2000s."""
    if quantity.unit == "century":
        return {quantity.value, (quantity.value - 1) * 100}
    if quantity.unit == "decade":
        return {quantity.value, quantity.value % 100}
    return {quantity.value}


def missing_quantities(zh: str, en: str) -> list[Quantity]:
    """Return the Chinese figures whose value (with a compatible unit) the English never states."""
    english = parse_en(en)
    return [quantity for quantity in parse_zh(zh)
            if not any(found.value in accepted_values(quantity) and compatible(quantity.unit, found.unit)
                       for found in english)]


def missing_figures(zh: str, en: str) -> list[str]:
    """Return the text of each Chinese figure whose value does not appear in the English."""
    return [quantity.text for quantity in missing_quantities(zh, en)]
