"""Write benchmarks/data/adequacy/{tune,report}.tsv: omission, addition and untouched pairs built from
human references, labels exact by construction (issue 24).

    python benchmarks/make_adequacy_sets.py            # rewrites the two files (deterministic, seeded)
    python benchmarks/make_adequacy_sets.py --check    # exit 1 when the files differ from a fresh build

Sources: the WMT government subset (rows 1-92 tune, 93-183 report) and the published paragraphs
(their `split` column). For every source pair, three rows:
- untouched: the Chinese and its human English as they are (a detector's flag here is a false flag);
- omission: one clause of another Chinese sentence of the same half inserted at a clause boundary of
  the Chinese, the English unchanged: the English lacks exactly the inserted clause (column `inserted`);
- addition: the English with one sentence of another reference of the same half appended: the English
  says exactly that sentence more than the Chinese (column `inserted`).
The Chinese is normalised as the pipeline normalises a release (traditional to simplified, half-width
digits and spaces), so detectors see what they see in `press translate`.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.stages.normalise import detect_mode, normalise_text  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
OUT = DATA / "adequacy"
TUNE_ROWS = 92  # WMT rows 1-92 tune, 93-183 report
SEED = 24  # issue 24
COLUMNS = ("id", "split", "kind", "origin", "zh", "en", "inserted", "donor")
CLAUSE_MARK = re.compile(r"[，；：,;:](?!\d)")
MIN_CLAUSE = 6  # Han characters of an inserted clause: enough to carry content of its own
MIN_SENTENCE_WORDS = 6  # words of an appended English sentence
_HAN = re.compile(r"[\u4e00-\u9fff]")
_EN_SENTENCE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z\"“‘(])")


def pairs() -> list[dict]:
    """Return every source pair: {origin, split, zh, en}, WMT rows first, then the paragraphs."""
    found = []
    with open(DATA / "gov_subset_zh_en.tsv", encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=1):
            found.append({"origin": f"wmt:{row_number}", "split": "tune" if row_number <= TUNE_ROWS else "report",
                          "zh": row["zh"], "en": row["en"]})
    with open(DATA / "paragraphs" / "paragraphs.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found.append({"origin": f"para:{row['doc']}:{row['para']}", "split": row["split"],
                          "zh": row["zh"], "en": row["en"]})
    for pair in found:
        pair["zh"] = normalise_text(pair["zh"], detect_mode(pair["zh"]))
    return found


def clauses(zh: str) -> list[str]:
    """Return the clauses of a Chinese text that can stand inserted elsewhere: split at ，；：, sentence
    marks removed, at least MIN_CLAUSE Han characters, no quotes or brackets left open."""
    found = []
    for sentence in re.split(r"[。！？!?]", zh):
        for clause in CLAUSE_MARK.split(sentence):
            clause = clause.strip(" “”\"‘’")
            balanced = all(clause.count(a) == clause.count(b) for a, b in ("“”", "《》", "（）", "()"))
            if len(_HAN.findall(clause)) >= MIN_CLAUSE and balanced:
                found.append(clause)
    return found


def insert_clause(zh: str, clause: str, rng: random.Random) -> str:
    """Return zh with `clause` inserted at a clause boundary (after a comma), or at the start of the
    text; separated by the comma style zh uses."""
    comma = "," if "," in zh and "，" not in zh else "，"
    boundaries = [found.end() for found in re.finditer(r"[，,](?!\d)", zh)]
    at = rng.choice([0, *boundaries])
    return clause + comma + zh if at == 0 else zh[:at] + clause + comma + zh[at:]


def english_sentences(en: str) -> list[str]:
    """Return the sentences of an English text that can be appended elsewhere (MIN_SENTENCE_WORDS or more)."""
    return [s.strip() for s in _EN_SENTENCE.split(en) if len(s.split()) >= MIN_SENTENCE_WORDS]


def build() -> dict[str, list[dict]]:
    """Return {split: rows} for the two halves."""
    sets: dict[str, list[dict]] = {"tune": [], "report": []}
    every = pairs()
    for split, rows in sets.items():
        half = [pair for pair in every if pair["split"] == split]
        for pair in half:
            rng = random.Random(f"{SEED}:{pair['origin']}")
            others = [other for other in half if other is not pair]
            rows.append(_row(pair, "untouched", pair["zh"], pair["en"], "", ""))
            donor = rng.choice([other for other in others if any(c not in pair["zh"] for c in clauses(other["zh"]))])
            clause = rng.choice([c for c in clauses(donor["zh"]) if c not in pair["zh"]])
            rows.append(_row(pair, "omission", insert_clause(pair["zh"], clause, rng), pair["en"], clause,
                             donor["origin"]))
            donor = rng.choice([other for other in others if english_sentences(other["en"])])
            sentence = rng.choice(english_sentences(donor["en"]))
            joined = pair["en"].rstrip()
            joined += ("" if joined[-1:] in ".!?\"”" else ".") + " " + sentence
            rows.append(_row(pair, "addition", pair["zh"], joined, sentence, donor["origin"]))
        for number, row in enumerate(rows, start=1):
            row["id"] = f"{split}-{number:03d}"
    return sets


def _row(pair: dict, kind: str, zh: str, en: str, inserted: str, donor: str) -> dict:
    return {"id": "", "split": pair["split"], "kind": kind, "origin": pair["origin"], "zh": zh, "en": en,
            "inserted": inserted, "donor": donor}


def render(rows: list[dict]) -> str:
    lines = ["\t".join(COLUMNS)]
    for row in rows:
        cells = [str(row[column]).replace("\t", " ").replace("\n", " ") for column in COLUMNS]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the files on disk")
    args = parser.parse_args(argv)
    stale = []
    for split, rows in build().items():
        path, text = OUT / f"{split}.tsv", render(rows)
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        kinds = {kind: sum(row["kind"] == kind for row in rows) for kind in ("untouched", "omission", "addition")}
        print(f"{path.relative_to(ROOT)}: {len(rows)} rows {kinds}")
    for path in stale:
        print(f"{path.relative_to(ROOT)} differs from a fresh build: run benchmarks/make_adequacy_sets.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
