"""Prompt lookup, replayed: how many tokens to propose for which request kind, decided on the tune half.

Usage (from the repository root, model installed with `pip install -e '.[model,test]'`):

    python benchmarks/lookup_replay.py --record /tmp/tune-requests.jsonl   # the tune half, lookup off (~12 min)
    python benchmarks/lookup_replay.py --replay /tmp/tune-requests.jsonl   # batch costs measured, then replayed

--record drafts WMT rows 1-92 (the tune half) with the raw model and the pipeline, prompt lookup off,
and writes one JSON line per model request: its kind, prompt tokens and the answer's tokens.
--replay first times one model evaluation of a batch of 1..17 tokens on this machine (the median of 12),
then replays every request under each choice of lookahead (tokens proposed per step) and n-gram sizes:
a proposal is kept as far as it matches the recorded greedy answer, and each step costs the measured
time of its batch. It prints, per kind, the replayed decode time as a fraction of decoding token by token,
for the best choices and for the shipped one (pipeline.engines.llama.LOOKAHEAD, NGRAMS).
A replay assumes the answer decoded with lookup is the one decoded without; in fact batches round
differently and a near tie can go the other way (bench_engine.py --lookup N measures the real thing).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engine  # noqa: E402
from pipeline import config, runner  # noqa: E402
from pipeline.engines import llama as embedded  # noqa: E402
from pipeline.engines import make_engine  # noqa: E402

SIZES = range(1, 18)
CHOICES = [(lookahead, ngrams) for lookahead in (1, 2, 3, 7, 11, 15) for ngrams in ((2,), (3,), (3, 2), (4, 3, 2))]


def record(path: Path, which: str) -> None:
    """Write every request of the raw model and the pipeline on the WMT rows `which`, lookup off."""
    engine = make_engine("llama")
    engine.lookahead = {}
    kind = ["raw"]
    complete, generate = engine._complete, embedded._generate

    def kind_noted(messages, max_tokens, request_kind):
        kind[0] = request_kind
        return complete(messages, max_tokens, request_kind)

    with open(path, "w", encoding="utf-8") as out:
        def recorded(llama, tokens, limit, stop, lookahead):
            result = generate(llama, tokens, limit, stop, lookahead)
            out.write(json.dumps({"kind": kind[0], "prompt": list(tokens), "answer": result[0]}) + "\n")
            return result

        engine._complete, embedded._generate = kind_noted, recorded
        try:
            with tempfile.TemporaryDirectory() as scratch:
                base = runner.build_context(config.load({"quiet": True, "engine": "none",
                                                         "memory": str(Path(scratch) / "memory.sqlite")}))
                ctx = dataclasses.replace(base, engine=engine, memory=None, cache=None)
                for number, (zh, _reference) in enumerate(bench_engine.load_wmt(which), start=1):
                    bench_engine.raw(engine, zh)
                    bench_engine.pipeline_run(zh, ctx, f"wmt{number:03d}", "paragraph")
                    print(f"  row {number}", file=sys.stderr, flush=True)
        finally:
            embedded._generate = generate


def batch_costs() -> dict[int, float]:
    """Median seconds of one evaluation of a batch of n tokens after a 60-token context, n in SIZES."""
    engine = make_engine("llama")

    def measure():
        llama = embedded.load_model(engine.model_path, engine.n_ctx, engine.n_threads, engine.seed, engine.n_batch)
        text = "The State Council held a meeting in Beijing on Monday to discuss the economy and people's livelihood. "
        tokens = llama.tokenize((text * 6).encode("utf-8"))  # 60 + 17 tokens and more
        llama.reset()
        llama.eval(tokens[:60])
        costs = {}
        for size in SIZES:
            times = []
            for _ in range(12):
                llama.n_tokens = 60
                llama._ctx.kv_cache_seq_rm(-1, 60, -1)
                llama._batch.set_batch(batch=tokens[60:60 + size], n_past=60, logits_all=True)
                started = time.perf_counter()
                llama._ctx.decode(llama._batch)
                times.append(time.perf_counter() - started)
            costs[size] = sorted(times)[len(times) // 2]
        return costs
    return embedded.on_model_thread(measure)


def replay(request: dict, lookahead: int, ngrams: tuple[int, ...], costs: dict[int, float]) -> float:
    """Seconds to decode the request's recorded answer with this lookup (its first token comes with the prompt)."""
    prompt, answer = request["prompt"], request["answer"]
    seconds, done = 0.0, 1 if answer else 0
    while 0 < done <= len(answer):  # the last token is evaluated too: its logits say the answer ends
        history = prompt + answer[:done]
        proposal = embedded._lookup(history, min(lookahead, len(answer) - done), ngrams)
        kept = 0
        while kept < len(proposal) and proposal[kept] == answer[done + kept]:
            kept += 1
        seconds += costs[1 + len(proposal)]
        done += 1 + kept
    return seconds


def report(requests: list[dict], costs: dict[int, float]) -> None:
    print("batch of n tokens, ms: " + ", ".join(f"{n}: {costs[n] * 1000:.0f}" for n in SIZES))
    by_kind = collections.defaultdict(list)
    for request in requests:
        by_kind[request["kind"]].append(request)
    shipped = dict(embedded.LOOKAHEAD)
    for kind, found in sorted(by_kind.items()):
        plain = sum(len(request["answer"]) for request in found) * costs[1]
        fractions = sorted((sum(replay(r, lookahead, ngrams, costs) for r in found) / max(plain, 1e-9), lookahead, ngrams)
                           for lookahead, ngrams in CHOICES)
        ours = shipped.get(kind, 0)
        mine = sum(replay(r, ours, embedded.NGRAMS, costs) for r in found) / max(plain, 1e-9) if ours else 1.0
        best = "; ".join(f"{fraction:.3f} (lookahead {lookahead}, n-grams {ngrams})" for fraction, lookahead, ngrams
                         in fractions[:3])
        print(f"{kind:10} {len(found):4} requests, {sum(len(r['answer']) for r in found):6} tokens, "
              f"{plain:6.1f} s token by token; shipped (lookahead {ours}): {mine:.3f}; best: {best}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", type=Path, metavar="FILE", help="record the requests of the WMT rows --wmt")
    parser.add_argument("--wmt", default="tune", help="all | tune | report | N first rows (default: tune)")
    parser.add_argument("--replay", type=Path, metavar="FILE", help="replay recorded requests")
    args = parser.parse_args(argv)
    if not args.record and not args.replay:
        parser.error("give --record FILE or --replay FILE")
    if args.record:
        record(args.record, args.wmt)
    if args.replay:
        requests = [json.loads(line) for line in args.replay.read_text(encoding="utf-8").splitlines() if line.strip()]
        report(requests, batch_costs())


if __name__ == "__main__":
    main()
