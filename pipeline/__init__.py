"""press-pipeline: Chinese government press releases in, reviewed English releases out.

Public API: the functions of pipeline.api (translate_file, translate_batch, check_review, ingest_review
…), the model types (pipeline.model) and PipelineError.
"""
from .api import check_review, ingest_review, translate_batch, translate_file
from .errors import PipelineError
from .model import Credits, Issue, Meta, Release, Segment, TermHit

__all__ = ["PipelineError", "Credits", "Issue", "Meta", "Release", "Segment", "TermHit", "translate_file",
           "translate_batch", "check_review", "ingest_review"]
