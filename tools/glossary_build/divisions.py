"""Chinese divisions: every province and prefecture-level division, and Hunan's county-level ones.

Each row carries private keys the screen reads and render() drops: `_short` (the short-form
candidate, the data's `name` column), `_level` (0 province, 1 prefecture, 2 county) and `_id`.
"""
from __future__ import annotations

from pipeline.names.romanise import ethnic_names

from .common import ADMIN, official_romanisation, row

HUNAN = "43"
MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: province-level, their own capital
# Provinces left out, with the reason (documented in glossary/SOURCES.md).
SKIPPED_PROVINCES = {"71": "Taiwan: no rows are generated (politically sensitive, needs a human choice)",
                     "81": "Hong Kong SAR: hand rows in cities.tsv", "82": "Macao SAR: hand rows in cities.tsv",
                     "91": "国外 placeholder"}
NOT_NAMES = {"5001": "重庆城区 is a statistical grouping, not a name", "5002": "重庆郊县 idem"}
CHANGDE_SITE = "eng.changde.gov.cn/aboutchangde/administrationregions"
SEED_COUNTY_RULE = (f"rule: pinyin proper name + English generic term as on the Changde municipal English site "
                    f"({CHANGDE_SITE}: 'Dingcheng District' content_858498, 'Lixian County' content_858492, 2021-09-01)")
# English in established official use where the pinyin rule would mislead.
EXONYMS = {
    "呼和浩特市": ("Hohhot", "proposed", "pinyin Huhehaote; Hohhot is the transcription from Mongolian in English use"),
    "乌鲁木齐市": ("Urumqi", "proposed", "pinyin Wulumuqi; Urumqi is the transcription from Uyghur in English use"),
    "哈尔滨市": ("Harbin", "proposed", "strict pinyin Ha'erbin; Harbin is the form in English use"),
    "齐齐哈尔市": ("Qiqihar", "proposed", "strict pinyin Qiqiha'er; Qiqihar is the form in English use"),
    "拉萨市": ("Lhasa", "proposed", "pinyin Lasa; Lhasa is the transcription from Tibetan in English use"),
    "陕西省": ("Shaanxi", "approved",
              "pinyin Shanxi would equal 山西 Shanxi; Shaanxi is the official standard spelling "
              "(discover.snrtv.com/discover_information/a/2025/09/04/23188871.html, Shaanxi Radio and TV)"),
}
# Provinces and autonomous regions are checked by their proper name alone: the short form (浙江) shares
# the entry, and the WMT references write "Zhejiang" for 浙江 but "Zhejiang Province" for 浙江省.
PROVINCE_NAME_ONLY = ("the check needs only the proper name, which every rendering of the full and the "
                      "short form contains")
AUTONOMOUS_REGIONS = {  # proposed: the English of these names is a decision, not a rule
    "15": ("Inner Mongolia", "Inner Mongolia Autonomous Region",
           "pinyin Neimenggu; Inner Mongolia is the English name in use"),
    "45": ("Guangxi", "Guangxi Zhuang Autonomous Region", "pinyin + ethnic name (GB/T 3304) + Autonomous Region"),
    "54": ("Xizang", "Xizang Autonomous Region",
           "Chinese government English writes Xizang, older texts and the WMT references Tibet; confirm"),
    "64": ("Ningxia", "Ningxia Hui Autonomous Region", "pinyin + ethnic name (GB/T 3304) + Autonomous Region"),
    "65": ("Xinjiang", "Xinjiang Uygur Autonomous Region", "pinyin + ethnic name (GB/T 3304 Uygur) + Autonomous Region"),
}
# Provinces whose place names are transcribed from a minority language: pinyin may not be the official form.
MINORITY_LANGUAGE = {"15": "Mongolian", "54": "Tibetan", "65": "Uyghur, Kazakh or Mongolian"}
# County-level names of Hunan whose English has mixed evidence (single-syllable proper names).
SINGLE_SYLLABLE_EVIDENCE = {
    "澧县": ("approved", f"{CHANGDE_SITE}/content_858492 'Lixian County' (2021-09-01); en.wikipedia.org "
                         "'Li County, Hunan' uses Li County"),
}
GENERIC = (("自治县", "Autonomous County"), ("自治州", "Autonomous Prefecture"), ("林区", "Forestry District"),
           ("地区", "Prefecture"), ("县", "County"), ("区", "District"), ("盟", "League"), ("市", ""))


def english(record: dict) -> tuple[str, str]:
    """Return (English, how it was built) for a division below province level."""
    full, short, pinyin = record["ext_name"], record["name"], record["pinyin"]
    generic, generic_en = next((g, e) for g, e in GENERIC if full.endswith(g))
    proper = short if short != full else full[: -len(generic)]
    syllables = pinyin.split()
    if short == full:  # the data repeats the full name (长沙县, 澧县): drop the generic's syllable
        syllables = syllables[: len(proper)] if len(proper) > 1 else syllables
    name = official_romanisation(" ".join(syllables))
    if generic.startswith("自治"):
        middle = full[len(short): -len(generic)]
        return f"{name} {ethnic_names(middle)} {generic_en}", "pinyin + ethnic names (GB/T 3304) + generic term"
    if len(proper) == 1:
        return f"{name} {generic_en}", "single-syllable proper name: generic syllable joined to it, then translated"
    return (f"{name} {generic_en}".strip(), "pinyin" + (" + generic term" if generic_en else ""))


