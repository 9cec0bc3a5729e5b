"""Many releases at once: walk folders, skip what is up to date, prepare in worker processes.

The model-free stages (read, normalise, segment, glossary, names) and the writing of the outputs run
in a pool of worker processes; the engine stays in the main process and works through the releases
in the order the workers finish them, so one model is loaded once and never idles behind jieba.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..context import Context
from ..errors import InputError, PipelineError, printable
from ..glossary import Glossary
from ..model import Credits, Release
from ..outputs import write_outputs
from ..progress import progress_bar, visible
from ..runner import PREPARE_LAST, build_context, prepare, run
from ..stages.status import careful, summary
from .plan import Job, collect, collisions, current_signature, up_to_date

STATUSES = ("done", "memory", "skipped", "failed")
STOP_POLL = 0.2  # seconds between looks at the stop signal while waiting for the workers
LABELS = {"done": "done", "memory": "from memory", "skipped": "skipped", "failed": "failed"}


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: status (done|memory|skipped|failed), segments, reason."""

    source: Path
    status: str
    segments: int = 0
    reason: str = ""
    findings: str = ""  # the QA summary line of a translated release


@dataclass(frozen=True)
class BatchReport:
    """Every input's outcome, in input order, and the wall time of the batch."""

    outcomes: tuple[Outcome, ...] = ()
    seconds: float = 0.0
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def table(self) -> str:
        """Return the summary table: one row per status, then every failure with its reason."""
        rows = [f"{LABELS[status]:<12}{self.count(status):>6}" for status in STATUSES]
        rows.append(f"{'total':<12}{len(self.outcomes):>6}   ({self.seconds:.1f} s"
                    + (", interrupted)" if self.interrupted else ")"))
        rows += [f"  failed: {outcome.reason}" for outcome in self.failed]
        return "\n".join(rows)


# --- worker processes: each keeps a Context with the glossary only (no engine, no memory) ---

_WORKER: dict = {}


def _init_worker(config: Config, credits: Credits, parent: int) -> None:
    # Ctrl-C goes to the whole process group; the main process decides what stops
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    if "ctx" not in _WORKER:  # spawned, not forked from a warmed-up parent
        _WORKER["ctx"] = Context(config=config, glossary=Glossary.load(Path(config.glossary_dir())))
        _WORKER["credits"] = credits


def _exit_with_parent(parent: int) -> None:
    # a killed main process must not leave its workers behind, waiting for work forever
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def warm_up(ctx: Context) -> None:
    """Run the model-free stages once on a tiny release so their dictionaries are loaded."""
    run(Release(path=Path("warm-up"), headline="常德", paragraphs=("常德市。",)), ctx,
        stop_after=PREPARE_LAST)


class WorkerFailure(Exception):
    """An unexpected error in a worker process, carried back as text: the original may not pickle
    (lxml's XMLSyntaxError holds an _ListErrorLog), and then only "cannot pickle" would arrive."""


@contextmanager
def _as_text():
    try:
        yield
    except PipelineError:
        raise  # pickles with its path, line and hint
    except Exception as error:  # noqa: BLE001 — reported per file as an internal error
        raise WorkerFailure(f"{type(error).__name__}: {error}") from None


def _prepare_in_worker(source: Path) -> Release:
    with _as_text():
        return prepare(source, _WORKER["ctx"], _WORKER["credits"])


def _write(release: Release, out_dir: Path | None) -> tuple[int, str]:
    with _as_text():
        write_outputs(release, out_dir)
        doubtful = careful(release)
        return len(release.segments), summary(release.issues) + (f"; {doubtful} to check carefully" if doubtful else "")


def _status(release: Release) -> str:
    body = [segment for segment in release.segments if segment.zh]
    return "memory" if body and all(s.origin == "memory" for s in body) else "done"


def _reason(error: BaseException, source: Path) -> str:
    """Return the one-line reason a file failed, starting with its path."""
    if isinstance(error, PipelineError):
        text = str(error)
    elif isinstance(error, BrokenProcessPool):
        text = "a worker process died while this file was in flight — run the batch again to retry it"
    elif isinstance(error, WorkerFailure):
        text = f"internal error: {error}"
    else:
        text = f"internal error: {type(error).__name__}: {error}"
    text = printable(text)  # a file name may hold ESC: never let it reach the terminal raw
    return text if text.startswith(printable(str(source))) else f"{printable(str(source))}: {text}"


