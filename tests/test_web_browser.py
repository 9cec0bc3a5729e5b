"""`press serve` in a real browser: Debian's Chromium driven by Playwright against uvicorn on 127.0.0.1.

Upload the sample and watch its progress end (server-sent events), download the review .docx and open it;
edit a glossary entry into a lint error; two people edit one entry and the second gets the conflict; search
the memory. Every page is screenshotted, and no page may log an error (a CSP violation is one). Set
PRESS_SCREENSHOTS=docs/screenshots to keep the PNGs for the README.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from web_support import SAMPLE, browser, chromium_or_skip, make_site, serving

pytestmark = pytest.mark.browser
chromium_or_skip()

TIMEOUT = 60_000  # ms
# a form answered with 422 (lint) or 409 (conflict) is logged by the browser as a failed load: expected here
EXPECTED = re.compile(r"Failed to load resource: the server responded with a status of (409|422)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("browser"))
    with serving(site) as url, browser() as chromium:
        yield site, url, chromium


@pytest.fixture
def page(server, request):
    """A fresh browser context (its own session) whose console errors fail the test."""
    _, _, chromium = server
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="en-GB")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text)
              if message.type == "error" and not EXPECTED.match(message.text) else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"the browser logged errors: {errors}"


def shot(page, name: str, tmp_path: Path) -> Path:
    """Screenshot the page as <name>.png (into $PRESS_SCREENSHOTS when set) and return the file."""
    folder = Path(os.environ.get("PRESS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000  # a page, not a blank
    return path


def test_upload_the_sample_watch_it_finish_and_open_the_review_docx(server, page, tmp_path):
    import docx

    _, url, _ = server
    page.goto(url + "/releases")
    page.set_input_files("input[name=files]", str(SAMPLE))
    page.fill("input[name=translator]", "Wu Yangyue")
    page.fill("input[name=who]", "Wu Yangyue")
    page.click("#upload button")
    # the release page follows the job by server-sent events and shows the table once it is done
    page.wait_for_selector("table.review tbody tr", timeout=TIMEOUT)
    assert page.locator("tr[data-job] td.state").first.inner_text().startswith("done")
    assert page.locator("table.review tbody tr").count() == 8
    assert "glossary: 东近江市 → Higashiomi" in page.locator("tr#p1\\.s1 td.notes").inner_text()
    shot(page, "release", tmp_path)
    with page.expect_download() as download:
        page.click("text=review .docx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "source.zh.review.docx"
    table = docx.Document(saved).tables[0]
    assert [cell.text for cell in table.rows[0].cells][:4] == ["ID", "中文", "English", "Notes"]
    assert table.rows[1].cells[0].text == "p0.s1"
    page.goto(url + "/releases")
    page.wait_for_selector("tr[data-state=done]", timeout=TIMEOUT)
    shot(page, "releases", tmp_path)


def test_several_files_dropped_at_once_all_finish_on_the_list(server, page, tmp_path):
    _, url, _ = server
    files = []
    for number in range(3):
        path = tmp_path / f"visit-{number}.txt"
        guest = "巴西前总统特梅尔" if number == 0 else "东近江市代表团"
        path.write_text(f"常德市会见{guest}\n\n{guest}第{number + 1}次访问常德市，双方签署合作协议。\n", encoding="utf-8")
        files.append(str(path))
    page.goto(url + "/releases")
    page.set_input_files("input[name=files]", files)
    page.click("#upload button")
    page.wait_for_url(url + "/releases", timeout=TIMEOUT)
    for name in ("visit-0.txt", "visit-1.txt", "visit-2.txt"):  # updated in place by the event stream
        page.wait_for_selector(f"tr[data-state=done]:has-text('{name}')", timeout=TIMEOUT)


def test_an_edit_with_a_lint_error_shows_it_at_the_field_and_writes_nothing(server, page, tmp_path):
    site, url, _ = server
    before = (site.glossary / "cities.tsv").read_bytes()
    page.goto(url + "/glossary")
    page.fill("input[name=q]", "Higashiomi")
    page.wait_for_selector("#results a:has-text('东近江市')", timeout=TIMEOUT)
    shot(page, "glossary", tmp_path)
    page.click("#results a:has-text('东近江市')")
    page.fill("input[name=variants]", "東近江市 | 东")
    page.fill("input[name=who]", "Li Na")
    page.click("form.entry-form button")
    error = page.locator("label.invalid .field-error")
    error.first.wait_for(timeout=TIMEOUT)
    assert "single character" in error.first.inner_text()
    shot(page, "glossary-entry-lint", tmp_path)
    assert (site.glossary / "cities.tsv").read_bytes() == before


def test_two_people_edit_one_entry_and_the_second_gets_the_conflict(server, page, tmp_path):
    _, url, chromium = server
    other = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        entry = None
        for person in (page, other):
            person.goto(url + "/glossary?q=Hannover")
            person.click("#results a:has-text('汉诺威')")
            entry = person.url
        page.fill("textarea[name=note]", "checked with the city's English site")
        page.fill("input[name=who]", "Li Na")
        page.click("form.entry-form button")
        page.wait_for_selector("p.ok-box", timeout=TIMEOUT)
        other.fill("input[name=en]", "Hanover, Germany")
        other.fill("input[name=who]", "Wu Yangyue")
        other.click("form.entry-form button")
        other.wait_for_selector("div.conflict", timeout=TIMEOUT)
        assert "Someone else changed this entry" in other.locator("div.conflict").inner_text()
        assert other.locator("input[name=en]").input_value() == "Hanover, Germany"  # the second edit is kept
        shot(other, "glossary-conflict", tmp_path)
        page.goto(entry)
        assert page.locator("textarea[name=note]").input_value() == "checked with the city's English site"
        page.goto(url + "/glossary/changes")
        shot(page, "glossary-changes", tmp_path)
    finally:
        other.context.close()


def test_search_the_memory_and_see_the_match_highlighted(server, page, tmp_path):
    from pipeline import api

    site, url, _ = server
    with api.Memory(site.memory) as memory:
        memory.store(api.Unit("常德与东近江市自1994年缔结友好城市以来。", "Changde and Higashiomi have been sister "
                              "cities since 1994.", origin="reviewed", reviewer="Li Na"))
    page.goto(url + "/memory")
    page.fill("input[name=q]", "sister cities")
    page.wait_for_selector("#results mark", timeout=TIMEOUT)
    assert page.locator("#results mark").first.inner_text().casefold() == "sister cities"
    shot(page, "memory", tmp_path)
    page.click("#results a")
    page.wait_for_selector("textarea[name=en]")
    shot(page, "memory-unit", tmp_path)


def test_every_other_page_renders_without_an_error_in_both_languages(server, page, tmp_path):
    _, url, _ = server
    for path, name in (("/glossary/new", "glossary-new"), ("/glossary/proposals", "glossary-proposals")):
        page.goto(url + path)
        shot(page, name, tmp_path)
    page.goto(url + "/glossary")
    page.click("button[name=lang][value=zh]")
    page.wait_for_selector("text=术语表")
    shot(page, "glossary-zh", tmp_path)
    page.goto(url + "/releases")
    assert "翻译新闻稿" in page.content()
    shot(page, "releases-zh", tmp_path)
