"""HTML to PDF with WeasyPrint, fetching nothing but the package's own files.

The renderer takes the report's HTML as a string (rendered by Jinja, with everything a candidate
typed already escaped) and returns the PDF's bytes. Its URL fetcher is the second line of
defence: should any markup slip through, it still cannot make the server fetch a URL or read a
file other than the package's static files and the report's stylesheets.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..paths import PROJECT_ROOT, STATIC_DIR

__all__ = ["REPORT_TEMPLATE_DIR", "STATIC_DIR", "RefusedURL", "ReportURLFetcher",
           "render_pdf", "report_stylesheet"]

REPORT_TEMPLATE_DIR = PROJECT_ROOT / "templates" / "report"
REPORT_STYLESHEET = REPORT_TEMPLATE_DIR / "report.css"
#: The report's own stylesheets, served besides the static files.
REPORT_STYLESHEETS = frozenset({REPORT_STYLESHEET})

_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
          ".jpeg": "image/jpeg", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}


class RefusedURL(ValueError):
    """A URL the report renderer will not fetch."""


class ReportURLFetcher(URLFetcher):
    """Serves `data:` URLs, files under `assessment/static/` and the report's stylesheets; refuses
    everything else (http, https, ftp, any other file) without touching the network or the disk.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Serve inline data and the package's own static files; refuse every other URL."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = _allowed_path(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _TYPES.get(path.suffix, "")})


def _allowed_path(url: str) -> Path:
    """The file a `file:` URL names, if the renderer may read it; RefusedURL otherwise."""
    if not url.startswith("file://"):
        raise RefusedURL(f"the report renderer fetches no URL like {url[:80]!r}")
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"the report renderer reads no remote file {url[:80]!r}")
    path = Path(unquote(parts.path)).resolve()
    if path in REPORT_STYLESHEETS or (path.is_relative_to(STATIC_DIR) and path.is_file()):
        return path
    raise RefusedURL(f"the report renderer reads only its own static files, not {path}")


@cache
def report_stylesheet() -> CSS:
    """The report's stylesheet, parsed once per process.

    A stylesheet named by the HTML would be read, parsed and its selectors compiled again on every
    render, about 3% of a 5-page report's time. WeasyPrint only reads a parsed stylesheet while it
    renders, so threads can share this one.
    """
    return CSS(url=REPORT_STYLESHEET.as_uri(), url_fetcher=ReportURLFetcher())


def render_pdf(html: str, *, title: str, author: str) -> bytes:
    """The PDF of `html`, styled by the report's stylesheet; anything the HTML links to goes through
    the fetcher, relative links resolving against templates/report/.

    `title` and `author` become the PDF's metadata (the template's own `<title>` and author
    meta say the same; these win, so the metadata never depends on the markup).
    """
    document = HTML(string=html, base_url=REPORT_TEMPLATE_DIR.as_uri() + "/",
                    url_fetcher=ReportURLFetcher()).render(stylesheets=[report_stylesheet()])
    document.metadata.title = title
    document.metadata.authors = [author]
    return document.write_pdf()
