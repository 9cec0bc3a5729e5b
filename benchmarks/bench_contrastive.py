"""Contrastive conditioning (issue 24): its detectors for bench_adequacy, and what it costs per pass and per release.

    python benchmarks/bench_adequacy.py --split both --detector lexical --detector contrastive-gated \
        --score-cache /tmp/cc-scores.jsonl
    python benchmarks/bench_contrastive.py --cost                 # per pass, per sentence and per sample release

Detectors (built into bench_adequacy): `contrastive` scores every clause of the Chinese (one pass each,
plus the whole sentence and an empty source); `contrastive-gated` scores only the clauses lexical
coverage doubts (rendered share <= contrastive.GATE) and decides those, lexical deciding the rest — the
way the pipeline runs it. `--score-cache FILE` keeps every (source, English) score in a JSON-lines file,
so a second run (another threshold, the other detector) does no model work for pairs already scored.

`--cost`: with the embedded model, the seconds of one scoring pass measured beside one first-draft
request of the same sentence, and for each sample release the drafting time (press translate, no
cache) beside the time contrastive conditioning adds, gated and on every clause.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.engines.base import Scores  # noqa: E402


class CachedScorer:
    """An engine's `score` with every (prompt, answer) result kept in a JSON-lines file."""

    def __init__(self, engine, path: Path | None):
        self.engine, self.name, self.path = engine, engine.name, path
        self.known: dict[str, list] = {}
        if path and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                self.known[entry["key"]] = [entry["logprobs"], entry["pieces"]]

    @staticmethod
    def key(messages: list[dict], answer: str) -> str:
        return hashlib.sha256(json.dumps([messages, answer], ensure_ascii=False).encode("utf-8")).hexdigest()

    def score(self, prompts: list[list[dict]], answer: str) -> Scores:
        keys = [self.key(messages, answer) for messages in prompts]
        todo = [index for index, key in enumerate(keys) if key not in self.known]
        if todo:
            fresh = self.engine.score([prompts[index] for index in todo], answer)
            lines = []
            for index, logprobs in zip(todo, fresh.logprobs, strict=True):
                self.known[keys[index]] = [list(logprobs), list(fresh.pieces)]
                lines.append(json.dumps({"key": keys[index], "logprobs": list(logprobs),
                                         "pieces": list(fresh.pieces)}, ensure_ascii=False))
            if self.path:
                with open(self.path, "a", encoding="utf-8") as handle:
                    handle.write("".join(line + "\n" for line in lines))
        return Scores(tuple(self.known[keys[0]][1]), tuple(tuple(self.known[key][0]) for key in keys))


def _engine(cache: Path | None, threads: int | None = None):
    from pipeline.engines import make_engine

    return CachedScorer(make_engine("llama", n_threads=threads), cache)


def contrastive_detector(cache: Path | None = None, threads: int | None = None):
    """Return (zh, en) -> (missing, added) by contrastive conditioning on every clause."""
    from pipeline.adequacy import contrastive

    engine = _engine(cache, threads)

    def detect(zh: str, en: str) -> tuple:
        coverage = contrastive.assess(engine, zh, en)
        return [clause.text for clause in coverage.missing], list(coverage.added)
    return detect


def gated_detector(cache: Path | None = None, threads: int | None = None):
    """Return (zh, en) -> (missing, added) as the pipeline judges: lexical coverage, with contrastive
    conditioning deciding the clauses and sentences lexical doubts."""
    from pipeline.adequacy import contrastive, lexical
    from pipeline.adequacy.checks import analyse
    from pipeline.config import REPO_GLOSSARY
    from pipeline.glossary import Glossary

    engine, glossary = _engine(cache, threads), Glossary.load(REPO_GLOSSARY)

    def detect(zh: str, en: str) -> tuple:
        words, terms, names = analyse(zh, glossary)
        found = contrastive.judge(engine, zh, en, lexical.assess(zh, en, terms, words, names))
        return [clause.text for clause in found.missing], list(found.added)
    return detect


class _Offline:
    """An engine that scores nothing: a CachedScorer over it answers from its file or raises KeyError."""

    name = "llama"

    def score(self, prompts, answer):
        raise KeyError("not in the score cache")


