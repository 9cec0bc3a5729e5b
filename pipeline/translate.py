"""The translate stage: draft every segment the memory did not fill, steered and checked by the glossary."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from typing import NamedTuple

from . import dates, numbers
from .qa import HAN, meta_reply, term_used  # one definition for drafting and QA
from .cache import ResultCache, cache_key
from .engines.base import TranslationRequest
from .model import Issue, Release, Segment
from .progress import progress_bar

KEEP_ORIGINS = ("memory", "reviewed")  # a human already approved these; never redraft them
CONTEXT = 1  # neighbouring sentences each side, enough for pronouns and ellipsis
CLAUSE_MARKS = "，,；;：:。！？!?"
REPAIR_MAX_HAN = 0.2  # a draft with more Han than this share of its characters is redone, not repaired
HAN_RUN = re.compile(HAN.pattern + "+")


def translate(release: Release, ctx) -> Release:
    """Stage: return the release with engine drafts for segments not from memory, plus error Issues."""
    engine = getattr(ctx, "engine", None)
    if engine is None:
        return release  # --engine none: segments stay untranslated for a human to fill
    cache = _cache_of(ctx)
    todo = [i for i, seg in enumerate(release.segments)
            if seg.origin not in KEEP_ORIGINS and seg.zh.strip()]
    drafted = _draft_all(release, todo, engine, cache, getattr(ctx, "quiet", False))
    segments = list(release.segments)
    issues: list[Issue] = []
    for index in todo:  # source order, whatever order the workers finished in
        segments[index], found = drafted[index]
        issues.extend(found)
    return replace(release, segments=tuple(segments), issues=release.issues + tuple(issues))


def _cache_of(ctx) -> ResultCache | None:
    cache = getattr(ctx, "cache", None)
    if cache is None and getattr(ctx, "cache_path", None):
        cache = ResultCache(ctx.cache_path)
        try:
            ctx.cache = cache  # opened once per run, reused by every release in a batch
        except AttributeError:
            pass
    return cache


def _draft_all(release: Release, todo: list[int], engine, cache, quiet: bool) -> dict:
    workers = max(1, int(getattr(engine, "concurrency", 1) or 1))
    signature = engine.signature
    results: dict[int, tuple[Segment, list[Issue]]] = {}
    with progress_bar(len(todo), release.path.name, quiet=quiet) as bar:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(draft_segment, build_request(release.segments, index,
                                                                release_date=release.meta.date),
                                   release.segments[index], engine, cache, signature): index
                       for index in todo}
            try:
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update(1)
            except BaseException:
                pool.shutdown(cancel_futures=True)  # one engine error stops the release
                raise
    return results


def build_request(segments: tuple[Segment, ...], index: int, strict: bool = False,
                  release_date: str = "") -> TranslationRequest:
    """Return the engine request for segments[index]: terms, hints, figures, dates, context, examples."""
    segment = segments[index]
    headline = segment.paragraph == 0
    # the headline and the body are separate texts: neither is context for the other
    peers = [i for i, seg in enumerate(segments) if (seg.paragraph == 0) == headline]
    position = peers.index(index)
    before = tuple(segments[i].zh for i in peers[max(0, position - CONTEXT):position])
    after = tuple(segments[i].zh for i in peers[position + 1:position + 1 + CONTEXT])
    return TranslationRequest(
        zh=segment.zh, terms=segment.terms, hints=segment.hints,
        figures=tuple(numbers.english_figures(segment.zh)),
        dates=tuple(dates.english_dates(segment.zh, release_date or None)), release_date=release_date,
        context_before=before, context_after=after, examples=segment.matches,
        strict=strict, is_headline=headline)


class Problem(NamedTuple):
    """One thing wrong with a draft: the QA check it fails, a message, and the repair instruction."""

    check: str
    message: str
    fix: str = ""  # "" when a repair cannot address it (the draft is redone instead)


def problems(request: TranslationRequest, en: str) -> list[Problem]:
    """Return the problems of a draft: glossary term missing, Chinese left, a remark about the text
    instead of a translation, figure or date lost."""
    if not en.strip():
        return [Problem("empty_translation", "the engine returned no English")]
    found: list[Problem] = []
    for term in _unique_terms(request.terms):
        if not term_used(term.en, en):
            found.append(Problem("glossary_terms_used", f"glossary term {term.zh} → “{term.en}” is missing",
                                 "The draft leaves out this part of the Chinese: "
                                 f"{clause_of(request.zh, term.start, term.end)}\n"
                                 f"Its English must contain: {term.en}"))
    if HAN.search(en):
        found.append(Problem(
            "no_untranslated_han", "Chinese characters left in the English: " + "".join(dict.fromkeys(HAN.findall(en))),
            "\n".join(f"The draft leaves this Chinese untranslated: {run}\nReplace it with its English."
                      for run in dict.fromkeys(HAN_RUN.findall(en)))))
    phrase = meta_reply(request.zh, en)
    if phrase:
        found.append(Problem("no_meta_reply", f"the English talks about the text (“{phrase}”)"))
    renderings = dict(request.figures) | dict(request.dates)
    for check, kind, missing in (
            ("numbers_match", "figure", numbers.missing_figures(request.zh, en)),
            ("dates_match", "date", dates.missing_dates(request.zh, en, request.release_date or None))):
        for text in missing:
            fix = (f"The draft must write {text} as: {renderings[text]}" if text in renderings
                   else f"The draft leaves out the {kind} {text}.")
            found.append(Problem(check, f"{kind} {text} from the source is missing", fix))
    return found


def verify(request: TranslationRequest, en: str) -> list[tuple[str, str]]:
    """Return (check, message) for each problem of a draft."""
    return [(problem.check, problem.message) for problem in problems(request, en)]


def fixes(request: TranslationRequest, en: str) -> list[str]:
    """Return the repair instruction for each problem of a draft that a repair can address."""
    return [problem.fix for problem in problems(request, en) if problem.fix]


def draft_segment(request: TranslationRequest, segment: Segment, engine, cache: ResultCache | None,
                  signature: dict) -> tuple[Segment, list[Issue]]:
    """Return the drafted segment (origin "engine") and an error Issue per unresolved problem."""
    key = cache_key(request.zh, request.terms, signature, request.dates) if cache is not None else ""
    en = cache.get(key) if cache is not None else None
    if en is None:
        en = generate(engine, request)
        if cache is not None:
            cache.put(key, request.zh, en, signature)
    issues = [Issue(check, "error", segment.id, message) for check, message in verify(request, en)]
    return replace(segment, en=en, origin="engine"), issues


def generate(engine, request: TranslationRequest) -> str:
    """Return the engine's draft; when it fails verification, retry once strictly and keep the better.

    A draft in English is repaired: the retry shows it to the model with one line per problem (the
    clause that lost a glossary term, the words left in Chinese, the figure or date written wrongly).
    A draft that is empty, mostly Chinese, or leaves Chinese *and* misses more is redone from scratch
    with a plainer prompt.
    """
    first = engine.translate(request)
    found = problems(request, first)
    if not found:
        return first
    if _repairable(first, found):
        retry = replace(request, strict=True, draft=first,
                        fixes=tuple(problem.fix for problem in found if problem.fix))
    else:
        retry = replace(request, strict=True)
    second = engine.translate(retry)
    if any(_instruction(line) in second for fix in retry.fixes for line in fix.splitlines()):
        return first  # the model copied the instructions into its answer
    return second if len(problems(request, second)) < len(found) else first


def _repairable(en: str, found: list[Problem]) -> bool:
    # measured: a refusal or a half-Chinese draft repaired stays bad; redone, it usually comes out
    # right. An English draft that only lost a clause, a figure or a few words is better repaired.
    if not all(problem.fix for problem in found):
        return False  # an empty draft or an answer about the task has nothing to repair
    han = len(HAN.findall(en))
    if han == 0:
        return True
    letters = sum(1 for char in en if not char.isspace())
    return (all(problem.check == "no_untranslated_han" for problem in found)
            and han <= REPAIR_MAX_HAN * letters)


def _instruction(line: str) -> str:
    return line.split(":")[0]


def _unique_terms(terms):
    seen: set[tuple[str, str]] = set()
    for term in terms:
        if (term.zh, term.en) not in seen:
            seen.add((term.zh, term.en))
            yield term


def clause_of(zh: str, start: int, end: int) -> str:
    """Return the clause of zh (between ，；：。！？ marks) holding zh[start:end], without its marks."""
    if not 0 <= start < end <= len(zh):
        return zh.strip()
    left = max(zh.rfind(mark, 0, start) for mark in CLAUSE_MARKS) + 1
    rights = [index for index in (zh.find(mark, end) for mark in CLAUSE_MARKS) if index >= 0]
    return zh[left:min(rights, default=len(zh))].strip() or zh[start:end]
