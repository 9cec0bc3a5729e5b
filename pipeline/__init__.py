"""press-pipeline: Chinese government press releases in, reviewed English releases out.

Public API: translate_file (pipeline.api), the model types (pipeline.model), PipelineError.
"""
from .errors import PipelineError
from .model import Credits, Issue, Meta, Release, Segment, TermHit

__all__ = ["PipelineError", "Credits", "Issue", "Meta", "Release", "Segment", "TermHit", "translate_file",
           "check_review", "ingest_review"]


def translate_file(*args, **kwargs):
    """Read, translate and write one release (see pipeline.api.translate_file)."""
    from .api import translate_file as _translate_file

    return _translate_file(*args, **kwargs)


def check_review(*args, **kwargs):
    """Re-run QA on a reviewed .docx (see pipeline.review.check_review)."""
    from .review import check_review as _check_review

    return _check_review(*args, **kwargs)


def ingest_review(*args, **kwargs):
    """Store a reviewed .docx in the memory and write the final English (see pipeline.review.ingest_review)."""
    from .review import ingest_review as _ingest_review

    return _ingest_review(*args, **kwargs)
