"""Modules of tools/build_glossary.py: one per data source, plus the false-match screen."""
