"""Reading a PDF's text and metadata for the report tests (pypdf)."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces (lines wrap anywhere)."""
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_metadata(pdf: bytes) -> tuple[str | None, str | None]:
    """The PDF's (title, author)."""
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    return metadata.title, metadata.author
