"""The draft stage: draft every segment the memory did not fill, steered and checked by the glossary.

A paragraph's sentences are drafted in one request (numbered in, numbered lines out) and mapped back
to their segments, so the review table and the memory keep one row and one unit per sentence; when
the answer does not map line for line, the paragraph is drafted sentence by sentence. Verification
and repair are always per sentence.
"""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace

from ..adequacy import checks as adequacy
from ..context import Context
from ..engines.base import Draft, Engine, TranslationRequest
from ..engines.cache import ResultCache, cache_key
from ..engines.open_names import OpenNames
from ..engines.prompt import split_numbered
from ..figures import dates, numbers
from ..model import Issue, Release, Segment
from ..names import lists, officials
from ..names.checks import check_officials_not_romanised
from ..progress import progress_bar
from . import check as qa
from .leftovers import fill_leftovers, mostly_english
from .segment import tokens

REQUIRES = ("segments.zh", "segments.terms", "segments.hints", "segments.matches", "segments.origin", "meta")
ASSIGNS = ("segments.en", "segments.origin", "segments.confidence")

KEEP_ORIGINS = ("memory", "reviewed")  # a human already approved these; never redraft them
CONTEXT = 1  # neighbouring sentences each side of a sentence drafted alone
TACKED_WORDS = 4  # a repair that only adds up to this many words after the draft's full stop is not kept
PARAGRAPH_MAX_SENTENCES = 8  # a longer paragraph is drafted in requests of this many sentences at most
PARAGRAPH_MAX_CHARS = 500  # ... and of this many Chinese characters at most
GLOSSARY = qa.name(qa.check_glossary_terms_used)
NOT_A_TRANSLATION = qa.name(qa.check_no_meta_reply)
ADEQUACY = (qa.name(qa.check_clause_missing), qa.name(qa.check_sentence_added), qa.name(qa.check_entity_swapped))
ROMANISED = qa.name(check_officials_not_romanised)


def draft(release: Release, ctx: Context) -> Release:
    """Stage: return the release with engine drafts for the segments the memory did not fill."""
    if ctx.engine is None:
        return release  # --engine none: segments stay untranslated for a human to fill
    todo = [i for i, seg in enumerate(release.segments)
            if seg.origin not in KEEP_ORIGINS and seg.zh.strip()]
    units = plan(release.segments, todo, paragraphs=ctx.config.drafting != "sentence")
    # foreign officials' names without English reach the model as placeholders and come back as [倪瑞兰]
    hints = tuple(hint for segment in release.segments for hint in segment.hints)
    engine = OpenNames(ctx.engine, hints, cut=tokens) if officials.open_names(hints) else ctx.engine
    drafted = _draft_all(release, units, engine, ctx.cache, ctx.quiet)
    segments = list(release.segments)
    for index, segment in drafted.items():
        segments[index] = segment
    return replace(release, segments=tuple(segments))


def plan(segments: tuple[Segment, ...], todo: list[int], paragraphs: bool = True) -> list[tuple[int, ...]]:
    """Return the requests to make, as runs of segment indices: consecutive sentences of one body
    paragraph to draft together (within the size limits), or one sentence alone."""
    if not paragraphs:
        return [(index,) for index in todo]
    units: list[list[int]] = []
    for index in todo:
        segment, last = segments[index], units[-1] if units else None
        joins = (last is not None and segment.paragraph > 0 and last[-1] == index - 1
                 and segments[last[-1]].paragraph == segment.paragraph
                 and len(last) < PARAGRAPH_MAX_SENTENCES
                 and sum(len(segments[i].zh) for i in last) + len(segment.zh) <= PARAGRAPH_MAX_CHARS)
        if joins and last is not None:
            last.append(index)
        else:
            units.append([index])
    return [tuple(unit) for unit in units]


def _draft_all(release: Release, units: list[tuple[int, ...]], engine: Engine, cache: ResultCache | None,
               quiet: bool) -> dict[int, Segment]:
    workers = max(1, int(engine.concurrency or 1))
    results: dict[int, Segment] = {}
    with progress_bar(sum(map(len, units)), release.path.name, quiet=quiet) as bar:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(draft_unit, release, unit, engine, cache): unit for unit in units}
            try:
                for future in as_completed(futures):
                    results.update(future.result())
                    bar.update(len(futures[future]))
            except BaseException:
                pool.shutdown(cancel_futures=True)  # one engine error stops the release
                raise
    return results