def _kind(record: dict, level: int) -> str:
    full = record["ext_name"]
    if full.endswith("市"):
        return "city"
    if level == 1 and full.endswith(("自治州", "地区", "盟")):
        return "prefecture"
    return "county"


def _source(record: dict) -> str:
    return f"{ADMIN} id {record['id']} ({record['pinyin']}); official romanisation: pinyin, no tones"


def _division_row(record: dict, level: int, why: str, status: str = "approved", extra: str = "") -> dict:
    """Return the row of one division below province level, with its short-form candidate."""
    en, how = english(record)
    note = f"{why}; English: {how}"
    if record["ext_name"] in EXONYMS:
        en, status, reason = EXONYMS[record["ext_name"]]
        note = f"{why}; {reason}" + ("; confirm before approving" if status == "proposed" else "")
    item = row(record["ext_name"], en, _kind(record, level), status=status,
               source=_source(record) + extra, note=note)
    return {**item, "_short": record["name"], "_level": level, "_id": record["id"]}


def provinces(admin: list[dict]) -> list[dict]:
    """Return rows for the provinces, autonomous regions and municipalities (Taiwan, HK, Macao left out)."""
    rows = []
    for record in admin:
        code = record["id"]
        if record["deep"] != "0" or code in SKIPPED_PROVINCES:
            continue
        roman = official_romanisation(record["pinyin"])
        if code in MUNICIPALITIES:
            item = row(record["ext_name"], roman, "municipality", source=_source(record),
                       note="province-level municipality")
        elif code in AUTONOMOUS_REGIONS:
            en, full, reason = AUTONOMOUS_REGIONS[code]
            item = row(record["ext_name"], en, "province", status="proposed", source=_source(record),
                       note=f"autonomous region, in full '{full}' ({reason}); {PROVINCE_NAME_ONLY}")
        elif record["ext_name"] in EXONYMS:
            en, status, reason = EXONYMS[record["ext_name"]]
            item = row(record["ext_name"], en, "province", status=status, source=_source(record),
                       note=f"province, formally '{en} Province'; {reason}; {PROVINCE_NAME_ONLY}")
        else:
            what = "Changde's province" if code == HUNAN else "province"
            item = row(record["ext_name"], roman, "province", source=_source(record),
                       note=f"{what}, formally '{roman} Province'; {PROVINCE_NAME_ONLY}")
        rows.append({**item, "_short": record["name"], "_level": 0, "_id": code})
    return rows


def prefectures(admin: list[dict]) -> list[dict]:
    """Return rows for every prefecture-level division (and the county-level ones a province runs directly)."""
    by_id = {r["id"]: r for r in admin}
    rows = []
    for record in admin:
        parent = by_id.get(record["pid"])
        if record["deep"] != "1" or record["pid"] in SKIPPED_PROVINCES or record["id"] in NOT_NAMES:
            continue
        if parent and parent["ext_name"] == record["ext_name"]:
            continue  # 北京市 under 北京市: the municipality itself
        province = parent["ext_name"] if parent else record["pid"]
        why = f"prefecture-level division of {province}"
        if record["id"] == record["pid"] + "01":
            why += " (its capital, GB/T 2260 code xx01)"
        status, extra = "approved", ""
        autonomous = "自治" in record["ext_name"]
        if record["pid"] in MINORITY_LANGUAGE or autonomous or record["ext_name"].endswith(("地区", "盟", "林区")):
            status = "proposed"
            language = MINORITY_LANGUAGE.get(record["pid"], "the local minority language")
            why += (f"; the name may be transcribed from {language}, where the official romanisation "
                    f"is not plain pinyin: confirm")
        rows.append(_division_row(record, 1, why, status, extra))
    return rows


def hunan_counties(admin: list[dict]) -> list[dict]:
    """Return rows for every county-level division of Hunan (districts, counties, county-level cities)."""
    by_id = {r["id"]: r for r in admin}
    rows = []
    for record in admin:
        if record["deep"] != "2" or not record["pid"].startswith(HUNAN):
            continue
        city = by_id[record["pid"]]["ext_name"]
        full = record["ext_name"]
        status, extra, why = "approved", f"; {SEED_COUNTY_RULE}", f"county-level division of {city}, Hunan"
        proper = record["name"] if record["name"] != full else full[:-1]
        if len(proper) == 1:
            status, evidence = SINGLE_SYLLABLE_EVIDENCE.get(full, ("proposed", ""))
            if evidence:
                extra += f"; {evidence}"
            else:
                why += ("; single-syllable name: evidence is mixed ('Xian County' and 'X County' both seen, "
                        "e.g. Dao County / Daoxian County, Youxian); confirm")
        rows.append(_division_row(record, 2, why, status, extra))
    return rows


def cn_divisions(admin: list[dict]) -> list[dict]:
    """Return every generated Chinese division row: provinces, then prefecture level, then Hunan's counties."""
    return provinces(admin) + prefectures(admin) + hunan_counties(admin)
