"""Regenerate the generated glossary files from the copies of public data in glossary/sources/.

    python tools/build_glossary.py [--glossary glossary] [--check]

Writes glossary/generated-cn-divisions.tsv (Hunan's prefecture-level divisions, every provincial
capital, the province-level municipalities, Hunan Province) and glossary/generated-jp-cities.tsv
(Japanese cities, see JP_RULE). Hand-curated files (cities.tsv, countries.tsv, offices.tsv,
terms.tsv, ...) are never written; a generated row whose Chinese form one of them already holds is
skipped, so curation always wins. --check exits 1 when the files on disk differ from a fresh build.
This script is not part of the package, so it may import opencc directly (pipeline/ may not).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("zh", "en", "kind", "variants", "forbidden", "status", "source", "note")
GENERATED_PREFIX = "generated-"
ADMIN = "sources/cn-admin-divisions-pinyin/ok_data_level3.csv"
JP_CITIES = "sources/jp-cities-en/cities_in_japan_2024.csv"
JP_PREFECTURES = "sources/jp-cities-en/prefectures.csv"
TWINS = "sources/sister-cities-wikipedia/twin_cities_china.csv"
CORPUS = "sources/cn-gov-work-report-zh/government_work_reports_2021-2025.jsonl"

HUNAN = "43"
MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: province-level, their own capital
# Provinces whose capital is left out, with the reason (documented in glossary/SOURCES.md).
SKIPPED_PROVINCES = {"71": "Taiwan: no capital row is added (politically sensitive, needs a human choice)",
                     "81": "Hong Kong SAR: not a province with a capital", "82": "Macao SAR: idem",
                     "91": "国外 placeholder"}
# Exonyms in established English use where plain pinyin would mislead; proposed until a human confirms.
EXONYMS = {
    "呼和浩特市": ("Hohhot", "pinyin Huhehaote; Hohhot is the transcription from Mongolian in English use"),
    "乌鲁木齐市": ("Urumqi", "pinyin Wulumuqi; Urumqi is the transcription from Uyghur in English use"),
    "哈尔滨市": ("Harbin", "strict pinyin Ha'erbin; Harbin is the form in English use"),
    "拉萨市": ("Lhasa", "pinyin Lasa; Lhasa is the transcription from Tibetan in English use"),
    "湘西土家族苗族自治州": ("Xiangxi Tujia and Miao Autonomous Prefecture",
                             "pinyin Xiangxi + the autonomous-prefecture designation rendered by rule"),
}
# Short forms that are also ordinary words or other places: no variant is generated for them.
SHORT_FORM_EXCLUDED = {"海口": "also an ordinary word (\"seaport\", as in 夸下海口)",
                       "重庆城区": "not a name in use", "吉林": "also the province 吉林省"}
# Japanese prefectures of Hunan's partners in the twin-city data (Higashiomi/Hikone: Shiga;
# Changsha-Kagoshima; Yueyang-Akabira: Hokkaido; Yueyang-Numazu: Shizuoka): all their cities go in.
JP_PARTNER_PREFECTURES = ("25", "46", "01", "22")
JP_RULE = ("Japanese 市 (cities, not wards, towns or villages) whose Chinese form has >= 3 characters "
           "including 市, plus every city of a partner prefecture; a form that occurs in the Chinese "
           "government work reports or inside a Chinese division name is dropped (false-match risk)")
# Forms ending in an ordinary word (城市 "city", 都市 "metropolis": 新城市 = "new city") are dropped too,
# except the ones listed here, which are famous enough to be worth the rare false match.
COMMON_WORD_ENDINGS = ("城市", "都市")
COMMON_WORD_KEPT = {"京都市"}
MACRONS = str.maketrans({"ō": "o", "ū": "u", "Ō": "O", "Ū": "U", "ā": "a", "ē": "e", "ī": "i"})


def official_romanisation(pinyin: str) -> str:
    """Return 'xi an' as "Xi'an": syllables joined, capitalised, apostrophe before a/o/e syllables."""
    syllables = pinyin.split()
    out = syllables[0]
    for syllable in syllables[1:]:
        out += ("'" if syllable[0] in "aoe" else "") + syllable
    return out[:1].upper() + out[1:]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def row(zh, en, kind, variants=(), forbidden=(), status="approved", source="", note="") -> dict:
    return dict(zip(COLUMNS, (zh, en, kind, "|".join(variants), "|".join(forbidden), status, source, note)))


def _division_row(record: dict, kind: str, why: str) -> dict:
    zh, short = record["ext_name"], record["name"]
    en = official_romanisation(record["pinyin"])
    status, note = "approved", why
    if zh in EXONYMS:
        en, reason = EXONYMS[zh]
        status, note = "proposed", f"{why}; {reason}; confirm before approving"
    variants = () if short == zh or short in SHORT_FORM_EXCLUDED or len(short) < 2 else (short,)
    source = f"{ADMIN} id {record['id']} ({record['pinyin']}); official romanisation: pinyin, no tones"
    return row(zh, en, kind, variants, status=status, source=source, note=note)


def cn_divisions(admin: list[dict]) -> list[dict]:
    """Return rows for Hunan's prefecture-level divisions, provincial capitals and municipalities."""
    by_id = {r["id"]: r for r in admin}
    rows = []
    hunan = by_id[HUNAN]
    rows.append(row(hunan["ext_name"], "Hunan Province", "province", (hunan["name"],),
                    source=f"{ADMIN} id 43 (hu nan)", note="Changde's province"))
    for record in admin:
        if record["deep"] == "1" and record["pid"] == HUNAN:
            kind = "prefecture" if record["ext_name"].endswith("州") else "city"
            rows.append(_division_row(record, kind, "prefecture-level division of Hunan"))
    for record in admin:
        if record["deep"] != "0" or record["id"] in SKIPPED_PROVINCES or record["id"] == HUNAN:
            continue
        if record["id"] in MUNICIPALITIES:
            rows.append(_division_row(record, "municipality", "province-level municipality"))
            continue
        capital = by_id[record["id"] + "01"]  # GB/T 2260: the capital carries code xx01
        rows.append(_division_row(capital, "city", f"capital of {record['ext_name']} (GB/T 2260 code xx01)"))
    return rows


