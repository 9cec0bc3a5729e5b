"""Non-translations: a reply that talks about the task, the context or itself, apologises, asks or
explains instead of translating (issue 24). The check no_meta_reply (stages/check.py) turns it into an
error finding; drafting asks such a sentence again alone (stages/draft.py)."""
from __future__ import annotations

import re

# A reply that talks about the task, the context or itself, apologises, asks or explains instead of
# translating (tests/test_qa.py holds the embedded model's real replies these come from: the WMT
# government subset's drafts in benchmarks/results/, issue 24's releases, and short segments of ours).
META_PHRASES = {
    "the task": (r"government press releases?", r"no translation", r"already in English",
                 r"(?:English )?translation (?:of|is|for)\b", r"translated (?:text|version|sentence)",
                 r"(?:text|sentence|passage|phrase|release) translates?\b", r"can be translated",
                 r"(?:cannot|can't|can not|unable to|could not|couldn't) (?:provide (?:a |the |an )?(?:English )?"
                 r"translation|translate|be translated)",
                 r"(?:original|given|provided|source|Chinese|above|following) (?:text|sentence|passage|phrase)",
                 r"here(?: is|'s| are) (?:the|a|an|my) (?:English |possible )?(?:translation|version|rendering)"),
    "the context": (r"(?:the|this|given|provided) context (?:only |just |also |does not |doesn't |did not )?"
                    r"(?:mentions?|says|provides?|refers|gives|contains|talks|describes|is about)",
                    r"(?:based on|according to|from) the (?:given |provided )?context\b(?! of)",
                    r"(?:provided|given) context\b"),
    "itself": (r"as an AI", r"(?:AI|language) model", r"I(?: am|'m) (?:sorry|not able|unable|an AI|a language)",
               r"(?:I|we) apologi[sz]e", r"my apologies",
               r"I (?:will|'ll|have|'ve|can|would) (?:translate|provide|help|follow)"),
    "a question": (r"(?:please|kindly) (?:provide|clarify|specify|share|give|let)",
                   r"(?:could|can|would) you (?:please )?(?:provide|clarify|specify|share|give|tell|let)",
                   r"let me know", r"do you mean", r"would you like"),
    "an explanation": (r"(?:this|the) (?:sentence|text|phrase|passage|headline|word|term) (?:means|refers to|is about|"
                       r"describes|appears|seems|mentions)",
                       r"it (?:seems|appears) (?:that )?(?:you|the (?:text|sentence|source|context|Chinese))",
                       r"literal(?:ly)? translat", r"\bNote:"),
}
META_REPLY = {kind: re.compile(r"\b(?:" + "|".join(phrases) + ")", re.IGNORECASE)
              for kind, phrases in META_PHRASES.items()}
# the source itself speaks of translation, texts, context or apologies: its English may too
META_SOURCE = re.compile(r"译|新闻稿|通稿|原文|文本|中文|语境|上下文|歉|对不起")


def meta_reply(zh: str, en: str) -> tuple[str, str]:
    """Return (what it speaks of, the phrase) by which `en` talks about the task, the context or itself,
    apologises, asks or explains instead of translating `zh`, or ("", "") (never when the Chinese itself
    speaks of translation, texts, context or apologies)."""
    if not META_SOURCE.search(zh):
        for kind, pattern in META_REPLY.items():
            found = pattern.search(en)
            if found:
                return kind, found.group(0)
    return "", ""
