"""Sentence alignment (`press memory align`): precision and recall against known alignments, and speed.

    nice -n 5 .venv/bin/python benchmarks/bench_align.py [--half tune|report|both] [--seeds 3]
        [--folder 1000] [--threshold 0.9]

Synthetic releases are built from the WMT government pairs (benchmarks/data/gov_subset_zh_en.tsv; rows
1-92 tune, 93-183 report): consecutive pairs whose Chinese and English are one sentence each (as the
pipeline's splitters cut them) are laid out as a release — the first pair the headline, then
paragraphs of 1-4 pairs — and edited at random so that the gold alignment is known:
  2-1  two Chinese sentences whose English the translator wrote as one ("A; B.")      8 %
  1-2  one Chinese sentence (two joined at "，") whose English stayed two sentences      8 %
  1-0  a Chinese sentence whose English was dropped                                     4 %
  0-1  an English sentence with no Chinese (the Chinese dropped)                        4 %
  and one English paragraph in ten run together with the next.
Each release is written as .txt files (the English ending with credit lines) and aligned through
align_release, as `press memory align` does. Precision = correct beads / beads the aligner returned,
recall = correct beads / gold beads (1-0 and 0-1 beads left out of both, the headline included);
"memory" counts only the pairs accepted at --threshold (what goes into the memory unseen).

--folder N writes N synthetic release pairs into two folders and times `api.align_archive` over them
(pairing by name, an empty memory), as a user's archive would be aligned.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import dictionary  # noqa: E402
from pipeline.align.aligner import Model  # noqa: E402
from pipeline.align.anchors import Lexicon  # noqa: E402
from pipeline.align.archive import DEFAULT_THRESHOLD, align_release  # noqa: E402
from pipeline.align.sides import split_english  # noqa: E402
from pipeline.config import load  # noqa: E402
from pipeline.context import Context  # noqa: E402
from pipeline.glossary import Glossary  # noqa: E402
from pipeline.segment import split_sentences  # noqa: E402

WMT = REPO / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
HALVES = {"tune": (0, 92), "report": (92, 183)}
RATES = {"2-1": 0.08, "1-2": 0.08, "1-0": 0.04, "0-1": 0.04}
PARAGRAPH_RUN_ON = 0.1


def usable_pairs(half: str) -> list[tuple[str, str]]:
    """Return the pairs of a half whose Chinese and English the pipeline's splitters cut into 1-1, 1-2 or
    2-1 sentences and whose English starts a sentence (a pair without a final full stop gets one)."""
    with WMT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    start, end = HALVES[half]
    pairs = []
    for row in rows[start:end]:
        zh, en = row["zh"].strip(), " ".join(row["en"].split())
        zh += "" if zh.rstrip("”’」）)")[-1:] in "。！？!?" else "。"
        en += "" if en.rstrip("\"”’')")[-1:] in ".!?" else "."
        # an English that starts in lower case or with "--" would run on from the sentence before it
        if re.match(r"[\"“‘'(\[]?[A-Z0-9]", en) and \
                (len(split_sentences(zh)), len(split_english(en))) in ((1, 1), (1, 2), (2, 1)):
            pairs.append((zh, en))
    return pairs


def sentences_of(pair: tuple[str, str]) -> tuple[list[str], list[str]]:
    """Return a pair's bead: its Chinese and English sentences."""
    return split_sentences(pair[0]), split_english(pair[1])


