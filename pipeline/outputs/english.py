"""The clean English release (<stem>.en.docx): a plain bold headline, Source/Date line, body, credits last."""
from __future__ import annotations

from pathlib import Path

from .. import languages, ooxml
from ..model import Release, signature_line
from ..safexml import xml_safe

SUFFIX = ".en.docx"


def write(release: Release, path: Path) -> None:
    """Write the English release of `release`, as the assemble stage composed it, to `path`."""
    if release.english is None:
        raise ValueError(f"{release.path}: the release was not assembled (run the stages up to 'assemble')")
    release = xml_safe(release)  # a control character in a draft or a file name is dropped, not fatal
    english = release.english
    assert english is not None, "checked above; xml_safe keeps it"
    tags = languages.of_release(release)
    document = ooxml.new_document(lang=tags.target, east_asian_lang=tags.source)
    ooxml.headline(document, english.headline, size=14)
    if english.dateline:
        document.add_paragraph(english.dateline)
    for paragraph in english.paragraphs:
        document.add_paragraph(paragraph)
    if english.credits:
        document.add_paragraph("")
        for line in english.credits:
            document.add_paragraph(line)
    ooxml.set_properties(document, title=english.headline, author=release.credits.translator,
                         comments=signature_line(release.signature),
                         keywords=f"release-hash:{release.hash}", subject=str(release.path.name))
    ooxml.save(document, path)
