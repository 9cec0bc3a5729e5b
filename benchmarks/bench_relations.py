"""False flags and recall of the swapped-entity check (adequacy/relations.py, QA check entity_swapped).

    .venv/bin/python benchmarks/bench_relations.py                # both halves
    .venv/bin/python benchmarks/bench_relations.py --split tune --show

Human English: the references of the WMT government subset (rows 1-92 tune, 93-183 report) and the
published paragraphs (benchmarks/data/paragraphs, their `split` column). Any flag on them is a false flag.
Constructed swaps, labels exact by construction: in a reference, every relation the check reads and the
Chinese confirms ("Toulouse, France" for 法国图卢兹; "Mayor of Higashiomi" for 东近江市市长) is changed once:
its container replaced by another place of the same level the Chinese names ("Toulouse, Belarus"), or
the two places turned round with the same words between them ("France, Toulouse"), or a title's owner
replaced by another place the Chinese names ("Mayor of Changde"). Recall = swaps flagged / swaps made.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOV = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
PARAGRAPHS = ROOT / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"
TUNE_ROWS = 92


def pairs(split: str) -> list[tuple[str, str, str]]:
    """Return (name, zh, en) of the human references of one half: WMT rows, then published paragraphs."""
    with GOV.open(encoding="utf-8") as handle:
        wmt = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    found = [(f"wmt {row}", item["zh"], item["en"]) for row, item in enumerate(wmt, 1)
             if (row <= TUNE_ROWS) == (split == "tune")]
    with PARAGRAPHS.open(encoding="utf-8") as handle:
        found += [(f"{item['doc']} {item['para']}", item["zh"], item["en"])
                  for item in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if item["split"] == split]
    return found


def _replaced(en: str, start: int, end: int, text: str) -> str:
    return en[:start] + text + en[end:]


def constructed(zh: str, en: str, terms) -> list[tuple[str, str, str]]:
    """Return (kind of change, what was changed, the changed English) for every relation of the reference
    the Chinese confirms."""
    from pipeline.adequacy import relations
    from pipeline.adequacy.relations import CITY, COUNTRY

    found = relations.places(zh, terms)
    said = relations.mentions(en, found)
    made = []
    for first, second in zip(said, said[1:], strict=False):
        pair = relations.relation(en, first, second)
        if pair is None or relations.judge(en, *pair) is not None:
            continue
        inner, outer, _ = pair
        if not relations.contains(outer.place, inner.place):
            continue  # a relation the Chinese does not state cannot be swapped with a known label
        others = [place for place in found if place.level == outer.place.level and place.zh != outer.place.zh
                  and not relations.contains(place, inner.place) and not relations.contains(inner.place, place)]
        if others:
            swapped = _replaced(en, outer.start, outer.end, others[0].forms[0])
            made.append(("moved", f"{inner.place.forms[0]} moved to {others[0].forms[0]}", swapped))
        turned = en[:first.start] + en[second.start:second.end] + en[first.end:second.start] + \
            en[first.start:first.end] + en[second.end:]
        gap = en[first.end:second.start].strip() or "'s"
        made.append((f"turned ({gap})", f"{first.place.forms[0]} and {second.place.forms[0]} turned round", turned))
    for pattern, (title, owned) in relations.owners(zh, found).items():
        for mention in said:
            if mention.place.zh not in owned or not relations.titled(en, mention, pattern):
                continue
            others = [place for place in found if place.zh not in owned and CITY <= place.level < COUNTRY
                      and not any(place.zh == other.place.zh for other in said if other.place.zh in owned)]
            if others:
                swapped = _replaced(en, mention.start, mention.end, others[0].forms[0])
                made.append(("owner", f"{title} of {others[0].forms[0]}", swapped))
    return made


def measure(split: str, show: bool) -> None:
    from pipeline.adequacy import relations
    from pipeline.adequacy.checks import analyse
    from pipeline.config import REPO_GLOSSARY
    from pipeline.glossary import Glossary

    glossary = Glossary.load(REPO_GLOSSARY)
    references = pairs(split)
    false_flags: list = []
    kinds: dict[str, list[int]] = {}
    seconds = 0.0
    for name, zh, en in references:
        _, terms, _ = analyse(zh, glossary)
        started = time.perf_counter()
        flagged = relations.swaps(zh, en, terms)
        seconds += time.perf_counter() - started
        if flagged:
            false_flags.append((name, [swap.phrase for swap in flagged]))
        for kind, what, changed in constructed(zh, en, terms):
            hit = bool(relations.swaps(zh, changed, terms))
            kinds.setdefault(kind, [0, 0])[0] += hit
            kinds[kind][1] += 1
            if show:
                print(f"  {'caught' if hit else 'MISSED'} {name}: {what}")
    caught, swaps = sum(hit for hit, _ in kinds.values()), sum(made for _, made in kinds.values())
    by_kind = ", ".join(f"{kind} {hit}/{made}" for kind, (hit, made) in sorted(kinds.items()))
    print(f"{split}: {len(false_flags)} of {len(references)} human references flagged (false flags); "
          f"constructed swaps caught {caught} of {swaps} (recall {caught / swaps if swaps else 0:.2f}; {by_kind})")
    print(f"  {seconds / len(references) * 1000:.1f} ms per reference (the check alone, dictionary loaded)")
    for name, phrases in false_flags:
        print(f"  false flag {name}: {phrases}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "report", "both"), default="both")
    parser.add_argument("--show", action="store_true", help="list every constructed swap, caught or missed")
    args = parser.parse_args()
    for split in ("tune", "report") if args.split == "both" else (args.split,):
        measure(split, args.show)


if __name__ == "__main__":
    main()
