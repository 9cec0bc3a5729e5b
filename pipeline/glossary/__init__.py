"""The glossary: curated TSV files (store), their lint, suggestions, and TBX/CSV interchange (edit)."""
from .store import COLUMNS, KINDS, LIST_SEPARATOR, REQUIRED, STATUSES, STOP, Entry, Glossary, read_tsv, split_cell

__all__ = ["COLUMNS", "KINDS", "LIST_SEPARATOR", "REQUIRED", "STATUSES", "STOP", "Entry", "Glossary", "read_tsv",
           "split_cell"]