def jp_english(city_en: str) -> str:
    """Return "Kōka, Shiga" as "Koka": macrons and disambiguators stripped."""
    return city_en.split(",")[0].split(" (")[0].strip().translate(MACRONS)


def jp_cities(records: list[dict], prefectures: dict, blocked: set[str], corpus: str,
              verbose: bool = True) -> list[dict]:
    """Return rows for the Japanese cities chosen by JP_RULE, kanji converted to simplified Chinese."""
    import opencc  # tools/ is outside the package; pipeline/normalise.py owns opencc inside it

    to_traditional, to_simplified = opencc.OpenCC("jp2t"), opencc.OpenCC("t2s")
    rows, seen = [], set()
    for record in records:
        kanji = record["city_ja"]
        if record["special_district_ja"] or not kanji.endswith("市") or kanji in seen:
            continue
        seen.add(kanji)
        zh = to_simplified.convert(to_traditional.convert(kanji))
        partner = record["prefecture_id"] in JP_PARTNER_PREFECTURES
        if len(zh) < 3 and not partner:
            continue
        if not all(unicodedata.name(char, "").startswith("CJK UNIFIED") for char in zh):
            continue  # kana or 々: Chinese texts write these names differently
        if zh.endswith(COMMON_WORD_ENDINGS) and zh not in COMMON_WORD_KEPT:
            continue
        if zh in corpus or any(zh in name for name in blocked):
            if verbose:
                print(f"skipped {zh} ({record['city_en']}): occurs in Chinese text or division names",
                      file=sys.stderr)
            continue
        variants = (kanji,) if kanji != zh else ()
        prefecture = prefectures[record["prefecture_id"]]
        en = jp_english(record["city_en"])
        plain = "," not in record["city_en"] and "(" not in record["city_en"]
        forbidden = (record["city_en"],) if record["city_en"] != en and plain else ()
        rows.append(row(zh, en, "city", variants, forbidden,
                        source=f"{JP_CITIES} id {record['id']} ({kanji}, {record['city_en']}); OpenCC jp2t+t2s",
                        note=f"{prefecture}, Japan; macrons stripped"))
    return rows


def hand_forms(glossary: Path) -> set[str]:
    """Return every Chinese form (zh and variants) in the hand-curated files."""
    forms = set()
    for path in sorted(glossary.glob("*.tsv")):
        if path.name.startswith(GENERATED_PREFIX):
            continue
        for record in csv.DictReader(path.open(encoding="utf-8-sig"), delimiter="\t", quoting=csv.QUOTE_NONE):
            forms.add(record["zh"])
            forms.update(v for v in (record.get("variants") or "").split("|") if v)
    return forms


def render(rows: list[dict], taken: set[str]) -> str:
    """Return the TSV text of `rows`, leaving out rows or variants that clash with `taken` forms."""
    lines = ["\t".join(COLUMNS)]
    for item in rows:
        if item["zh"] in taken:
            continue
        variants = [v for v in item["variants"].split("|") if v and v not in taken]
        item = {**item, "variants": "|".join(variants)}
        taken |= {item["zh"], *variants}
        lines.append("\t".join(item[column] for column in COLUMNS))
    return "\n".join(lines) + "\n"


def build(glossary: Path, verbose: bool = True) -> dict[str, str]:
    """Return {file name: TSV text} for every generated file."""
    admin = read_csv(glossary / ADMIN)
    prefectures = {r["prefecture_id"]: r["prefecture_en"] for r in read_csv(glossary / JP_PREFECTURES)}
    corpus = "".join(json.loads(line)["content"] for line in (glossary / CORPUS).open(encoding="utf-8"))
    blocked = {r["ext_name"] for r in admin} | {r["name"] for r in admin}
    taken = hand_forms(glossary)
    cn_text = render(cn_divisions(admin), taken)
    jp_text = render(jp_cities(read_csv(glossary / JP_CITIES), prefectures, blocked, corpus, verbose), taken)
    return {"generated-cn-divisions.tsv": cn_text, "generated-jp-cities.tsv": jp_text}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary")
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated files are stale")
    args = parser.parse_args(argv)
    stale = []
    for name, text in build(args.glossary, verbose=not args.check).items():
        path = args.glossary / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    for name in stale:
        print(f"{name} is stale: run python tools/build_glossary.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
