"""Names proposed for the glossary (from `glossary suggest` over drafted releases), waiting for a maintainer
to approve, correct or reject them.

They wait in proposals.jsonl beside the TSV files — not in a *.tsv file, which the pipeline would read
as proposed entries and use. A decided proposal stays in the file, so a rejected name is not proposed
again; approving one adds the entry through revise.save_entry, which lints it and logs the change.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timezone
from pathlib import Path

from ..errors import GlossaryError
from ..files import write_atomic
from .revise import LOCK, record, save_entry
from .store import Entry

PROPOSALS = "proposals.jsonl"
DECISIONS = ("approved", "rejected")


@dataclass(frozen=True)
class Proposal:
    """A name met in a drafted release that no entry covers, with its first context and a guessed English."""

    zh: str
    en: str
    kind: str
    source: str  # how it was found (suggest's words): the maintainer gives the real citation on approval
    context: str  # "release: …the sentence around it…"
    count: int = 1
    release: str = ""
    status: str = "pending"  # pending | approved | rejected
    decided_by: str = ""
    decided_at: str = ""

    @property
    def id(self) -> str:
        return hashlib.sha256(self.zh.encode()).hexdigest()[:12]

    def entry(self) -> Entry:
        """Return the glossary entry this proposal would add as it stands (status proposed)."""
        return Entry(self.zh, self.en, self.kind, status="proposed", source="", note=self.context)


def proposals(directory: Path) -> list[Proposal]:
    """Return every proposal of the glossary in `directory`, pending and decided, oldest first."""
    path = Path(directory) / PROPOSALS
    if not path.exists():
        return []
    known = {f.name for f in fields(Proposal)}
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            found.append(Proposal(**{key: value for key, value in data.items() if key in known}))
        except (ValueError, TypeError):
            raise GlossaryError("not a proposal (a JSON object per line)", path, number,
                                "remove or repair the line") from None
    return found


def _save(directory: Path, items: list[Proposal]) -> None:
    write_atomic(Path(directory) / PROPOSALS,
                 "".join(json.dumps(asdict(item), ensure_ascii=False) + "\n" for item in items))


def add(directory: Path, new: list[Proposal]) -> int:
    """Queue the proposals whose name was never proposed before; returns how many were queued."""
    with LOCK:
        items = proposals(directory)
        seen = {item.zh for item in items}
        fresh = []
        for item in new:
            if item.zh not in seen:
                seen.add(item.zh)
                fresh.append(item)
        if fresh:
            _save(directory, items + fresh)
        return len(fresh)


def _decide(directory: Path, proposal_id: str, status: str, who: str) -> Proposal:
    _pending(directory, proposal_id)
    items = proposals(directory)
    index = next(i for i, item in enumerate(items) if item.id == proposal_id)
    items[index] = replace(items[index], status=status, decided_by=who,
                           decided_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    _save(directory, items)
    return items[index]


def find(directory: Path, proposal_id: str) -> Proposal:
    """Return the proposal with this id; GlossaryError when there is none."""
    found = next((item for item in proposals(directory) if item.id == proposal_id), None)
    if found is None:
        raise GlossaryError(f"no proposal {proposal_id!r}", Path(directory) / PROPOSALS, None,
                            "open the list of proposals again")
    return found


def _pending(directory: Path, proposal_id: str) -> Proposal:
    """Return the proposal with this id if nobody decided it yet; GlossaryError naming who did otherwise."""
    found = find(directory, proposal_id)
    if found.status != "pending":
        raise GlossaryError(f"{found.zh} was already {found.status} by {found.decided_by}",
                            Path(directory) / PROPOSALS, None, "open the list of proposals again")
    return found


def approve(directory: Path, proposal_id: str, entry: Entry, who: str) -> Entry:
    """Add `entry` (the proposal as the maintainer corrected it, with its source) and mark the proposal
    approved; returns the entry written. Lint problems or a clash raise before anything is written."""
    with LOCK:
        _pending(directory, proposal_id)
        written = save_entry(directory, entry, who, action="approve")
        _decide(directory, proposal_id, "approved", who.strip())
        return written


def reject(directory: Path, proposal_id: str, who: str) -> Proposal:
    """Mark a proposal rejected (it is not proposed again) and log who rejected it."""
    with LOCK:
        proposal = _pending(directory, proposal_id)
        record(directory, "reject", who, replace(proposal.entry(), file=PROPOSALS), None)
        return _decide(directory, proposal_id, "rejected", who.strip())
