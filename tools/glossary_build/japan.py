"""Japanese cities (市) from the MIC code list with Wikipedia English names, kanji made simplified."""
from __future__ import annotations

import sys
import unicodedata

from .common import row

JP_CITIES = "sources/jp-cities-en/cities_in_japan_2024.csv"
JP_PREFECTURES = "sources/jp-cities-en/prefectures.csv"
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


def jp_english(city_en: str) -> str:
    """Return "Kōka, Shiga" as "Koka": macrons and disambiguators stripped."""
    return city_en.split(",")[0].split(" (")[0].strip().translate(MACRONS)


def _excluded(zh: str, partner: bool) -> bool:
    """Return whether JP_RULE leaves a converted form out before any text is consulted."""
    if len(zh) < 3 and not partner:
        return True
    if not all(unicodedata.name(char, "").startswith("CJK UNIFIED") for char in zh):
        return True  # kana or 々: Chinese texts write these names differently
    return zh.endswith(COMMON_WORD_ENDINGS) and zh not in COMMON_WORD_KEPT


def jp_cities(records: list[dict], prefectures: dict, blocked: set[str], corpus: str,
              verbose: bool = True) -> list[dict]:
    """Return rows for the Japanese cities chosen by JP_RULE, kanji converted to simplified Chinese."""
    import opencc  # tools/ is outside the package; pipeline/stages/normalise.py owns opencc inside it

    to_traditional, to_simplified = opencc.OpenCC("jp2t"), opencc.OpenCC("t2s")
    rows, seen = [], set()
    for record in records:
        kanji = record["city_ja"]
        if record["special_district_ja"] or not kanji.endswith("市") or kanji in seen:
            continue
        seen.add(kanji)
        zh = to_simplified.convert(to_traditional.convert(kanji))
        if _excluded(zh, record["prefecture_id"] in JP_PARTNER_PREFECTURES):
            continue
        if zh in corpus or any(zh in name for name in blocked):
            if verbose:
                print(f"skipped {zh} ({record['city_en']}): occurs in Chinese text or division names",
                      file=sys.stderr)
            continue
        en = jp_english(record["city_en"])
        plain = "," not in record["city_en"] and "(" not in record["city_en"]
        forbidden = (record["city_en"],) if record["city_en"] != en and plain else ()
        rows.append(row(zh, en, "city", (kanji,), forbidden,
                        source=f"{JP_CITIES} id {record['id']} ({kanji}, {record['city_en']}); OpenCC jp2t+t2s",
                        note=f"{prefectures[record['prefecture_id']]}, Japan; macrons stripped"))
    return rows