def build_request(segments: tuple[Segment, ...], index: int, strict: bool = False,
                  release_date: str = "") -> TranslationRequest:
    """Return the engine request for segments[index] alone: terms, hints, figures, dates, context, examples."""
    segment = segments[index]
    headline = segment.paragraph == 0
    # the headline and the body are separate texts: neither is context for the other
    before = _neighbours(segments, range(index - 1, -1, -1), headline)[::-1]
    after = _neighbours(segments, range(index + 1, len(segments)), headline)
    return TranslationRequest(
        zh=segment.zh, terms=segment.terms, hints=segment.hints,
        figures=tuple(numbers.english_figures(segment.zh)),
        dates=tuple(dates.english_dates(segment.zh, release_date or None)), release_date=release_date,
        context_before=before, context_after=after, examples=segment.matches,
        strict=strict, is_headline=headline)


def _neighbours(segments: tuple[Segment, ...], order, headline: bool) -> tuple[str, ...]:
    """Return the Chinese of the first CONTEXT segments in `order` on the same side (headline or body)."""
    found: list[str] = []
    for i in order:
        if len(found) == CONTEXT:
            break
        if (segments[i].paragraph == 0) == headline:
            found.append(segments[i].zh)
    return tuple(found)


def paragraph_request(segments: tuple[Segment, ...], unit: tuple[int, ...], release_date: str = "") -> TranslationRequest:
    """Return one request drafting the sentences segments[unit] together, each with its own number."""
    parts = [build_request(segments, index, release_date=release_date) for index in unit]
    return TranslationRequest(
        zh="".join(part.zh for part in parts), sentences=tuple(part.zh for part in parts),
        terms=tuple(term for part in parts for term in part.terms),
        hints=tuple(hint for part in parts for hint in part.hints),
        figures=tuple(figure for part in parts for figure in part.figures),
        dates=tuple(date for part in parts for date in part.dates), release_date=release_date,
        examples=tuple(match for part in parts for match in part.examples))


@dataclass(frozen=True)
class _Job:
    """One segment to draft: its request, its cache key, and how QA judges a draft of it."""

    index: int
    request: TranslationRequest
    key: str

    def problems(self, release: Release, en: str) -> list[Issue]:
        segment = replace(release.segments[self.index], en=en, origin="engine")
        return qa.draft_problems(segment, release)


def draft_unit(release: Release, unit: tuple[int, ...], engine: Engine,
               cache: ResultCache | None) -> dict[int, Segment]:
    """Return {index: drafted segment} for one unit: a sentence alone, or a paragraph's sentences."""
    segments, date = release.segments, release.meta.date
    signature = engine.signature
    together = len(unit) > 1
    context = tuple(segments[index].zh for index in unit) if together else ()
    jobs = []
    for index in unit:
        request = build_request(segments, index, release_date=date)
        # a sentence naming an official is asked for with placeholders: not the draft cached without them
        kept_open = tuple(officials.placeholder(name) for name in officials.open_names(request.hints))
        key = cache_key(request.zh, request.terms, signature, request.dates, context + kept_open,
                        request.hints) \
            if cache is not None else ""
        jobs.append(_Job(index, request, key))
    cached = {job.index: cache.get_draft(job.key) for job in jobs} if cache is not None else {}
    if cache is not None and all(cached.values()):
        return {index: _drafted(release, index, *hit) for index, hit in cached.items() if hit}
    firsts = _paragraph_drafts(segments, unit, engine, date) if together else None
    results = {}
    for position, job in enumerate(jobs):
        first = firsts[position] if firsts is not None else None
        en, confidence = generate(engine, job.request, lambda text, job=job: job.problems(release, text), first)
        if cache is not None:  # within its paragraph: the same paragraph always drafts it the same way
            cache.put(job.key, job.request.zh, en, signature, confidence)
        results[job.index] = _drafted(release, job.index, en, confidence)
    return results


def _drafted(release: Release, index: int, en: str, confidence: float | None) -> Segment:
    """Return segment `index` with the engine's English and its confidence, the share of the Chinese the
    English renders folded in (adequacy.checks.folded_confidence; the cache keeps the engine's own)."""
    drafted = replace(release.segments[index], en=en, origin="engine", confidence=confidence)
    return replace(drafted, confidence=adequacy.folded_confidence(drafted, release))


def _paragraph_drafts(segments, unit, engine: Engine, date: str) -> list[Draft] | None:
    """Return one Draft per sentence from one paragraph request, or None when the answer does not map."""
    draft = _as_draft(engine.translate(paragraph_request(segments, unit, date)))
    lines = split_numbered(draft.text, len(unit))
    if lines is None:
        return None
    scores = _line_confidences(draft, len(unit))
    # each line carries its own mean log-probability, which is all `confidence` reads
    return [Draft(line, (math.log(score),) if score else ()) for line, score in zip(lines, scores, strict=True)]


