"""End to end: `press translate --engine none` over every sample matches samples/<slug>/expected/.

Regenerate after an intended change (new glossary rows, QA checks, segmentation rules):
    PRESS_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py -q      (= make golden)
then read `git diff samples/*/expected/` before committing it.
"""
from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from conftest import REPO, sample_sources

REGENERATE = os.environ.get("PRESS_REGENERATE_GOLDEN") == "1"
TRANSLATOR = "Wu Yangyue"


def normalised(data: dict, source: Path) -> dict:
    """Return the JSON with the fields that differ between machines and releases of the tool replaced."""
    data = dict(data)
    assert data["source"] == str(source)
    data["source"] = source.relative_to(REPO).as_posix()
    signature = dict(data["signature"])
    assert signature["package"].startswith("press-pipeline ")
    signature["package"] = "press-pipeline <version>"
    # the glossary hash changes with every row anywhere in glossary/; the terms below show what matters
    signature["glossary"] = "<glossary hash>"
    data["signature"] = signature
    return data


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("source", sample_sources(), ids=lambda p: p.parent.name)
def test_golden_json(source, tmp_path, run_cli):
    result = run_cli(["translate", source, "-o", tmp_path, "--engine", "none", "-q",
                      "--translator", TRANSLATOR])
    assert result.code == 0, result.stderr
    actual = dump(normalised(json.loads((tmp_path / "source.zh.json").read_text(encoding="utf-8")), source))
    golden = source.parent / "expected" / "source.zh.json"
    if REGENERATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    if not golden.exists():
        pytest.fail(f"{golden.relative_to(REPO)} is missing: run PRESS_REGENERATE_GOLDEN=1 pytest "
                    "tests/test_golden.py (make golden)")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"expected/{golden.name}", "actual", n=2))
        pytest.fail(f"{source.parent.name}: output differs from the golden file "
                    f"(intended? run make golden)\n{diff[:6000]}")
