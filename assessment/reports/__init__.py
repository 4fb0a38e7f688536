"""Candidate reports as PDF: plain report data from a stored profile, HTML to PDF, a file cache.

Nothing here reads the request or the database: the web layer passes plain facts in and gets
bytes (or a cached file) back. `web -> reports -> scoring`, never back to the configuration or the
services (tests/test_layers.py checks). WeasyPrint is imported only by
`assessment.reports.pdf`, so creating the app does not load it.
"""
from .cache import REPORT_TEMPLATE_VERSION, ReportCache, instance_report_cache
from .context import CandidateFacts, NormFacts, ReportContext, build_report_context
from .dependencies import warn_if_pdf_rendering_is_slow
from .naming import report_filename

__all__ = ["REPORT_TEMPLATE_VERSION", "CandidateFacts", "NormFacts", "ReportCache", "ReportContext", "build_report_context",
           "instance_report_cache", "report_filename", "warn_if_pdf_rendering_is_slow"]
