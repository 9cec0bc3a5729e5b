"""Regenerate pipeline/data/name_kinds.json (what name_kinds.classify and names.unlicensed_names read).

    python tools/build_name_kinds.py [--check]
    python tools/build_name_kinds.py --cldr          # re-extract glossary/sources/cldr-zh-names (needs babel)
    python tools/build_name_kinds.py --words DIR     # re-derive glossary/sources/wmt-english-words from WMT

Inputs, all in the repository with their SOURCE.txt and licence:
- glossary/sources/sinonym-name-data: Chinese surnames and given-name characters with their frequency,
  Japanese surnames (kanji, converted to simplified Chinese with OpenCC jp2t + t2s)
- glossary/sources/cn-admin-divisions-pinyin: every Chinese division (short and full name)
- glossary/sources/jp-cities-en: Japanese municipalities and prefectures (converted like the surnames)
- glossary/sources/cldr-zh-names: CLDR's Chinese and English names of territories, time-zone cities,
  languages, months and weekdays
- the hand-curated glossary rows whose note names a Korean or Japanese location
- benchmarks/data/names_wmt.tsv, tune half only: the foreign names' characters (never the test half),
  and benchmarks/data/names_wmt_transliterations.tsv (WMT names outside that list whose reference
  holds a word that sounds like them)
- glossary/sources/wmt-english-words: lower-case English words of the WMT references (not the 183
  government sentences), i.e. words that are no names when capitalised
--check exits 1 when the file on disk differs from a fresh build. Outside the package, so opencc and
babel may be imported here.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "glossary" / "sources"
OUT = ROOT / "pipeline" / "data" / "name_kinds.json.gz"
SINONYM = SOURCES / "sinonym-name-data"
ADMIN = SOURCES / "cn-admin-divisions-pinyin" / "ok_data_level3.csv"
JP_CITIES = SOURCES / "jp-cities-en" / "cities_in_japan_2024.csv"
JP_PREFECTURES = SOURCES / "jp-cities-en" / "prefectures.csv"
CLDR = SOURCES / "cldr-zh-names" / "cldr_zh_names.tsv"
TWINS = SOURCES / "sister-cities-wikipedia" / "twin_cities_china.csv"
WORDS = SOURCES / "wmt-english-words" / "lowercase_words.txt"
DICTIONARY = SOURCES / "scowl-british-english" / "british-english"
LABELLED = ROOT / "benchmarks" / "data" / "names_wmt.tsv"
TRANSLITERATIONS = ROOT / "benchmarks" / "data" / "names_wmt_transliterations.tsv"
GOV_SUBSET = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
# entries of the surname table that are given names or Japanese surnames, not Chinese surnames
NOT_SURNAMES = {"浩然", "俊杰", "宇轩"}
CHINA = {"CN", "HK", "MO", "TW"}
JAPAN, KOREA = {"JP", "Asia/Tokyo"}, {"KR", "KP", "Asia/Seoul", "Asia/Pyongyang"}
# a CLDR language name is a place-like stem + 语/文 (法语 French): the stem licenses the English name
LANGUAGE_ENDINGS = ("语", "文")
PERSON_THRESHOLD = -0.25  # tuned on the tune half of names_wmt.tsv (benchmarks/bench_names.py --tune)
# A Chinese government source says "China" without 中国: 我国 "our country", 全国 "nationwide", 中共 "the CPC"
HOME_FORMS = {"China": ("中", "华", "我国", "全国", "国家", "国务院"), "Chinese": ("中", "华", "汉")}
THRESHOLD = -0.5  # tuned on the tune half of names_wmt.tsv (benchmarks/bench_names.py --tune)


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _simplified():
    import opencc  # tools/ is outside the package; pipeline/stages/normalise.py owns opencc inside it

    to_traditional, to_simplified = opencc.OpenCC("jp2t"), opencc.OpenCC("t2s")
    return lambda text: to_simplified.convert(to_traditional.convert(text))


def surnames() -> dict[str, float]:
    """Return {surname: ppm} from the sinonym table, given names and Japanese entries left out."""
    japanese = set(japanese_surnames())
    rows = _read_csv(SINONYM / "familyname_orcid.csv")
    return {r["surname"]: round(float(r["ppm"]), 3) for r in rows
            if r["surname"] not in NOT_SURNAMES and not (len(r["surname"]) > 1 and r["surname"] in japanese)}


def given_characters() -> dict[str, float]:
    """Return {character: ppm} of Chinese given names."""
    return {r["character"]: round(float(r["ppm"]), 3) for r in _read_csv(SINONYM / "givenname_orcid.csv")}


def japanese_surnames() -> list[str]:
    """Return the Japanese surnames in simplified Chinese characters (kana forms dropped)."""
    convert = _simplified()
    names = (SINONYM / "japanese_surnames.txt").read_text(encoding="utf-8").split()
    return sorted({convert(n) for n in names if all("\u4e00" <= c <= "\u9fff" for c in n)})


def chinese_places() -> list[str]:
    """Return every Chinese division name, short (常德) and full (常德市)."""
    names = set()
    for record in _read_csv(ADMIN):
        names.update(n for n in (record["name"], record["ext_name"]) if len(n) >= 2)
    return sorted(names)


def japanese_places() -> dict[str, str]:
    """Return {simplified Chinese form: English} for Japanese municipalities (with and without 市/町/村) and prefectures."""
    convert, places = _simplified(), {}
    for record in _read_csv(JP_CITIES):
        if record["special_district_ja"]:
            continue
        zh, en = convert(record["city_ja"]), record["city_en"].split(",")[0].split(" (")[0]
        places[zh] = en
        if len(zh) >= 3 and zh[-1] in "市町村":
            places.setdefault(zh[:-1], en)
    for record in _read_csv(JP_PREFECTURES):
        zh = convert(record["prefecture_ja"])
        if zh:
            places[zh] = record["prefecture_en"].replace(" Prefecture", "")
            if zh[-1] in "县府都":  # 滋贺县 -> 滋贺; 北海道 keeps its 道
                places.setdefault(zh[:-1], places[zh])
    return places


def cldr() -> list[dict]:
    with open(CLDR, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def glossary_places(country: str) -> dict[str, str]:
    """Return {zh: en} of hand-curated glossary rows whose note says the place is in `country`."""
    places = {}
    for path in sorted((ROOT / "glossary").glob("*.tsv")):
        if path.name.startswith("generated-"):
            continue
        with open(path, encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if (row.get("note") or "").startswith(country):
                    places[row["zh"]] = row["en"]
    return places


def wmt_foreign_names() -> list[str]:
    """Return the foreign names of the tune half of the labelled WMT list and the unlabelled transliterations."""
    with open(LABELLED, encoding="utf-8") as handle:
        names = [r["zh"] for r in csv.DictReader(handle, delimiter="\t")
                 if r["split"] == "tune" and r["kind"] == "foreign"]
    with open(TRANSLITERATIONS, encoding="utf-8") as handle:
        return names + [r["zh"] for r in csv.DictReader(handle, delimiter="\t")]


def build() -> dict:
    """Return the name data as one JSON-ready dict."""
    rows = cldr()
    places = [r for r in rows if r["kind"] in ("territory", "city") and not r["code"].isdigit()]
    foreign = {r["zh"]: r["en"] for r in places if r["code"] not in CHINA | JAPAN | KOREA}
    korean = {r["zh"]: r["en"] for r in places if r["code"] in KOREA} | glossary_places("South Korea")
    japanese = japanese_places() | {r["zh"]: r["en"] for r in places if r["code"] in JAPAN}
    cn_places = chinese_places()
    for zh in cn_places:  # a Chinese division outranks a homonymous foreign or Japanese place
        foreign.pop(zh, None)
    languages = [r for r in rows if r["kind"] == "language"]
    foreign_text = list(foreign) + [r["zh"][:-1] for r in languages if r["zh"].endswith(LANGUAGE_ENDINGS)]
    foreign_text += wmt_foreign_names()
    foreign_chars = Counter(c for name in foreign_text for c in name if "\u4e00" <= c <= "\u9fff")
    given, family = given_characters(), surnames()
    chinese_chars = Counter(c for name in cn_places for c in name)
    for char, ppm in given.items():  # given names weigh as much as places: scale ppm to place counts
        chinese_chars[char] += round(ppm / 1e6 * sum(chinese_chars.values()) / 2, 3) or 1
    return {
        "sources": "tools/build_name_kinds.py; see glossary/SOURCES.md",
        "threshold": THRESHOLD, "person_threshold": PERSON_THRESHOLD,
        "surnames": family, "given": given,
        "cn_places": cn_places, "jp_places": dict(sorted(japanese.items())),
        "korean_places": dict(sorted(korean.items())), "foreign_places": dict(sorted(foreign.items())),
        "jp_surnames": japanese_surnames(),
        "foreign_chars": dict(sorted(foreign_chars.items())), "foreign_total": sum(foreign_chars.values()),
        "chinese_chars": {c: round(n, 3) for c, n in sorted(chinese_chars.items())},
        "chinese_total": round(sum(chinese_chars.values()), 3),
        "english_names": english_names(rows),
        "place_names": place_names(rows, japanese),
        "calendar": sorted({r["en"] for r in rows if r["kind"] in ("month", "weekday")}),
        "ordinary_words": ordinary_words(),
        "person_names": person_names(place_names(rows, japanese)),
    }


def place_names(rows: list[dict], japanese: dict[str, str]) -> list[str]:
    """Return the English words that name places, countries and peoples: CLDR territories, cities and
    languages, Japanese municipalities, the twin cities of Chinese cities (Wikipedia lists)."""
    names = {r["en"] for r in rows if r["kind"] in ("territory", "city", "language")} | set(japanese.values())
    for record in _read_csv(TWINS):
        names.update(record[f"city{n}"] for n in (1, 2) if record[f"country{n}"] != "China")
    return sorted({word for name in names for word in re.findall(r"[A-Z][\w’'\-]*", name) if len(word) > 2})


def ordinary_words() -> list[str]:
    """Return the lower-case words of the SCOWL dictionary and of the WMT references (not the 183 held out)."""
    words = set(WORDS.read_text(encoding="utf-8").split())
    words.update(w for w in DICTIONARY.read_text(encoding="utf-8").split() if w.islower())
    return sorted(words)


def person_names(places: list[str]) -> list[str]:
    """Return the capitalised words of the SCOWL dictionary that are no lower-case word and no place:
    mostly given and family names (Katherine, Bauer), which a person's title before them makes certain."""
    entries = DICTIONARY.read_text(encoding="utf-8").split()
    lower = {w for w in entries if w.islower()}
    return sorted({w for w in entries if w[:1].isupper() and w[1:].islower() and w.isalpha()
                   and w.lower() not in lower} - set(places))


