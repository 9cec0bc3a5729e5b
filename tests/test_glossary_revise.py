"""Changing one glossary entry in place (pipeline/glossary/revise.py, proposals.py, catalogue.py): lint at the
field, nothing written while a problem remains, a conflict instead of a lost edit, every change logged."""
from __future__ import annotations

import json

import pytest
from web_support import glossary_copy

from pipeline import api
from pipeline.glossary import proposals, revise
from pipeline.glossary.catalogue import catalogue


@pytest.fixture
def glossary(tmp_path):
    return glossary_copy(tmp_path)


def entry(glossary, zh="东近江市"):
    found = api.search_glossary(glossary, f"zh:{zh}").entries
    return next(e for e in found if e.zh == zh)


def test_an_edit_replaces_its_row_only_and_is_logged(glossary):
    before = entry(glossary)
    other_lines = (glossary / "cities.tsv").read_text(encoding="utf-8").splitlines()
    edited = api.Entry(before.zh, before.en, before.kind, before.variants, before.forbidden, before.status,
                       before.source, "checked again 2026")
    api.save_glossary_entry(glossary, edited, "Li Na", api.entry_key(before), api.entry_version(before))
    lines = (glossary / "cities.tsv").read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(other_lines, lines, strict=False) if old != new]
    assert len(lines) == len(other_lines) and len(changed) == 1 and changed[0][1].endswith("checked again 2026")
    change = api.glossary_changes(glossary)[0]
    assert (change["who"], change["action"], change["after"]["note"]) == ("Li Na", "edit", "checked again 2026")
    assert change["before"]["note"] == before.note and change["when"].endswith("Z")
    assert api.lint_glossary(glossary)[0] == []


def test_the_second_of_two_edits_from_the_same_version_is_a_conflict(glossary):
    opened = entry(glossary)
    key, version = api.entry_key(opened), api.entry_version(opened)
    first = api.Entry(opened.zh, "Higashi-Omi", opened.kind, opened.variants, (), opened.status, opened.source)
    api.save_glossary_entry(glossary, first, "Li Na", key, version)
    second = api.Entry(opened.zh, "Higashiomi City", opened.kind, opened.variants, (), opened.status, opened.source)
    with pytest.raises(api.EntryConflict) as raised:
        api.save_glossary_entry(glossary, second, "Wu Yangyue", key, version)
    assert raised.value.current.en == "Higashi-Omi"  # shown to the second editor
    assert entry(glossary).en == "Higashi-Omi"  # the first edit is not lost
    assert [c["who"] for c in api.glossary_changes(glossary)] == ["Li Na"]


def test_an_entry_whose_row_moved_is_still_found_by_its_version(glossary):
    rows = revise.read_tsv(glossary / "cities.tsv")
    first, target = rows[0], rows[3]
    api.delete_glossary_entry(glossary, api.entry_key(first), api.entry_version(first), "Li Na")
    moved = api.Entry(target.zh, target.en, target.kind, target.variants, target.forbidden, target.status,
                      target.source, "moved up a line")
    written = api.save_glossary_entry(glossary, moved, "Li Na", api.entry_key(target), api.entry_version(target))
    assert written.line == target.line - 1 and entry(glossary, target.zh).note == "moved up a line"


@pytest.mark.parametrize("change, field, words", [
    ({"source": ""}, "source", "empty source"),
    ({"zh": "常德市"}, "zh", "two different en"),
    ({"variants": ("常",)}, "variants", "single character"),
    ({"kind": "village"}, "kind", "unknown kind"),
    ({"en": "Higashiomi\tCity"}, "en", "control character"),
    ({"en": "Higashiomi "}, "en", "trailing spaces"),
    ({"forbidden": ("Higashiomi",)}, "forbidden", "equals the en"),
])
def test_lint_problems_are_given_by_field_and_nothing_is_written(glossary, change, field, words):
    opened = entry(glossary)
    before = (glossary / "cities.tsv").read_bytes()
    values = {"zh": opened.zh, "en": opened.en, "kind": opened.kind, "variants": opened.variants,
              "forbidden": opened.forbidden, "status": opened.status, "source": opened.source} | change
    with pytest.raises(api.EntryProblems) as raised:
        api.save_glossary_entry(glossary, api.Entry(**values), "Li Na", api.entry_key(opened),
                                api.entry_version(opened))
    assert any(words in problem for problem in raised.value.fields[field])
    assert (glossary / "cities.tsv").read_bytes() == before and api.glossary_changes(glossary) == []


