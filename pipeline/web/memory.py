"""Memory pages: concordance search on either side (fuzzy, scored, the matching stretch highlighted), a unit
shown and edited (the reviewer recorded), deleted after confirmation, and the memory's counts."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import api
from ..errors import InputError
from .http import HTTPError, Page, Redirect, Reply, Request
from .releases import remember_name

if TYPE_CHECKING:
    from .app import Site

LIMIT = 50


def _number(text: str, default: float, low: float, high: float) -> float:
    try:
        return min(max(float(text), low), high) if text else default
    except ValueError:
        return default


def _unit_id(request: Request) -> int:
    text = request.params["id"]
    if not text.isdigit():
        raise HTTPError(404, "no such unit", "find units with the search")
    return int(text)


def _search(site: Site, request: Request) -> dict:
    query = request.get("q")
    threshold = _number(request.get("threshold"), 60.0, 0.0, 100.0)
    hits = api.search_memory(query, site.memory, LIMIT, threshold) if query else []
    return {"q": query, "threshold": threshold,
            "hits": [{**hit.unit.as_dict(), "score": hit.score, "side": hit.side,
                      "span": list(hit.span) if hit.span else None} for hit in hits]}


def search_page(site: Site, request: Request) -> Reply:
    return Page("memory.html", {**_search(site, request), "stats": api.memory_stats(site.memory),
                                "deleted": request.get("deleted")})


def results(site: Site, request: Request) -> Reply:
    return Page("memory_results.html", _search(site, request))


def unit_page(site: Site, request: Request) -> Reply:
    unit = api.show_unit(_unit_id(request), site.memory)
    return Page("memory_unit.html", {"unit": unit.as_dict(), "saved": request.get("saved") == "1", "error": ""})


def edit(site: Site, request: Request) -> Reply:
    unit_id = _unit_id(request)
    reviewer = " ".join(request.get("reviewer").split())[:80] or remember_name(request)
    en = request.form.get("en", "").strip()
    if not reviewer or not en:
        unit = api.show_unit(unit_id, site.memory).as_dict() | {"en": en}
        problem = "say who made the edit (the reviewer is recorded)" if not reviewer else "the English is empty"
        return Page("memory_unit.html", {"unit": unit, "saved": False, "error": problem}, 422)
    if not request.session.user:
        request.session.name = reviewer
    api.edit_unit(unit_id, en, reviewer, site.memory)
    return Redirect(f"/memory/units/{unit_id}?saved=1")


def delete_page(site: Site, request: Request) -> Reply:
    return Page("memory_delete.html", {"unit": api.show_unit(_unit_id(request), site.memory).as_dict()})


def delete(site: Site, request: Request) -> Reply:
    unit_id = _unit_id(request)
    if request.get("confirm") != "yes":
        raise InputError("tick the box to confirm the deletion", hint="nothing was deleted")
    api.delete_units([unit_id], site.memory)
    return Redirect(f"/memory?deleted={unit_id}")


ROUTES: list[tuple] = [("GET", "/memory", search_page), ("GET", "/memory/results", results, False),
          ("GET", "/memory/units/{id}", unit_page), ("POST", "/memory/units/{id}", edit, False),
          ("GET", "/memory/units/{id}/delete", delete_page), ("POST", "/memory/units/{id}/delete", delete, False)]
