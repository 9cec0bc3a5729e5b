"""Accepted English variants (issue 34): a glossary column of other English QA accepts besides the preferred
rendering (美国 United States | U.S. | American), checked by lint, accepted by QA and the change report,
shown in Notes as such, carried by TBX, CSV and Excel and by `press glossary add`."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.glossary import COLUMNS, Entry, Glossary, read_tsv
from pipeline.glossary.edit import export_glossary, read_terms
from pipeline.glossary.lint import lint
from pipeline.model import Release, Segment
from pipeline.outputs.review import glossary_notes
from pipeline.stages import check as qa
from pipeline.stages.repair import repair

from conftest import REPO

OLD_HEADER = "\t".join(COLUMNS[:8])  # a glossary written before the column existed
HEADER = "\t".join(COLUMNS)
USA = "美国\tUnited States\tcountry\t\tUSA\tapproved\tseed\t\tU.S.|US|American"
UK = "英国\tUnited Kingdom\tcountry\t英國\t\tapproved\tseed\t\tUK|Britain|British"


def write(directory: Path, *rows: str, header: str = HEADER) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / "countries.tsv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("row, message", [
    (USA, None),
    ("美国\tUnited States\tcountry\t\t\tapproved\tseed\t\tU.S.|United States", "repeats the en or another variant"),
    ("美国\tUnited States\tcountry\t\t\tapproved\tseed\t\tU.S.|u.s.", "repeats the en or another variant"),
    ("美国\tUnited States\tcountry\t\tUSA\tapproved\tseed\t\tUSA", "English variant 'USA' is also forbidden"),
    ("美国\tUnited States\tcountry\t\t\tapproved\tseed\t\t美利坚", "en_variants contains Chinese characters"),
    ("美国\tUnited States\tcountry\t\t\tapproved\tseed\t\tＵ.S.", "en_variants contains full-width Latin"),
    ("隆重庆祝\t(celebrate)\tstop\t\t\tapproved\tseed\t\tcelebrate", "a stop row has no English variants"),
    ("美国\tUnited States\tcountry\t\t\tapproved\tseed\t\tU.S.\textra", "10 cells, expected at most 9"),
])
def test_lint_checks_the_english_variants(tmp_path, row, message):
    path = write(tmp_path / "g", row)
    messages = lint(tmp_path / "g")
    if message is None:
        assert messages == []
    else:
        assert any(m.startswith(f"{path}:2: ") and message in m for m in messages), messages


@pytest.mark.parametrize("header, row, variants", [
    (HEADER, USA, ("U.S.", "US", "American")),
    (OLD_HEADER, "美国\tUnited States\tcountry\t\t\tapproved\tseed\t", ()),  # an older file: still read
    (OLD_HEADER, "美国\tUnited States\tcountry\t\t\tapproved\tseed\t\tU.S.", ()),  # its header names no 9th column
])
def test_a_glossary_reads_the_column_by_its_header(tmp_path, header, row, variants):
    (entry,) = read_tsv(write(tmp_path / "g", row, header=header))
    assert (entry.en, entry.en_variants) == ("United States", variants)


DRAFTS = [
    # (English, glossary findings) for 美国 United States | U.S. | US | American
    ("The United States Consul General visited Changde.", []),
    ("The U.S. Consul General visited Changde.", []),
    ("The American Consul General visited Changde.", []),
    ("The US delegation visited Changde.", []),
    ("The USA delegation visited Changde.", ["glossary_terms_used", "forbidden_terms_absent"]),
    ("The consul general visited Changde.", ["glossary_terms_used"]),
]


@pytest.mark.parametrize("en, findings", DRAFTS)
def test_qa_accepts_an_accepted_variant_and_nothing_else(tmp_path, en, findings):
    glossary = Glossary(read_tsv(write(tmp_path / "g", USA)))
    zh = "美国驻广州总领事访问常德。"
    segment = Segment("p1.s1", zh, 1, terms=tuple(glossary.find(zh)), en=en, origin="engine")
    release = Release(path=Path("r.zh.txt"), headline=zh, segments=(segment,))
    found = [issue.check for issue in qa.run_checks(release) if issue.check in (
        "glossary_terms_used", "forbidden_terms_absent")]
    assert found == findings
    assert repair(segment, release)[0] == en.replace("USA", "United States")  # a variant is never "repaired"


def test_notes_show_the_variants_as_accepted(tmp_path):
    glossary = Glossary(read_tsv(write(tmp_path / "g", USA)))
    segment = Segment("p1.s1", "美国代表团", 1, terms=tuple(glossary.find("美国代表团")))
    assert glossary_notes(segment) == ["glossary: 美国 → United States; also accepted: U.S., US, American; not: USA"]


@pytest.mark.parametrize("fmt, suffix, carried", [
    ("tbx", ".tbx", True),
    ("tbx-martif", ".tbx", True),
    ("xlsx", ".xlsx", True),
    ("csv-table", ".csv", True),
    ("csv-deepl", ".csv", False),  # DeepL and Google take one target per source: the preferred one only
    ("csv-google", ".csv", False),
])
def test_exports_and_imports_carry_the_variants(tmp_path, fmt, suffix, carried):
    glossary = Glossary(read_tsv(write(tmp_path / "g", USA, UK)))
    exported = export_glossary(glossary, fmt)
    path = tmp_path / f"export{suffix}"
    if isinstance(exported, bytes):
        path.write_bytes(exported)
    else:
        path.write_text(exported, encoding="utf-8")
    back = {entry.zh: entry for entry in read_terms(path)}
    assert back["美国"].en == "United States" and back["英国"].en == "United Kingdom"
    expected = {"美国": ("U.S.", "US", "American"), "英国": ("UK", "Britain", "British")}
    assert {zh: back[zh].en_variants for zh in expected} == (expected if carried else {zh: () for zh in expected})


def test_add_writes_the_column_and_extends_an_older_header(tmp_path, run_cli):
    path = write(tmp_path / "g", "日本\tJapan\tcountry\t\t\tapproved\tseed\t", header=OLD_HEADER)
    result = run_cli(["glossary", "add", "--glossary", tmp_path / "g", "--zh", "美国", "--en", "United States",
                      "--kind", "country", "--source", "seed", "--en-variants", "U.S.|American", "--status",
                      "approved", "--file", "countries.tsv"])
    assert result.code == 0, result.stderr
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER and lines[1] == "日本\tJapan\tcountry\t\t\tapproved\tseed\t"
    assert lines[2] == "美国\tUnited States\tcountry\t\t\tapproved\tseed\t\tU.S.|American"
    assert {e.zh: e.en_variants for e in read_tsv(path)} == {"日本": (), "美国": ("U.S.", "American")}
    assert lint(tmp_path / "g") == []


def test_the_shipped_glossary_accepts_u_s_and_british():
    glossary = Glossary.load(REPO / "glossary")
    usa, = glossary.find("美国")
    uk, = glossary.find("英国")
    assert {"U.S.", "American"} <= set(usa.en_variants) and {"UK", "British"} <= set(uk.en_variants)
    entry = next(e for e in glossary.entries if e.zh == "美国")
    assert isinstance(entry, Entry) and entry.renderings[0] == "United States"
