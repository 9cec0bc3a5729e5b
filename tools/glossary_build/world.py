"""Countries, territories and world cities from CLDR through Babel (the build's only Babel use)."""
from __future__ import annotations

import re

from .common import row

CLDR_EN = ("github.com/unicode-org/cldr common/main/en.xml @001d131 (territory alt=\"short\"/\"variant\")")
# Territories not generated, with the reason (documented in glossary/SOURCES.md).
SKIPPED_TERRITORIES = {
    "TW": "Taiwan: a region of China in the releases' usage; a 'country' row would be wrong, kind needs a human choice",
    "HK": "Hong Kong SAR: hand rows in cities.tsv (香港, 香港特别行政区)",
    "MO": "Macao SAR: hand rows in cities.tsv (澳门, 澳门特别行政区)",
    "XK": "Kosovo: not recognised as a state by the PRC; kind and wording need a human choice",
    "EZ": "Eurozone: a currency area, not a territory", "QO": "Outlying Oceania: a CLDR grouping",
    "ZZ": "unknown region", "XA": "pseudo-locale", "XB": "pseudo-locale",
}
ORGANISATIONS = ("EU", "UN")
REGIONS = ("AQ",)  # Antarctica: a continent
# CLDR's UI names replaced by the press form, each from a cited source.
EN_REPLACED = {
    "MM": ("Myanmar", "approved", f"{CLDR_EN}: MM alt=short 'Myanmar'"),
    "PS": ("Palestine", "approved", f"{CLDR_EN}: PS alt=short 'Palestine'"),
    "CD": ("Democratic Republic of the Congo", "proposed",
           "CLDR 'Congo - Kinshasa' is a UI label; Chinese embassy English writes 'Democratic Republic of Congo "
           "(DR Congo)' (bb.chineseembassy.org/eng/zgyw/t1229678.htm)"),
    "CG": ("Republic of the Congo", "proposed",
           "CLDR 'Congo - Brazzaville' is a UI label; the Chinese foreign ministry writes 'the Republic of the "
           "Congo' (MFA spokesperson, 2025-01-03, as reported by amigonews.net/?p=33300)"),
}
# CLDR English kept but not approved, with the reason.
EN_PROPOSED = {"TR": "CLDR and the UN write Türkiye (since 2022); the WMT references and older texts Turkey; "
                     "the check does not fold ü: confirm the house style"}
# Exemplar cities left out: the Chinese form names another place too, or is an ordinary word or a person.
CITY_DROPPED = {
    "America/Santiago": "圣地亚哥 is also San Diego (California) in Chinese",
    "America/Argentina/San_Luis": "圣路易斯 usually means St. Louis (Missouri) in Chinese",
    "America/Monterrey": "蒙特雷 is also Monterey (California)",
    "Pacific/Auckland": "奥克兰 is also Oakland (California)",
    "America/Phoenix": "凤凰城 is also used for Fenghuang (凤凰县, Hunan) and common estate names",
    "Australia/Darwin": "达尔文 is usually Charles Darwin", "Atlantic/Stanley": "斯坦利 is a common given name",
    "America/Dawson": "道森 is a common surname", "Australia/Lindeman": "林德曼 is a surname",
    "America/Nome": "诺姆 is also the given name Noam", "Asia/Oral": "乌拉尔 is usually the Ural (mountains, river)",
    "Asia/Vientiane": "万象 is an ordinary word (包罗万象, 万象更新)",
    "Atlantic/Canary": "'Canaries' names the islands (territory IC), not a city",
    "America/Miquelon": "the zh (密克隆 Miquelon) and en ('Saint-Pierre') exemplars name different places",
    "Etc/Unknown": "not a place", "Pacific/Wake": "威克 is also a transliterated name (Wake, Wick)",
    "America/Juneau": "朱诺 is also Juno (the goddess, the spacecraft)",
    "Asia/Aden": "亚丁 is also 稻城亚丁, a well-known place in Sichuan",
}
HANT_DROPPED = {"獅子山": "Lion Rock (獅子山) in Hong Kong texts; Sierra Leone keeps its simplified 塞拉利昂"}
ISLAND = re.compile(r"\b(Island|Islands|Atoll|Archipelago)\b")


