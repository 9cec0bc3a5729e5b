"""The `press` command: error paths (one `error:` line, exit 2, nothing written), help, --stop-after."""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, sample_sources

from pipeline.cli import build_parser

TRADE_FAIR = next(p for p in sample_sources() if "trade-fair" in str(p))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"

# (file name, content or None for "does not exist", the reason in the message)
BAD_INPUTS = [
    pytest.param("missing.txt", None, "no such file", id="missing"),
    pytest.param("picture.txt", PNG, "this is not a text file", id="binary"),
    pytest.param("empty.txt", b"", "the file is empty", id="empty"),
    pytest.param("blank.txt", b"\n  \n\t\n", "the file is empty", id="whitespace-only"),
    pytest.param("headline.txt", "只有标题\n".encode(), "the release has a headline but no body", id="no-body"),
    pytest.param("release.pages", b"PK\x03\x04", "unsupported file type '.pages'", id="unsupported-extension"),
    pytest.param("release.pdf", b"%PDF-1.4\n", "cannot read the PDF", id="truncated-pdf"),
]
ERROR_LINE = re.compile(r"^error: (?P<path>.+?)(?::(?P<line>\d+))?: (?P<reason>.+) — (?P<hint>.+)$")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.parametrize("name, content, reason", BAD_INPUTS)
def test_bad_input_is_one_error_line_exit_2_and_no_file(tmp_path, run_cli, name, content, reason):
    source = tmp_path / "in" / name
    source.parent.mkdir()
    if content is not None:
        source.write_bytes(content)
    before = files_under(tmp_path / "in")
    result = run_cli(["translate", source, "-o", tmp_path / "out", "--engine", "none", "-q"])
    assert result.code == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert result.stderr.splitlines()[0] == lines[0]
    match = ERROR_LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"] == str(source)
    assert match["reason"].startswith(reason)
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path / "out") == []
    assert files_under(tmp_path / "in") == before
    assert result.stdout == ""


def test_one_bad_input_does_not_stop_the_others(tmp_path, run_cli):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_bytes(TRADE_FAIR.read_bytes())
    second.write_bytes(TRADE_FAIR.read_bytes())
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = run_cli(["translate", first, empty, second, "-o", out, "--engine", "none", "-q"])
    assert result.code == 2
    assert [ERROR_LINE.match(line)["path"] for line in error_lines(result.stderr)] == [str(empty)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}{suffix}" for stem in ("first", "second") for suffix in (".review.docx", ".en.docx", ".json"))


def test_good_input_exits_0_and_writes_three_files(tmp_path, run_cli):
    result = run_cli(["translate", TRADE_FAIR, "-o", tmp_path, "--engine", "none", "-q",
                      "--translator", "Wu Yangyue", "--source-url", "http://www.changde.gov.cn/1.html"])
    assert result.code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "source.zh.en.docx", "source.zh.json", "source.zh.review.docx"]
    assert error_lines(result.stderr) == []


@pytest.mark.parametrize("config, reason", [
    ('[engine\nname = "none"\n', "invalid configuration"),
    ('[engine]\nname = "none"\ncolour = "blue"\n', "unknown setting colour in [engine]"),
    ('[engine]\nname = "none"\ncontrastive = "always"\n', '[engine] contrastive = "always" is not one of "gated", "off"'),
])
def test_a_broken_press_toml_is_a_user_error(tmp_path, run_cli, monkeypatch, config, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "press.toml").write_text(config, encoding="utf-8")
    result = run_cli(["translate", TRADE_FAIR, "-o", tmp_path / "out", "-q"])
    assert result.code == 2
    (line,) = error_lines(result.stderr)
    assert line.startswith(f"error: {tmp_path / 'press.toml'}:") and reason in line
    assert " — " in line and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_glossary_folder_is_a_user_error(tmp_path, run_cli):
    result = run_cli(["translate", TRADE_FAIR, "-o", tmp_path / "out", "--engine", "none", "-q",
                      "--glossary", tmp_path / "no-glossary"])
    assert result.code == 2
    (line,) = error_lines(result.stderr)
    assert ERROR_LINE.match(line)["path"] == str(tmp_path / "no-glossary")
    assert not (tmp_path / "out").exists()


def test_stop_after_segment_prints_segments_and_writes_nothing(tmp_path, run_cli):
    source = tmp_path / "release.txt"
    source.write_bytes(TRADE_FAIR.read_bytes())
    result = run_cli(["translate", source, "--engine", "none", "--stop-after", "segment"])
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("p0.s1\t常德签约项目32个")
    assert [line.split("\t")[0] for line in lines] == [
        "p0.s1", "p1.s1", "p2.s1", "p2.s2", "p3.s1", "p3.s2", "p4.s1", "p4.s2"]
    assert all(len(line.split("\t")) == 3 for line in lines)  # id, Chinese, words
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["release.txt"]


def test_unknown_stage_is_refused_by_the_parser(tmp_path, run_cli):
    result = run_cli(["translate", TRADE_FAIR, "--stop-after", "polish"])
    assert result.code == 2
    assert "invalid choice: 'polish'" in result.stderr


# --- help and README ------------------------------------------------------------------------------
def commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """Yield (words, help text, subparser) for every subcommand, nested ones included."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, subparser in action.choices.items():
                yield (*prefix, name), helps.get(name), subparser
                yield from commands(subparser, (*prefix, name))


COMMANDS = list(commands(build_parser()))


def test_the_translate_command_is_registered():
    assert ("translate",) in [words for words, _, _ in COMMANDS]


@pytest.mark.parametrize("words, help_text, subparser", COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS])
def test_every_command_has_help(run_cli, words, help_text, subparser):
    assert help_text, f"press {' '.join(words)} has no help= text"
    result = run_cli([*words, "--help"])
    assert result.code == 0
    assert result.stdout.startswith(f"usage: press {' '.join(words)}")


TOP_LEVEL = sorted({words[0] for words, _, _ in COMMANDS})


@pytest.mark.parametrize("command", TOP_LEVEL)
def test_every_command_is_in_the_readme(command):
    readme = REPO / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not written yet")
    assert re.search(rf"\bpress {command}\b", readme.read_text(encoding="utf-8")), \
        f"README.md does not mention `press {command}`"


def test_python_dash_m_pipeline_help_in_a_subprocess(tmp_path):
    env = {**os.environ, "PRESS_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: press")
    assert "translate" in done.stdout


def test_python_dash_m_pipeline_error_has_no_traceback(tmp_path):
    env = {**os.environ, "PRESS_HOME": str(tmp_path)}
    missing = tmp_path / "missing.txt"
    done = subprocess.run([sys.executable, "-m", "pipeline", "translate", str(missing), "--engine", "none",
                           "-q"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert error_lines(done.stderr) == [f"error: {missing}: no such file — check the path"]
    assert "Traceback" not in done.stderr


def test_version(run_cli):
    result = run_cli(["--version"])
    assert result.code == 0
    assert re.match(r"press \S+", result.stdout)
