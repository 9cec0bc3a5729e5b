"""Token-list arithmetic for the embedded engine, free of the model: how much of a prompt the context
already holds, and prompt lookup's proposals (what followed the last tokens earlier in the prompt or answer)."""
from __future__ import annotations

NGRAMS = (3, 2)  # a proposal continues the latest earlier occurrence of the last 3 tokens, else the last 2


def shared(evaluated: list[int], tokens: list[int]) -> int:
    """Return how many leading tokens of `tokens` the context holds already (at most all but the last,
    whose logits the scoring needs)."""
    count = 0
    for held, wanted in zip(evaluated, tokens[:-1], strict=False):
        if held != wanted:
            break
        count += 1
    return count


def lookup(history: list[int], count: int, ngrams: tuple[int, ...] = NGRAMS) -> list[int]:
    """Return up to count tokens that followed the latest earlier occurrence of history's last tokens
    (the last 3 when they occur earlier, else the last 2, for the default `ngrams`), or none."""
    if count <= 0:
        return []
    for size in ngrams:
        if len(history) <= size:
            continue
        tail = history[-size:]
        for start in range(len(history) - size - 1, -1, -1):
            if history[start:start + size] == tail:
                return history[start + size:start + size + count]
    return []