def _press_english(code: str, en: str) -> tuple[str, str, str]:
    """Return (English, status, how) for a territory: CLDR's name, UI abbreviations written out."""
    if code in EN_REPLACED:
        return EN_REPLACED[code]
    written = en.replace(" & ", " and ").replace("St. ", "Saint ")
    how = "CLDR's '&'/'St.' written out" if written != en else ""
    return written, "approved", how


def _hant_variants(hans: str, hant: str, t2s) -> list[str]:
    """Return the traditional-script forms worth matching: only those that differ from simplified text."""
    if not hant or hant == hans or t2s(hant) == hant or hant in HANT_DROPPED:
        return []  # a form t2s leaves unchanged would match simplified text, where it may mean something else
    return [hant]


def _paren_variants(form: str) -> list[str]:
    """Return 刚果(金) for 刚果（金）: the same name with half-width parentheses."""
    half = form.replace("（", "(").replace("）", ")")
    return [half] if half != form else []


def countries(locales: dict, cldr: str, t2s) -> list[dict]:
    """Return rows for every CLDR territory with a two-letter code, minus SKIPPED_TERRITORIES."""
    hans, hant, en = (locales[name].territories for name in ("zh_Hans", "zh_Hant", "en"))
    rows = []
    for code in sorted(hans):
        if len(code) != 2 or not code.isalpha() or code in SKIPPED_TERRITORIES:
            continue
        english, status, how = _press_english(code, en[code])
        if code in EN_PROPOSED:
            status, how = "proposed", EN_PROPOSED[code]
        kind = "organisation" if code in ORGANISATIONS else "region" if code in REGIONS else "country"
        zh = hans[code]
        variants = _paren_variants(zh) + _hant_variants(zh, hant.get(code, ""), t2s)
        variants += [p for v in variants for p in _paren_variants(v)]
        source = f"{cldr} territory {code}: zh_Hans {zh}, zh_Hant {hant.get(code, '')}, en {en[code]}"
        if code in EN_REPLACED:
            source += f"; {how}"
        note = "English: CLDR en" + (f" ({how})" if how and code not in EN_REPLACED else "")
        if code in EN_PROPOSED:
            source += f"; {how}"
        rows.append(row(zh, english, kind, variants, status=status, source=source, note=note))
    return rows


def _city_english(zone: str, en_zones: dict) -> str:
    return en_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")


def cities(locales: dict, cldr: str, t2s, zone_territories: dict) -> list[dict]:
    """Return rows for CLDR's exemplar cities of time zones (zh_Hans form, zh_Hant variant, en)."""
    hans, hant, en = (locales[name] for name in ("zh_Hans", "zh_Hant", "en"))
    territory_zh, territory_en = hans.territories, en.territories
    rows = []
    for zone in sorted(hans.time_zones):
        zh = hans.time_zones[zone].get("city")
        if not zh or zone.startswith(("Antarctica/", "Etc/")) or zone in CITY_DROPPED:
            continue  # Antarctic research stations are not cities (昭和 is also the Japanese era name)
        english = _city_english(zone, en.time_zones)
        territory = zone_territories.get(zone, "")
        own = territory_zh.get(territory, "")
        if english in territory_en.values() or zh in territory_zh.values() or (own and zh in own):
            continue  # the zone is named after its territory (开曼 for 开曼群岛): the country row covers it
        kind = "region" if ISLAND.search(english) else "city"
        zh_hant = hant.time_zones.get(zone, {}).get("city", "")
        variants = _hant_variants(zh, zh_hant, t2s)
        where = territory_en.get(territory, territory)
        source = f"{cldr} exemplar city of time zone {zone}: zh_Hans {zh}, zh_Hant {zh_hant}, en {english}"
        rows.append(row(zh, english, kind, variants, source=source, note=f"{where}; CLDR exemplar city"))
    return rows


def load_cldr():
    """Return (locales, 'CLDR <version> via Babel <version>', zone -> territory)."""
    import babel  # tools/ only: the package never needs Babel at run time (the TSV is committed)
    from babel.core import Locale, get_cldr_version, get_global

    locales = {name: Locale.parse(name) for name in ("zh_Hans", "zh_Hant", "en")}
    return locales, f"CLDR {get_cldr_version()} via Babel {babel.__version__}", get_global("zone_territories")
