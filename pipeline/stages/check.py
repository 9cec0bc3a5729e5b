"""Named QA checks that return Issue records, the `check` stage and the terminal summary line.

Each check is a function `check_<name>`; its docstring's first line is the title users see and its
`Severity:` line the severity of its findings.  CHECKS below is the only list of them. Drafting asks
the same checks (`draft_problems`) and sends their `fix` lines back to the model as repair instructions.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

from ..adequacy import contrastive
from ..adequacy.checks import check_clause_missing, check_entity_swapped, check_sentence_added
from ..adequacy.meta import meta_reply
from ..context import Context
from ..figures import dates, numbers
from ..formats import ocr_paragraphs
from ..model import CheckName, Issue, Release, Segment, Severity, TermHit
from ..names import officials
from ..names.checks import OFFICIALS_CHECKS, check_list_items_kept, check_official_names_entered
from ..names.consistency import check_names_as_given, check_one_english_per_name
from ..names.english import fold, release_names, term_used, unlicensed_names, without_article
from .status import judged

REQUIRES = ("segments.en", "segments.origin", "segments.terms", "segments.hints", "segments.repairs",
            "segments.confidence", "meta", "credits", "signature")  # signature: which paragraphs OCR read
ASSIGNS = ("issues", "segments.status")

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(HAN.pattern + "+")
CLAUSE_MARKS = "，,；;：:。！？!?"
# full-width forms (，！（）：；？％ …) and CJK punctuation; curly quotes and … are English too
FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff5f-\uff65]")
REPEAT_WORDS = 4  # a phrase of this many words said twice ...
REPEAT_SOURCE_CHARS = 3  # ... is fine when the Chinese repeats some run of this many characters
_ENGLISH_WORD = re.compile(r"[A-Za-z0-9'’]+")
_SOURCE_TEXT = re.compile(r"[^\u3400-\u9fffA-Za-z0-9]")
RATIO_BAND = (1.5, 9.0)  # English chars per Chinese char; the WMT government subset spans 2.1–7.9
RATIO_MIN_ZH = 10  # shorter segments (headlines, names) vary too much to judge


def rendered(term: TermHit, draft: str) -> bool:
    """Return whether a draft writes a glossary term as listed: its English or an accepted variant (U.S.)."""
    return term_used(term.en, draft) or any(_variant(form).search(draft) for form in term.en_variants)


def _variant(form: str) -> re.Pattern:
    """Return how an accepted variant is found: a whole word or phrase, any case, but an abbreviation (US, UK,
    U.S.) only in capitals, so "us" and "use" are not the United States."""
    if re.fullmatch(r"[A-Z.]+", form):
        return re.compile(rf"(?<![\w.]){re.escape(form)}(?!\w)")
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE)


def named_by_adjective(name: str, draft: str) -> bool:
    """Return whether a draft writes a one-word name as an adjective term_used does not take for the
    name: a word made from it less its last letter (China → Chinese, Italy → Italian, Germany → German;
    Australia → Australian is already the name to term_used). Spain → Spanish is not seen."""
    if " " in name or len(name) < 5:
        return False
    stem = re.escape(name[:-1])
    return any(word.lower() != name.lower() for word in re.findall(rf"\b{stem}\w*", draft, re.IGNORECASE))


def check_numbers_match(segment: Segment, release: Release) -> list[Issue]:
    """Figures match the Chinese by value (万/亿, percent, 余/约/近)

    Severity: error
    """
    return [_issue(check_numbers_match, segment,
                   f"figure {quantity.text} from the source is missing "
                   f"(expected “{numbers.render(quantity)}”)",
                   fix=f"The draft must write {quantity.text} as: {numbers.render(quantity)}")
            for quantity in numbers.missing_quantities(segment.zh, segment.en)]


def check_dates_match(segment: Segment, release: Release) -> list[Issue]:
    """Dates and times match the Chinese (relative ones resolved against the release date)

    Severity: error
    """
    return [_issue(check_dates_match, segment,
                   f"date {mention.text} from the source is missing (expected “{dates.render(mention)}”)",
                   fix=f"The draft must write {mention.text} as: {dates.render(mention)}")
            for mention in dates.parse_dates(segment.zh, release.meta.date or None)
            if not dates.found_in(segment.en, mention)]


def check_glossary_terms_used(segment: Segment, release: Release) -> list[Issue]:
    """Glossary terms are rendered as listed

    Severity: error (warning for proposed entries, and for countries, which English often names by
    their adjective: 法国企业 "French companies")
    """
    issues, seen = [], set()
    for term in segment.terms:
        if (term.zh, term.en, term.status) in seen or not term.en or rendered(term, segment.en):
            continue
        seen.add((term.zh, term.en, term.status))
        severity: Severity | None = None if term.status == "approved" and term.kind != "country" else "warning"
        issues.append(_issue(check_glossary_terms_used, segment, f"glossary term {term.zh} → “{term.en}” is missing",
                             severity, fix="The draft leaves out this part of the Chinese: "
                             f"{clause_of(segment.zh, term.start, term.end)}\nIts English must contain: {term.en}"))
    return issues


def check_forbidden_terms_absent(segment: Segment, release: Release) -> list[Issue]:
    """No rendering the glossary forbids is used

    Severity: error
    """
    issues = []
    # an approved rendering may contain a forbidden one ("Changde City" vs "Changde", "Vice Mayor" vs
    # "Mayor"): mask every approved rendering (and accepted variant) of the segment first
    english = segment.en
    for variant in sorted({form for term in segment.terms for form in term.en_variants}, key=len, reverse=True):
        english = _variant(variant).sub("\0", english)
    english = fold(english)
    for approved in sorted({without_article(fold(term.en)) for term in segment.terms if term.en}, key=len,
                           reverse=True):
        english = english.replace(approved, "\0")
    for term in dict.fromkeys(segment.terms):
        for wrong in term.forbidden:
            if wrong and re.search(rf"(?<!\w){re.escape(fold(wrong))}(?!\w)", english):
                issues.append(_issue(check_forbidden_terms_absent, segment,
                                     f"“{wrong}” is a forbidden rendering of {term.zh}; use “{term.en}”",
                                     fix=f"The draft writes {wrong}, which is wrong for {term.zh}: write {term.en}"))
    return issues


def check_no_untranslated_han(segment: Segment, release: Release) -> list[Issue]:
    """No Chinese characters are left in the English

    Severity: error
    """
    en = officials.without_open(segment.en, segment.hints)  # [倪瑞兰] is official_names_entered's
    han = "".join(dict.fromkeys(HAN.findall(en)))
    fix = "\n".join(f"The draft leaves this Chinese untranslated: {run}\nReplace it with its English."
                    for run in dict.fromkeys(HAN_RUN.findall(en)))
    return [_issue(check_no_untranslated_han, segment, f"Chinese characters left in the English: {han}", fix=fix)] \
        if han else []


def check_no_meta_reply(segment: Segment, release: Release) -> list[Issue]:
    """The English translates the Chinese instead of remarking on it

    Severity: error
    """
    kind, phrase = meta_reply(segment.zh, segment.en)
    return [_issue(check_no_meta_reply, segment,
                   f"the English is not a translation: it speaks of {kind} (“{phrase}”)")] if phrase else []


def check_no_added_names(segment: Segment, release: Release) -> list[Issue]:
    """The English names no place, people or person the Chinese does not name (added content)

    Severity: warning
    """
    return [_issue(check_no_added_names, segment, f"the draft names ‘{name}’, the source does not")
            for name in unlicensed_names(segment.zh, segment.en, segment.terms, segment.hints,
                                         also=release_names(release))]


def check_not_empty(segment: Segment, release: Release) -> list[Issue]:
    """Every segment has English

    Severity: error (info for an untranslated draft, where a human fills it in)
    """
    if segment.en.strip() or not segment.zh.strip():
        return []
    if segment.origin == "untranslated":
        return [_issue(check_not_empty, segment, "no English yet", "info")]
    if segment.origin == "engine":  # drafting leaves an answer that is no translation out, asked twice
        return [_issue(check_not_empty, segment, "the engine gave no translation: its answers were empty or "
                       "remarks instead of translations (asked twice); translate this sentence")]
    return [_issue(check_not_empty, segment, f"the English is empty (origin {segment.origin})")]


def check_length_ratio(segment: Segment, release: Release) -> list[Issue]:
    """The English is not suspiciously short or long for the Chinese (omission hint)

    Severity: warning
    """
    zh_chars = len(re.sub(r"\s", "", segment.zh))
    if zh_chars < RATIO_MIN_ZH:
        return []
    ratio = len(segment.en.strip()) / zh_chars
    low, high = RATIO_BAND
    if low <= ratio <= high:
        return []
    hint = "something may be missing" if ratio < low else "something may have been added"
    return [_issue(check_length_ratio, segment,
                   f"the English is {ratio:.1f} characters per Chinese character "
                   f"(usual {low:g}–{high:g}): {hint}")]


def check_punctuation(segment: Segment, release: Release) -> list[Issue]:
    """English punctuation is half-width and single-spaced

    Severity: warning
    """
    issues = []
    marks = "".join(dict.fromkeys(FULL_WIDTH.findall(segment.en)))
    if marks:
        issues.append(_issue(check_punctuation, segment, f"full-width punctuation in the English: {marks}"))
    if "  " in segment.en.strip():
        issues.append(_issue(check_punctuation, segment, "double space in the English"))
    return issues


def repeated_phrase(en: str, words: int = REPEAT_WORDS) -> str:
    """Return the first phrase of `words` words that a text says twice (not overlapping itself), or ""."""
    tokens = [token.lower() for token in _ENGLISH_WORD.findall(en)]
    first: dict[tuple[str, ...], int] = {}
    for index in range(len(tokens) - words + 1):
        gram = tuple(tokens[index:index + words])
        if gram in first and index - first[gram] >= words:
            return " ".join(gram)
        first.setdefault(gram, index)
    return ""


def _source_repeats(zh: str, size: int = REPEAT_SOURCE_CHARS) -> bool:
    text = _SOURCE_TEXT.sub("", zh)
    return any(text.find(text[i:i + size], i + size) >= 0 for i in range(len(text) - size + 1))


def check_no_repetition(segment: Segment, release: Release) -> list[Issue]:
    """The English does not say a phrase twice where the Chinese says it once

    Severity: warning
    """
    phrase = repeated_phrase(segment.en)
    if not phrase or _source_repeats(segment.zh):
        return []
    return [_issue(check_no_repetition, segment, f"“{phrase}” appears twice, the Chinese says it once: "
                   "something may be repeated or a clause garbled")]


def check_repairs_made(segment: Segment, release: Release) -> list[Issue]:
    """Mechanical repairs of the draft are listed for the reviewer

    Severity: info
    """
    return [_issue(check_repairs_made, segment, note) for note in segment.repairs]


def check_read_by_ocr(segment: Segment, release: Release) -> list[Issue]:
    """Chinese read by OCR from a page without a text layer is checked against the original

    Severity: warning
    """
    if segment.paragraph not in ocr_paragraphs(release.signature):
        return []
    return [_issue(check_read_by_ocr, segment, "from OCR: check against the original (OCR misreads figures "
                   "and names; the English follows what was read)")]


def check_credits_present(release: Release) -> list[Issue]:
    """The English release credits its translator and links the Chinese source

    Severity: warning
    """
    if release.english is not None:
        lines = [line.strip() for line in release.english.lines]
        translator = any(line.startswith("Translator:") for line in lines)
        source = any(line.startswith("Chinese source:") for line in lines)
    else:  # not assembled yet: look at what assembly will print
        translator = bool(release.credits.translator)
        source = bool(release.credits.source_url or release.meta.url)
    issues = []
    if not translator:
        issues.append(_issue(check_credits_present, None, "no “Translator:” credit line"))
    if not source:
        issues.append(_issue(check_credits_present, None,
                             "no “Chinese source:” line (the release has no source URL)"))
    return issues


def check_source_named(release: Release) -> list[Issue]:
    """The source in the dateline has its English name from the glossary

    Severity: warning
    """
    if not release.meta.source or release.meta.source_en:
        return []
    return [_issue(check_source_named, None, f"the source {release.meta.source} has no glossary entry, so the "
                   "dateline keeps it in Chinese: add it with `press glossary add`")]


SEGMENT_CHECKS = (check_not_empty, check_glossary_terms_used, check_forbidden_terms_absent,
                  check_no_untranslated_han, check_no_meta_reply, check_numbers_match, check_dates_match,
                  check_length_ratio, check_punctuation, check_no_repetition, check_no_added_names,
                  check_names_as_given, check_clause_missing, check_sentence_added, check_entity_swapped,
                  *OFFICIALS_CHECKS, check_list_items_kept, check_repairs_made, check_read_by_ocr)
RELEASE_CHECKS = (check_credits_present, check_source_named, check_one_english_per_name)
CHECKS = SEGMENT_CHECKS + RELEASE_CHECKS


def name(check) -> CheckName:
    """Return the check's name as Issue.check records it: the function name without "check_"."""
    return cast(CheckName, check.__name__.removeprefix("check_"))


