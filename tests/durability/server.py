"""A real multi-worker gunicorn server on a test database, which a test can SIGKILL and restart.

The server runs in its own process group so that a test can SIGKILL it whole, master and
workers at once, as a power cut or the kernel's OOM killer would.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from assessment.config import PROJECT_ROOT

WORKERS = 4
SERVER_SECRET_KEY = "durability-secret-key-" + "d" * 32
#: How long a fresh server may take to answer (imports and four workers on two cores take ~1.5 s).
READY_TIMEOUT_S = 30.0
#: How long the kernel may take to tear a SIGKILLed process group down.
KILL_TIMEOUT_S = 10.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _live_members(pgid: int) -> list[int]:
    """Processes of the group that still run (zombies hold no sockets or database connections)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in "ZX":
            members.append(int(entry.name))
    return members


class GunicornServer:
    """Start, SIGKILL and restart `gunicorn --workers 4` on one database and one port."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SERVER_SECRET_KEY,
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
            "ASSESSMENT_BASE_URL": self.base_url,
            "ASSESSMENT_ENV": "development",
            "RATELIMIT_STORAGE_URI": "memory://",
            # Fifty candidates on one loopback address: lift the per-address limit on starts.
            "APPLY_LIMIT_PER_ADDRESS": "10000 per minute",
            "LOG_LEVEL": "WARNING",
        }

    def start(self, ready_path: str) -> None:
        """Start the server and return once `ready_path` answers 200."""
        if self._process is not None:
            raise RuntimeError("the server is already running")
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
                   "--no-control-socket", "--log-level", "warning", "assessment.wsgi:app"]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=self._env, stdout=log,
                                             stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_ready(ready_path)

    def _wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self._process.returncode}:\n{self.log_tail()}")
            try:
                with requests.get(self.base_url + path, timeout=5, allow_redirects=False) as response:
                    if response.status_code == 200:
                        return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or the workers are still importing the app
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer {path} within {READY_TIMEOUT_S} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, and wait until none of them runs."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)  # start_new_session: the group id is the master's pid
        except ProcessLookupError:
            pass
        process.wait(timeout=KILL_TIMEOUT_S)
        deadline = time.monotonic() + KILL_TIMEOUT_S
        while _live_members(process.pid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn workers survived SIGKILL: {_live_members(process.pid)}")
            time.sleep(0.05)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for failure messages."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
