"""The SQLite writers' queue (`assessment.writers_queue`), on a lock file of its own: turns are
exclusive between connections, never wait for their own thread, and end from any thread."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from assessment.writers_queue import WritersQueue
from tests.support import finishes_within


def _waits_for_the_turn_of(queue: WritersQueue, holder: dict[str, Any], waiting: threading.Thread) -> bool:
    """Whether `waiting`, started, is still waiting while `holder` has the turn, and goes on once
    that turn ends."""
    waiting.join(timeout=0.3)
    if not waiting.is_alive():
        return False
    queue.end_turn(holder)
    waiting.join(timeout=5)
    return not waiting.is_alive()


def test_the_queue_lives_beside_a_database_file_and_not_in_memory(tmp_path: Path) -> None:
    queue = WritersQueue.beside(make_url(f"sqlite:///{tmp_path}/app.sqlite3"))
    assert queue is not None and queue.lock_path == f"{tmp_path}/app.sqlite3-writers.lock"
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite:///file:app?mode=memory&uri=true"):
        assert WritersQueue.beside(make_url(url)) is None


def test_a_turn_is_exclusive_until_it_ends(tmp_path: Path) -> None:
    queue = WritersQueue(str(tmp_path / "writers.lock"))
    first: dict[str, Any] = {}
    queue.wait_for_turn(first)
    second: dict[str, Any] = {}
    waiting = threading.Thread(target=queue.wait_for_turn, args=(second,), daemon=True)
    waiting.start()
    assert _waits_for_the_turn_of(queue, first, waiting)
    assert finishes_within(5, lambda: queue.end_turn(second))  # ended from another thread than its own


def test_a_thread_with_a_turn_does_not_wait_for_itself(tmp_path: Path) -> None:
    queue = WritersQueue(str(tmp_path / "writers.lock"))

    first: dict[str, Any] = {}
    second: dict[str, Any] = {}

    def two_connections_in_one_thread() -> None:
        queue.wait_for_turn(first)
        queue.wait_for_turn(second)  # would wait for ever on the first connection's lock

    assert finishes_within(5, two_connections_in_one_thread)
    queue.end_turn(first)


def test_a_turn_ended_from_another_thread_lets_its_thread_queue_again(tmp_path: Path) -> None:
    """The pool may check a connection in from another thread than the one that took its turn;
    the thread that took it must then queue again like any other."""
    queue = WritersQueue(str(tmp_path / "writers.lock"))
    first: dict[str, Any] = {}
    later: dict[str, Any] = {}
    others: dict[str, Any] = {}
    first_taken, first_ended = threading.Event(), threading.Event()

    def worker() -> None:
        queue.wait_for_turn(first)
        first_taken.set()
        first_ended.wait(timeout=5)
        queue.wait_for_turn(later)  # must wait: `others` holds the turn now

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    assert first_taken.wait(timeout=5)
    queue.end_turn(first)  # from this thread, not the worker's
    queue.wait_for_turn(others)
    first_ended.set()
    assert _waits_for_the_turn_of(queue, others, thread), "the worker skipped the queue as if it still held its turn"
    queue.end_turn(later)
