"""SQLite's writers in a queue that hands the write lock on as soon as it is free.

SQLite's own wait for its write lock polls, sleeping 1, 2, 5, 10 ms and more between tries. With
several workers writing, a writer slept milliseconds for a lock held a fraction of one: page
saves fell to 0.6x of a bare endpoint (benchmarks/candidate_save.py). An exclusive `flock` on a
file beside the database is handed to the next waiter by the kernel at once.

Every write transaction of the app (``BEGIN IMMEDIATE``, see `assessment.db`) takes its turn
just before it begins and gives it up when its connection goes back to the pool, after its
commit or rollback; writers that queued while others polled would starve the pollers. The queue
only orders writers: SQLite's lock still guards the data, so a writer that does not queue (a
command-line tool, another program) stays correct and waits the old way. The kernel drops the
lock of a process that dies, so a crashed worker cannot block the others, nor a hung one for
longer than the server's worker timeout (gunicorn's stops it after 30 s).
"""
from __future__ import annotations

import fcntl
import threading
from typing import Any

from sqlalchemy import URL

__all__ = ["WritersQueue"]

#: Where a connection keeps its turn, (lock file, thread): SQLAlchemy's `info` of the pooled
#: DBAPI connection.
_TURN = "writers_queue_turn"


class WritersQueue:
    """The queue of a SQLite database file's writers, on the lock file `lock_path`."""

    def __init__(self, lock_path: str) -> None:
        self.lock_path = lock_path
        self._threads_with_a_turn: set[int] = set()

    @classmethod
    def beside(cls, url: URL) -> WritersQueue | None:
        """The queue of the database `url` names, on `<database>-writers.lock`; none in memory."""
        database = url.database
        if not database or database == ":memory:" or url.query.get("mode") == "memory":
            return None
        return cls(f"{database}-writers.lock")

    def wait_for_turn(self, connection_info: dict[str, Any]) -> None:
        """Block until the connection whose `info` this is may begin writing.

        The lock file is opened per turn, so threads of one process queue like processes. A
        thread that already holds a turn on another connection does not queue again, which
        would wait for itself forever; SQLite's own wait bounds that case by its busy timeout.
        """
        thread = threading.get_ident()
        if _TURN in connection_info or thread in self._threads_with_a_turn:
            return
        try:
            lock_file = open(self.lock_path, "ab")  # noqa: SIM115 (closed by end_turn)
        except OSError:
            return  # an unwritable folder: writers wait in SQLite's own loop, slower but as safe
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        except BaseException:
            lock_file.close()
            raise
        connection_info[_TURN] = (lock_file, thread)
        self._threads_with_a_turn.add(thread)

    def end_turn(self, connection_info: dict[str, Any]) -> None:
        """Give up the turn of the connection whose `info` this is, if it holds one (from any
        thread: the pool may check a connection in from another)."""
        turn = connection_info.pop(_TURN, None)
        if turn is not None:
            lock_file, thread = turn
            lock_file.close()  # closing the file releases its lock
            self._threads_with_a_turn.discard(thread)