def title(check) -> str:
    """Return the title users see: the first line of the check's docstring."""
    return check.__doc__.strip().splitlines()[0]


def severity(check) -> Severity:
    """Return the default severity of the check's findings, from its docstring's `Severity:` line."""
    found = re.search(r"Severity: (error|warning|info)\b", check.__doc__ or "")
    if found is None:
        raise ValueError(f"{check.__name__}: its docstring has no 'Severity: error|warning|info' line")
    return cast(Severity, found.group(1))


SEVERITY = {name(check): severity(check) for check in CHECKS}
OPEN = name(check_official_names_entered)


def _issue(check, segment: Segment | None, message: str, level: Severity | None = None, fix: str = "") -> Issue:
    return Issue(name(check), level or severity(check), segment.id if segment else None, message, fix)


def clause_of(zh: str, start: int, end: int) -> str:
    """Return the clause of zh (between ，；：。！？ marks) holding zh[start:end], without its marks."""
    if not 0 <= start < end <= len(zh):
        return zh.strip()
    left = max(zh.rfind(mark, 0, start) for mark in CLAUSE_MARKS) + 1
    rights = [index for index in (zh.find(mark, end) for mark in CLAUSE_MARKS) if index >= 0]
    return zh[left:min(rights, default=len(zh))].strip() or zh[start:end]


