"""Sentence alignment (`press memory align`): precision and recall against known alignments, and speed.

    nice -n 5 .venv/bin/python benchmarks/bench_align.py [--half tune|report|both|none] [--seeds 5]
        [--folder 1000] [--archive] [--threshold 0.9]

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

--archive measures what the archive buys: the tune half of the published paragraph documents
(benchmarks/data/paragraphs, the document id standing in for a headline) is aligned into an empty
memory, then the report half is drafted by paragraph with the embedded model (real, slow: run it under
nice) without a memory and with that one: chrF/TER against the published English, and how many
segments were offered a match (from the archive).
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline import api, dictionary  # noqa: E402
from pipeline.align.aligner import Model  # noqa: E402
from pipeline.align.anchors import Lexicon  # noqa: E402
from pipeline.align.archive import DEFAULT_THRESHOLD, align_release  # noqa: E402
from pipeline.align.sides import split_english  # noqa: E402
from pipeline.config import load  # noqa: E402
from pipeline.context import Context  # noqa: E402
from pipeline.glossary import Glossary  # noqa: E402
from pipeline.stages.segment import split_sentences  # noqa: E402

WMT = REPO / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
PARAGRAPHS = REPO / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"
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
    return [document for seed in range(1, seeds + 1) for document in _more(half, seed)]


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
    seconds = cpu = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for number, document in enumerate(documents(half, seeds)):
            zh_path, en_path = write(document, Path(folder), f"{half}-{number:03d}")
            started, cpu_started = time.perf_counter(), time.process_time()
            aligned = align_release(zh_path, en_path, ctx, lexicon, model)
            seconds += time.perf_counter() - started
            cpu += time.process_time() - cpu_started
            gold = document.gold()
            found = {(p.zh_ids, p.en_ids): p for p in aligned.pairs if p.zh_ids and p.en_ids}
            accepted = {key for key, pair in found.items() if pair.accepted(threshold)}
            counts["releases"] += 1
            counts["gold"] += len(gold)
            counts["found"] += len(found)
            counts["correct"] += len(gold & set(found))
            counts["accepted"] += len(accepted)
            counts["accepted_correct"] += len(gold & accepted)
    counts["seconds"], counts["cpu"] = seconds, cpu
    return counts


def report(half: str, counts: dict) -> str:
    precision = counts["correct"] / max(counts["found"], 1)
    recall = counts["correct"] / max(counts["gold"], 1)
    memory_p = counts["accepted_correct"] / max(counts["accepted"], 1)
    memory_r = counts["accepted_correct"] / max(counts["gold"], 1)
    return (f"| {half} | {counts['releases']} | {counts['gold']} | {precision:.3f} | {recall:.3f} | {memory_p:.3f} "
            f"| {memory_r:.3f} | {counts['seconds'] / max(counts['releases'], 1):.3f} "
            f"| {counts['cpu'] / max(counts['releases'], 1):.3f} |")


def folder(count: int) -> None:
    """Time `api.align_archive` over a folder of `count` synthetic release pairs (both halves, many seeds)."""
    made: list[Document] = []
    seed = 0
    while len(made) < count:
        seed += 1
        for half in HALVES:
            made += _more(half, seed)
    with tempfile.TemporaryDirectory() as scratch:
        for number, document in enumerate(made[:count]):
            write(document, Path(scratch), f"release-{number:04d}")
        started, cpu = time.perf_counter(), time.process_time()
        report = api.align_archive(Path(scratch) / "zh", Path(scratch) / "en", memory=Path(scratch) / "memory.sqlite",
                                   out_dir=Path(scratch))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"\nfolder of {count} synthetic release pairs: {seconds:.0f} s in all ({seconds / count:.3f} s per "
              f"release; aligning alone {report.seconds:.0f} s), CPU {cpu:.0f} s ({cpu / count:.3f} s per release; "
              f"the machine is shared), {report.accepted} pairs stored, {report.doubtful} to review, "
              f"{len(report.proposals)} term proposals, {len(report.failed)} failed")


def _more(half: str, seed: int) -> list[Document]:
    pairs = usable_pairs(half)
    rng = random.Random(f"{half}-{seed}")
    found, start = [], rng.randint(0, 4)
    while start + 8 <= len(pairs):
        size = rng.randint(8, 14)
        found.append(build(pairs[start:start + size], rng))
        start += size
    return found


def paragraph_documents(split: str) -> dict[str, list[dict]]:
    """Return the published paragraph documents of a split: {doc: its rows in paragraph order}."""
    with PARAGRAPHS.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["split"] == split]
    found: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda row: (row["doc"], int(row["para"]))):
        found.setdefault(row["doc"], []).append(row)
    return found


def archive(threshold: float) -> None:
    """What the archive buys: the tune half of the published paragraph documents aligned into an empty memory,
    then the report half drafted (real model, by paragraph) without and with that memory."""
    import sacrebleu

    from pipeline import runner
    from pipeline.engines import make_engine
    from pipeline.memory import Memory
    from pipeline.model import Release

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for doc, rows in paragraph_documents("tune").items():  # the document id stands in for a headline
            for side in ("zh", "en"):
                (folder / side).mkdir(exist_ok=True)
                (folder / side / f"{doc}.txt").write_text(doc + "\n\n" + "\n\n".join(r[side] for r in rows) + "\n",
                                                          encoding="utf-8")
        memory = folder / "memory.sqlite"
        aligned = api.align_archive(folder / "zh", folder / "en", memory=memory, out_dir=folder, threshold=threshold)
        print(f"\ntune half aligned: {len(aligned.aligned)} documents, {aligned.accepted} pairs stored, "
              f"{aligned.doubtful} to review")
        engine = make_engine("llama")
        base = runner.build_context(load({"quiet": True, "engine": "none", "memory": str(folder / "unused.sqlite")}))
        report_docs = paragraph_documents("report")
        refs = [row["en"] for rows in report_docs.values() for row in rows]
        print("| drafted with | chrF | TER | segments with a match | of which from the archive | seconds |")
        print("|---|---|---|---|---|---|")
        for label, opened in (("no memory", None), ("the aligned archive", Memory(memory))):
            ctx = dataclasses.replace(base, engine=engine, memory=opened, cache=None)
            hyps, matched, archived, started = [], 0, 0, time.perf_counter()
            for doc, rows in report_docs.items():
                release = runner.run(Release(path=Path(doc), headline="", paragraphs=tuple(r["zh"] for r in rows)),
                                     ctx, stop_after="check")
                hyps += [" ".join(s.en for s in release.segments if s.paragraph == n and s.en)
                         for n in range(1, len(rows) + 1)]
                matched += sum(1 for s in release.segments if s.matches)
                archived += sum(1 for s in release.segments if any(m.origin == "aligned" for m in s.matches))
            chrf = sacrebleu.corpus_chrf(hyps, [refs]).score
            ter = sacrebleu.metrics.TER().corpus_score(hyps, [refs]).score
            print(f"| {label} | {chrf:.1f} | {ter:.1f} | {matched} | {archived} | {time.perf_counter() - started:.0f} |",
                  flush=True)
            if opened is not None:
                opened.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "report", "both", "none"), default="both")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--folder", type=int, default=0, help="also time aligning a folder of N releases")
    parser.add_argument("--archive", action="store_true",
                        help="also draft the paragraphs' report half with and without their aligned tune half")
    args = parser.parse_args()
    ctx = Context(load(), Glossary.load(REPO / "glossary"))
    lexicon = Lexicon(dictionary.load())
    halves = {"both": ("tune", "report"), "none": ()}.get(args.half, (args.half,))
    if halves:
        print("| half | releases | gold beads | precision | recall | memory precision | memory recall | s/release "
              "| CPU s/release |")
        print("|---|---|---|---|---|---|---|---|---|")
    for half in halves:
        print(report(half, evaluate(half, args.seeds, args.threshold, Model(), ctx, lexicon)), flush=True)
    if args.folder:
        folder(args.folder)
    if args.archive:
        archive(args.threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
