"""Batch translation of folders: the walk, skip-if-up-to-date, resume after a kill, failures, summary."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest

from pipeline.batch import pool as batch_module
from pipeline.batch import collect, translate_batch
from pipeline.config import Config
from pipeline.memory import Memory, Unit
from pipeline.outputs import output_paths

from conftest import GLOSSARY_DIR, sample_sources

TXT = sample_sources()


@pytest.fixture(autouse=True)
def press_home(tmp_path, monkeypatch):
    """Keep the memory and caches of every run inside the test's folder."""
    monkeypatch.setenv("PRESS_HOME", str(tmp_path / "home"))


def config(**changes) -> Config:
    return replace(Config(engine="none", glossary=str(GLOSSARY_DIR), quiet=True), **changes)


def make_folder(root: Path, copies: int = 1) -> Path:
    """Return a folder of releases: the samples as .txt/.docx/.html, in nested folders."""
    for index in range(copies):
        for source in TXT:
            for suffix in (".txt", ".docx", ".html"):
                original = source.with_suffix(suffix)
                target = root / source.parent.name / f"copy{index}" / f"release{suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(original, target)
    return root


@pytest.fixture(autouse=True)
def _own_home(press_home):
    """Every batch here opens the memory: never the user's own (an old one once failed a test)."""


def output_mtimes(out: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}


def outputs_of(source: Path, out: Path) -> list[int]:
    """Return the mtimes of the outputs of `source`, a file in in/<folder>/, translated into `out`."""
    return [path.stat().st_mtime_ns for path in output_paths(source, out / source.parent.name).values()]


def test_walk_finds_every_reader_format_and_mirrors_folders(tmp_path):
    source = make_folder(tmp_path / "in")
    (source / "notes.md").write_text("not a release")
    (source / ".hidden").mkdir()
    (source / ".hidden" / "x.txt").write_text("标题\n\n正文。")
    jobs = collect([source], tmp_path / "out")
    assert len(jobs) == 3 * 3
    assert {job.source.suffix for job in jobs} == {".txt", ".docx", ".html"}
    for job in jobs:
        assert job.out_dir == tmp_path / "out" / job.source.parent.relative_to(source)
        assert job.walked


@pytest.mark.parametrize("out", ["beside-inputs", "inside-the-input-folder"])
def test_a_second_walk_never_reads_our_own_outputs(tmp_path, out):
    folder = tmp_path / "in"
    for index, source in enumerate(TXT):
        shutil.copyfile(source, folder.mkdir(exist_ok=True) or folder / f"r{index}.txt")
    out_dir = None if out == "beside-inputs" else folder / "translated"
    first = translate_batch([folder], out_dir=out_dir, config=config())
    assert first.count("done") == len(TXT)
    assert len(list(folder.rglob("*.review.docx"))) == len(TXT)
    jobs = collect([folder], out_dir)
    assert sorted(job.source.name for job in jobs) == [f"r{index}.txt" for index in range(len(TXT))]
    second = translate_batch([folder], out_dir=out_dir, config=config())
    assert second.count("skipped") == len(TXT) and len(second.outcomes) == len(TXT)


def test_same_names_in_two_folders_do_not_overwrite(tmp_path):
    first, second = tmp_path / "a" / "in", tmp_path / "b" / "in"
    for folder, sample in ((first, TXT[0]), (second, TXT[1])):
        folder.mkdir(parents=True)
        shutil.copyfile(sample, folder / "release.txt")
    report = translate_batch([first, second], out_dir=tmp_path / "out", config=config())
    assert [outcome.status for outcome in report.outcomes] == ["done", "done"]
    written = sorted(path.relative_to(tmp_path / "out") for path in (tmp_path / "out").rglob("*.json"))
    assert written == [Path("in-1/release.json"), Path("in-2/release.json")]
    headlines = {json.loads(path.read_text())["segments"][0]["zh"] for path in (tmp_path / "out").rglob("*.json")}
    assert len(headlines) == 2


