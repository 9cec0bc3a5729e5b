"""Translation memory at scale: TMX import, exact and fuzzy lookup on SQLite and PostgreSQL.

    nice -n 10 .venv/bin/python benchmarks/bench_memory.py [--units 1000000] [--queries 300] [--seed 2]
        [--postgres postgresql://user@host/db]   (default: a throw-away cluster, as the tests start)

Units are generated from the work-report corpus (benchmarks/corpus): every sentence of the five
reports, then sentences made of 1-3 clauses of those sentences in random order until --units distinct
sources exist; the English is synthetic (a fixed word per character pair), since only the Chinese is
looked up. They are written to one TMX file and imported with `import_tmx` in a child process (its
peak RSS is printed, for the full file and for a tenth of it: streaming keeps them close).

Queries (--queries, a third each) are segments a translator would meet: corpus sentences stored in the
memory (exact hits), corpus sentences with 1-3 characters replaced (near matches), and new clause
combinations. Per query: exact lookup, fuzzy lookup through the trigram index ("after"), and the
pre-index method ("before": every key of a fitting length held in Python and scored by rapidfuzz,
the code this replaced). Recall = share of queries whose indexed top 3 equals the full scan's. Tune
on --seed 1, report --seed 2.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from rapidfuzz import fuzz, process  # noqa: E402

from pipeline.memory import Memory  # noqa: E402
from pipeline.memory.store import _length_window  # noqa: E402
from pipeline.memory.tmx import import_tmx  # noqa: E402

CORPUS = REPO / "benchmarks" / "corpus" / "government_work_reports_2021-2025.jsonl"
WORDS = ("the development reform economy people growth support policy market rural urban system service "
         "industry science technology energy security education health housing employment income trade "
         "investment finance region ecology environment culture quality innovation openness stability "
         "governance law tax fiscal monetary consumption manufacturing digital green modern").split()


def corpus_sentences() -> list[str]:
    """Return the distinct sentences (8-150 characters) of the five work reports."""
    sentences = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        for piece in re.split(r"(?<=[。！？；])", json.loads(line)["content"]):
            piece = piece.strip()
            if 8 <= len(piece) <= 150:
                sentences.append(piece)
    return list(dict.fromkeys(sentences))


def english(zh: str) -> str:
    """Return synthetic English for a source: one word per two characters."""
    words = [WORDS[(ord(zh[i]) * 31 + ord(zh[i + 1] if i + 1 < len(zh) else " ")) % len(WORDS)]
             for i in range(0, len(zh), 2)]
    return (" ".join(words)).capitalize() + "."


def combination(clauses: list[str], rng: random.Random) -> str:
    return "，".join(rng.choice(clauses).rstrip("。！？；，") for _ in range(rng.randint(1, 3))) + "。"


def generate(count: int, sentences: list[str], seed: int) -> list[str]:
    """Return `count` distinct sources: every corpus sentence, then clause combinations."""
    rng = random.Random(seed)
    clauses = [c for s in sentences for c in re.split(r"[，、：]", s) if len(c) >= 4]
    seen, sources = set(), []
    for text in sentences + [None] * count:
        text = text or combination(clauses, rng)
        if text not in seen:
            seen.add(text)
            sources.append(text)
        if len(sources) == count:
            break
    while len(sources) < count:
        text = combination(clauses, rng)
        if text not in seen:
            seen.add(text)
            sources.append(text)
    return sources


def write_tmx(path: Path, sources: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header creationtool="bench" '
                  'srclang="zh-CN" segtype="sentence" datatype="plaintext" adminlang="en" o-tmf="bench"/>\n'
                  "  <body>\n")
        for zh in sources:
            out.write(f'    <tu creationdate="20240101T000000Z"><tuv xml:lang="zh-CN"><seg>{escape(zh)}</seg></tuv>'
                      f'<tuv xml:lang="en"><seg>{escape(english(zh))}</seg></tuv></tu>\n')
        out.write("  </body>\n</tmx>\n")


def queries(sentences: list[str], count: int, seed: int) -> list[tuple[str, str]]:
    """Return (kind, text) queries: stored sentences, edited sentences, new combinations."""
    rng = random.Random(seed * 7919)
    clauses = [c for s in sentences for c in re.split(r"[，、：]", s) if len(c) >= 4]
    alphabet = [c for s in sentences for c in s if "\u4e00" <= c <= "\u9fff"]
    found = [("exact", s) for s in rng.sample(sentences, count // 3)]
    for text in rng.sample(sentences, count // 3):
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        found.append(("near", "".join(chars)))
    found += [("new", combination(clauses, rng)) for _ in range(count - len(found))]
    return found


def _import(location: str, tmx: str, queue) -> None:
    started = time.perf_counter()
    with Memory(location) as memory:
        report = import_tmx(tmx, memory)
    elapsed = time.perf_counter() - started
    queue.put((report.added, elapsed, peak_rss_mb()))


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MB: Linux's VmHWM (unlike ru_maxrss, not inherited
    at exec) where the kernel reports it, else ru_maxrss."""
    status = Path("/proc/self/status")  # the kernel's view of this process, not a file of the repository
    for line in status.read_text().splitlines() if status.exists() else ():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(location: str, tmx: Path) -> tuple[int, float, float]:
    """Return (units added, seconds, peak RSS in MB) of importing `tmx` in a fresh child process."""
    queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_import, args=(location, str(tmx), queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(round(0.95 * len(values))) - 1)]


