"""Glossary proposals from the aligned archive: names that recur with one English, never approved."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import GLOSSARY_DIR, REPO

from pipeline import dictionary
from pipeline.align.anchors import Lexicon
from pipeline.align.archive import align_release
from pipeline.align.terms import propose, spans
from pipeline.config import Config
from pipeline.context import Context
from pipeline.glossary import Glossary

ARCHIVE = REPO / "tests" / "data" / "archive"
PROPOSED = [("乌兰巴托市", "Ulaanbaatar", "city"), ("国际商会", "International Chamber of Commerce", "organisation"),
            ("李建华", "Li Jianhua", "person")]


def _release(tmp_path: Path, name: str, old: str = "", new: str = "") -> tuple[Path, Path]:
    """Copy archive release name[0] as `name`, with `old` replaced by `new` in both sides (where it occurs)."""
    pair = []
    for side in ("zh", "en"):
        path = tmp_path / f"{name}.{side}.txt"
        text = (ARCHIVE / f"{name[0]}.{side}.txt").read_text(encoding="utf-8")
        path.write_text(text.replace(old, new) if old else text, encoding="utf-8")
        pair.append(path)
    return pair[0], pair[1]


def _proposals(tmp_path, releases, glossary_dir: Path = GLOSSARY_DIR):
    ctx = Context(Config(engine="none", glossary=str(glossary_dir)), Glossary.load(glossary_dir))
    lexicon = Lexicon(dictionary.load())
    aligned = [align_release(zh, en, ctx, lexicon) for zh, en in releases]
    return [(p.zh, p.en, p.kind) for p in propose(aligned, 0.9, lexicon)], aligned


CASES = [
    ("both releases", ["a", "b"], {}, PROPOSED),
    # in one release the organisation is in one pair only (twice in one sentence counts once)
    ("one release", ["a"], {}, [PROPOSED[0], PROPOSED[2]]),
    # one pair of three writes the person surname last: 2 of 3 is not consistent
    ("inconsistent English", ["a", "b"], {"b": ("Li Jianhua, director", "Jianhua Li, director")},
     PROPOSED[:2]),
    # the same release twice under two names: its sentences count once
    ("a release repeated", ["a", "a2"], {}, [PROPOSED[0], PROPOSED[2]]),
]


@pytest.mark.parametrize("name, releases, edits, expected", CASES, ids=[case[0] for case in CASES])
def test_term_proposals(name, releases, edits, expected, tmp_path):
    pairs = []
    for release in releases:
        pairs.append(_release(tmp_path, release, *edits.get(release, ("", ""))))
    found, _ = _proposals(tmp_path, pairs)
    assert found == expected


def test_a_name_the_glossary_covers_is_not_proposed(tmp_path):
    glossary_dir = tmp_path / "glossary"
    shutil.copytree(GLOSSARY_DIR, glossary_dir)
    with (glossary_dir / "people.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(("zh", "en", "kind", "variants", "forbidden", "status", "source", "note"))
        writer.writerow(("李建华", "Li Jianhua", "person", "", "", "approved", "test", ""))
    found, _ = _proposals(tmp_path, [_release(tmp_path, "a"), _release(tmp_path, "b")], glossary_dir)
    assert found == PROPOSED[:2]


@pytest.mark.parametrize("english, taken, expected", [
    ("Li Jianhua met the Mayor of Ulaanbaatar.", (), {"Li", "Li Jianhua", "Jianhua", "Mayor", "Mayor of Ulaanbaatar",
                                                      "Ulaanbaatar"}),
    ("On May 9, the Changde International Chamber of Commerce met.", ("Changde",),
     {"International", "International Chamber", "International Chamber of Commerce", "Chamber",
      "Chamber of Commerce", "Commerce"}),
    ("The talks were held in Beijing.", (), {"Beijing"}),  # "The" alone is no name
])
def test_candidate_spans(english, taken, expected):
    assert spans(english, taken) == expected


def test_the_command_writes_proposals_as_glossary_rows_with_their_evidence(run_cli, tmp_path):
    zh_dir, en_dir = tmp_path / "zh", tmp_path / "en"
    for folder, side in ((zh_dir, "zh"), (en_dir, "en")):
        folder.mkdir()
        for name in ("a", "b"):
            shutil.copy(ARCHIVE / f"{name}.{side}.txt", folder / f"{name}.{side}.txt")
    result = run_cli(["memory", "align", zh_dir, en_dir, "--memory", tmp_path / "m.sqlite", "-o", tmp_path])
    assert result.code == 0, result.stderr
    terms = tmp_path / "zh.terms.tsv"
    assert f"terms: 3 proposal(s) in {terms}" in result.stdout
    rows = list(csv.DictReader(terms.open(encoding="utf-8"), delimiter="\t"))
    assert [(r["zh"], r["en"], r["kind"], r["status"]) for r in rows] == [(*p, "proposed") for p in PROPOSED]
    person = rows[2]
    assert person["source"].startswith("proposed by press memory align: 3 of 3 aligned archive pairs")
    assert "a.zh.txt: 李建华表示，常德与乌兰巴托市自2015年以来交流频繁" in person["note"]
    assert "= Li Jianhua said that Changde and Ulaanbaatar" in person["note"]
    glossary_dir = tmp_path / "glossary"
    shutil.copytree(GLOSSARY_DIR, glossary_dir)
    imported = run_cli(["glossary", "import", terms, "--glossary", glossary_dir])
    assert imported.code == 0, imported.stderr
    assert Glossary.load(glossary_dir).lookup("李建华").status == "proposed"