def _line_confidences(draft: Draft, count: int) -> list[float | None]:
    """Return the geometric-mean token probability of each numbered line of a paragraph answer."""
    if not draft.logprobs or len(draft.pieces) != len(draft.logprobs):
        return [None] * count
    lines: list[list[float]] = [[]]
    for piece, logprob in zip(draft.pieces, draft.logprobs, strict=True):
        lines[-1].append(logprob)
        if "\n" in piece:
            lines.append([])
    lines = [line for line in lines if line]
    if len(lines) != count:
        return [None] * count
    return [math.exp(sum(line) / len(line)) for line in lines]


def confidence(draft: Draft) -> float | None:
    """Return the geometric-mean probability of a draft's tokens (None when the engine gave none)."""
    if not draft.logprobs:
        return None
    return math.exp(sum(draft.logprobs) / len(draft.logprobs))


def _as_draft(answer: Draft | str) -> Draft:
    return answer if isinstance(answer, Draft) else Draft(answer)


def generate(engine: Engine, request: TranslationRequest, problems, first: Draft | None = None
             ) -> tuple[str, float | None]:
    """Return the engine's draft and its confidence; when QA finds problems in it, retry once strictly
    and keep the better.

    `problems(text)` returns QA's findings on a draft; `first` is a draft already made (a paragraph's
    line; one with findings is first drafted alone, see _line_or_alone). Words a mostly English draft
    left in Chinese are asked for alone first (fill_leftovers); the filled draft is kept when what QA
    still finds is left to the reviewer. Otherwise a draft in English is repaired: the retry shows it to
    the model with each finding's fix (the clause that lost a glossary term, the words left in Chinese,
    the figure or date written wrongly). A draft that is empty, mostly Chinese, or leaves Chinese *and*
    misses more is redone from scratch with a plainer prompt (measured on the WMT tune half: such a
    draft had often dropped a clause, which a repair of the filled draft did not put back and a redo did).
    """
    line = first is not None  # a paragraph answer's line
    first = first if first is not None else _as_draft(engine.translate(request))
    found = problems(first.text)
    if not first.text.strip() or any(issue.check == NOT_A_TRANSLATION for issue in found):
        return _translation_or_nothing(engine, request, problems)  # asked alone, without the context
    if line:
        first, found = _line_or_alone(engine, request, problems, first, found)
    score, text = confidence(first), without_repetition(request, first.text)
    found = found if text == first.text else problems(text)  # a list repeated: cut, and judged again
    asked: dict[str, str] = {}
    kept = text  # the first draft, or its filled version where that has fewer findings or fewer words in Chinese
    if any(issue.check == "no_untranslated_han" for issue in found):
        filled = fill_leftovers(engine, request, text, asked)
        refound = problems(filled) if filled != text else found
        mended = not _romanises(refound, found)  # a gloss writing an official's name as pinyin is never kept
        if mended and (not refound or (len(refound) < len(found) and _left_to_the_reviewer(refound, request, filled))):
            return filled, score  # nothing left that a repair or a redo would be asked for
        if mended and (len(refound) < len(found) or (filled != text and _no_new_kind(refound, found))):
            kept = filled  # fewer findings, or fewer words left in Chinese and nothing new
    if not found or _left_to_the_reviewer(found, request, text):
        return text, score  # the findings, if any, stay for the reviewer
    if _repairable(officials.without_open(text, request.hints), found):
        retry = replace(request, strict=True, draft=text, fixes=tuple(issue.fix for issue in found))
    else:
        retry = replace(request, strict=True)
    second = _as_draft(engine.translate(retry))
    second = replace(second, text=without_repetition(request, second.text))
    if any(_instruction(line) in second.text for fix in retry.fixes for line in fix.splitlines()):
        return kept, score  # the model copied the instructions into its answer
    if retry.draft and _tacked_on(text, second.text):
        return kept, score  # "…, and China.": the missing name put after the sentence
    # the words the redo left in Chinese that were already asked for are filled before comparing; it is
    # judged against the first draft as it came (a redo that beats only that is still a fuller sentence)
    redone = fill_leftovers(None, request, second.text, asked)
    redone_found = problems(redone)
    if len(redone_found) >= len(found) or (_adequacy(found) and not _no_new_kind(redone_found, found)) \
            or _romanises(redone_found, found):
        return kept, score  # a redraft for a lost clause is kept only if it covers more and breaks nothing
    if any(issue.check == "no_untranslated_han" for issue in redone_found):
        filled = fill_leftovers(engine, request, redone, asked)
        refilled = problems(filled)
        if len(refilled) < len(redone_found) and not _romanises(refilled, redone_found):
            return filled, confidence(second)
    return redone, confidence(second)