class _Reporter:
    """The one overall bar on a terminal, one line per file otherwise; failures always as `error:`."""

    def __init__(self, bar, quiet: bool, lines: bool):
        self.bar, self.quiet, self.lines = bar, quiet, lines

    def __call__(self, outcome: Outcome) -> None:
        self.bar.update(1)
        if outcome.status == "failed":
            # through the bar when there is one, so the line does not tear it
            write = getattr(self.bar, "write", None) or (lambda line, file: print(line, file=file))
            write(f"error: {outcome.reason}", file=sys.stderr)
        elif self.lines and not self.quiet:
            detail = outcome.reason or "; ".join(
                filter(None, (f"{outcome.segments} segments", outcome.findings)))
            print(printable(f"{outcome.source}: {LABELS[outcome.status]} ({detail})"), file=sys.stderr)


def translate_batch(inputs: list[Path], *, out_dir: Path | None = None, config: Config,
                    credits: Credits = Credits(), jobs: int = 1, force: bool = False,
                    ctx: Context | None = None) -> BatchReport:
    """Translate every release in `inputs` (files and folders); returns one Outcome per input file.

    Files found by walking a folder are skipped when their outputs are up to date (unless `force`);
    files named explicitly are always translated. A failing file is recorded, never raised.
    """
    if ctx is None:  # a context of its own, closed when the batch is done
        with build_context(config) as own:
            return translate_batch(inputs, out_dir=out_dir, config=config, credits=credits, jobs=jobs,
                                   force=force, ctx=own)
    started = time.perf_counter()
    _output_folder(out_dir)
    plan, results, todo = _plan(list(inputs), out_dir, ctx, force)
    # workers are forked before the progress bar (and its thread) exists
    pool = _Workers(ctx, credits, min(jobs, len(todo)), todo) if jobs > 1 and len(todo) > 1 else None
    interrupted = False
    with progress_bar(len(plan), "releases", quiet=config.quiet) as bar, \
            _terminate_interrupts(deferred=pool is not None) as stop:
        report = _Reporter(bar, config.quiet, lines=not visible(config.quiet))
        try:
            for outcome in list(results.values()):
                report(outcome)
            if pool is not None:
                pool.drain(ctx, results, report, stop)
            else:
                _run_here(todo, ctx, credits, results, report)
        except KeyboardInterrupt:
            # the summary still tells what finished; unfinished files are simply absent from it
            interrupted = True
        finally:
            if pool is not None:
                pool.close()
    outcomes = tuple(results[job.source] for job in plan if job.source in results)
    return BatchReport(outcomes, time.perf_counter() - started, interrupted)


def _output_folder(out_dir: Path | None) -> None:
    """Create OUT before any work, so a folder that cannot be made fails the run at once, not per file."""
    if out_dir is None:
        return
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = ("a file has the name of this folder or of a folder above it"
                  if isinstance(error, (FileExistsError, NotADirectoryError)) else error.strerror)
        raise PipelineError(f"cannot create the output folder ({reason})", out_dir,
                            hint="choose another folder with -o") from None