def segment_issues(segment: Segment, release: Release, *, require_english: bool = False) -> list[Issue]:
    """Return every segment check's findings; content checks skip segments without English."""
    issues: list[Issue] = []
    for check in SEGMENT_CHECKS:
        if check not in (check_not_empty, check_read_by_ocr) and not segment.en.strip():
            continue
        found = check(segment, release)
        if require_english and check is check_not_empty:
            # a review doc handed back with an empty English cell is an error, not a pending draft
            found = [replace(issue, severity="error") for issue in found]
        issues.extend(found)
    return issues


def run_checks(release: Release, *, require_english: bool = False) -> tuple[Issue, ...]:
    """Return the findings of every check on the release, segments in order, release-level last."""
    issues: list[Issue] = []
    for segment in release.segments:
        issues.extend(segment_issues(segment, release, require_english=require_english))
    for check in RELEASE_CHECKS:
        issues.extend(check(release))
    return tuple(issues)


REDRAFT_WARNINGS = tuple(map(name, (check_glossary_terms_used, check_clause_missing, check_sentence_added,
                                     check_entity_swapped, check_list_items_kept)))


def draft_problems(segment: Segment, release: Release) -> list[Issue]:
    """Return what drafting must repair or redo in a segment's English: its error findings, proposed
    glossary terms it misses (warnings to a reviewer, but the model should still use them), clauses it
    leaves out or sentences it adds, lists short of items; never a name kept open ([倪瑞兰]: the reviewer's,
    no repair can know it)."""
    return [issue for issue in segment_issues(segment, release) if issue.check != OPEN
            and (issue.severity == "error" or issue.check in REDRAFT_WARNINGS)]