def test_same_stem_in_one_folder_fails_instead_of_overwriting(tmp_path):
    folder = make_folder(tmp_path / "in")
    report = translate_batch([folder], out_dir=tmp_path / "out", config=config())
    assert report.count("done") == 3  # one release per sample folder …
    assert report.count("failed") == 6  # … its .docx/.html twins would overwrite its outputs
    assert all("would overwrite" in outcome.reason for outcome in report.failed)


def test_second_run_skips_everything_and_touches_nothing(tmp_path):
    folder = tmp_path / "in"
    for index, source in enumerate(TXT):
        (folder / f"y{index}").mkdir(parents=True)
        shutil.copyfile(source, folder / f"y{index}" / "release.txt")
    out = tmp_path / "out"
    first = translate_batch([folder], out_dir=out, config=config())
    assert first.count("done") == len(TXT)
    before = output_mtimes(out)
    second = translate_batch([folder], out_dir=out, config=config(), jobs=2)
    assert second.count("skipped") == len(TXT) and second.count("done") == 0
    assert output_mtimes(out) == before


@pytest.mark.parametrize("change, redone", [
    ("touch-one-input", 1),
    ("edit-glossary", 3),
    ("tamper-signature", 1),
    ("delete-one-output", 1),
    ("nothing", 0),
])
def test_what_makes_a_file_out_of_date(tmp_path, change, redone):
    folder, out = tmp_path / "in", tmp_path / "out"
    glossary = shutil.copytree(GLOSSARY_DIR, tmp_path / "glossary")
    for index, source in enumerate(TXT):
        shutil.copyfile(source, folder.mkdir(parents=True, exist_ok=True) or folder / f"r{index}.txt")
    settings = config(glossary=str(glossary))
    translate_batch([folder], out_dir=out, config=settings)
    if change == "touch-one-input":
        os.utime(folder / "r0.txt", (time.time() + 5, time.time() + 5))
    elif change == "edit-glossary":
        with open(glossary / "terms.tsv", "a", encoding="utf-8") as handle:
            handle.write("测试专用词\tTest-only term\tterm\n")
    elif change == "tamper-signature":
        data = json.loads((out / "r1.json").read_text())
        data["signature"]["engine"] = "some-other-engine"
        (out / "r1.json").write_text(json.dumps(data))
    elif change == "delete-one-output":
        (out / "r2.en.docx").unlink()
    report = translate_batch([folder], out_dir=out, config=settings)
    assert (report.count("done"), report.count("skipped")) == (redone, len(TXT) - redone)


def test_explicit_files_are_always_translated(tmp_path):
    out = tmp_path / "out"
    translate_batch([TXT[0]], out_dir=out, config=config())
    again = translate_batch([TXT[0]], out_dir=out, config=config())
    assert again.count("done") == 1


def test_jobs_1_and_jobs_2_write_the_same_releases(tmp_path):
    folder = tmp_path / "in"
    for index, source in enumerate(TXT):
        (folder / f"d{index}").mkdir(parents=True)
        for suffix in (".txt", ".html"):
            shutil.copyfile(source.with_suffix(suffix), folder / f"d{index}" / f"r{suffix[1:]}{suffix}")
    for jobs in (1, 2):
        report = translate_batch([folder], out_dir=tmp_path / f"out{jobs}", config=config(), jobs=jobs)
        assert report.count("done") == 2 * len(TXT)

    def content(path: Path) -> dict:
        data = json.loads(path.read_text())
        return {key: data[key] for key in ("meta", "segments", "english", "signature", "release_hash")}

    for path in (tmp_path / "out1").rglob("*.json"):
        assert content(path) == content(tmp_path / "out2" / path.relative_to(tmp_path / "out1"))


