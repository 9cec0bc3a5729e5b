"""The translate stage: draft every segment the memory did not fill, steered and checked by the glossary."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace

from . import qa
from .context import Context
from .engines.base import Engine, TranslationRequest
from .engines.cache import ResultCache, cache_key
from .figures import dates, numbers
from .model import Issue, Release, Segment
from .progress import progress_bar

KEEP_ORIGINS = ("memory", "reviewed")  # a human already approved these; never redraft them
CONTEXT = 1  # neighbouring sentences each side, enough for pronouns and ellipsis
REPAIR_MAX_HAN = 0.2  # a draft with more Han than this share of its characters is redone, not repaired


def translate(release: Release, ctx: Context) -> Release:
    """Stage: return the release with engine drafts for the segments the memory did not fill."""
    if ctx.engine is None:
        return release  # --engine none: segments stay untranslated for a human to fill
    todo = [i for i, seg in enumerate(release.segments)
            if seg.origin not in KEEP_ORIGINS and seg.zh.strip()]
    drafted = _draft_all(release, todo, ctx.engine, ctx.cache, ctx.quiet)
    segments = list(release.segments)
    for index in todo:  # source order, whatever order the workers finished in
        segments[index] = drafted[index]
    return replace(release, segments=tuple(segments))


def _draft_all(release: Release, todo: list[int], engine: Engine, cache: ResultCache | None,
               quiet: bool) -> dict[int, Segment]:
    workers = max(1, int(engine.concurrency or 1))
    results: dict[int, Segment] = {}
    with progress_bar(len(todo), release.path.name, quiet=quiet) as bar:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(draft_segment, release, index, engine, cache): index for index in todo}
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


def draft_segment(release: Release, index: int, engine: Engine, cache: ResultCache | None) -> Segment:
    """Return segment `index` of the release drafted by the engine (origin "engine"), from the cache if there."""
    segment = release.segments[index]
    request = build_request(release.segments, index, release_date=release.meta.date)
    signature = engine.signature
    key = cache_key(request.zh, request.terms, signature, request.dates) if cache is not None else ""
    en = cache.get(key) if cache is not None else None
    if en is None:
        en = generate(engine, request, lambda draft: qa.draft_problems(replace(segment, en=draft,
                                                                               origin="engine"), release))
        if cache is not None:
            cache.put(key, request.zh, en, signature)
    return replace(segment, en=en, origin="engine")


def generate(engine: Engine, request: TranslationRequest, problems) -> str:
    """Return the engine's draft; when QA finds problems in it, retry once strictly and keep the better.

    `problems(draft)` returns QA's findings on a draft. A draft in English is repaired: the retry shows
    it to the model with each finding's fix (the clause that lost a glossary term, the words left in
    Chinese, the figure or date written wrongly). A draft that is empty, mostly Chinese, or leaves
    Chinese *and* misses more is redone from scratch with a plainer prompt.
    """
    first = engine.translate(request)
    found = problems(first)
    if not found:
        return first
    if _repairable(first, found):
        retry = replace(request, strict=True, draft=first, fixes=tuple(issue.fix for issue in found))
    else:
        retry = replace(request, strict=True)
    second = engine.translate(retry)
    if any(_instruction(line) in second for fix in retry.fixes for line in fix.splitlines()):
        return first  # the model copied the instructions into its answer
    return second if len(problems(second)) < len(found) else first


def _repairable(en: str, found: list[Issue]) -> bool:
    # measured: a refusal or a half-Chinese draft repaired stays bad; redone, it usually comes out
    # right. An English draft that only lost a clause, a figure or a few words is better repaired.
    if not all(issue.fix for issue in found):
        return False  # an empty draft or an answer about the task has nothing to repair
    han = len(qa.HAN.findall(en))
    if han == 0:
        return True
    letters = sum(1 for char in en if not char.isspace())
    return all(issue.check == "no_untranslated_han" for issue in found) and han <= REPAIR_MAX_HAN * letters


def _instruction(line: str) -> str:
    return line.split(":")[0]
