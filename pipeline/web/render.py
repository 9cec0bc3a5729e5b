"""Pages rendered on the server (the only jinja2 import): every value autoescaped, one environment per UI
language with its gettext catalog installed, and the few filters the templates share."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .i18n import LABELS, LANGUAGES, translations

TEMPLATES = Path(__file__).resolve().parent / "templates"


def highlight(text: str, span) -> Markup:
    """Return `text` escaped, with the stretch `span` (start, end) marked, as the memory search found it."""
    if not span or not (0 <= span[0] < span[1] <= len(text)):
        return escape(text)
    start, end = span
    return escape(text[:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>") + escape(text[end:])


@lru_cache(maxsize=len(LANGUAGES))
def environment(lang: str) -> Environment:
    """Return the template environment of a UI language (autoescaping every template, whatever its name)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True,
                      default_for_string=True), undefined=StrictUndefined, extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["highlight"] = highlight
    env.globals.update(languages=LABELS)
    return env


def render(template: str, data: dict, lang: str) -> str:
    """Return the page `template` rendered with `data` in UI language `lang`."""
    return environment(lang).get_template(template).render(**data)


def gettext_for(lang: str):
    """Return the gettext function of a UI language, for messages a route composes itself."""
    return translations(lang).gettext