def test_spawned_workers_load_their_own_context(tmp_path, monkeypatch):
    """Where fork is missing (Windows, macOS default), workers start fresh and load the glossary."""
    monkeypatch.setattr(batch_module.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(batch_module, "_WORKER", {})
    folder = tmp_path / "in"
    for index, source in enumerate(TXT):
        shutil.copyfile(source, folder.mkdir(exist_ok=True) or folder / f"r{index}.txt")
    report = translate_batch([folder], out_dir=tmp_path / "out", config=config(), jobs=2)
    assert report.count("done") == len(TXT), report.table()
    assert batch_module._WORKER == {}  # nothing was warmed up in this process


def test_reviewed_memory_makes_a_release_from_memory(tmp_path):
    out, memory_path = tmp_path / "out", tmp_path / "memory.sqlite"
    translate_batch([TXT[0]], out_dir=out, config=config())
    segments = json.loads((out / f"{TXT[0].stem}.json").read_text())["segments"]
    with Memory(memory_path) as memory:
        memory.store_many(Unit(s["zh"], f"EN {s['id']}", origin="reviewed") for s in segments)
    report = translate_batch([TXT[0], TXT[1]], out_dir=tmp_path / "out2",
                             config=config(memory=str(memory_path)))
    assert [outcome.status for outcome in report.outcomes] == ["memory", "done"], report.table()
    assert "from memory      1" in report.table()


def _prepare_or_die(source: Path):
    """A worker that dies on one file, as a crash in a C library or the OOM killer would do it.

    The other files of the first pool wait until the main process has replaced that pool, so they are
    in flight when it breaks however the machine schedules things: without this a slow main process
    could hand every file to the doomed pool before noticing, and no new pool would be needed."""
    if source.stem == "crash":
        os._exit(1)
    deadline = time.monotonic() + 240
    while not _RENEWED.exists():
        assert time.monotonic() < deadline, "the broken pool was never replaced"
        time.sleep(0.01)
    return _PREPARE(source)


_PREPARE = batch_module._prepare_in_worker
_NEW_POOL = batch_module._Workers._new_pool
_RENEWED = Path()


def _new_pool_noted(workers):
    if hasattr(workers, "pool"):  # not the first pool: the broken one is being replaced
        _RENEWED.touch()
    return _NEW_POOL(workers)


def test_a_dying_worker_fails_its_files_not_the_batch(tmp_path):
    folder, out = many(tmp_path / "in", 8), tmp_path / "out"
    shutil.copyfile(TXT[0], folder / "batch0" / "crash.txt")  # first in the walk: in the first window
    # its own patches, undone below without undoing conftest's (which keeps PRESS_HOME in tmp_path)
    with pytest.MonkeyPatch.context() as crashing:
        crashing.setattr(batch_module, "_prepare_in_worker", _prepare_or_die)
        crashing.setattr(batch_module._Workers, "_new_pool", _new_pool_noted)
        crashing.setattr(sys.modules[__name__], "_RENEWED", tmp_path / "renewed")
        first = translate_batch([folder], out_dir=out, config=config(), jobs=2)
    assert len(first.outcomes) == 9, first.table()
    crashed = [o for o in first.outcomes if o.source.stem == "crash"]
    assert crashed[0].status == "failed" and "worker process died" in crashed[0].reason
    # the first pool held a window of 2 * 2 + 2 prepares: they fail; a new pool does the other three
    assert (first.count("failed"), first.count("done")) == (6, 3), first.table()
    assert all("worker process died" in outcome.reason for outcome in first.failed)
    done = {o.source: outputs_of(o.source, out) for o in first.outcomes if o.status == "done"}
    second = translate_batch([folder], out_dir=out, config=config(), jobs=2)
    assert (second.count("skipped"), second.count("done")) == (3, 6), second.table()
    assert {o.source for o in second.outcomes if o.status == "skipped"} == set(done)
    assert all(outputs_of(source, out) == mtimes for source, mtimes in done.items())  # not redone


# --- the command itself, in a subprocess: failures, summary, exit codes, kill and resume ---

def press(args: list, home: Path, **options) -> subprocess.Popen:
    env = {**os.environ, "PRESS_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    # a shell's background job (`pytest &`, some CI runners) ignores SIGINT, and a child inherits an
    # ignored SIGINT: Python then never raises KeyboardInterrupt and Ctrl-C is lost. A handled signal is
    # reset to the default on exec, so the batch gets Ctrl-C as it would from a terminal.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen([sys.executable, "-m", "pipeline", "translate", *map(str, args),
                                 "--engine", "none", "--glossary", str(GLOSSARY_DIR)],
                                cwd=home.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, **options)
    finally:
        signal.signal(signal.SIGINT, previous)