@dataclass
class Document:
    """A synthetic release: paragraphs of beads, each bead (Chinese sentences, English sentences)."""

    headline: tuple[str, str]
    paragraphs: list[list[tuple[list[str], list[str]]]] = field(default_factory=list)
    run_on: set[int] = field(default_factory=set)  # English paragraphs run together with the next

    def texts(self) -> tuple[str, str]:
        """Return the Chinese and English release files' text."""
        zh = [self.headline[0], ""] + ["".join(s for bead in p for s in bead[0]) + "\n" for p in self.paragraphs]
        en_paragraphs: list[str] = []
        for number, paragraph in enumerate(self.paragraphs):
            text = " ".join(s for bead in paragraph for s in bead[1])
            if number - 1 in self.run_on and en_paragraphs:
                en_paragraphs[-1] = f"{en_paragraphs[-1]} {text}".strip()
            else:
                en_paragraphs.append(text)
        en = [self.headline[1], ""] + [p + "\n" for p in en_paragraphs if p] + ["Translator: Synthetic",
                                                                                 "Chinese source: http://example.org/1"]
        return "\n".join(zh), "\n".join(en)

    def gold(self) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Return the gold beads as (Chinese segment ids, English sentence ids), null beads left out."""
        beads = {(("p0.s1",), ("p0.s1",))}
        zh_para = en_para = 0
        en_index = 0
        for number, paragraph in enumerate(self.paragraphs):
            if any(bead[0] for bead in paragraph):
                zh_para += 1
            if not (number - 1 in self.run_on and en_para):
                if any(bead[1] for bead in paragraph):
                    en_para, en_index = en_para + 1, 0
            zh_index = 0
            for zh, en in paragraph:
                zh_ids = tuple(f"p{zh_para}.s{zh_index + k + 1}" for k in range(len(zh)))
                en_ids = tuple(f"p{en_para}.s{en_index + k + 1}" for k in range(len(en)))
                zh_index, en_index = zh_index + len(zh), en_index + len(en)
                if zh and en:
                    beads.add((zh_ids, en_ids))
        return beads


def build(pairs: list[tuple[str, str]], rng: random.Random) -> Document:
    """Return a synthetic release made of `pairs` (the first is the headline), edited as RATES say."""
    beads: list[tuple[list[str], list[str]]] = []
    index = 1
    while index < len(pairs):
        roll, (zh, en) = rng.random(), pairs[index]
        following = pairs[index + 1] if index + 1 < len(pairs) else None
        if following and sentences_of(following) != ([following[0]], [following[1]]) \
                or sentences_of(pairs[index]) != ([zh], [en]):
            following = None  # a pair that is already 1-2 or 2-1 is not edited into a 3-sentence bead
        if following is None and sentences_of(pairs[index]) != ([zh], [en]):
            beads.append(sentences_of(pairs[index]))
            index += 1
            continue
        if following and roll < RATES["2-1"]:
            beads.append(([zh, following[0]], [en.rstrip(".!?") + "; " + following[1]]))
            index += 2
            continue
        roll -= RATES["2-1"]
        if following and roll < RATES["1-2"] and zh[-1] in "。！？":
            beads.append(([zh.rstrip("。！？") + "，" + following[0]], [en, following[1]]))
            index += 2
            continue
        roll -= RATES["1-2"]
        beads.append(([zh], []) if roll < RATES["1-0"] else ([], [en]) if roll < RATES["1-0"] + RATES["0-1"]
                     else ([zh], [en]))
        index += 1
    document = Document(pairs[0])
    while beads:
        size = rng.randint(1, 4)
        document.paragraphs.append(beads[:size])
        beads = beads[size:]
    # a paragraph made only of a dropped sentence on one side would shift the other side's numbering
    document.paragraphs = [p for p in document.paragraphs if any(b[0] for b in p) and any(b[1] for b in p)]
    document.run_on = {n for n in range(len(document.paragraphs) - 1) if rng.random() < PARAGRAPH_RUN_ON}
    return document


def documents(half: str, seeds: int) -> list[Document]:
    """Return the synthetic releases of a half: per seed, consecutive runs of 8-14 usable pairs."""
    pairs = usable_pairs(half)
    found = []
    for seed in range(1, seeds + 1):
        rng = random.Random(f"{half}-{seed}")
        start = rng.randint(0, 4)
        while start + 8 <= len(pairs):
            size = rng.randint(8, 14)
            found.append(build(pairs[start:start + size], rng))
            start += size
    return found


def write(document: Document, folder: Path, name: str) -> tuple[Path, Path]:
    zh, en = document.texts()
    (folder / "zh").mkdir(parents=True, exist_ok=True)
    (folder / "en").mkdir(parents=True, exist_ok=True)
    zh_path, en_path = folder / "zh" / f"{name}.txt", folder / "en" / f"{name}.txt"
    zh_path.write_text(zh, encoding="utf-8")
    en_path.write_text(en, encoding="utf-8")
    return zh_path, en_path


def evaluate(half: str, seeds: int, threshold: float, model: Model, ctx: Context, lexicon: Lexicon) -> dict:
    """Return precision/recall counts over a half's synthetic releases (and seconds per release)."""
    counts = {"gold": 0, "found": 0, "correct": 0, "accepted": 0, "accepted_correct": 0, "releases": 0}
    seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for number, document in enumerate(documents(half, seeds)):
            zh_path, en_path = write(document, Path(folder), f"{half}-{number:03d}")
            started = time.perf_counter()
            aligned = align_release(zh_path, en_path, ctx, lexicon, model)
            seconds += time.perf_counter() - started
            gold = document.gold()
            found = {(p.zh_ids, p.en_ids): p for p in aligned.pairs if p.zh_ids and p.en_ids}
            accepted = {key for key, pair in found.items() if pair.accepted(threshold)}
            counts["releases"] += 1
            counts["gold"] += len(gold)
            counts["found"] += len(found)
            counts["correct"] += len(gold & set(found))
            counts["accepted"] += len(accepted)
            counts["accepted_correct"] += len(gold & accepted)
    counts["seconds"] = seconds
    return counts


def report(half: str, counts: dict) -> str:
    precision = counts["correct"] / max(counts["found"], 1)
    recall = counts["correct"] / max(counts["gold"], 1)
    memory_p = counts["accepted_correct"] / max(counts["accepted"], 1)
    memory_r = counts["accepted_correct"] / max(counts["gold"], 1)
    return (f"| {half} | {counts['releases']} | {counts['gold']} | {precision:.3f} | {recall:.3f} | {memory_p:.3f} "
            f"| {memory_r:.3f} | {counts['seconds'] / max(counts['releases'], 1):.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "report", "both"), default="both")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--folder", type=int, default=0, help="also time aligning a folder of N releases")
    args = parser.parse_args()
    ctx = Context(load(), Glossary.load(REPO / "glossary"))
    lexicon = Lexicon(dictionary.load())
    print("| half | releases | gold beads | precision | recall | memory precision | memory recall | s/release |")
    print("|---|---|---|---|---|---|---|---|")
    for half in (("tune", "report") if args.half == "both" else (args.half,)):
        print(report(half, evaluate(half, args.seeds, args.threshold, Model(), ctx, lexicon)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
