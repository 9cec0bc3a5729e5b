"""press-pipeline: Chinese government press releases in, reviewed English releases out.

Public API: translate_file (pipeline.api), the model types (pipeline.model), PipelineError.
"""
from .errors import PipelineError
from .model import Credits, Issue, Meta, Release, Segment, TermHit

__all__ = ["PipelineError", "Credits", "Issue", "Meta", "Release", "Segment", "TermHit", "translate_file"]


def translate_file(*args, **kwargs):
    """Read, translate and write one release (see pipeline.api.translate_file)."""
    from .api import translate_file as _translate_file

    return _translate_file(*args, **kwargs)
