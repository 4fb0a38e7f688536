"""What a candidate typed reaches the PDF as text, and the renderer fetches nothing from outside."""
from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from assessment.config import PROJECT_ROOT
from assessment.reports import dependencies
from assessment.reports.pdf import STATIC_DIR, RefusedURL, ReportURLFetcher, render_pdf
from tests.reports.conftest import Candidate
from tests.reports.reading import pdf_pages
from tests.support import sign_in


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(4096))
                except OSError:
                    self.connections.append(b"")
                connection.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


def test_a_name_made_of_markup_is_printed_not_fetched(app: Flask, listener: Listener,
                                                      complete_candidate: Callable[[str], Candidate]) -> None:
    name = f'<img src="http://127.0.0.1:{listener.port}/x">'
    candidate = complete_candidate(name)
    client = app.test_client()
    sign_in(client, "manager1@acme.example")
    response = client.get(candidate.pdf)
    assert response.status_code == 200
    pages = pdf_pages(response.data)
    assert name in pages[0] and name[:20] in pages[-1]  # on the cover, and in every running header
    assert listener.connections == []
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="x_img-src-http-127-0-0-1-{listener.port}_Account-Executive_report.pdf"')


def test_the_renderer_refuses_what_escaping_would_have_let_through(listener: Listener) -> None:
    html = (f'<link rel="stylesheet" href="http://127.0.0.1:{listener.port}/style.css">'
            f'<p>Before</p><img src="http://127.0.0.1:{listener.port}/x"><img src="file:///etc/hostname">'
            f'<svg><image href="https://127.0.0.1:{listener.port}/y"/></svg><p>After</p>')
    pages = pdf_pages(render_pdf(html, title="t", author="a"))
    assert "Before" in pages[0] and "After" in pages[0]
    assert listener.connections == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x", "https://example.com/report.css", "ftp://example.com/x",
    "file:///etc/passwd", (STATIC_DIR / ".." / "config.py").as_uri(), (PROJECT_ROOT / "README.md").as_uri(),
    "file://remote.example/share/x.css", (PROJECT_ROOT / "templates" / "report" / "report.html").as_uri(),
])
def test_the_fetcher_refuses_everything_but_its_own_files(url: str) -> None:
    with pytest.raises(RefusedURL):
        ReportURLFetcher().fetch(url)


def test_the_fetcher_serves_static_files_the_report_stylesheet_and_data() -> None:
    fetcher = ReportURLFetcher()
    css = fetcher.fetch((STATIC_DIR / "css" / "app.css").as_uri())
    assert css.content_type == "text/css" and css.read() == (STATIC_DIR / "css" / "app.css").read_bytes()
    report_css = fetcher.fetch((PROJECT_ROOT / "templates" / "report" / "report.css").as_uri())
    assert b"@page" in report_css.read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_missing_font_subsetter_is_a_warning_at_start(monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture,
                                                        make_app: Callable[..., Flask]) -> None:
    make_app()
    assert "libharfbuzz-subset" not in caplog.text
    monkeypatch.setattr(dependencies, "has_font_subsetter", lambda: False)
    make_app()
    assert "libharfbuzz-subset is not installed: PDF reports will render about 15x slower" in caplog.text
