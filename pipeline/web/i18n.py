"""The UI's languages (the only babel import): the zh catalog compiled from its .po file when first needed —
no step for users to run — and the language a browser asks for through Accept-Language."""
from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("en", "zh")  # English is the source text of every message
LABELS = {"en": "English", "zh": "中文"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


def catalog_path(lang: str) -> Path:
    """Return the .po file of a UI language (messages in English have none)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> gettext.NullTranslations:
    """Return the gettext translations of `lang`, compiled in memory from its .po file (fuzzy entries left out)."""
    if lang not in LANGUAGES or lang == "en":
        return gettext.NullTranslations()
    with open(catalog_path(lang), "rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def negotiate(accept_language: str) -> str:
    """Return the UI language an Accept-Language header prefers among LANGUAGES (English when none fits)."""
    ranked = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    preferred = [tag for _, _, tag in sorted(ranked)]
    return negotiate_locale(preferred, list(LANGUAGES), sep="-") or "en"