def test_a_change_needs_a_name_and_generated_files_are_refused(glossary):
    new = api.Entry("测试市", "Ceshi", "city", source="https://example.org/ceshi")
    with pytest.raises(api.EntryProblems) as raised:
        api.save_glossary_entry(glossary, new, "  ")
    assert "who" in raised.value.fields
    generated = next(e for e in catalogue(glossary).entries if "generated-" in e.file)
    with pytest.raises(api.GlossaryError, match="generated"):
        api.save_glossary_entry(glossary, generated, "Li Na", api.entry_key(generated), api.entry_version(generated))
    added = api.save_glossary_entry(glossary, new, "Li Na")
    assert added.file.endswith("cities.tsv") and api.glossary_entry(glossary, api.entry_key(added)).en == "Ceshi"


def test_search_by_field_kind_status_and_ranking(glossary):
    assert api.search_glossary(glossary, "Higashiomi").entries[0].zh == "东近江市"  # exact English first
    assert all(e.kind == "country" for e in api.search_glossary(glossary, "", kind="country", limit=500).entries)
    by_source = api.search_glossary(glossary, "source:changde.gov.cn")
    assert by_source.total > 0 and all("changde.gov.cn" in e.source.casefold() for e in by_source.entries)
    assert api.search_glossary(glossary, "東近江市").entries[0].zh == "东近江市"  # a variant
    assert api.search_glossary(glossary, "zz-no-such-term").total == 0


def test_the_catalogue_is_read_again_after_a_write(glossary):
    first = catalogue(glossary)
    assert catalogue(glossary) is first
    api.save_glossary_entry(glossary, api.Entry("测试县", "Ceshi County", "county", source="x"), "Li Na")
    assert catalogue(glossary) is not first and api.search_glossary(glossary, "Ceshi County").total == 1


def test_proposals_are_approved_with_a_source_or_rejected_once(glossary):
    queued = proposals.add(glossary, [proposals.Proposal("特梅尔", "Temer", "person", "suggested", "a.txt: …特梅尔…"),
                                      proposals.Proposal("穆科诺", "", "city", "suggested", "a.txt: …穆科诺…")])
    assert queued == 2 and proposals.add(glossary, [proposals.Proposal("特梅尔", "x", "person", "s", "c")]) == 0
    temer, mukono = api.glossary_proposals(glossary)
    with pytest.raises(api.EntryProblems):  # no source: nothing written, still pending
        api.approve_proposal(glossary, temer.id, api.Entry("特梅尔", "Temer", "person", status="approved"), "Li Na")
    assert api.glossary_proposals(glossary)[0].status == "pending"
    api.approve_proposal(glossary, temer.id, api.Entry("特梅尔", "Michel Temer", "person", status="approved",
                                                       source="https://example.org/temer"), "Li Na")
    api.reject_proposal(glossary, mukono.id, "Li Na")
    assert [(p.status, p.decided_by) for p in api.glossary_proposals(glossary)] == [("approved", "Li Na"),
                                                                                  ("rejected", "Li Na")]
    assert api.search_glossary(glossary, "特梅尔").entries[0].en == "Michel Temer"
    assert [c["action"] for c in api.glossary_changes(glossary)] == ["reject", "approve"]
    with pytest.raises(api.GlossaryError, match="already rejected"):
        api.reject_proposal(glossary, mukono.id, "Wu")
    log = (glossary / revise.CHANGELOG).read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["who"] == "Li Na" for line in log)