@contextmanager
def _terminate_interrupts(deferred: bool = False):
    """Treat SIGTERM like Ctrl-C while a batch runs: finish the files being written, then stop.

    With a worker pool (`deferred`) both signals only set the yielded event, which the pool's loop
    checks between waits: an exception raised wherever the signal lands could leave a lock of the
    pool's machinery half released ("release unlocked lock", seen under load)."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signal handlers belong to the main thread
        return

    def interrupt(signum, frame):
        if deferred:
            stop.set()
        else:
            raise KeyboardInterrupt

    signals = (signal.SIGTERM, signal.SIGINT) if deferred else (signal.SIGTERM,)
    previous = {number: signal.signal(number, interrupt) for number in signals}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _plan(inputs: list[Path], out_dir: Path | None, ctx: Context, force: bool):
    """Return (jobs, {source: outcome} decided up front, jobs to run)."""
    plan = collect(inputs, out_dir)
    if not plan:
        raise InputError("no release files found", ", ".join(map(str, inputs)),
                         hint="pass .txt, .docx or .html files or folders holding them")
    signature = current_signature(ctx)
    clashes = collisions(plan)
    results: dict[Path, Outcome] = {}
    todo: list[Job] = []
    for job in plan:
        if job.source in clashes:
            results[job.source] = Outcome(job.source, "failed", reason=clashes[job.source])
        elif job.walked and not force and up_to_date(job, signature):
            results[job.source] = Outcome(job.source, "skipped", reason="outputs up to date")
        else:
            todo.append(job)
    return plan, results, todo


def _run_here(todo: list[Job], ctx: Context, credits: Credits, results: dict, report) -> None:
    for job in todo:
        try:
            release = run(prepare(job.source, ctx, credits), ctx, start_after=PREPARE_LAST)
            count, findings = _write(release, job.out_dir)
            outcome = Outcome(job.source, _status(release), count, findings=findings)
        except Exception as error:  # noqa: BLE001 — a failed file never stops the batch
            outcome = Outcome(job.source, "failed", reason=_reason(error, job.source))
        results[job.source] = outcome
        report(outcome)


class _Workers:
    """The worker pool: prepares a window of releases ahead of the engine, writes finished ones."""

    def __init__(self, ctx: Context, credits: Credits, workers: int, todo: list[Job]):
        self.method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if self.method == "fork":
            # forked workers inherit a warmed-up context: jieba's dictionary is loaded once, here
            _WORKER.update(ctx=Context(config=ctx.config, glossary=ctx.glossary), credits=credits)
            warm_up(_WORKER["ctx"])
        self.workers, self.initargs, self.generation = workers, (ctx.config, credits, os.getpid()), 0
        self.pool = self._new_pool()
        self.waiting = deque(todo)
        self.pending: dict[Future, tuple[str, Job, str, int]] = {}
        # a bounded window: writes queue behind a few prepares, not behind the whole batch, so
        # outputs appear steadily and an interrupt loses little
        self.window = 2 * workers + 2
        self._refill()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(self.method),
                                   initializer=_init_worker, initargs=self.initargs)

    def _submit(self, step: str, job: Job, status: str, function, *args) -> bool:
        """Queue one call; False if the pool broke since the last wait: the job fails like those in flight."""
        try:
            future = self.pool.submit(function, *args)
        except BrokenProcessPool as error:  # raised, it would end the batch; the next wait renews the pool
            future = Future()
            future.set_exception(error)
        self.pending[future] = (step, job, status, self.generation)
        return not future.done()

    def _refill(self) -> None:
        preparing = sum(1 for entry in self.pending.values() if entry[0] == "prepare")
        while self.waiting and preparing < self.window:
            job = self.waiting.popleft()
            preparing += 1
            if not self._submit("prepare", job, "", _prepare_in_worker, job.source):
                return  # the rest wait for the new pool

    def _broken(self, future: Future) -> bool:
        # a worker that dies (a crash in a C library, the OOM killer) breaks the whole pool
        current = self.pending[future][3] == self.generation
        return current and not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)

    def drain(self, ctx: Context, results: dict, report, stop: threading.Event | None = None) -> None:
        """Translate prepared releases as workers finish them and hand them back for writing; raise
        KeyboardInterrupt, between releases, once `stop` is set."""
        while self.pending:
            finished, _ = wait(self.pending, timeout=STOP_POLL, return_when=FIRST_COMPLETED)
            if stop is not None and stop.is_set():
                raise KeyboardInterrupt
            if any(self._broken(future) for future in finished):
                # the releases in flight fail (a rerun retries them); the rest go to a new pool
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool, self.generation = self._new_pool(), self.generation + 1
            for future in finished:
                step, job, status, _ = self.pending.pop(future)
                outcome, write = _collect(future, step, job, status, ctx)
                if write is not None:
                    self._submit("write", job, _status(write), _write, write, job.out_dir)
                if outcome is not None:
                    results[job.source] = outcome
                    report(outcome)
            self._refill()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _collect(future: Future, step: str, job: Job, status: str, ctx: Context):
    """Return (outcome or None, release to write or None) for one finished worker future."""
    try:
        value = future.result()
        if step == "write":
            count, findings = value
            return Outcome(job.source, status, count, findings=findings), None
        # the engine's share of the work: translate in the main process, then hand back for writing
        return None, run(value, ctx, start_after=PREPARE_LAST)
    except Exception as error:  # noqa: BLE001 — a failed file never stops the batch
        return Outcome(job.source, "failed", reason=_reason(error, job.source)), None


def default_jobs() -> int:
    """Return the default number of worker processes: the machine's cores."""
    return max(1, os.cpu_count() or 1)
