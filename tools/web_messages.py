"""Update the web app's message catalogs from its templates (Babel's gettext tooling, as `pybabel extract` and
`pybabel update` do): every `_("…")` of pipeline/web/templates becomes a msgid of
pipeline/web/locale/<lang>/LC_MESSAGES/messages.po; translations already made are kept, msgids no template
uses any more are dropped. Prints the msgids still untranslated; exit 1 when there are some.

    python tools/web_messages.py          # update the catalogs
    python tools/web_messages.py --check  # only say what is missing (tests/test_web.py does the same)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

WEB = Path(__file__).resolve().parent.parent / "pipeline" / "web"
METHODS = [("templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}
LANGUAGES = ("zh",)


def template_messages() -> Catalog:
    """Return a catalog of every message the templates mark for translation."""
    catalog = Catalog(project="press-pipeline")
    for filename, line, message, comments, context in extract_from_dir(WEB, METHODS, OPTIONS):
        catalog.add(message, locations=[(filename, line)], auto_comments=comments, context=context)
    return catalog


def updated(lang: str, template: Catalog) -> Catalog:
    path = WEB / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def missing(catalog: Catalog) -> list[str]:
    """Return the msgids (a plural's singular) with no translation, or only a fuzzy one."""
    found = []
    for message in catalog:
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.id and (not all(strings) or message.fuzzy):
            found.append(message.id[0] if isinstance(message.id, (tuple, list)) else str(message.id))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; list untranslated msgids")
    args = parser.parse_args(argv)
    template, gaps = template_messages(), 0
    for lang in LANGUAGES:
        catalog = updated(lang, template)
        if not args.check:
            with open(WEB / "locale" / lang / "LC_MESSAGES" / "messages.po", "wb") as handle:
                write_po(handle, catalog, width=120, omit_header=False, sort_output=True, include_lineno=False)
        for message in missing(catalog):
            print(f"{lang}: untranslated: {message!r}")
            gaps += 1
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
