"""Scale benchmark: does the cost of one release grow linearly with its size?

    PRESS_HOME=/tmp/x .venv/bin/python benchmarks/bench_scale.py [--sizes 800 8000 80000] [--readers]

Builds one release of N sentences from the government work reports (benchmarks/corpus/), headline and
paragraphs of eight sentences, and runs it through the pipeline in this process with `--engine none`
(limits raised so the largest size is allowed): the model-free stages, then each output written on its
own, each timed. Then the real command `press translate FILE --engine none` on the 8,000-sentence
release, as a user runs it. Prints Markdown tables for docs/benchmarks.md and the growth ratios
(10× the segments should cost at most 12× the time). No assertion: a measurement, not a test.

With --readers it also times what the hostile-input review found slow: a 50 MB one-line .txt,
200,000 short lines, a 20,000-paragraph .docx and a 20 MB saved page, each through `press translate`
with the default limits (time until the command answers, whatever the answer).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
CORPUS = HERE / "corpus" / "government_work_reports_2021-2025.jsonl"


def sentences() -> list[str]:
    """Return the prose sentences of the reports (10–120 characters, ending in 。)."""
    found = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        content = json.loads(line)["content"]
        for sentence in re.findall(r"[^。！？\n]+。", content):
            sentence = re.sub(r"\s+", "", sentence)
            if 10 <= len(sentence) <= 120:
                found.append(sentence)
    return found


def release_text(count: int, pool: list[str]) -> str:
    """Return a .txt release of `count` segments: a headline, a metadata line, paragraphs of 8 sentences."""
    body = [pool[index % len(pool)] for index in range(count - 1)]
    paragraphs = ["".join(body[start:start + 8]) for start in range(0, len(body), 8)]
    return "\n\n".join(["政府工作报告摘要", "来源：国务院　日期：2025-03-05", *paragraphs]) + "\n"


def config(limits: dict):
    """Return the engine-none Config of the run, with `limits` raised where this version has limits."""
    from pipeline.config import Config

    names = {f.name for f in fields(Config)}
    base = Config(engine="none", glossary=str(REPO / "glossary"), quiet=True)
    if "limits" not in names:  # an older version without [limits]
        return base
    from dataclasses import replace

    return replace(base, limits=replace(base.limits, **limits))


def run_in_process(path: Path, out: Path, limits: dict) -> dict[str, float]:
    """Return seconds per step for one release: read + model-free stages, the rest, each output."""
    from pipeline.review.ingest import check_review
    from pipeline.outputs import WRITERS
    from pipeline.runner import PREPARE_LAST, build_context, prepare, run

    ctx = build_context(config(limits))
    timings = {}
    started = time.process_time()
    release = prepare(path, ctx)
    timings["read + normalise + segment + names"] = time.process_time() - started
    started = time.process_time()
    release = run(release, ctx, start_after=PREPARE_LAST)
    timings["recall, check, assemble"] = time.process_time() - started
    for kind, module in WRITERS.items():
        started = time.process_time()
        module.write(release, out / f"{path.stem}{module.SUFFIX}")
        timings[f"write {kind}"] = time.process_time() - started
    started = time.process_time()
    review_file, release_json = out / f"{path.stem}{WRITERS['review'].SUFFIX}", out / f"{path.stem}.json"
    limits = getattr(ctx.config, "limits", None)  # None: a version before [limits]
    checked = (check_review(review_file, release_json, ctx.glossary, limits=limits) if limits
               else check_review(review_file, release_json, ctx.glossary))
    timings["press check (read the review file back)"] = time.process_time() - started
    assert len(checked.segments) == len(release.segments)
    timings["segments"] = len(release.segments)
    return timings


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(args: list[str], env: dict) -> tuple[float, float, int, str]:
    """Return (wall seconds, CPU seconds, exit code, error line) of `python -m pipeline ARGS`."""
    started, cpu = time.perf_counter(), cpu_of_children()
    done = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=env,
                          capture_output=True, text=True)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    error = next((line for line in lines if line.startswith("error:")), lines[-1] if lines else "")
    return time.perf_counter() - started, cpu_of_children() - cpu, done.returncode, error


def hostile_inputs(folder: Path, pool: list[str]) -> dict[str, Path]:
    """Write the four inputs the hostile-input review found slow; return {label: path}."""
    from pipeline import ooxml

    inputs = {}
    text = "".join(pool)
    one_line = folder / "one-line-50MB.txt"
    body = (text * (50_000_000 // len(text.encode()) + 1)).encode()[:50_000_000]
    one_line.write_bytes("政府工作报告摘要\n\n".encode() + body.decode("utf-8", errors="ignore").encode())
    inputs["50 MB .txt, one line"] = one_line
    short = folder / "short-lines-200k.txt"
    short.write_text("标题\n\n" + "\n".join(pool[i % len(pool)][:8] for i in range(200_000)) + "\n",
                     encoding="utf-8")
    inputs["200,000 short lines .txt"] = short
    document = ooxml.new_document()
    document.add_paragraph("政府工作报告摘要", style="Title")
    for index in range(20_000):
        document.add_paragraph(pool[index % len(pool)])
    docx_path = folder / "paragraphs-20k.docx"
    ooxml.save(document, docx_path)
    inputs["20,000-paragraph .docx"] = docx_path
    page = folder / "page-20MB.html"
    paragraphs, size = [], 0
    while size < 20_000_000:
        piece = f"<p><span>{pool[len(paragraphs) % len(pool)]}</span></p>\n"
        paragraphs.append(piece)
        size += len(piece.encode())
    page.write_text("<html><head><meta charset='utf-8'><title>政府工作报告摘要</title></head><body>"
                    "<h1>政府工作报告摘要</h1><div id='zoom'>" + "".join(paragraphs)
                    + "</div></body></html>", encoding="utf-8")
    inputs["20 MB saved page .html"] = page
    return inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[800, 8000, 80000])
    parser.add_argument("--readers", action="store_true", help="also time the four slow inputs")
    args = parser.parse_args(argv)
    pool = sentences()
    # raised so the largest release is allowed (its review file's document.xml is ~70 MB)
    limits = {"segments": max(args.sizes) + 10, "input_bytes": 1 << 30, "docx_part_bytes": 1 << 30}
    with tempfile.TemporaryDirectory(prefix="press-scale-") as temporary:
        root = Path(temporary)
        os.environ["PRESS_HOME"] = str(root / "home")
        env = {**os.environ}
        results = {}
        warm = root / "warm-up.txt"  # jieba's dictionary and the .docx template load once, before timing
        warm.write_text(release_text(20, pool), encoding="utf-8")
        (root / "out-warm").mkdir()
        run_in_process(warm, root / "out-warm", limits)
        for size in args.sizes:
            path = root / f"release-{size}.txt"
            path.write_text(release_text(size, pool), encoding="utf-8")
            (root / f"out-{size}").mkdir()
            results[size] = run_in_process(path, root / f"out-{size}", limits)
            print(f"{size}: {sum(v for k, v in results[size].items() if k != 'segments'):.1f} s CPU",
                  file=sys.stderr)
        steps = [key for key in results[args.sizes[0]] if key != "segments"]
        print(f"engine none, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; CPU seconds "
              "of one process (wall time on a shared machine measures the neighbours)\n")
        print("| step | " + " | ".join(f"{size:,} segments (CPU s)" for size in args.sizes) + " | "
              + " | ".join(f"{b // a}× segments: time ×" for a, b in zip(args.sizes, args.sizes[1:])) + " |")
        print("|---|" + "---:|" * (2 * len(args.sizes) - 1))
        for step in steps + ["total"]:
            values = [sum(v for k, v in results[s].items() if k != "segments") if step == "total"
                      else results[s][step] for s in args.sizes]
            ratios = [f"{b / a:.1f}" if a > 0.01 else "–" for a, b in zip(values, values[1:])]
            print(f"| {step} | " + " | ".join(f"{v:.2f}" for v in values) + " | " + " | ".join(ratios) + " |")
        middle = root / "cli-8000.txt"
        middle.write_text(release_text(8000, pool), encoding="utf-8")
        seconds, cpu, code, _ = command(["translate", str(middle), "-o", str(root / "cli"), "--engine", "none",
                                         "--glossary", str(REPO / "glossary"), "-q", "--jobs", "1"], env)
        print(f"\n`press translate` of the 8,000-segment release, --engine none --jobs 1: {seconds:.1f} s wall, "
              f"{cpu:.1f} s CPU (exit {code}; load average {os.getloadavg()[0]:.1f})")
        if args.readers:
            print("\n| input | answered in (s, wall) | CPU (s) | exit | answer |\n|---|---:|---:|---:|---|")
            (root / "hostile").mkdir()
            for label, path in hostile_inputs(root / "hostile", pool).items():
                seconds, cpu, code, answer = command(["translate", str(path), "-o", str(root / "hostile-out"),
                                                 "--engine", "none", "--glossary", str(REPO / "glossary"),
                                                 "-q", "--jobs", "1"], env)
                answer = answer.replace(str(root), "…")[:110]
                print(f"| {label} | {seconds:.1f} | {cpu:.1f} | {code} | {answer} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
