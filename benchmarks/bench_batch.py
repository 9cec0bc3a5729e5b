"""Batch benchmark: 200 releases cut from the government work reports through `press translate DIR`.

    .venv/bin/python benchmarks/bench_batch.py [--count 200] [--engine none] [--steps 100]

Writes the releases as .txt files (one folder per report year) into a temporary folder, then times
the real command with --jobs 1 and --jobs 2 side by side, a second run (everything up to date),
and an interrupted run (Ctrl-C after a third of the files) followed by its resumption. Prints a
Markdown table for docs/benchmarks.md. With --steps N it prints instead where the CPU of one release
goes: N releases through the stages and writers in this process (engine none, after five to warm up).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "government_work_reports_2021-2025.jsonl"
PRESS = [sys.executable, "-m", "pipeline", "translate"]


def body_paragraphs(content: str) -> list[str]:
    """Return the report's prose paragraphs (headings, the title block and fragments left out)."""
    lines = [re.sub(r"[\s\u200b]+", "", line) for line in content.split("\n")]
    return [line for line in lines if len(line) >= 40 and line.endswith(("。", "！", "”"))]


def headline(paragraph: str) -> str:
    """Return a release-style headline: the paragraph's first clause, at most 30 characters."""
    clause = re.split(r"[，。；：！]", paragraph, maxsplit=1)[0]
    return clause[:30]


def make_releases(count: int = 200, seed: int = 7) -> list[tuple[str, str]]:
    """Return (relative path, text) of `count` releases: headline, 来源/日期 line, 3–8 paragraphs."""
    rng = random.Random(seed)
    reports = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    pools = {report["year"]: body_paragraphs(report["content"]) for report in reports}
    years = sorted(pools)
    cursors = dict.fromkeys(years, 0)
    releases = []
    for index in range(count):
        year = years[index % len(years)]
        pool, size = pools[year], rng.randint(3, 8)
        taken = [pool[(cursors[year] + k) % len(pool)] for k in range(size)]
        cursors[year] += size
        day = 1 + index % 28
        lines = [headline(taken[0]), "", f"来源：国务院　日期：{year}-03-{day:02d}", ""]
        lines += [line for paragraph in taken for line in (paragraph, "")]
        # the same file name in every year folder: the outputs must not overwrite each other
        releases.append((f"{year}/release-{index // len(years):03d}.txt", "\n".join(lines)))
    return releases


def write_corpus(folder: Path, releases: list[tuple[str, str]]) -> None:
    for relative, text in releases:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def press(args: list[str], **options) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(PRESS + args, cwd=HERE.parent, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **options)


def _spin(count: int) -> float:
    started = time.perf_counter()
    total = 0
    for number in range(count):
        total += number
    return time.perf_counter() - started


def free_cores(count: int = 10_000_000) -> float:
    """Return how many cores a CPU-bound process gets right now: 2 on an idle 2-core machine.

    The machine may be shared; this says what parallel workers can gain at the time of the run.
    """
    import multiprocessing

    alone = _spin(count)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        started = time.perf_counter()
        pool.map(_spin, [count, count])
        together = time.perf_counter() - started
    return round(min(2.0, 2 * alone / together), 1)


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str]) -> tuple[float, str, float]:
    """Return (wall seconds, stderr, CPU seconds of the command and its worker processes)."""
    started, cpu = time.perf_counter(), cpu_of_children()
    process = press(args)
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"press {' '.join(args)} failed ({process.returncode}):\n{err[-2000:]}")
    return seconds, err, cpu_of_children() - cpu


def summary_counts(stderr: str) -> dict[str, int]:
    """Return {label: count} from the summary table `press translate` prints."""
    counts = {}
    for label in ("done", "from memory", "skipped", "failed", "total"):
        found = re.search(rf"^{label}\s+(\d+)", stderr, re.MULTILINE)
        counts[label] = int(found.group(1)) if found else -1
    return counts


