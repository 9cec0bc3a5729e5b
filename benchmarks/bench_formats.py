"""The same release from any door: agreement of every input format with the .txt, OCR accuracy, seconds.

    .venv/bin/python benchmarks/bench_formats.py [--variants doc,pdf,…] [--only SLUG,…] [--fresh]

Builds the corpus of tests/formats_corpus.py in a temporary folder (the committed LibreOffice exports,
or with --fresh new ones made now), reads every release in every variant as `press translate --engine
none --stop-after segment` does (read, normalise, segment), and compares it with the release's .txt:
same headline, same metadata (the URL only where the .txt names one), same segments (id and Chinese).
For the image-only PDFs it reports the character error rate (Levenshtein distance over the Chinese of
headline and segments, spaces removed, divided by the .txt's length) of the release as read, and of
Tesseract's plain text before our line and punctuation handling. It also compares pdfplumber with
pypdf on the text-layer PDFs: the share of the .txt's paragraphs found verbatim (spaces removed) in
each library's own text extraction. Prints Markdown tables for docs/formats.md.
"""
from __future__ import annotations

import argparse
import difflib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

import formats_corpus as corpus  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from pipeline.config import Config  # noqa: E402
from pipeline.context import Context  # noqa: E402
from pipeline.formats import read_pasted, read_release  # noqa: E402
from pipeline.glossary import Glossary  # noqa: E402
from pipeline.runner import run  # noqa: E402

HELD_OUT = "written for the corpus"
TUNE = "samples/"


def segmented(path: Path, ctx):
    """Return the release in `path` after the segment stage, and the seconds reading it took."""
    started = time.perf_counter()
    release = read_pasted(path.read_bytes(), "pasted") if path.name.endswith(".paste.txt") else read_release(path)
    seconds = time.perf_counter() - started
    return run(release, ctx, stop_after="segment"), seconds


def chinese(release) -> str:
    return re.sub(r"\s", "", "".join(segment.zh for segment in release.segments))


def compare(got, expected) -> dict:
    """Return how a variant's release agrees with the .txt's."""
    mine, theirs = [(s.id, s.zh) for s in got.segments], [(s.id, s.zh) for s in expected.segments]
    same = sum(block.size for block in difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks())
    meta_same = replace(got.meta, url="") == replace(expected.meta, url="") and (
        not expected.meta.url or got.meta.url == expected.meta.url)
    text, reference = chinese(got), chinese(expected)
    return {"headline": got.headline == expected.headline, "meta": meta_same, "segments": same,
            "total": len(theirs), "cer": Levenshtein.distance(text, reference) / max(len(reference), 1)}


def raw_tesseract_cer(pdf: Path, expected) -> float:
    """Return the character error rate of Tesseract's own text of the scan (no handling of ours)."""
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), f"{work}/page"], check=True)
        text = "".join(subprocess.run(["tesseract", str(image), "stdout", "-l", "chi_sim", "--dpi", "300"],
                                      capture_output=True, text=True, env={"OMP_THREAD_LIMIT": "1"}).stdout
                       for image in sorted(Path(work).glob("page*.png")))
    reference = chinese(expected)
    text = re.sub(r"\s", "", text)
    # the metadata line is no segment: leave its keys and values out of the comparison
    for value in ("来源", "日期", "作者", expected.meta.source, expected.meta.date, expected.meta.author):
        text = text.replace(value, "", 1) if value else text
    text = re.sub(r"^[:：]+|(?<=[:：])[:：]+", "", text)
    return Levenshtein.distance(text, reference) / max(len(reference), 1)


