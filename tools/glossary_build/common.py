"""Shared pieces of the glossary build: row dicts, CSV reading, romanisation, the screening corpus."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from pipeline.glossary import Entry, read_tsv

COLUMNS = ("zh", "en", "kind", "variants", "forbidden", "status", "source", "note")
GENERATED_PREFIX = "generated-"
ADMIN = "sources/cn-admin-divisions-pinyin/ok_data_level3.csv"
WORK_REPORTS = "sources/cn-gov-work-report-zh/government_work_reports_2021-2025.jsonl"
WMT_ZH = "sources/wmt-newstest-zh/newstest2018-2020.zh.tsv"
SENTENCE_END = re.compile(r"(?<=[。！？；\n])")


def official_romanisation(pinyin: str) -> str:
    """Return 'xi an' as "Xi'an": syllables joined, capitalised, apostrophe before a/o/e syllables."""
    syllables = pinyin.replace("v", "ü").split()  # the data writes ü as v (lv liang); GB/T 16159 keeps ü
    out = syllables[0]
    for syllable in syllables[1:]:
        out += ("'" if syllable[0] in "aoe" else "") + syllable
    return out[:1].upper() + out[1:]


def read_csv(path: Path) -> list[dict]:
    """Return the rows of a UTF-8 CSV file (BOM allowed) as dicts."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def row(zh, en, kind, variants=(), forbidden=(), status="approved", source="", note="") -> dict:
    """Return one glossary row as a dict keyed by COLUMNS; variants are deduplicated in order."""
    variants = [v for v in dict.fromkeys(variants) if v and v != zh]
    return dict(zip(COLUMNS, (zh, en, kind, "|".join(variants), "|".join(forbidden), status, source, note)))


def variants_of(item: dict) -> list[str]:
    """Return the variants of a row dict."""
    return [v for v in item["variants"].split("|") if v]


def hand_entries(glossary: Path) -> list[Entry]:
    """Return the entries of every hand-curated file (every *.tsv not named generated-*)."""
    entries: list[Entry] = []
    for path in sorted(glossary.glob("*.tsv")):
        if not path.name.startswith(GENERATED_PREFIX):
            entries.extend(read_tsv(path))
    return entries


def work_report_text(glossary: Path) -> str:
    """Return the 2021-2025 government work reports as one string."""
    lines = (glossary / WORK_REPORTS).read_text(encoding="utf-8").splitlines()
    return "".join(json.loads(line)["content"] for line in lines)


def corpus_sentences(glossary: Path) -> list[tuple[str, str]]:
    """Return (where, sentence) for the work reports and the WMT newstest Chinese side."""
    sentences = []
    for number, line in enumerate((glossary / WORK_REPORTS).read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        for piece in SENTENCE_END.split(record["content"]):
            if piece.strip():
                sentences.append((f"work report {record.get('year', number)}", piece.strip()))
    with (glossary / WMT_ZH).open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            corpus, number, zh = line.rstrip("\n").split("\t", 2)
            sentences.append((f"{corpus} line {number}", zh))
    return sentences
