"""Rebuild the labelled name list benchmarks/data/names_wmt.tsv from the WMT newstest sets.

    .venv/bin/python benchmarks/make_names_list.py [--wmt DIR] [--check]

1. Every person/place name jieba tags (nr*/ns, segment.tag_names, no glossary) in the Chinese side of
   WMT18/19/20 zh-en newstest (7,379 sentences; DIR holds damo_mt_testsets_zh2en_news_wmt1{8,9}/20.csv).
2. Auto label: "chinese" when a sentence's human reference contains the name's pinyin as a word
   (any reading of each character, syllables joined or split, a person's name in either order,
   a place without its 市/县/省… suffix), else "check".
3. Hand labels (benchmarks/data/names_wmt_hand.tsv): every "pinyin" name was read and 34 corrected
   (foreign names whose syllables happen to spell the reference: 曼宁 Manning, 莫迪 Modi, and a few
   references that pinyinised a foreign or Korean name: 平昌 "Pingchang"); 500 of the "check" names,
   drawn with random.seed(11), were each labelled chinese / japanese / korean / foreign / none
   (none = no name: 平衡木, 昨天早上, 中欧 …; left out of precision and recall). The other
   "check" names are not in the list.
5. Not labelled, for training only (benchmarks/data/names_wmt_transliterations.tsv): the other "check"
   names (none of the list's words) whose reference holds 1-3 capitalised words that sound like the
   name (name_kinds.sound_similarity >= 0.8: 特梅尔 ~ "Temer"): transliterations, learned from.
4. Split: the md5 of the name decides tune (even first byte) or test (odd); a name is in one part only.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.names.kinds import fold, sound_similarity  # noqa: E402
from pipeline.names.romanise import readings, syllables  # noqa: E402
from pipeline.stages.names import tag_names  # noqa: E402

# the WMT18-20 test sets are not in the repository (only the names drawn from them): the team's shared
# data folder beside the clone, or the folder named by $PRESS_WMT_DIR
WMT = Path(os.environ.get("PRESS_WMT_DIR", REPO.parent / "shared" / "data" / "wmt-zh2en-newstest"))
SETS = ("wmt18", "wmt19", "wmt20")
OUT = REPO / "benchmarks" / "data" / "names_wmt.tsv"
TRAIN = REPO / "benchmarks" / "data" / "names_wmt_transliterations.tsv"
SOUND = 0.8  # a reference word this similar in sound (name_kinds.sound_similarity) marks a transliteration
CAPITALISED = re.compile(r"[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+){0,2}")
HAND = REPO / "benchmarks" / "data" / "names_wmt_hand.tsv"
SUFFIXES = "省市县区镇乡村州"
SEPARATOR = r"[\s'’\-]?"
SAMPLE, SEED = 500, 11
HEADER = ("zh", "tag", "kind", "how", "split", "set", "row")


def wmt_rows(folder: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """Return {(set, row): (zh, en)} for the three newstest files."""
    rows = {}
    for name in SETS:
        with open(folder / f"damo_mt_testsets_zh2en_news_{name}.csv", newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            for index, (zh, en) in enumerate(reader):
                rows[(name, index)] = (zh, en)
    return rows


def _syllable(char: str) -> str:
    options = {r.replace("ü", "u").replace("v", "u") for r in readings(char)}
    options |= {o.replace("u", "v") for o in options}
    return "(?:" + "|".join(sorted(options, key=len, reverse=True)) + ")"


def pinyin_pattern(word: str, tag: str) -> re.Pattern | None:
    """Return a regex finding the name's pinyin in folded English, or None for non-Han names."""
    core = word[:-1] if tag == "ns" and len(word) > 2 and word[-1] in SUFFIXES else word
    if not all("\u4e00" <= char <= "\u9fff" for char in core):
        return None
    parts = [_syllable(char) for char in core]
    options = [SEPARATOR.join(parts)]
    if tag == "nr" and len(core) in (3, 4):
        options += [SEPARATOR.join(parts[cut:]) + r"\s+" + SEPARATOR.join(parts[:cut]) for cut in (1, 2)]
    return re.compile(r"\b(?:" + "|".join(options) + r")\b")


def candidates(rows) -> list[tuple[str, str, str, str, int]]:
    """Return (zh, tag, auto, set, row) for every tagged nr/ns name, auto = "pinyin" or "check"."""
    found: dict[tuple[str, str], list] = {}
    for key, (zh, _en) in rows.items():
        for word, tag, _start in tag_names(zh):
            if tag[:2] in ("nr", "ns"):
                found.setdefault((word, tag[:2]), []).append(key)
    result = []
    for (word, tag), keys in found.items():
        pattern = pinyin_pattern(word, tag)
        hit = next((key for key in keys if pattern and pattern.search(fold(rows[key][1]))), None)
        where = hit or keys[0]
        result.append((word, tag, "pinyin" if hit else "check", where[0], where[1]))
    return sorted(result, key=lambda r: (r[2], r[1], r[0]))


def english_match(word: str, en: str) -> tuple[float, str]:
    """Return the best (similarity, span) of 1-3 consecutive capitalised reference words for `word`."""
    sounds, best = syllables(word), (0.0, "")
    for match in CAPITALISED.finditer(en):
        words = match.group().split()
        for size in range(1, len(words) + 1):
            span = " ".join(words[:size])
            best = max(best, (sound_similarity(sounds, span), span))
    return best


def transliterations(names, rows, labelled: set[str]) -> str:
    """Return TSV of the unlabelled "check" names whose reference holds a word that sounds like them."""
    lines = ["zh\ttag\ten\tsimilarity\tset\trow"]
    for word, tag, auto, where, row in names:
        if auto != "check" or word in labelled:
            continue
        score, span = english_match(word, rows[(where, row)][1])
        if score >= SOUND:
            lines.append("\t".join((word, tag, span, f"{score:.2f}", where, str(row))))
    return "\n".join(lines) + "\n"


def split_of(word: str) -> str:
    return "tune" if hashlib.md5(word.encode()).digest()[0] % 2 == 0 else "test"


def build(folder: Path) -> tuple[str, str]:
    """Return the labelled list and the transliteration training list as TSV text."""
    hand = {}
    with open(HAND, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            hand[(row["zh"], row["tag"])] = row["kind"]
    rows = wmt_rows(folder)
    names = candidates(rows)
    checks = [n for n in names if n[2] == "check"]
    random.seed(SEED)
    sample = set(random.sample(checks, SAMPLE))
    lines, labelled = ["\t".join(HEADER)], set()
    for word, tag, auto, where, row in names:
        if auto == "check" and (word, tag, auto, where, row) not in sample:
            continue
        kind = hand.get((word, tag)) or hand.get((word, "*"))
        if auto == "check" and kind is None:
            raise SystemExit(f"no hand label for sampled name {word} ({tag})")
        how = "hand" if auto == "check" else ("auto-pinyin, hand-corrected" if kind else "auto-pinyin")
        lines.append("\t".join((word, tag, kind or "chinese", how, split_of(word), where, str(row))))
        labelled.add(word)
    return "\n".join(lines) + "\n", transliterations(names, rows, labelled)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", type=Path, default=WMT)
    parser.add_argument("--check", action="store_true", help="exit 1 if names_wmt.tsv differs from a rebuild")
    args = parser.parse_args()
    texts = dict(zip((OUT, TRAIN), build(args.wmt)))
    if args.check:
        return 0 if all(path.read_text(encoding="utf-8") == text for path, text in texts.items()) else 1
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}: {text.count(chr(10)) - 1} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
