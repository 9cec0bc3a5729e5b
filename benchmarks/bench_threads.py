"""Model thread benchmark: decoding speed when every model call runs on one thread, and when two threads take turns.

Usage (from the repository root, model installed with `pip install -e '.[model,test]'`):

    python benchmarks/bench_threads.py            # 20 WMT sentences, first draft + raw request each

llama.cpp computes with OpenMP, which keeps a team of worker threads per calling thread. Before the
engine ran every computation on its one model thread (`engines/llama.on_model_thread`), a release's
drafts were computed on the drafting pool's thread while other calls (the benchmark's raw requests,
the next release's pool) came from another thread. Once two threads have computed, the teams' threads
outnumber the cores and libgomp stops spin-waiting between parallel regions (its "throttled" spin
count), so each token waits for thread wake-ups. This script measures, in one process, in this order:

  * one thread: every request through the engine (the shipped path);
  * two threads: the first drafts computed on a fresh thread per request, the raw requests on the main
    thread, bypassing the model thread (how drafting ran before);
  * one thread again: back through the engine. It stays slow: the main thread's team now exists, so
    the process is throttled for good — which is why loading the model, too, runs on the model thread.

It prints prefill and decode tokens per second per request kind and the ratio of the two ways.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import load_wmt, raw_limit  # noqa: E402
from pipeline import config, runner  # noqa: E402
from pipeline.engines import make_engine  # noqa: E402
from pipeline.engines.prompt import Usage, build_messages, plain_messages, token_limit  # noqa: E402
from pipeline.model import Release  # noqa: E402
from pipeline.stages.draft import build_request  # noqa: E402


def first_requests(rows) -> list:
    """The pipeline's first-draft request for the first sentence of each WMT row (model-free stages only)."""
    with tempfile.TemporaryDirectory() as scratch:
        ctx = runner.build_context(config.load({"quiet": True, "engine": "none",
                                                "memory": str(Path(scratch) / "memory.sqlite")}))
        ctx = dataclasses.replace(ctx, memory=None)
        requests = []
        for zh, _reference in rows:
            release = runner.run(Release(path=Path("wmt"), headline="", paragraphs=(zh,)), ctx, stop_after="recall")
            index = next(i for i, segment in enumerate(release.segments) if segment.zh.strip())
            requests.append(build_request(release.segments, index))
        return requests


def run(engine, requests, two_threads: bool) -> dict:
    """Return the engine's usage by kind for a raw request and a first draft of each request."""
    engine.usage = Usage()
    for request in requests:
        raw = plain_messages(request.zh)
        first = build_messages(request)
        limit = token_limit(request, engine.max_tokens)
        if two_threads:  # how drafting ran before: the raw call on this thread, the draft on a fresh one
            engine._complete(raw, raw_limit(request.zh), "raw")
            worker = threading.Thread(target=engine._complete, args=(first, limit, "sentence"))
            worker.start()
            worker.join()
        else:
            engine.complete(raw, max_tokens=raw_limit(request.zh), kind="raw")
            engine.complete(first, max_tokens=limit, kind="sentence")
    return engine.usage.by_kind


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20, help="first N WMT rows (default 20)")
    args = parser.parse_args(argv)
    requests = first_requests(load_wmt(str(args.rows)))
    engine = make_engine("llama")
    engine.complete(plain_messages("你好。"), max_tokens=8)  # loads the model outside the measurement
    results = {}
    for label, two in (("one thread", False), ("two threads", True), ("one thread, again", False)):
        results[label] = run(engine, requests, two)
    print(f"{len(requests)} WMT sentences, a raw request and a first draft each; tokens per second")
    print(f"{'':20} {'kind':9} {'prefill tok/s':>13} {'decode tok/s':>12} {'s/call':>7}")
    for label, kinds in results.items():
        for kind, row in sorted(kinds.items()):
            evaluated = row["prompt_tokens"] - row["reused_tokens"]
            print(f"{label:20} {kind:9} {evaluated / row['prefill_s']:13.1f} "
                  f"{row['completion_tokens'] / row['decode_s']:12.1f} {row['seconds'] / row['calls']:7.2f}")
    one, two = results["one thread"], results["two threads"]
    for kind in sorted(one):
        print(f"decode speed, {kind}: two threads / one thread = "
              f"{(two[kind]['completion_tokens'] / two[kind]['decode_s']) / (one[kind]['completion_tokens'] / one[kind]['decode_s']):.2f}")


if __name__ == "__main__":
    main()
