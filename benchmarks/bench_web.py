"""Web app benchmark (`press serve`), measured side by side with the command line in one run.

    .venv/bin/python benchmarks/bench_web.py [--engine none] [--repeat 3] [--releases 20] [--terms 100000]

Each server is the real command, `python -m pipeline serve`, started in its own process on 127.0.0.1 with a
fresh workspace, memory and $PRESS_HOME (the model folder linked in), and driven over HTTP by httpx:

1. Glossary search as you type: every prefix of a few queries (Latin, Chinese, `kind:`/`source:` words),
   GET /glossary/results?q=… (routing, search, the results rendered) — p50 and p95 per keystroke, with the
   repository's glossary (~2,000 entries) and with --terms entries (bench_glossary.py's large glossary:
   the shipped entries, every Chinese division name, random Han terms); the first search after start,
   which reads the TSV files, is reported apart.
2. Upload to downloadable files: the Higashiomi sample POSTed and /releases/<id>.json polled every 20 ms
   until it is done (review, English, JSON and XLIFF written), the first upload of a server (it loads the
   glossary, jieba and the engine) and --repeat more; against `python -m pipeline translate` of the same
   file with the same settings, --repeat times, each a new process as a user runs it.
3. --releases releases uploaded in one request (the samples and paragraphs of the 2021–2025 government work
   reports, benchmarks/corpus/), until all are done; the server's resident memory (RSS, the process and any
   children, sampled every 100 ms) at rest after start, its peak under that load, and at rest after it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_glossary import large_glossary  # noqa: E402

from pipeline.glossary import COLUMNS, Glossary  # noqa: E402
from pipeline.names.suggest import release_text  # noqa: E402

SAMPLE = REPO / "samples" / "changde-higashiomi-2021" / "source.zh.txt"
CORPUS = REPO / "benchmarks" / "corpus" / "government_work_reports_2021-2025.jsonl"
QUERIES = ("Higashiomi", "东近江市", "kind:city Chang", "source:wikipedia", "湖南省", "Term 4242")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
MODELS = Path(os.environ.get("PRESS_HOME", REPO / ".press")) / "models"


def calibration() -> float:
    """Return the seconds of one pass of the search's inner loop over 100,000 short strings (best of 5):
    how fast this machine is running Python right now."""
    haystacks = [f"常德市\nchangde\n常德\ncity\napproved\nseed {number}" for number in range(100_000)]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        [i for i in range(len(haystacks)) if "term" in haystacks[i]]
        best = min(best, time.perf_counter() - start)
    return best


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def fresh_home(root: Path) -> Path:
    """Return an empty $PRESS_HOME (no memory, no drafts cache) with the model folder linked in."""
    home = Path(tempfile.mkdtemp(dir=root, prefix="home-"))
    if MODELS.is_dir():
        (home / "models").symlink_to(MODELS.resolve())
    return home


def rss(process: psutil.Process) -> int:
    total = 0
    for each in [process, *process.children(recursive=True)]:
        try:
            total += each.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


@contextmanager
def server(root: Path, glossary: Path, engine: str):
    """Start `press serve` in its own process; yield (httpx client with a session, psutil process)."""
    with __import__("socket").socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = fresh_home(root)
    env = {**os.environ, "PRESS_HOME": str(home), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "pipeline", "serve", "--port", str(port), "--engine", engine, "--glossary",
               str(glossary), "--memory", str(home / "memory.sqlite"), "--workspace", str(home / "web")]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                client.headers["x-csrf-token"] = CSRF.search(client.get("/releases").text).group(1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode() if process.poll() is not None
                                       else "no start") from None
                time.sleep(0.1)
        yield client, psutil.Process(process.pid), started
    finally:
        client.close()
        process.terminate()
        process.wait(30)


def search_latency(client: httpx.Client, repeat: int) -> tuple[float, list[float]]:
    """Return (the first search's seconds, every later keystroke's seconds)."""
    start = time.perf_counter()
    client.get("/glossary/results", params={"q": "x"}).raise_for_status()
    first, timings = time.perf_counter() - start, []
    for _ in range(repeat):
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                start = time.perf_counter()
                client.get("/glossary/results", params={"q": query[:end]}).raise_for_status()
                timings.append(time.perf_counter() - start)
    return first, timings


def after_an_edit(client: httpx.Client, glossary: Path) -> float:
    """Return the seconds of the first keystroke after a glossary file was written (that file is read again)."""
    path = glossary / "cities.tsv"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    start = time.perf_counter()
    client.get("/glossary/results", params={"q": "Hig"}).raise_for_status()
    return time.perf_counter() - start


def search_cpu(root: Path, glossary: Path, repeat: int) -> list[float]:
    """Return the CPU seconds (this thread's) of each keystroke handled in-process: the route's handler and its
    template, without HTTP — what the machine's other load cannot inflate."""
    from pipeline import api
    from pipeline.web import glossary as pages
    from pipeline.web.app import Site
    from pipeline.web.http import Request
    from pipeline.web.render import render

    site = Site(api.Config(engine="none", glossary=str(glossary)), root / "cpu-workspace")
    pages.results(site, Request("GET", "/glossary/results", query={"q": "x"}))  # the files read once
    timings = []
    for _ in range(repeat):
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                start = time.thread_time()
                page = pages.results(site, Request("GET", "/glossary/results", query={"q": query[:end]}))
                render(page.template, page.data, "en")
                timings.append(time.thread_time() - start)
    return timings


def upload(client: httpx.Client, files: list[tuple[str, bytes]]) -> list[str]:
    response = client.post("/releases", files=[("files", (name, data, "text/plain")) for name, data in files])
    if response.status_code != 303:
        raise RuntimeError(f"upload refused: {response.status_code} {response.text[:300]}")
    jobs = client.get("/releases.json").json()["jobs"]
    return [job["id"] for job in jobs[:len(files)]]


def wait_all(client: httpx.Client, ids: list[str], poll: float = 0.02) -> list[dict]:
    while True:
        jobs = {job["id"]: job for job in client.get("/releases.json").json()["jobs"]}
        if all(jobs[i]["state"] in ("done", "failed") for i in ids):
            failed = [jobs[i]["message"] for i in ids if jobs[i]["state"] == "failed"]
            if failed:
                raise RuntimeError(f"failed: {failed[:3]}")
            return [jobs[i] for i in ids]
        time.sleep(poll)


def settled(process: psutil.Process, seconds: float = 120.0) -> int:
    """Return the server's RSS once it stops growing (the job thread loads jieba and the engine at start)."""
    last, steady, deadline = rss(process), 0, time.monotonic() + seconds
    while steady < 5 and time.monotonic() < deadline:
        time.sleep(0.5)
        now = rss(process)
        steady, last = (steady + 1, now) if abs(now - last) < 1024 * 1024 else (0, now)
    return last


def cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def timed_upload(client: httpx.Client, process: psutil.Process, name: str, data: bytes) -> tuple[float, float]:
    """Return (wall seconds, server CPU seconds) from the upload until the release is done."""
    start, used = time.perf_counter(), cpu(process)
    wait_all(client, upload(client, [(name, data)]))
    return time.perf_counter() - start, cpu(process) - used


def cli_translate(root: Path, glossary: Path, engine: str) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds) of one `press translate` of the sample, a new process."""
    home, out = fresh_home(root), Path(tempfile.mkdtemp(dir=root, prefix="out-"))
    env = {**os.environ, "PRESS_HOME": str(home), "PYTHONPATH": str(REPO)}
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "translate", str(SAMPLE), "-o", str(out), "--engine", engine,
                    "--glossary", str(glossary), "--memory", str(home / "memory.sqlite"), "--quiet", "--jobs", "1"],
                   env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.perf_counter() - start, used


def corpus_releases(count: int) -> list[tuple[str, bytes]]:
    """Return `count` release files: the samples, then pieces of the government work reports."""
    files = [(f"{path.parent.name}.txt", path.read_bytes()) for path in sorted((REPO / "samples").glob("*/source.zh.txt"))]
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        paragraphs = [p.strip() for p in json.loads(line)["content"].split("\n") if len(p.strip()) > 40]
        for start in range(0, len(paragraphs) - 4, 4):
            if len(files) >= count:
                return files
            text = f"政府工作报告摘编{len(files)}\n\n来源：国务院\n\n" + "\n\n".join(paragraphs[start:start + 4]) + "\n"
            files.append((f"report-{len(files):02d}.txt", text.encode()))
    return files[:count]


def shipped_glossary(root: Path, name: str = "glossary-shipped") -> Path:
    """Return a copy of the shipped glossary's TSV files (the server writes its proposals beside them)."""
    folder = root / name
    folder.mkdir()
    for path in (REPO / "glossary").glob("*.tsv"):
        shutil.copy(path, folder / path.name)
    return folder