def interrupt_and_resume(source: Path, out: Path, engine: str, jobs: int) -> dict:
    """Ctrl-C a run after a third of the files, rerun it; return what each run did."""
    total = sum(1 for _ in source.rglob("*.txt"))
    process = press([str(source), "-o", str(out), "--engine", engine, "--jobs", str(jobs)],
                    start_new_session=True)
    while sum(1 for _ in out.rglob("*.json")) < total // 3 and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    process.communicate()
    finished = {path: path.stat().st_mtime_ns for path in out.rglob("*.json")}
    seconds, err, _ = timed([str(source), "-o", str(out), "--engine", engine, "--jobs", str(jobs)])
    untouched = sum(1 for path, mtime in finished.items() if path.stat().st_mtime_ns == mtime)
    return {"finished_before": len(finished), "untouched": untouched, "exit": process.returncode,
            "resume_seconds": seconds, **summary_counts(err)}


def steps(count: int) -> None:
    """Print the CPU milliseconds per release of each step, over `count` releases in this process."""
    sys.path.insert(0, str(HERE.parent))
    from pipeline.config import Config
    from pipeline.outputs import WRITERS
    from pipeline.runner import PREPARE_LAST, build_context, prepare, run

    with tempfile.TemporaryDirectory(prefix="press-steps-") as temporary:
        root = Path(temporary)
        os.environ["PRESS_HOME"] = str(root / "home")
        releases = make_releases(count + 5)
        write_corpus(root / "in", releases)
        ctx = build_context(Config(engine="none", glossary=str(HERE.parent / "glossary"), quiet=True))
        totals: dict[str, float] = {}

        def timed(name: str, work):
            started = time.process_time()
            value = work()
            totals[name] = totals.get(name, 0.0) + time.process_time() - started
            return value

        for number, (relative, _) in enumerate(releases):
            if number == 5:
                totals.clear()
            release = timed("read, normalise, segment, names", lambda: prepare(root / "in" / relative, ctx))
            release = timed("recall, check, assemble", lambda: run(release, ctx, start_after=PREPARE_LAST))
            for kind, module in WRITERS.items():
                timed(f"write {kind}", lambda: module.write(release, root / f"out{module.SUFFIX}"))
    print(f"{count} releases, engine none, one process, CPU ms per release\n\n| step | ms |\n|---|---:|")
    for name, seconds in [*totals.items(), ("total", sum(totals.values()))]:
        print(f"| {name} | {seconds / count * 1000:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--engine", default="none")
    parser.add_argument("--steps", type=int, default=0, help="print CPU per step over this many releases")
    args = parser.parse_args(argv)
    if args.steps:
        steps(args.steps)
        return 0
    with tempfile.TemporaryDirectory(prefix="press-bench-") as temporary:
        root = Path(temporary)
        source = root / "releases"
        write_corpus(source, make_releases(args.count))
        rows = []
        for jobs in (1, 2):
            out = root / f"out-j{jobs}"
            command = [str(source), "-o", str(out), "--engine", args.engine, "--jobs", str(jobs)]
            load = (os.getloadavg()[0], free_cores())
            seconds, err, cpu = timed(command)
            again, err_again, _ = timed(command)
            rows.append((jobs, load, seconds, cpu, summary_counts(err), again, summary_counts(err_again)))
        resume = interrupt_and_resume(source, root / "out-resume", args.engine, 2)
    print(f"{args.count} releases, engine {args.engine}, {os.cpu_count()} cores\n")
    print("| jobs | load avg before | free cores before | first run (s) | CPU (s) | done | failed "
          "| second run (s) | skipped |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for jobs, (load, free), seconds, cpu, counts, again, counts_again in rows:
        print(f"| {jobs} | {load:.1f} | {free:.1f} | {seconds:.1f} | {cpu:.1f} | {counts['done']} "
              f"| {counts['failed']} | {again:.1f} | {counts_again['skipped']} |")
    print(f"\nspeed-up jobs=2 vs jobs=1: {rows[0][2] / rows[1][2]:.2f}×")
    print(f"\ninterrupted (Ctrl-C, exit {resume['exit']}) after {resume['finished_before']} files; "
          f"resume: {resume['skipped']} skipped, {resume['done']} done, "
          f"{resume['untouched']}/{resume['finished_before']} finished outputs untouched, "
          f"{resume['resume_seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
