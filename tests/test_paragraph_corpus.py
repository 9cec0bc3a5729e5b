"""The paragraph-level test set (benchmarks/data/paragraphs/) keeps its format, its split and its sources."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "paragraphs"
HAN = re.compile(r"[\u4e00-\u9fff]")


def rows() -> list[dict[str, str]]:
    """paragraphs.tsv as a list of column->cell dicts (header checked by test_header)."""
    lines = (DATA / "paragraphs.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def test_header_and_shape():
    lines = (DATA / "paragraphs.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["doc", "para", "zh", "en", "split"]
    assert all(line.count("\t") == 4 for line in lines), "every row has exactly five cells"
    assert len(lines) - 1 >= 20


@pytest.mark.parametrize("row", rows(), ids=lambda r: f"{r['doc']}#{r['para']}")
def test_row_is_a_filled_pair(row):
    assert row["para"].isdigit() and int(row["para"]) >= 1
    assert row["split"] in {"tune", "report"}
    assert HAN.search(row["zh"]), "zh cell holds Chinese"
    assert row["en"].strip() and not HAN.search(row["en"]), "en cell holds English only"
    assert row["zh"] == row["zh"].strip() and row["en"] == row["en"].strip()


def test_documents_are_unique_paragraphs_in_one_half_each():
    keys = [(r["doc"], r["para"]) for r in rows()]
    assert len(keys) == len(set(keys)), "a (doc, para) pair appears twice"
    halves: dict[str, set[str]] = {}
    for r in rows():
        halves.setdefault(r["doc"], set()).add(r["split"])
    assert all(len(s) == 1 for s in halves.values()), "a document is split across tune and report"
    splits = [next(iter(s)) for s in halves.values()]
    assert splits.count("tune") >= 4 and splits.count("report") >= 4


def test_every_document_is_described_in_source_md():
    source = (DATA / "SOURCE.md").read_text(encoding="utf-8")
    missing = {r["doc"] for r in rows()} - set(re.findall(r"^### (\S+) \((?:tune|report)\)$", source, re.M))
    assert not missing, f"documents without a SOURCE.md section: {sorted(missing)}"