def english_names(rows: list[dict]) -> dict[str, list[str]]:
    """Return {English word: Chinese forms that license it}: France 法国, French 法, March 3月 …"""
    names: dict[str, set] = {}
    for row in rows:
        if row["kind"] in ("month", "weekday") or row["code"] in ("ZZ", "EU", "EZ", "UN", "QO"):
            continue
        zh = row["zh"]
        if row["kind"] == "language" and zh.endswith(LANGUAGE_ENDINGS) and len(zh) > 1:
            zh = zh[:-1]
        zh = zh.removeprefix("中国").removesuffix("特别行政区") or zh  # 中国香港特别行政区 -> 香港
        for word in re.findall(r"[A-Za-z][\w’'\-]*", row["en"]):
            if word[0].isupper():
                names.setdefault(word, set()).add(zh)
    for word, forms in HOME_FORMS.items():
        names.setdefault(word, set()).update(forms)
    return {word: sorted(forms) for word, forms in sorted(names.items())}


def extract_cldr() -> None:
    """Write glossary/sources/cldr-zh-names/cldr_zh_names.tsv from the CLDR data Babel ships."""
    from babel import Locale, __version__

    zh, en = Locale("zh"), Locale("en")
    rows = []
    for code, name in zh.territories.items():
        if code not in ("ZZ", "EU", "EZ", "UN", "QO"):  # regions (digit codes) too: 欧洲 Europe
            rows.append(("territory", code, name, en.territories.get(code, "")))
    for zone, names in zh.time_zones.items():
        if names.get("city"):
            english = en.time_zones.get(zone, {}).get("city") or zone.split("/")[-1].replace("_", " ")
            rows.append(("city", zone, names["city"], english))
    for code, name in zh.languages.items():
        rows.append(("language", code, name, en.languages.get(code, "")))
    for width in ("wide", "abbreviated"):
        for number, name in en.months["format"][width].items():
            rows.append(("month", str(number), f"{number}月", name))
        for number, name in en.days["format"][width].items():
            rows.append(("weekday", str(number), zh.days["format"]["wide"][number], name))
    lines = ["kind\tcode\tzh\ten"] + ["\t".join(r) for r in rows]
    CLDR.parent.mkdir(parents=True, exist_ok=True)
    CLDR.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {CLDR.relative_to(ROOT)}: {len(rows)} rows (Babel {__version__})")


