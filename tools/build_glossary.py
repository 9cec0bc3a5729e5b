"""Regenerate the generated glossary files from the copies of public data in glossary/sources/.

    python tools/build_glossary.py [--glossary glossary] [--check] [--quiet]

Writes glossary/generated-cn-divisions.tsv (every province and prefecture-level division of China,
Hunan's county-level divisions), generated-countries.tsv (CLDR territories), generated-jp-cities.tsv
(Japanese cities, see japan.JP_RULE), generated-world-cities.tsv (CLDR exemplar cities) and
glossary/sources/ambiguous-short-forms.tsv (division short forms that may not stand alone).
Hand-curated files (cities.tsv, countries.tsv, titles.tsv, ...) are never written, and they win:
a generated form a hand-curated file already holds is skipped. Between sources the priority is
Chinese divisions > CLDR countries > Japanese cities > CLDR world cities. Every generated form then
passes the false-match screen (glossary_build/screen.py). --check exits 1 when the files on disk
differ from a fresh build. This script is not part of the package, so it may import opencc, jieba
and Babel directly (pipeline/ may not; Babel is needed only here).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from glossary_build import divisions, japan, screen, world  # noqa: E402
from glossary_build.common import (ADMIN, COLUMNS, corpus_sentences, hand_entries,  # noqa: E402
                                   official_romanisation, read_csv, variants_of, work_report_text)
from glossary_build.japan import jp_english  # noqa: E402,F401  (tests and callers use it from here)

ROOT = Path(__file__).resolve().parent.parent
AMBIGUOUS = "sources/ambiguous-short-forms.tsv"
AMBIGUOUS_COLUMNS = ("short", "full_forms", "variant_of", "reason")
TWINS = "sources/sister-cities-wikipedia/twin_cities_china.csv"
__all__ = ["build", "main", "official_romanisation", "jp_english"]


def claim(groups: dict[str, list[dict]], taken: dict[str, str], conflicts: list[str]) -> None:
    """Drop, in priority order, every generated form an earlier row already holds; note each in `conflicts`."""
    for group, items in groups.items():
        kept = []
        for item in items:
            if item["zh"] in taken:
                conflicts.append(f"{group}: {item['zh']} ({item['en']}) skipped: already {taken[item['zh']]}")
                continue
            variants = []
            for variant in variants_of(item):
                if variant in taken:
                    conflicts.append(f"{group}: variant {variant} of {item['zh']} dropped: already {taken[variant]}")
                else:
                    variants.append(variant)
            item["variants"] = "|".join(variants)
            for form in (item["zh"], *variants):
                taken[form] = f"a form of {item['zh']} ({group})"
            kept.append(item)
        groups[group] = kept


def tsv(rows: list[dict], columns=COLUMNS) -> str:
    """Return the TSV text of `rows` (private keys starting with _ are left out)."""
    lines = ["\t".join(columns)] + ["\t".join(item[column] for column in columns) for item in rows]
    return "\n".join(lines) + "\n"


def _sources(glossary: Path):
    """Return (admin records, t2s function, CLDR locales, CLDR label, zone territories)."""
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    locales, cldr, zones = world.load_cldr()
    return read_csv(glossary / ADMIN), to_simplified.convert, locales, cldr, zones


def _japan(glossary: Path, admin: list[dict], verbose: bool) -> list[dict]:
    prefectures = {r["prefecture_id"]: r["prefecture_en"] for r in read_csv(glossary / japan.JP_PREFECTURES)}
    blocked = {r["ext_name"] for r in admin} | {r["name"] for r in admin}
    return japan.jp_cities(read_csv(glossary / japan.JP_CITIES), prefectures, blocked,
                           work_report_text(glossary), verbose)


def build(glossary: Path, verbose: bool = True) -> dict[str, str]:
    """Return {path relative to the glossary folder: text} for every generated file."""
    admin, t2s, locales, cldr, zones = _sources(glossary)
    hand = hand_entries(glossary)
    taken = {form: f"a form of {entry.zh} ({Path(entry.file).name})" for entry in hand for form in entry.forms}
    report = screen.Report()
    cn = divisions.cn_divisions(admin)
    screen.decide_short_forms(cn, admin, taken, report)
    groups = {"cn-divisions": cn, "countries": world.countries(locales, cldr, t2s),
              "jp-cities": _japan(glossary, admin, verbose),
              "world-cities": world.cities(locales, cldr, t2s, zones)}
    conflicts: list[str] = []
    claim(groups, dict(taken), conflicts)
    groups["cn-divisions"] += screen.division_stops(admin, hand, groups)
    screen.screen(hand, groups, corpus_sentences(glossary), t2s, report)
    groups["cn-divisions"] = [item for item in groups["cn-divisions"] if item["kind"] != "stop"]
    groups["cn-divisions"] += screen.division_stops(admin, hand, groups)
    _ambiguous_from_screen(report)
    if verbose:
        _print_report(conflicts, report)
    files = {f"generated-{group}.tsv": tsv(rows) for group, rows in groups.items()}
    files[AMBIGUOUS] = tsv(sorted(report.ambiguous, key=lambda a: (a["short"], a["full_forms"])),
                           AMBIGUOUS_COLUMNS)
    return files


def _ambiguous_from_screen(report: screen.Report) -> None:
    """Add the division short forms the screen dropped to the list of ambiguous short forms."""
    for group, zh, form, evidence in report.dropped:
        if group == "cn-divisions" and form != zh:
            report.ambiguous.append({"short": form, "full_forms": zh, "variant_of": "",
                                     "reason": f"found inside other words ({evidence})"})


def _print_report(conflicts: list[str], report: screen.Report) -> None:
    for line in conflicts:
        print(f"conflict: {line}", file=sys.stderr)
    for group, zh, form, evidence in report.dropped:
        print(f"dropped: {group}: {form} (row {zh}): found inside other words: {evidence}", file=sys.stderr)
    for (group, zh, form), (true, evidence) in sorted(report.kept.items()):
        print(f"kept: {group}: {form} (row {zh}): inside other words {len(evidence)}x, alone {true}x; "
              f"e.g. {evidence[0]}", file=sys.stderr)
    for (zh, form), evidence in sorted(report.alone.items()):
        print(f"short form alone: {form} (row {zh}) {len(evidence)}x, e.g. " + " | ".join(evidence[:3]),
              file=sys.stderr)
    for (zh, form), evidence in sorted(report.hand.items()):
        print(f"hand row {zh}: {form} found inside other words {len(evidence)}x, e.g. {evidence[0]} "
              "(add a stop row or a longer entry)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary")
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated files are stale")
    parser.add_argument("--quiet", action="store_true", help="print only what was written")
    args = parser.parse_args(argv)
    stale = []
    for name, text in build(args.glossary, verbose=not (args.check or args.quiet)).items():
        path = args.glossary / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    for name in stale:
        print(f"{name} is stale: run python tools/build_glossary.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
