"""Benchmark: how long candidates wait for a page while other candidates' saves flood the server.

Showing a question page writes too (the moment the page is first shown), so on SQLite a page view
competes with every page save for the database's one write lock. This serves the product with
gunicorn (4 sync workers by default) on a temporary database, floods it with page saves from wrk
(as `candidate_save.py` does, 50 connections) for 10 s, and meanwhile has 2 clients view
question pages one after another. Prints the saves' figures and the page views' count, errors,
median, 99th percentile and slowest time. No target: it shows whether any writer is starved.

    .venv/bin/python benchmarks/page_views_under_saves.py [--database sqlite|postgresql] [--workers 4]
"""
from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests

from candidate_save import first_page_posts, prepare_ours, serve_ours, temporary_database, wrk

ATTEMPTS = 1200
SAVED_ATTEMPTS = 1000  # the flood rotates over these; the viewers open the others' pages
VIEWERS = 2
DURATION_S = 10


def view_pages(base_url: str, tokens: list[str], stop: threading.Event, times: list[float],
               errors: list[int]) -> None:
    """View page 2 of one attempt after another until `stop`, noting each view's time."""
    with requests.Session() as session:
        n = 0
        while not stop.is_set():
            start = time.perf_counter()
            response = session.get(f"{base_url}/take/{tokens[n % len(tokens)]}/page/2", timeout=30)
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                errors.append(response.status_code)
            n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=4)
    arguments = parser.parse_args()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-views-")))
        url = stack.enter_context(temporary_database(arguments.database))
        tokens = prepare_ours(url, ATTEMPTS)
        base_url = stack.enter_context(serve_ours(url, arguments.workers))
        pairs_file = workdir / "saves.txt"
        pairs_file.write_text("".join(f"{path} {body}\n" for path, body in
                                      first_page_posts(base_url, tokens[:SAVED_ATTEMPTS])))
        times: list[float] = []
        errors: list[int] = []
        stop = threading.Event()
        viewers = [threading.Thread(target=view_pages, args=(base_url, tokens[SAVED_ATTEMPTS:], stop, times, errors))
                   for _ in range(VIEWERS)]
        for viewer in viewers:
            viewer.start()
        saves = wrk(base_url, pairs_file, DURATION_S)
        stop.set()
        for viewer in viewers:
            viewer.join()
    times.sort()
    print(f"{arguments.database}, gunicorn {arguments.workers} sync workers, {DURATION_S} s")
    print(f"  page saves (wrk): {saves}")
    print(f"  page views ({VIEWERS} clients): {len(times)} views, {len(errors)} errors; median "
          f"{statistics.median(times) * 1000:.0f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.0f} ms, "
          f"slowest {times[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
