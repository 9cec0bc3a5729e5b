"""Glossary pages: search as you type, open, edit or add an entry (source required, lint at the field, a
conflict instead of a lost edit), proposals to approve, correct or reject, the change log, exports."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .. import api
from ..errors import InputError
from .http import Download, HTTPError, Page, Redirect, Reply, Request
from .releases import remember_name

if TYPE_CHECKING:
    from .app import Site

FIELDS = ("zh", "en", "kind", "variants", "forbidden", "status", "source", "note")
EXPORTS = {"tbx": ("glossary.tbx", "application/x-tbx+xml"), "tbx-martif": ("glossary-martif.tbx", "application/x-tbx+xml"),
           "csv-deepl": ("glossary-deepl.csv", "text/csv; charset=utf-8"),
           "csv-google": ("glossary-google.csv", "text/csv; charset=utf-8"),
           "xlsx": ("glossary.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def entry_data(entry: api.Entry) -> dict:
    """Return an entry as a page (and its JSON) shows it, with the key and version an edit form carries."""
    name = Path(entry.file).name
    return {"key": api.entry_key(entry), "zh": entry.zh, "en": entry.en, "kind": entry.kind,
            "variants": " | ".join(entry.variants), "forbidden": " | ".join(entry.forbidden), "status": entry.status,
            "source": entry.source, "note": entry.note, "file": name, "line": entry.line,
            "version": api.entry_version(entry), "generated": name.startswith("generated-")}


def _search(site: Site, request: Request) -> dict:
    query, kind, status = request.get("q"), request.get("kind"), request.get("status")
    found = api.search_glossary(site.glossary, query, kind, status)
    return {"q": query, "kind": kind, "status": status, "total": found.total,
            "entries": [entry_data(entry) for entry in found.entries]}


def search_page(site: Site, request: Request) -> Reply:
    pending = sum(1 for proposal in api.glossary_proposals(site.glossary) if proposal.status == "pending")
    return Page("glossary.html", {**_search(site, request), "kinds": list(api.KINDS), "statuses": list(api.STATUSES),
                                  "pending": pending, "formats": list(EXPORTS), "deleted": request.get("deleted")})


def results(site: Site, request: Request) -> Reply:
    return Page("glossary_results.html", _search(site, request))


def _form(site: Site, entry: dict, mode: str, action: str, status: int = 200, **extra) -> Page:
    return Page("glossary_entry.html", {"entry": entry, "mode": mode, "action": action, "errors": {},
                                        "conflict": None, "files": api.glossary_files(site.glossary),
                                        "kinds": list(api.KINDS), "statuses": list(api.STATUSES), "saved": False,
                                        **extra}, status)


def _entry(site: Site, key: str) -> api.Entry:
    entry = api.glossary_entry(site.glossary, key)
    if entry is None:
        raise HTTPError(404, f"no glossary entry {key}", "it may have been changed or removed; search again")
    return entry


def entry_page(site: Site, request: Request) -> Reply:
    entry = _entry(site, request.params["key"])
    return _form(site, entry_data(entry), "edit", f"/glossary/entries/{quote(api.entry_key(entry))}",
                 saved=request.get("saved") == "1")


def new_page(site: Site, request: Request) -> Reply:
    blank = {name: "" for name in FIELDS} | {"status": "proposed", "kind": request.get("kind"), "zh": request.get("zh"),
                                             "key": "", "version": "", "file": "", "line": "", "generated": False}
    return _form(site, blank, "add", "/glossary/entries")


def submitted(request: Request) -> api.Entry:
    """Return the entry a form describes (variants and forbidden forms |-separated); lint judges the rest."""
    value = {name: request.form.get(name, "").strip(" ") for name in FIELDS}
    return api.Entry(value["zh"], value["en"], value["kind"], api.split_cell(value["variants"]),
                     api.split_cell(value["forbidden"]), value["status"], value["source"], value["note"])


def _as_typed(request: Request, key: str = "") -> dict:
    return {name: request.form.get(name, "") for name in FIELDS} | {
        "key": key, "version": request.get("version"), "file": request.get("file"), "line": "", "generated": False}


def save(site: Site, request: Request) -> Reply:
    key = request.params.get("key", "")
    action = f"/glossary/entries/{quote(key)}" if key else "/glossary/entries"
    try:
        written = api.save_glossary_entry(site.glossary, submitted(request), remember_name(request), key,
                                          request.get("version"), request.get("file") or None)
    except api.EntryProblems as problems:
        return _form(site, _as_typed(request, key), "edit" if key else "add", action, 422, errors=problems.fields)
    except api.EntryConflict as conflict:
        current = entry_data(conflict.current) if conflict.current else None
        return _form(site, _as_typed(request, key), "edit", action, 409, conflict=current or {"gone": True})
    return Redirect(f"/glossary/entries/{quote(api.entry_key(written))}?saved=1")


def delete(site: Site, request: Request) -> Reply:
    if request.get("confirm") != "yes":
        raise InputError("tick the box to confirm the deletion", hint="nothing was deleted")
    try:
        gone = api.delete_glossary_entry(site.glossary, request.params["key"], request.get("version"),
                                         remember_name(request))
    except api.EntryProblems as problems:
        raise InputError("; ".join(sum(problems.fields.values(), [])), hint="nothing was deleted") from None
    return Redirect(f"/glossary?deleted={quote(gone.zh)}")


def proposals_page(site: Site, request: Request) -> Reply:
    items = [{**vars(proposal), "id": proposal.id} for proposal in reversed(api.glossary_proposals(site.glossary))]
    return Page("glossary_proposals.html", {"pending": [item for item in items if item["status"] == "pending"],
                                            "decided": [item for item in items if item["status"] != "pending"][:100],
                                            "kinds": list(api.KINDS)})


def _proposal(site: Site, proposal_id: str) -> api.Proposal:
    found = next((p for p in api.glossary_proposals(site.glossary) if p.id == proposal_id), None)
    if found is None:
        raise HTTPError(404, "no such proposal", "open the list of proposals again")
    return found


def correct_page(site: Site, request: Request) -> Reply:
    proposal = _proposal(site, request.params["id"])
    entry = entry_data(proposal.entry()) | {"key": "", "version": "", "file": "", "status": "approved"}
    return _form(site, entry, "approve", f"/glossary/proposals/{proposal.id}/approve", proposal=vars(proposal))


def approve(site: Site, request: Request) -> Reply:
    proposal = _proposal(site, request.params["id"])
    try:
        api.approve_proposal(site.glossary, proposal.id, submitted(request), remember_name(request))
    except api.EntryProblems as problems:
        return _form(site, _as_typed(request), "approve", f"/glossary/proposals/{proposal.id}/approve", 422,
                     errors=problems.fields, proposal=vars(proposal))
    return Redirect("/glossary/proposals")


def reject(site: Site, request: Request) -> Reply:
    who = remember_name(request)
    if not who:
        raise InputError("say who rejects the name (it is recorded in the change log)", hint="type your name")
    api.reject_proposal(site.glossary, _proposal(site, request.params["id"]).id, who)
    return Redirect("/glossary/proposals")


def changes_page(site: Site, request: Request) -> Reply:
    return Page("glossary_changes.html", {"changes": api.glossary_changes(site.glossary)})


def export(site: Site, request: Request) -> Reply:
    fmt = request.params["fmt"]
    if fmt not in EXPORTS:
        raise HTTPError(404, f"no export format {fmt}", f"use one of: {', '.join(EXPORTS)}")
    filename, media_type = EXPORTS[fmt]
    with tempfile.TemporaryDirectory(prefix="press-export-") as folder:
        output = Path(folder) / filename
        content = api.export_glossary(site.glossary, fmt, output, request.get("approved") == "1",
                                      tags=site.config.languages)
    return Download(None, filename, media_type, content.encode() if isinstance(content, str) else content)


ROUTES: list[tuple] = [("GET", "/glossary", search_page), ("GET", "/glossary/results", results, False),
          ("GET", "/glossary/new", new_page), ("POST", "/glossary/entries", save, False),
          ("GET", "/glossary/entries/{key}", entry_page), ("POST", "/glossary/entries/{key}", save, False),
          ("POST", "/glossary/entries/{key}/delete", delete, False),
          ("GET", "/glossary/proposals", proposals_page), ("GET", "/glossary/proposals/{id}", correct_page),
          ("POST", "/glossary/proposals/{id}/approve", approve, False),
          ("POST", "/glossary/proposals/{id}/reject", reject, False),
          ("GET", "/glossary/changes", changes_page), ("GET", "/glossary/export/{fmt}", export, False)]
