"""Whole `press translate` time of this checkout beside an earlier commit, from one shared drafts cache.

    python benchmarks/bench_adequacy_time.py --base main --cache $PRESS_HOME/cache/drafts.sqlite3 --runs 2
    python benchmarks/bench_adequacy_time.py --base main --engine none --runs 3     # no model, no cache

Both codes translate the sample with a copy of the same drafts cache (made beforehand by either code:
a draft the cache holds is served without the model), alternating, `--runs` times each; printed: every
run's seconds, the median of each and their ratio. What this measures is what a release pays for the
checks themselves; a draft the new checks flag is redrafted by the model (not cached) and counts too.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "changde-higashiomi-2021" / "source.zh.txt"


def export(ref: str, folder: Path) -> Path:
    """Return a folder holding the repository's files at `ref` (git archive)."""
    archive = folder / "base.tar"
    with open(archive, "wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "base", filter="data")
    return folder / "base"


def timed(code: Path, cache: Path | None, models: Path, folder: Path, name: str, engine: str | None) -> float:
    home = folder / f"home-{name}"
    shutil.rmtree(home, ignore_errors=True)
    (home / "cache").mkdir(parents=True)
    if cache is not None:
        shutil.copy(cache, home / "cache" / cache.name)
    (home / "models").symlink_to(models)
    env = {**os.environ, "PYTHONPATH": str(code), "PRESS_HOME": str(home)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "translate", str(SAMPLE), "-o", str(folder / f"out-{name}"),
                    "--quiet", *(["--engine", engine] if engine else [])], env=env, check=True, cwd=folder)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the earlier commit to compare with")
    parser.add_argument("--cache", type=Path, help="a drafts.sqlite3 holding the sample's drafts")
    parser.add_argument("--engine", help="translate with this engine instead (none: no drafts, no cache needed)")
    parser.add_argument("--models", type=Path, help="the folder holding the GGUF (default: $PRESS_HOME/models)")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    if args.cache is None and not args.engine:
        parser.error("give --cache (drafts of the sample) or --engine (none: no model)")
    models = args.models or Path(os.environ.get("PRESS_HOME", ".press")) / "models"
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        codes = {"base": export(args.base, folder), "this": ROOT}
        seconds: dict[str, list[float]] = {name: [] for name in codes}
        for run in range(args.runs):
            for name, code in codes.items():
                seconds[name].append(timed(code, args.cache, models.resolve(), folder, f"{name}-{run}", args.engine))
                print(f"{name} run {run + 1}: {seconds[name][-1]:.1f} s", flush=True)
    base, this = (statistics.median(seconds[name]) for name in codes)
    print(f"median: {args.base} {base:.1f} s, this checkout {this:.1f} s, ratio {this / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