def many(folder: Path, count: int) -> Path:
    for index in range(count):
        target = folder / f"batch{index % 3}" / f"release{index:03d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TXT[index % len(TXT)], target)
    return folder


def test_failed_files_do_not_stop_the_batch(tmp_path):
    folder = many(tmp_path / "in", 4)
    (folder / "batch0" / "empty.txt").write_bytes(b"")
    (folder / "batch1" / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / "batch2" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    process = press([folder, "-o", tmp_path / "out", "--jobs", "2"], tmp_path / "home")
    _, err = process.communicate(timeout=300)
    assert process.returncode == 2
    assert len(list((tmp_path / "out").rglob("*.json"))) == 4
    for label, count in (("done", 4), ("from memory", 0), ("skipped", 0), ("failed", 3), ("total", 7)):
        assert f"\n{label:<12}{count:>6}" in f"\n{err}"
    for name, reason in (("empty.txt", "empty"), ("broken.docx", "not a Word .docx"),
                         ("binary.txt", "not a text file")):
        assert any(name in line and reason in line for line in err.splitlines()
                   if line.startswith("  failed:"))


# how the run is stopped: (signal, to the whole process group?)
STOPS = {"crash": (signal.SIGKILL, True), "ctrl-c": (signal.SIGINT, True),
         "terminate-main": (signal.SIGTERM, False), "kill-main": (signal.SIGKILL, False)}


@pytest.mark.parametrize("how", list(STOPS))
def test_resume_after_an_interrupt_redoes_nothing_finished(tmp_path, how):
    folder, out, home = many(tmp_path / "in", 24), tmp_path / "out", tmp_path / "home"
    process = press([folder, "-o", out, "--jobs", "2"], home, start_new_session=True)
    deadline = time.time() + 240
    while len(list(out.rglob("*.json"))) < 4 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, f"the batch ended before it could be interrupted: {process.communicate()}"
    progressed = len(list(out.rglob("*.json"))) >= 4
    if not progressed:
        os.killpg(process.pid, signal.SIGKILL)
    assert progressed, "no four outputs within four minutes"
    workers = psutil.Process(process.pid).children(recursive=True)
    number, group = STOPS[how]
    (os.killpg if group else os.kill)(process.pid, number)
    _, alive = psutil.wait_procs(workers, timeout=60)
    for leftover in alive:  # never leave them running (they hold the pipes), even when the test fails
        leftover.kill()
    _, err = process.communicate(timeout=120)
    assert alive == [], "worker processes outlived the batch"
    if number != signal.SIGKILL:
        assert process.returncode == 130 and "interrupted" in err, (process.returncode, err)
    finished = {path: path.stat().st_mtime_ns for path in out.rglob("*.json")}
    assert 4 <= len(finished) < 24
    for path in finished:  # outputs are renamed into place: none is half written
        json.loads(path.read_text())
    resumed = press([folder, "-o", out, "--jobs", "2"], home)
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert all(path.stat().st_mtime_ns == mtime for path, mtime in finished.items())
    assert f"\n{'skipped':<12}{len(finished):>6}" in f"\n{err}"
    assert f"\n{'done':<12}{24 - len(finished):>6}" in f"\n{err}"
    assert len(list(out.rglob("*.json"))) == 24
    if number != signal.SIGKILL:  # the files being written were finished, not abandoned
        assert not list(out.rglob(".press-*"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_batch_bar_counts_releases_not_segments(tmp_path, monkeypatch, jobs):
    """Issue 34: `releases: 100%|…| 3/3 [00:00, 100.27release/s]`, never "seg/s"."""
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    report = translate_batch(list(TXT), out_dir=tmp_path / "out", config=config(quiet=False), jobs=jobs)
    assert report.count("done") == len(TXT)
    drawn = screen.getvalue()
    assert f"{len(TXT)}/{len(TXT)}" in drawn and "release" in drawn.split("|")[-1] and "seg/s" not in drawn