def sweep(split: str, cache: Path) -> None:
    """Print gated recall and false flags for a grid of thresholds, from the scores in `cache` alone (the
    pairs all of whose scores it holds), beside lexical coverage alone on the same pairs."""
    import bench_adequacy

    from pipeline.adequacy import contrastive, lexical
    from pipeline.adequacy.checks import analyse
    from pipeline.config import REPO_GLOSSARY
    from pipeline.glossary import Glossary

    engine, glossary = CachedScorer(_Offline(), cache), Glossary.load(REPO_GLOSSARY)
    pairs, judged = [], []
    for row in bench_adequacy.rows(split, None):
        words, terms, names = analyse(row["zh"], glossary)
        coverage = lexical.assess(row["zh"], row["en"], terms, words, names)
        try:
            contrastive.judge(engine, row["zh"], row["en"], coverage)  # all its scores cached?
        except KeyError:
            continue
        pairs.append(row)
        judged.append(coverage)
    lexical_run = [{**row, "missing": [c.clause.text for c in cov.missing], "added": list(cov.added), "seconds": 0}
                   for row, cov in zip(pairs, judged, strict=True)]
    print(f"{split}: {len(pairs)} pairs scored; lexical alone: {_brief(bench_adequacy.score(lexical_run))}")
    saved = (contrastive.GATE, contrastive.OMISSION_GAIN, contrastive.ADDITION_GAIN)
    for gate in (0.0, 0.2, 0.34, 0.5):
        for omission in (-0.1, -0.05, -0.02, 0.0, 0.02, 0.05):
            for addition in (0.1, 0.2, 0.3, 0.5):
                contrastive.GATE, contrastive.OMISSION_GAIN, contrastive.ADDITION_GAIN = gate, omission, addition
                run = []
                for row, cov in zip(pairs, judged, strict=True):
                    found = contrastive.judge(engine, row["zh"], row["en"], cov)
                    run.append({**row, "missing": [c.text for c in found.missing], "added": list(found.added),
                                "seconds": 0})
                print(f"  gate {gate:.2f} omission {omission:+.2f} addition {addition:.1f}: "
                      f"{_brief(bench_adequacy.score(run))}")
    contrastive.GATE, contrastive.OMISSION_GAIN, contrastive.ADDITION_GAIN = saved


def _brief(scores: dict) -> str:
    return (f"omission {scores['omission recall']:.3f} addition {scores['addition recall']:.3f} "
            f"untouched flagged {scores['untouched flagged']:.3f}")


def cost(threads: int | None, only: str) -> None:
    """Print, per sample release, the drafting seconds (press translate's stages, no drafts cache) beside
    the seconds and passes contrastive conditioning adds, gated and on every clause, in one process."""
    import dataclasses
    import tempfile

    from pipeline import config, runner
    from pipeline.adequacy import contrastive, lexical
    from pipeline.adequacy.checks import analyse
    from pipeline.engines import make_engine
    from pipeline.formats import read_release

    engine = make_engine("llama", n_threads=threads)
    with tempfile.TemporaryDirectory() as scratch:
        base = runner.build_context(config.load({"quiet": True, "engine": "none",
                                                 "memory": str(Path(scratch) / "memory.sqlite")}))
        ctx = dataclasses.replace(base, engine=engine, memory=None, cache=None)
        for path in sorted(ROOT.glob(f"samples/{only}/source.zh.txt")):
            started = time.perf_counter()
            drafted = runner.run(read_release(path), ctx, stop_after="check")
            drafting = time.perf_counter() - started
            segments = [seg for seg in drafted.segments if seg.zh.strip() and seg.en.strip()]
            before = dict(engine.usage.by_kind.get("score", {}))
            gated_s = every_s = 0.0
            gated_passes = every_passes = 0
            flagged = []
            for seg in segments:
                words, terms, names = analyse(seg.zh, ctx.glossary)
                found = contrastive.judge(engine, seg.zh, seg.en, lexical.assess(seg.zh, seg.en, terms, words, names))
                gated_s, gated_passes = gated_s + found.coverage.seconds, gated_passes + found.coverage.passes
                flagged += [f"{seg.id} {clause.text}" for clause in found.missing]
                flagged += [f"{seg.id} +{sentence}" for sentence in found.added]
                every = contrastive.assess(engine, seg.zh, seg.en, [(term.start, term.end) for term in terms])
                every_s, every_passes = every_s + every.seconds, every_passes + every.passes
            used = engine.usage.by_kind.get("score", {})
            tokens = used.get("prompt_tokens", 0) - before.get("prompt_tokens", 0)
            reused = used.get("reused_tokens", 0) - before.get("reused_tokens", 0)
            print(f"{path.parent.name}: {len(segments)} segments drafted in {drafting:.0f} s; contrastive "
                  f"gated {gated_passes} passes {gated_s:.0f} s (+{gated_s / drafting:.0%}), every clause "
                  f"{every_passes} passes {every_s:.0f} s (+{every_s / drafting:.0%}); "
                  f"{(gated_s + every_s) / max(1, gated_passes + every_passes):.2f} s per pass, "
                  f"{reused / max(1, tokens):.0%} of the scored tokens' context shared")
            for line in flagged:
                print(f"    flagged (gated): {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", choices=("tune", "report"), help="thresholds on the cached scores of a split")
    parser.add_argument("--score-cache", type=Path, help="the JSON-lines score file bench_adequacy filled")
    parser.add_argument("--cost", action="store_true", help="seconds per pass and per sample release")
    parser.add_argument("--samples", default="*", help="which samples/ folders for --cost (a glob)")
    parser.add_argument("--threads", type=int, help="the embedded model's threads (default: up to 4 cores)")
    args = parser.parse_args(argv)
    if args.sweep:
        sweep(args.sweep, args.score_cache)
    if args.cost:
        cost(args.threads, args.samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
