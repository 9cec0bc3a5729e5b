"""The job runner: releases uploaded to the server are translated one after another by a thread of the server
process, through the API with one Context (glossary, memory and model loaded once), whoever is watching.

Closing the browser tab stops nothing; each job's state is written to its folder, so after a restart
the finished ones are listed again and the unfinished ones are queued again.
"""
from __future__ import annotations

import json
import queue
import sys
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .. import api
from ..errors import PipelineError
from .http import HTTPError, Upload
from .workspace import Shelf

STATES = ("queued", "running", "done", "failed")
KINDS = {"review": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "english": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "json": "application/json", "xliff": "application/x-xliff+xml"}


@dataclass
class Job:
    """One uploaded release and how far its translation has come."""

    id: str
    name: str  # as uploaded: shown (escaped), never used as a path
    file: str  # the stored input, inside the job's folder
    created: float = 0.0
    state: str = "queued"
    step: str = ""  # reading | drafting | writing | names
    done: int = 0
    total: int = 0
    message: str = ""  # why it failed
    started: float = 0.0
    finished: float = 0.0
    outputs: dict = field(default_factory=dict)  # kind -> file name in the job's folder
    segments: int = 0
    summary: str = ""
    careful: int = 0
    proposals: int = 0
    translator: str = ""
    reviewer: str = ""
    source_url: str = ""
    who: str = ""

    @property
    def seconds(self) -> float:
        return round((self.finished or time.time()) - self.started, 1) if self.started else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "seconds": self.seconds}


class Runner:
    """The queue of uploaded releases and the thread translating them."""

    def __init__(self, root: Path, config: api.Config, glossary: Path):
        self.shelf = Shelf(root)
        self.config, self.glossary = config, Path(glossary)
        self.jobs: dict[str, Job] = {}
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.lock = threading.Lock()
        self.version = 0
        self.thread: threading.Thread | None = None
        self._load()

    def _load(self) -> None:
        """List the jobs of earlier runs; queue again those a stop interrupted."""
        known = {f.name for f in fields(Job)}
        for job_id in self.shelf.ids():
            job = Job(**{key: value for key, value in self.shelf.read(job_id).items() if key in known})
            if job.state in ("queued", "running"):
                job.state, job.step, job.done = "queued", "", 0
                self.queue.put(job.id)
            self.jobs[job.id] = job

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._work, name="press-jobs", daemon=True)
            self.thread.start()

    def close(self, timeout: float = 10.0) -> None:
        """Stop after the job in hand (the rest stay queued on disk for the next start)."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join(timeout)

    def submit(self, uploads: list[Upload], credits: api.Credits, who: str) -> list[Job]:
        """Store each upload and queue it; a file that is refused (type, size) refuses the whole upload."""
        api.check_credits(credits)
        suffixes, limit = api.input_suffixes(), self.config.limits.input_bytes
        stored = []
        for upload in uploads:
            job_id, path = self.shelf.store(upload, suffixes, limit)
            stored.append(Job(job_id, upload.name, path.name, time.time(), translator=credits.translator,
                              reviewer=credits.reviewer, source_url=credits.source_url, who=who))
        for job in stored:
            self._save(job)
            with self.lock:
                self.jobs[job.id] = job
            self.queue.put(job.id)
        self._changed()
        return stored

    def list(self) -> list[Job]:
        """Return every job, newest first."""
        with self.lock:
            return sorted(self.jobs.values(), key=lambda job: -job.created)

    def get(self, job_id: str) -> Job:
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None:
            raise HTTPError(404, "no such release", "it may have been removed; go back to the list")
        return job

    def output(self, job: Job, kind: str) -> Path:
        """Return the path of an output of a finished job (404 for an unknown kind or an unfinished job)."""
        if kind not in KINDS or kind not in job.outputs:
            raise HTTPError(404, "no such file", "it is written when the release is done")
        return self.shelf.file(job.id, job.outputs[kind])

    def poll(self, version: int) -> tuple[int, str | None]:
        """Return (current version, every job as JSON) when something changed since `version`, else (version, None)."""
        if version == self.version:
            return version, None
        with self.lock:
            current = self.version
            text = json.dumps([job.as_dict() for job in sorted(self.jobs.values(), key=lambda job: -job.created)],
                              ensure_ascii=False)
        return current, text

    def _changed(self) -> None:
        with self.lock:
            self.version += 1

    def _save(self, job: Job) -> None:
        self.shelf.write(job.id, asdict(job))

    def _update(self, job: Job, **changes) -> None:
        with self.lock:
            for name, value in changes.items():
                setattr(job, name, value)
            self.version += 1

    def _work(self) -> None:
        ctx = None
        try:  # loaded before the first upload, not by it: the glossary (and its search), the memory, jieba, the model
            api.search_glossary(self.glossary, "", limit=0)
            ctx = api.build_context(self.config)
            api.warm_up(ctx)
        except PipelineError as error:  # told again, per release, when the first one is tried
            print(f"error: {error}", file=sys.stderr)
        while True:
            job_id = self.queue.get()
            if job_id is None:
                return
            job = self.jobs[job_id]
            try:
                ctx = ctx or api.build_context(self.config)  # in this thread: the memory's connection is its own
                self._run(job, ctx)
            except PipelineError as error:
                self._update(job, state="failed", message=str(error), finished=time.time())
            except Exception as error:  # noqa: BLE001 — one release's bug must not stop the queue
                traceback.print_exc(file=sys.stderr)
                self._update(job, state="failed", message=f"internal error: {type(error).__name__}: {error}",
                             finished=time.time())
            self._save(job)

    def _run(self, job: Job, ctx) -> None:
        """Translate one job's release and write its outputs (the review, English and JSON files, and XLIFF)."""
        self._update(job, state="running", step="reading", started=time.time(), message="")
        folder = self.shelf.folder(job.id)
        credits = api.Credits(job.translator, job.reviewer, job.source_url)

        def heard(label: str, done: int, total: int) -> None:
            self._update(job, step="drafting", done=done, total=total)

        with api.watch_progress(heard):
            result = api.translate_file(folder / job.file, out_dir=folder, credits=credits, ctx=ctx)
        self._update(job, step="writing")
        xliff, _ = api.export_release(result.outputs["json"], "xliff12", glossary_dir=self.glossary)
        outputs = {kind: Path(path).name for kind, path in result.outputs.items()} | {"xliff": xliff.name}
        release = result.release
        # the files are there to download: done; the names for the glossary are looked for after
        self._update(job, outputs=outputs, segments=len(release.segments), summary=api.summary(release.issues),
                     careful=api.careful(release), state="done", step="names", finished=time.time())
        try:
            proposals = api.propose_names(release, folder / job.file, job.name, self.glossary)
        except PipelineError as error:  # the release is done; only the glossary proposals are missing
            proposals, job.message = 0, f"names not proposed: {error}"
        self._update(job, proposals=proposals, step="")