def _translation_or_nothing(engine: Engine, request: TranslationRequest, problems) -> tuple[str, float | None]:
    """Return the draft of a sentence whose first answer was empty or no translation (a remark about the
    task, the context or itself): asked again alone with the plain prompt, without the context a remark
    is often about; "" when that answer is no translation either, for `not_empty` to report."""
    second = _as_draft(engine.translate(replace(request, strict=True)))
    text = fill_leftovers(engine, request, second.text)
    if not text.strip() or any(issue.check == NOT_A_TRANSLATION for issue in problems(text)):
        return "", None
    return text, confidence(second)


def without_repetition(request: TranslationRequest, en: str) -> str:
    """Return a draft cut where it starts repeating a list's items (then QA finds what it lost, and the
    sentence is repaired or redone), or the draft as it is."""
    at = lists.repeats_from(request.zh, en, officials.open_names(request.hints))
    return en if at is None else lists.cut(en, at)


def _line_or_alone(engine: Engine, request: TranslationRequest, problems, line: Draft,
                   found: list[Issue]) -> tuple[Draft, list[Issue]]:
    """Return a paragraph answer's line and its findings, or the sentence drafted alone when the line has
    findings a repair would be asked for and the sentence alone has fewer. A paragraph answer can put the
    wrong words on a line (on the demo sample, p3.s2 came back as the list of cities of the sentence
    before it, without its own 50余次); a repair only edits the line it is shown, a draft alone starts
    from the sentence (`found`: the line's findings)."""
    if not found or _left_to_the_reviewer(found, request, line.text):
        return line, found
    alone = _as_draft(engine.translate(request))
    alone_found = problems(alone.text)
    better = len(alone_found) < len(found) and not _romanises(alone_found, found)
    return (alone, alone_found) if better else (line, found)


def _romanises(refound: list[Issue], found: list[Issue]) -> bool:
    """Return whether a new draft writes a foreign official's name as pinyin where the one it would replace
    did not (a redraft asked for a lost clause once appended "Denmark stationed in China ambassador Bai
    Yating"): such a draft is never kept, whatever else it mends."""
    def romanised(issues: list[Issue]) -> set[str]:
        return {issue.message for issue in issues if issue.check == ROMANISED}
    return bool(romanised(refound) - romanised(found))


def _adequacy(found: list[Issue]) -> bool:
    return any(issue.check in ADEQUACY for issue in found)


def _no_new_kind(refound: list[Issue], found: list[Issue]) -> bool:
    return len(refound) <= len(found) and {issue.check for issue in refound} <= {issue.check for issue in found}


def _repairable(en: str, found: list[Issue]) -> bool:
    # measured: a refusal or a half-Chinese draft repaired stays bad; redone, it usually comes out
    # right. An English draft that only lost a clause, a figure or a few words is better repaired.
    if not all(issue.fix for issue in found):
        return False  # an empty draft or an answer about the task has nothing to repair
    if not qa.HAN.search(en):
        return True
    return all(issue.check == "no_untranslated_han" for issue in found) and mostly_english(en)


def _left_to_the_reviewer(found: list[Issue], request: TranslationRequest, en: str) -> bool:
    """Return whether the findings on a draft are of the kinds a repair request does not fix: only an
    ordinal missing (十二届 "12th", 第三十次 "30th"), or glossary warnings for names the draft writes as
    their adjective (中国特色 "Chinese characteristics", 意大利 "Italian") or whose glossary entry is
    only proposed (西藏自治区 "Xizang", 主席 "Chairman": the draft's "Tibet Autonomous Region" may be
    what the reviewer keeps). Measured on the WMT tune half: 0 of 6 such ordinal repairs put the figure
    in, single-country repairs stuck the name on ("…, and China."), and 0 of 3 repairs for a proposed
    entry wrote it, at about 4 s each. An approved name with no trace in the draft is repaired (the
    Ipswich headline lost 澳大利亚 "Australia" and the repair puts it back), as are amounts and dates."""
    ordinals_only = all(quantity.unit == "ordinal" for quantity in numbers.missing_quantities(request.zh, en))
    missing = [term for term in request.terms if term.en and not qa.term_used(term.en, en)]
    adjectives = {term.en for term in missing if term.status == "approved" and qa.named_by_adjective(term.en, en)}
    return (len(adjectives) <= 1 and all(term.status != "approved" or term.en in adjectives for term in missing)
            and all((issue.check == "numbers_match" and ordinals_only)
                    or (issue.check == GLOSSARY and issue.severity == "warning") for issue in found))


def _tacked_on(first: str, second: str) -> bool:
    """Return whether a repair only added a few words after the draft's closing full stop ("… embezzlement.
    Spain"): the missing name stuck on after the sentence, not translated where the Chinese has it."""
    first = first.strip()
    tail = second.strip()[len(first):] if second.strip().startswith(first) else ""
    return first[-1:] in (".", "!", "?", "。") and 0 < len(tail.strip(" .。").split()) <= TACKED_WORDS


def _instruction(line: str) -> str:
    return line.split(":")[0]
