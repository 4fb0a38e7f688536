"""Reading a PDF's text, its positions and metadata for the report tests (pypdf, poppler)."""
from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from xml.etree import ElementTree

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces (lines wrap anywhere)."""
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_metadata(pdf: bytes) -> tuple[str | None, str | None]:
    """The PDF's (title, author)."""
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    return metadata.title, metadata.author


@dataclass(frozen=True)
class Word:
    """A word on a page and its box, in points from the page's top left corner."""
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def pdf_words(pdf: bytes, page: int) -> list[Word]:
    """The words of page `page` (from 1) with their boxes, as poppler's pdftotext finds them: also
    the words drawn inside SVG images, which pypdf does not place."""
    xhtml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", "-", "-"], input=pdf,
                           capture_output=True, check=True).stdout
    return [Word(word.text or "", *(float(word.get(edge)) for edge in ("xMin", "yMin", "xMax", "yMax")))
            for word in ElementTree.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}word")]
