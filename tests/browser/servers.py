"""Servers the browser tests talk to: the app itself, and careers sites that frame it."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import BaseServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from werkzeug.serving import WSGIRequestHandler


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without the access log, which would only clutter failure output."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


#: How often a serving loop looks for a stop request: `shutdown` waits up to this long, once per
#: test (the standard library's half-second default would add seconds to the run).
POLL_INTERVAL_S = 0.02


@contextmanager
def serve_in_thread(server: BaseServer) -> Iterator[None]:
    """Run a server's loop in a daemon thread; stop it and close its socket afterwards."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL_S}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class CareersSite:
    """A company's careers site: another port is another origin, as a real careers site is."""

    origin: str

    def job_page(self, framed_url: str) -> str:
        """The address of a job posting that embeds `framed_url` in an iframe."""
        return f"{self.origin}/jobs?frame={quote(framed_url, safe='')}"


class _CareersHandler(BaseHTTPRequestHandler):
    """Serves one page, a job posting framing the URL given in its `frame` parameter."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches to)
        framed = parse_qs(urlsplit(self.path).query).get("frame", [""])[0]
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Careers at Acme</title></head>'
            "<body><h1>Account Executive at Acme</h1>"
            f'<iframe title="Assessment" src="{escape(framed)}" width="900" height="800"></iframe>'
            "</body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def serve_careers_site() -> Iterator[CareersSite]:
    """A careers site on a port of its own, for as long as the block lasts."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CareersHandler)
    with serve_in_thread(server):
        yield CareersSite(f"http://127.0.0.1:{server.server_port}")