def big_glossary(root: Path, size: int) -> Path:
    """Return a glossary folder: the shipped TSV files plus one file of generated entries up to `size`."""
    folder = shipped_glossary(root, f"glossary-{size}")
    shipped = Glossary.load(REPO / "glossary")
    texts = [release_text(path, shipped) for path in sorted((REPO / "samples").glob("*/source.zh.txt"))]
    extra = large_glossary(shipped, texts, size, seed=7)[len(shipped.entries):]
    rows = ["\t".join(COLUMNS)] + ["\t".join(entry.cells()) for entry in extra]
    (folder / "zz-bench.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def memory_under_load(client: httpx.Client, process: psutil.Process, files: list[tuple[str, bytes]]):
    """Return (seconds until all are done, peak RSS while they ran, segments)."""
    peak, stop = [rss(process)], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak.append(rss(process))
            time.sleep(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    start = time.perf_counter()
    jobs = wait_all(client, upload(client, files), poll=0.2)
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    return seconds, max(peak), sum(job["segments"] for job in jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="none", help="none | llama (the upload and 20-release parts)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--releases", type=int, default=20)
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--skip-search", action="store_true", help="only the upload and load parts")
    parser.add_argument("--search-only", action="store_true", help="only the glossary search part")
    args = parser.parse_args(argv)
    mib = 1024 * 1024
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; a pure-Python loop over "
          f"100,000 strings: {calibration() * 1000:.1f} ms\n")
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        root = Path(folder)
        if not args.skip_search:
            print("| glossary | entries | first search (reads the files) | p50 per keystroke | p95 per keystroke | "
                  "CPU p50 | CPU p95 | keystrokes |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|", flush=True)
            for label, glossary in (("shipped", shipped_glossary(root)), (f"{args.terms:,}", big_glossary(root, args.terms))):
                with server(root, glossary, "none") as (client, _, _):
                    first, timings = search_latency(client, args.repeat)
                    total = client.get("/glossary.json").json()["total"]
                    edited = after_an_edit(client, glossary)
                cpu_times = search_cpu(root, glossary, args.repeat)
                print(f"| {label} | {total:,} | {first * 1000:.0f} ms | {percentile(timings, 0.5) * 1000:.1f} ms | "
                      f"{percentile(timings, 0.95) * 1000:.1f} ms | {percentile(cpu_times, 0.5) * 1000:.1f} ms | "
                      f"{percentile(cpu_times, 0.95) * 1000:.1f} ms | {len(timings)} |", flush=True)
                print(f"|  | after an edit of one file: the next keystroke {edited * 1000:.0f} ms |||||||", flush=True)
        if args.search_only:
            return 0
        data, glossary = SAMPLE.read_bytes(), shipped_glossary(root, "glossary-releases")
        print(f"\nengine {args.engine}: upload → downloadable, Higashiomi sample (8 segments); CPU = user+system "
              "seconds of the process (robust to other load)\n")
        print("| how | wall s | CPU s |")
        print("|---|---:|---:|", flush=True)
        for _ in range(args.repeat):
            print("| `press translate` (a new process) | %.2f | %.2f |" % cli_translate(root, glossary, args.engine),
                  flush=True)
        with server(root, glossary, args.engine) as (client, process, started):
            wall, _ = timed_upload(client, process, "source.zh.txt", data)
            print(f"| `press serve`, the first upload right after start | {wall:.2f} | |")
            print(f"| `press serve` started, then that upload (cold, as the command is) | "
                  f"{time.perf_counter() - started:.2f} | {cpu(process):.2f} |", flush=True)
            # with a model, a second upload of the same text would be answered from the drafts cache: not timed
            for number in range(args.repeat if args.engine == "none" else 0):
                print("| `press serve`, a later upload | %.2f | %.2f |"
                      % timed_upload(client, process, f"source-{number}.zh.txt", data), flush=True)
            if not args.releases:
                return 0
            at_rest = settled(process)  # everything loaded, a release translated, nothing running
            seconds, peak, segments = memory_under_load(client, process, corpus_releases(args.releases))
            after = rss(process)
        print(f"\n{args.releases} releases in one upload ({segments:,} segments, engine {args.engine}): all done in "
              f"{seconds:.1f} s; server RSS at rest {at_rest / mib:.0f} MiB, peak under load {peak / mib:.0f} MiB, "
              f"at rest after {after / mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