def extract_words(folder: Path) -> None:
    """Write the lower-case words seen at least twice in the WMT references, the 183 government ones excepted."""
    with open(GOV_SUBSET, encoding="utf-8") as handle:
        held_out = {r["en"] for r in csv.DictReader(handle, delimiter="\t")}
    counts: Counter[str] = Counter()
    for path in sorted(folder.glob("damo_mt_testsets_zh2en_news_wmt*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            for _zh, en in reader:
                if en not in held_out:
                    counts.update(w for w in re.findall(r"[a-z][a-z’'\-]*", en) if w.islower())
    words = sorted(w for w, n in counts.items() if n >= 2 and len(w) >= 2)
    WORDS.parent.mkdir(parents=True, exist_ok=True)
    WORDS.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {WORDS.relative_to(ROOT)}: {len(words)} words")


def render(data: dict) -> bytes:
    """Return the data as gzip-compressed JSON; mtime 0 keeps the bytes the same from build to build."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the data file is stale")
    parser.add_argument("--cldr", action="store_true", help="re-extract the CLDR names (needs babel)")
    parser.add_argument("--words", type=Path, metavar="DIR", help="re-derive the English word list from WMT")
    args = parser.parse_args(argv)
    if args.cldr:
        extract_cldr()
    if args.words:
        extract_words(args.words)
    text = render(build())
    if args.check:
        stale = not OUT.exists() or OUT.read_bytes() != text
        print(f"{OUT.relative_to(ROOT)} is {'stale' if stale else 'up to date'}", file=sys.stderr)
        return 1 if stale else 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(text)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
