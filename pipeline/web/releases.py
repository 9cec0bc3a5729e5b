"""Release pages: drop files to translate, watch them (server-sent events), read the review table, download the
outputs; upload a reviewed .docx or XLIFF file, see its findings and ingest it — all through pipeline.api."""
from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from .. import api
from ..errors import InputError
from .http import Download, EventStream, HTTPError, Page, Redirect, Reply, Request
from .jobs import KINDS

if TYPE_CHECKING:
    from .app import Site

REVIEW_KINDS = {"english": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "changes": "text/plain; charset=utf-8"}


def remember_name(request: Request, field: str = "who") -> str:
    """Return who is acting: the signed-in user, else the name typed into `field` (kept for the next form)."""
    if request.session.user:
        return request.session.user
    typed = " ".join(request.get(field).split())[:80]
    if typed:
        request.session.name = typed
    return typed


def list_page(site: Site, request: Request) -> Reply:
    config = site.config
    return Page("releases.html", {"jobs": [job.as_dict() for job in site.runner.list()],
                                  "suffixes": api.input_suffixes(), "review_suffixes": api.review_suffixes(),
                                  "limit": config.limits.input_bytes, "engine": config.engine,
                                  "translator": config.translator, "reviewer": config.reviewer})


def list_rows(site: Site, request: Request) -> Reply:
    return Page("releases_rows.html", {"jobs": [job.as_dict() for job in site.runner.list()]})


def upload(site: Site, request: Request) -> Reply:
    if not request.files:
        raise InputError("no file was chosen", hint="choose one or more release files, then Translate")
    credits = api.Credits(request.get("translator"), request.get("reviewer"), request.get("source_url"))
    jobs = site.runner.submit(request.files, credits, remember_name(request))
    return Redirect(f"/releases/{jobs[0].id}" if len(jobs) == 1 else "/releases")


def events(site: Site, request: Request) -> Reply:
    return EventStream(site.runner.poll, "jobs")


def release_page(site: Site, request: Request) -> Reply:
    job = site.runner.get(request.params["id"])
    data: dict = {"job": job.as_dict(), "rows": [], "issues": [], "headline": "", "review_suffixes": api.review_suffixes()}
    if job.state == "done":
        release, rows = api.review_table(site.runner.output(job, "json"))
        data.update(rows=rows, headline=release.headline,
                    issues=[issue.as_dict() for issue in release.issues if issue.segment_id is None])
    return Page("release.html", data)


def download(site: Site, request: Request) -> Reply:
    job = site.runner.get(request.params["id"])
    kind = request.params["kind"]
    path = site.runner.output(job, kind)
    return Download(path, path.name, KINDS[kind])


def upload_review(site: Site, request: Request) -> Reply:
    if len(request.files) != 1:
        raise InputError("choose one reviewed file", hint="the .review.docx or the .xlf that came back")
    review_id, path = site.reviews.store(request.files[0], api.review_suffixes(), site.config.limits.input_bytes)
    site.reviews.write(review_id, {"name": request.files[0].name, "file": path.name, "created": time.time(),
                                   "job": request.get("job")})
    return Redirect(f"/reviews/{review_id}")


def _checked(site: Site, review_id: str) -> tuple[dict, api.Release]:
    record = site.reviews.read(review_id)
    path = site.reviews.file(review_id, record.get("file", ""))
    return record, api.check_file(path, glossary_dir=site.glossary)


def review_page(site: Site, request: Request) -> Reply:
    record, release = _checked(site, request.params["id"])
    blocked = api.blocking(release.issues)
    return Page("review.html", {"review": {**record, "id": request.params["id"]}, "headline": release.headline,
                                "rows": api.table_rows(release), "summary": api.summary(release.issues),
                                "issues": [issue.as_dict() for issue in release.issues],
                                "blocked": [issue.as_dict() for issue in blocked],
                                "reviewer": release.credits.reviewer or site.config.reviewer, "result": None})


def ingest(site: Site, request: Request) -> Reply:
    review_id = request.params["id"]
    record = site.reviews.read(review_id)
    path = site.reviews.file(review_id, record.get("file", ""))
    reviewer = " ".join(request.get("reviewer").split())[:80] or remember_name(request)
    if not reviewer:
        raise InputError("say who reviewed the English", hint="type the reviewer's name, then Ingest")
    result, location = api.ingest_file(path, site.memory, reviewer=reviewer, out_dir=path.parent,
                                       accept_errors=request.get("accept_errors") == "yes",
                                       glossary_dir=site.glossary, config=site.config)
    if result.blocked:
        page = review_page(site, request)
        assert isinstance(page, Page)
        page.data["refused"] = [issue.as_dict() for issue in result.blocked]
        page.status = 409
        return page
    assert result.english_path is not None and result.report_path is not None  # committed: both written
    record["ingested"] = {"by": reviewer, "when": time.strftime("%Y-%m-%d %H:%M"), "stored": result.stored,
                          "memory": location, "english": Path(result.english_path).name,
                          "changes": Path(result.report_path).name, "accepted_errors": request.get("accept_errors") == "yes"}
    site.reviews.write(review_id, record)
    return Redirect(f"/reviews/{review_id}")


def review_download(site: Site, request: Request) -> Reply:
    review_id, kind = request.params["id"], request.params["kind"]
    ingested = site.reviews.read(review_id).get("ingested") or {}
    if kind not in REVIEW_KINDS or kind not in ingested:
        raise HTTPError(404, "no such file", "it is written when the review is ingested")
    path = site.reviews.file(review_id, ingested[kind])
    return Download(path, path.name, REVIEW_KINDS[kind])


def report(site: Site, request: Request) -> Reply:
    """The change report of an ingested review, as text in the page."""
    review_id = request.params["id"]
    ingested = site.reviews.read(review_id).get("ingested") or {}
    if "changes" not in ingested:
        raise HTTPError(404, "not ingested yet")
    text = site.reviews.file(review_id, ingested["changes"]).read_text(encoding="utf-8")
    return Page("report.html", {"review": {**site.reviews.read(review_id), "id": review_id}, "report": text})


ROUTES: list[tuple] = [("GET", "/releases", list_page), ("POST", "/releases", upload, False),
          ("GET", "/releases/rows", list_rows, False), ("GET", "/releases/events", events, False),
          ("GET", "/releases/{id}", release_page), ("GET", "/releases/{id}/download/{kind}", download, False),
          ("POST", "/reviews", upload_review, False), ("GET", "/reviews/{id}", review_page),
          ("POST", "/reviews/{id}/ingest", ingest, False), ("GET", "/reviews/{id}/report", report),
          ("GET", "/reviews/{id}/download/{kind}", review_download, False)]