def scan_top(keys: list[tuple[int, str, int]], memory: Memory, zh: str) -> list:
    """The pre-index fuzzy lookup: every key of a fitting length scored by rapidfuzz (keys held in Python)."""
    from pipeline.memory import normalise_key

    key = normalise_key(zh)
    low, high = _length_window(len(key), memory.threshold)
    candidates = {unit_id: k for unit_id, k, length in keys if low <= length <= high}
    return process.extract(key, candidates, scorer=fuzz.ratio, score_cutoff=memory.threshold, limit=None)


def measure(location: str, queries_: list[tuple[str, str]], scan_queries: int) -> dict:
    """Return p50/p95 in ms of exact, indexed fuzzy and full-scan fuzzy lookups, and the index's recall."""
    with Memory(location) as memory:
        keys = [(u.id, u.zh_key, len(u.zh_key)) for u in memory.units()]
        exact, fuzzy, scan, same, best, compared, answers = [], [], [], 0, 0, 0, []
        for number, (_, text) in enumerate(queries_):
            started = time.perf_counter()
            memory.exact(text)
            exact.append(time.perf_counter() - started)
            started = time.perf_counter()
            indexed = memory.fuzzy(text)
            fuzzy.append(time.perf_counter() - started)
            answers.append([(m.zh, m.en, m.score) for m in indexed])
            if number < scan_queries:
                started = time.perf_counter()
                scan_top(keys, memory, text)
                scan.append(time.perf_counter() - started)
                truth = memory.fuzzy(text, exhaustive=True)
                same += [(m.zh, m.en, m.score) for m in indexed] == [(m.zh, m.en, m.score) for m in truth]
                best += [(m.zh, m.en, m.score) for m in indexed[:1]] == [(m.zh, m.en, m.score) for m in truth[:1]]
                compared += 1
    ms = lambda values: tuple(round(v * 1000, 2) for v in percentiles(values))  # noqa: E731
    return {"exact": ms(exact), "fuzzy": ms(fuzzy), "scan": ms(scan), "recall": same / max(compared, 1),
            "best": best / max(compared, 1), "compared": compared, "answers": answers, "found": sum(1 for a in answers if a) / len(answers)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--scan-queries", type=int, default=60, help="queries also run as a full scan")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--postgres", default=None, help="an empty database (default: a throw-away cluster)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    args.load_before = " ".join(map(str, os.getloadavg()))  # the cores may be shared: say how busy they were
    sentences = corpus_sentences()
    sources = generate(args.units, sentences, seed=1000 + args.units)
    asked = queries(sentences, args.queries, args.seed)
    results, cluster = {}, None
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
        full, tenth = Path(folder) / "full.tmx", Path(folder) / "tenth.tmx"
        write_tmx(full, sources)
        write_tmx(tenth, sources[: len(sources) // 10])
        print(f"{len(sources)} units, TMX {full.stat().st_size / 1e6:.0f} MB; {len(asked)} queries", flush=True)
        for backend in args.backends.split(","):
            if backend == "postgresql" and not args.postgres:
                from postgres_support import Cluster

                cluster = Cluster()
            location_of = _locations(backend, Path(folder), args.postgres, cluster)
            small = timed_import(location_of("tenth"), tenth)
            added, seconds, rss = timed_import(location_of("full"), full)
            print(f"{backend}: imported {added} units in {seconds:.0f} s", flush=True)
            results[backend] = {"import": added / seconds, "rss": rss, "rss_tenth": small[2],
                                **measure(location_of("full"), asked, args.scan_queries)}
        if cluster:
            cluster.stop()
    print_table(results, args)
    return 0


def _locations(backend: str, folder: Path, postgres: str | None, cluster):
    if backend == "sqlite":
        return lambda name: str(folder / f"{name}.sqlite")
    import psycopg

    from postgres_support import database_url

    server = postgres or cluster.start()
    with psycopg.connect(server, autocommit=True) as admin:
        for name in ("tenth", "full"):
            admin.execute(f"DROP DATABASE IF EXISTS bench_{name}")
            admin.execute(f"CREATE DATABASE bench_{name} TEMPLATE template0 ENCODING 'UTF8' "
                          "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    return lambda name: database_url(server, f"bench_{name}")


def print_table(results: dict, args) -> None:
    names = list(results)
    print(f"\nload average before/after: {args.load_before} / {' '.join(map(str, os.getloadavg()))}")
    print(f"\n| {args.units:,} units, {args.queries} queries (seed {args.seed}) | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    rows = [("TMX import, units/s", lambda r: f"{r['import']:,.0f}"),
            ("import peak RSS, MB (a tenth of the file / all)", lambda r: f"{r['rss_tenth']:.0f} / {r['rss']:.0f}"),
            ("exact lookup p50 / p95, ms", lambda r: f"{r['exact'][0]} / {r['exact'][1]}"),
            ("fuzzy, before the index (full scan) p50 / p95, ms", lambda r: f"{r['scan'][0]} / {r['scan'][1]}"),
            ("fuzzy, trigram index p50 / p95, ms", lambda r: f"{r['fuzzy'][0]} / {r['fuzzy'][1]}"),
            ("index best match = full-scan best match", lambda r: f"{r['best']:.0%} of {r['compared']}"),
            ("index top 3 = full-scan top 3", lambda r: f"{r['recall']:.0%} of {r['compared']}")]
    rows.append(("queries with a fuzzy match (≥ 75 %)", lambda r: f"{r['found']:.0%}"))
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(results[n]) for n in names) + " |")
    if len(names) == 2:
        first, second = (results[n]["answers"] for n in names)
        agree = sum(a == b for a, b in zip(first, second))
        print(f"\n{names[0]} and {names[1]} return the same fuzzy matches for {agree} of {len(first)} queries")


if __name__ == "__main__":
    sys.exit(main())
