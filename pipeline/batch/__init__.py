"""Many releases at once: plan (which files, output folders, collisions, up to date) and pool (workers)."""
from .plan import Job, collect, collisions, current_signature, up_to_date
from .pool import BatchReport, Outcome, default_jobs, translate_batch

__all__ = ["BatchReport", "Job", "Outcome", "collect", "collisions", "current_signature", "default_jobs",
           "translate_batch", "up_to_date"]
