"""English quantities ("350 million yuan", "12.6 percent", "more than fifty") and the Quantity record."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

CURRENCIES = ("yuan", "US dollars", "euros", "yen", "pounds", "Hong Kong dollars", "won", "rubles")


@dataclass(frozen=True)
class Quantity:
    """A figure found in a sentence: its text, value and unit ("" for a plain count)."""

    text: str
    value: Decimal
    unit: str = ""  # yuan | US dollars | … | percent | percentage points | times | year | ordinal | ""
    approx: str = ""  # English qualifier: "more than", "about", "nearly", "less than", "at least"
    span: tuple[int, int] = (0, 0)
    measure: str = ""  # English noun for a Chinese measure word ("times", "people"), else ""


_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
           "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9}
_UNIT_WORDS = (
    (r"percentage points?", "percentage points"), (r"per ?cent|%", "percent"),
    (r"yuan|RMB|CNY|renminbi", "yuan"), (r"(?:US|U\.S\.|American) dollars?|USD|dollars?", "US dollars"),
    (r"HK dollars?|Hong Kong dollars?|HKD", "Hong Kong dollars"), (r"euros?|EUR", "euros"),
    (r"yen|JPY", "yen"), (r"pounds?(?: sterling)?|GBP", "pounds"), (r"won|KRW", "won"),
    (r"r[ou]bles?|RUB", "rubles"), (r"times|-fold|fold", "times"), (r"decades?", "decades"),
    (r"centur(?:y|ies)", "centuries"),
)
_PREFIX_CURRENCY = {"US$": "US dollars", "$": "US dollars", "USD": "US dollars", "RMB": "yuan",
                    "CNY": "yuan", "¥": "yuan", "€": "euros", "EUR": "euros", "HK$": "Hong Kong dollars",
                    "£": "pounds"}
_QUALIFIERS = (("more than", "more than"), ("over", "more than"), ("above", "more than"),
               ("in excess of", "more than"), ("upwards of", "more than"), ("nearly", "nearly"),
               ("almost", "nearly"), ("close to", "nearly"), ("about", "about"), ("around", "about"),
               ("approximately", "about"), ("roughly", "about"), ("some", "about"),
               ("less than", "less than"), ("fewer than", "less than"), ("under", "less than"),
               ("at least", "at least"), ("up to", "as many as"), ("as many as", "as many as"))

_SPANS = {"decades": 10, "centuries": 100, "decade": 10, "century": 100}  # in years
_A_SCALE = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}  # "a hundred"
_SPAN_WORDS = re.compile(r"\b(half )?an? (decade|century|hundred|thousand|million|billion)\b", re.IGNORECASE)
_CARDINALS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_CARDINALS.update({word: 10 * (index + 2) for index, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())})
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fifth": 5, "eighth": 8, "ninth": 9, "twelfth": 12}
_ORDINALS.update({word + "th": value for word, value in _CARDINALS.items()
                  if value > 3 and word + "th" not in ("fiveth", "eightth", "nineth", "twelveth")})
_ORDINALS.update({word[:-1] + "ieth": value for word, value in _CARDINALS.items() if value >= 20})
_WORD = "|".join(sorted(list(_CARDINALS) + list(_ORDINALS) + ["hundred", "thousand", "million",
                                                             "billion", "trillion"],
                        key=len, reverse=True))

_CURRENCY_PREFIX = "|".join(re.escape(key) for key in sorted(_PREFIX_CURRENCY, key=len, reverse=True))
_DIGITS = re.compile(
    rf"(?:(?P<cur>{_CURRENCY_PREFIX})\s?)?(?<!\d)(?<!\d[.,])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<ord>st|nd|rd|th)\b"
    r"|(?:\s?-?(?P<mult>(?i:hundred|thousand|million|billion|trillion|mn|mln|bn|bln))\b"
    r"|(?P<short>[mk])\b)?)")
_SHARED_SCALE = re.compile(r"\s?(?:-|–|to)\s?\d+(?:\.\d+)?\s?(million|billion|trillion|thousand)\b", re.I)
_WORDS = re.compile(rf"\b(?:{_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_WORD}))*\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s?(?:(?P<unit>" + "|".join(f"(?:{pattern})" for pattern, _ in _UNIT_WORDS)
                         + r")\b|(?P<pct>%))", re.IGNORECASE)


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """Return (unit, end of the unit) for the words right after a number, or ("", end)."""
    match = _UNIT_AFTER.match(text, end)
    if not match:
        return "", end
    if match.group("pct"):
        return "percent", match.end()
    word = match.group("unit")
    for pattern, unit in _UNIT_WORDS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return unit, match.end()
    return "", end


def _qualifier(text: str, start: int) -> str:
    """Return the English qualifier right before start, normalised ("over" -> "more than")."""
    before = text[max(0, start - 20):start].lower()
    for phrase, meaning in _QUALIFIERS:
        if re.search(rf"\b{phrase}\s+$", before):
            return meaning
    return ""


def words_value(words: str) -> tuple[Decimal, bool] | None:
    """Return (value, is_ordinal) for number words: "three hundred and fifty", "twenty-second"."""
    total, current, ordinal_word = 0, 0, False
    tokens = [token for token in re.split(r"[\s-]+", words.lower()) if token and token != "and"]
    for token in tokens:
        if token in _CARDINALS or token in _ORDINALS:
            current += _CARDINALS.get(token, _ORDINALS.get(token, 0))
            ordinal_word = token in _ORDINALS
        elif token == "hundred":
            current = (current or 0) * 100
        else:
            total += current * _SCALES[token]
            current = 0
    value = total + current
    return (Decimal(value), ordinal_word) if value or tokens[0] == "zero" else None


def _word_numbers(text: str) -> list[tuple[int, int]]:
    """Return the spans of separate numbers in runs of number words ("the first four" is 1 and 4)."""
    spans: list[tuple[int, int]] = []
    for match in _WORDS.finditer(text):
        previous = ""
        for token in re.finditer(r"[A-Za-z]+", match.group()):
            word = token.group().lower()
            start, end = match.start() + token.start(), match.start() + token.end()
            if word == "and":
                continue
            value = _CARDINALS.get(word, _ORDINALS.get(word, 100))
            kind = "scale" if value == 100 else "tens" if value >= 20 else "small"
            joins = (previous == "scale" or previous == "tens" and kind == "small" and value < 10
                     or previous in ("small", "tens") and kind == "scale")
            if joins:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
            previous = "ordinal" if word in _ORDINALS else kind  # nothing joins after an ordinal
    return spans


def parse_en(text: str) -> list[Quantity]:
    """Return the figures in an English sentence, in digits or words, with multiplier and unit."""
    found: list[Quantity] = []
    for match in _DIGITS.finditer(text):
        value = Decimal(match.group("num").replace(",", ""))
        unit = _PREFIX_CURRENCY.get(match.group("cur") or "", "")
        if match.group("mult"):
            value *= _SCALES[match.group("mult").lower()]
        elif match.group("short") and match.group("cur"):  # £40m, $12k; a bare 200m is metres
            value *= 10**6 if match.group("short") == "m" else 10**3
        elif shared := _SHARED_SCALE.match(text, match.end()):  # "6-7 million": 6 million too
            value *= _SCALES[shared.group(1).lower()]
        end = match.end()
        if match.group("ord"):
            unit = "ordinal"
        elif not unit:
            unit, end = _unit_after(text, end)
        start = match.start()
        found.append(Quantity(text[start:end], value, unit, _qualifier(text, start), (start, end)))
    for start, end in _word_numbers(text):
        parsed = words_value(text[start:end])
        if parsed is None:
            continue
        value, is_ordinal = parsed
        unit, end = ("ordinal", end) if is_ordinal else _unit_after(text, end)
        found.append(Quantity(text[start:end], value, unit, _qualifier(text, start), (start, end)))
    for match in _SPAN_WORDS.finditer(text):  # "a decade", "half a century", "a hundred"
        value = Decimal({**_SPANS, **_A_SCALE}[match.group(2).lower()]) / (2 if match.group(1) else 1)
        found.append(Quantity(match.group(), value, "", "", match.span()))
    found = [replace(quantity, value=quantity.value * _SPANS[quantity.unit], unit="")
             if quantity.unit in _SPANS else quantity for quantity in found]
    return sorted(found, key=lambda quantity: quantity.span)