# "ok: numbers_match — the source is wrong": a reviewer lets a finding stand (Notes cell, memory unit note)
ACKNOWLEDGEMENT = re.compile(r"(?<!\w)ok ?[:：] ?([A-Za-z_]+)\s*(?:[—–:：-]+\s*)?(.*)$", re.IGNORECASE)


def acknowledgements_in(lines) -> list[tuple[str, str]]:
    """Return (check name as written, reason) of every `ok: <check> — <why>` line (the reason "ok" if none)."""
    found = [ACKNOWLEDGEMENT.search(line) for line in lines]
    return [(match.group(1), match.group(2).strip() or "ok") for match in found if match]


def acknowledge(issues, acknowledged: dict[str, dict[str, str]]) -> tuple[Issue, ...]:
    """Return `issues` with the reason of each one acknowledged by {segment id: {check: reason}}."""
    return tuple(replace(issue, acknowledged=acknowledged.get(issue.segment_id or "", {}).get(issue.check, ""))
                 for issue in issues)


def check(release: Release, ctx: Context | None = None) -> Release:
    """Stage: return the release with the findings of every check on its current English; a finding a
    reviewer acknowledged for this very English (a reviewed memory unit's note) stays acknowledged."""
    acknowledged = {segment.id: {name.lower(): reason for name, reason in acknowledgements_in(segment.notes)}
                    for segment in release.segments if segment.origin == "memory"}
    issues = run_checks(release)
    if ctx is not None and contrastive.wanted(ctx.config.contrastive):
        issues = contrastive.refine(release, ctx.engine, issues)
    return judged(replace(release, issues=acknowledge(issues, acknowledged)))
