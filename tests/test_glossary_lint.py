"""Glossary lint: each problem gives its `file:line: message`; the shipped glossary is clean."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.glossary import COLUMNS
from pipeline.glossary.lint import lint

REPO = Path(__file__).resolve().parent.parent
HEADER = "\t".join(COLUMNS)
GOOD = "常德市\tChangde\tcity\t常德\tChangde Shi\tapproved\tseed\t"
OTHER = "东近江市\tHigashiomi\tcity\t東近江市\tDongjiang\tapproved\tseed\t"


def write(directory: Path, rows: list[str], name: str = "cities.tsv") -> Path:
    path = directory / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


# (rows of cities.tsv, line the message points at, expected fragment)
CASES = [
    ([GOOD, GOOD], 3, "duplicate zh '常德市' (also at"),
    ([GOOD, "常德市\tChangde City\tcity\t\t\tapproved\tseed\t"], 3,
     "zh '常德市' listed under two different en: 'Changde City' here, 'Changde'"),
    (["常德市\t\tcity\t\t\tapproved\tseed\t"], 2, "empty en"),
    (["常德市\tChangde\tcity\t\t\tapproved\t\t"], 2, "empty source"),
    (["常德市\tChangde\ttown\t\t\tapproved\tseed\t"], 2, "unknown kind 'town'"),
    (["常德市\tChangde\tcity\t\t\tdraft\tseed\t"], 2, "unknown status 'draft'"),
    ([GOOD, "常德县\tChangde County\tcounty\t常德市\t\tproposed\tseed\t"], 3,
     "variant '常德市' is zh of '常德市'"),
    ([GOOD, "常德区\tChangde District\tregion\t常德\t\tproposed\tseed\t"], 3,
     "variant '常德' is a variant of '常德市'"),
    (["常德市\tChangde\tcity\t\tChangde\tapproved\tseed\t"], 2, "forbidden form 'Changde' equals the en"),
    (["常德市\tChangde \tcity\t\t\tapproved\tseed\t"], 2, "en has leading or trailing spaces"),
    (["常德市\tChang\u00a0de\tcity\t\t\tapproved\tseed\t"], 2, "en contains a non-breaking space (U+00A0)"),
    (["常德\u200b市\tChangde\tcity\t\t\tapproved\tseed\t"], 2, "zh contains a zero-width space (U+200B)"),
    (["常德市\tChangde\x07\tcity\t\t\tapproved\tseed\t"], 2, "en contains a control character (U+0007)"),
    (["常德市\tＣhangde\tcity\t\t\tapproved\tseed\t"], 2, "en contains full-width Latin characters (Ｃ)"),
    (["常德市\t常德\tcity\t\t\tapproved\tseed\t"], 2, "en contains Chinese characters"),
    (["常德市\tChangde\tcity\t德\t\tapproved\tseed\t"], 2, "variant '德' is a single character"),
    (["常德市\tChangde\tcity\t\t\tapproved\tseed\tnote\tU.S.\textra"], 2, "10 cells, expected at most 9"),
]


@pytest.mark.parametrize("rows, line, fragment", CASES, ids=[c[2][:40] for c in CASES])
def test_each_problem_is_reported_with_file_and_line(tmp_path, rows, line, fragment):
    path = write(tmp_path, rows)
    messages = lint(tmp_path)
    assert any(m.startswith(f"{path}:{line}: ") and fragment in m for m in messages), messages


def test_clean_glossary_gives_no_messages(tmp_path):
    write(tmp_path, [GOOD, OTHER])
    assert lint(tmp_path) == []


def test_clash_across_files_names_both_files(tmp_path):
    write(tmp_path, [GOOD], "cities.tsv")
    other = write(tmp_path, ["常德\tChangde\tcity\t\t\tapproved\tseed\t"], "terms.tsv")
    messages = lint(tmp_path)
    assert messages == [f"{other}:2: zh '常德' is a variant of '常德市' at {tmp_path / 'cities.tsv'}:2"]


def test_bad_header_is_reported(tmp_path):
    (tmp_path / "cities.tsv").write_text("中文\t英文\n常德市\tChangde\n", encoding="utf-8")
    assert any("header must start with zh" in m for m in lint(tmp_path))


def test_shipped_glossary_is_clean():
    assert lint(REPO / "glossary") == []


def test_generated_files_are_up_to_date():
    """tools/build_glossary.py --check: the generated rows match a fresh build from glossary/sources."""
    result = subprocess.run([sys.executable, str(REPO / "tools" / "build_glossary.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("rows, code", [([GOOD, OTHER], 0), ([GOOD, GOOD], 1)])
def test_cli_lint_exit_code(tmp_path, run_cli, rows, code):
    write(tmp_path, rows)
    result = run_cli(["glossary", "lint", tmp_path])
    assert result.code == code
    assert ("duplicate zh" in result.stdout) == bool(code)


def test_lint_lists_the_short_forms_that_do_not_stand_alone(run_cli):
    result = run_cli(["glossary", "lint", "--short-forms", str(REPO / "glossary")])
    assert result.code == 0, result.stderr
    rows = {tuple(line.split("\t")[1:3]): line.split("\t")[3] for line in result.stdout.splitlines()
            if line.startswith("short form\t")}
    assert rows[("湘潭", "湘潭县")] == "also 湘潭市"  # the county's short form is also the city's
    assert ("东近江", "东近江市") not in rows  # a variant: it stands alone
    assert "sandwich" in rows[("三明", "三明市")]  # the build's corpus evidence is the reason given
    assert "count only in a release that names the place in full" in result.stderr