def libraries(folder: Path, slugs: list[str]) -> list[str]:
    """Return Markdown rows: pdfplumber vs pypdf, paragraphs of the .txt found verbatim, seconds."""
    import pdfplumber
    import pypdf

    def plumber(path: Path) -> str:
        with pdfplumber.open(path) as pdf:
            return "".join(page.extract_text() or "" for page in pdf.pages)

    def pypdf_text(path: Path) -> str:
        return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)

    rows = []
    for name, extract in (("pdfplumber 0.11 (`extract_text`)", plumber), ("pypdf (`extract_text`)", pypdf_text)):
        found = total = 0
        seconds = []
        for slug in slugs:
            expected = read_release(folder / slug / "source.zh.txt")
            started = time.perf_counter()
            text = re.sub(r"\s", "", extract(folder / slug / "source.zh.pdf"))
            seconds.append(time.perf_counter() - started)
            found += sum(re.sub(r"\s", "", paragraph) in text for paragraph in expected.paragraphs)
            total += len(expected.paragraphs)
        rows.append(f"| {name} | {found}/{total} ({found / total:.0%}) | {statistics.median(seconds):.2f} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(corpus.VARIANTS))
    parser.add_argument("--only", default="", help="comma-separated slugs (default: all)")
    parser.add_argument("--fresh", action="store_true", help="export the office files and PDFs anew")
    parser.add_argument("--no-raw", action="store_true", help="skip Tesseract's plain text (halves OCR time)")
    args = parser.parse_args()
    variants = tuple(args.variants.split(","))
    only = args.only.split(",") if args.only else None
    sources = {source.slug: source for source in corpus.sources() if only is None or source.slug in only}
    glossary = Glossary.load(HERE.parent / "glossary")
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as temporary:
        folder = Path(temporary)
        exports = corpus.FIXTURES
        if args.fresh:
            exports = folder / "exports"
            print("LibreOffice export, seconds for all releases:", corpus.export(exports, only), file=sys.stderr)
        made = corpus.assemble(folder / "corpus", variants, only, exports)
        print("variants made, seconds:", {k: round(v, 1) for k, v in made.items()}, file=sys.stderr)
        results: dict[str, list] = {variant: [] for variant in variants}
        for slug, source in sources.items():
            ctx = Context(config=Config(engine="none", quiet=True), glossary=glossary)
            expected, _ = segmented(folder / "corpus" / slug / "source.zh.txt", ctx)
            for variant in variants:
                got, seconds = segmented(folder / "corpus" / slug / f"source.zh.{variant}", ctx)
                row = compare(got, expected) | {"slug": slug, "seconds": seconds, "written": source.written}
                if variant == "scan.pdf" and not args.no_raw:
                    row["raw"] = raw_tesseract_cer(folder / "corpus" / slug / "source.zh.scan.pdf", expected)
                results[variant].append(row)
                print(f"{slug} {variant}: {row}", file=sys.stderr)
        print(report(results, sources))
        if "pdf" in variants:
            print("\n| PDF library | paragraphs of the .txt found verbatim | median seconds per file |\n|---|---:|---:|")
            print("\n".join(libraries(folder / "corpus", list(sources))))
    return 0


def report(results: dict[str, list], sources: dict) -> str:
    """Return the agreement table and the OCR table in Markdown."""
    lines = ["| format | releases | same headline | same metadata | segments identical to the .txt | "
             "seconds per file (median, max) |", "|---|---:|---:|---:|---:|---:|"]
    for variant, rows in results.items():
        if not rows:
            continue
        same, total = sum(r["segments"] for r in rows), sum(r["total"] for r in rows)
        seconds = [r["seconds"] for r in rows]
        lines.append(f"| .{variant} | {len(rows)} | {sum(r['headline'] for r in rows)}/{len(rows)} | "
                     f"{sum(r['meta'] for r in rows)}/{len(rows)} | {same}/{total} ({same / total:.1%}) | "
                     f"{statistics.median(seconds):.1f}, {max(seconds):.1f} |")
    scans = results.get("scan.pdf", [])
    if scans:
        lines += ["", "| image-only PDF (300 dpi) | CER as read | Tesseract's own text | accuracy as read |",
                  "|---|---:|---:|---:|"]
        for row in scans:
            group = HELD_OUT if row["written"] else TUNE
            raw = f"{row['raw']:.2%}" if "raw" in row else "—"
            lines.append(f"| {row['slug']} ({group}) | {row['cer']:.2%} | {raw} | {1 - row['cer']:.2%} |")
        for label, group in (("samples/ (rules written looking at these)", False), (HELD_OUT, True)):
            chosen = [r for r in scans if r["written"] == group]
            if chosen:
                mean = sum(r["cer"] for r in chosen) / len(chosen)
                lines.append(f"| mean, {label} | {mean:.2%} | | {1 - mean:.2%} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
