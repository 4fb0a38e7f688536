"""Benchmark: saving a candidate's page of 10 answers, against a bare Flask endpoint doing the same.

For SQLite (WAL, a temporary file) and PostgreSQL (a temporary database on 127.0.0.1:5432), each
served by gunicorn with 2 sync workers (BENCH_WORKERS=1 serves one, to tell the cost of a request
from the wait for SQLite's write lock) and loaded by wrk from loopback (50 connections, a short
warm-up, then alternating 10 s rounds):

* bare: a tiny Flask app (`bare_app` below) that validates a 10-question WTForms form and inserts
  10 rows with SQLAlchemy, then redirects;
* ours: POST /take/<token>/page/1 of pre-created `sales_rep` attempts (10 statements), with the
  page token each attempt's page was rendered with; wrk rotates over the attempts.

Prints requests/s and p99 latency of each, and the ratios ours/bare against the targets
(throughput >= 0.6x, p99 <= 2x). Responses other than 2xx/3xx are counted as errors.
Run with `make bench`, or `.venv/bin/python benchmarks/candidate_save.py [--attempts N]`.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
POSTGRES_SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SECRET_KEY = "benchmark-secret-key-" + "b" * 32
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = 50
WRK_THREADS = 2
WARMUP_S = 3
DURATION_S = 10
QUESTIONS = 10
TARGET_THROUGHPUT_RATIO = 0.6
TARGET_P99_RATIO = 2.0

_RADIO = re.compile(r'name="(q-[^"]+)" type="radio" value="([^"]*)"')
_PAGE_TOKEN = re.compile(r'name="page_token" type="hidden" value="([^"]*)"')
_WRK_LINE = re.compile(r"^WRK (.*)$", re.MULTILINE)


# --- the bare endpoint ------------------------------------------------------------------------

def bare_app():  # noqa: ANN201 (imports kept local: gunicorn's workers load only what they need)
    """A Flask app with one endpoint: validate 10 radio questions, insert 10 rows, redirect."""
    from flask import Flask, redirect, request
    from sqlalchemy import create_engine, event, insert
    from wtforms import Form, RadioField
    from wtforms.validators import InputRequired

    engine = create_engine(os.environ["BENCH_DATABASE_URL"])
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # the same settings as the product's
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout = 5000")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()

    choices = [(str(n), f"Option {n}") for n in range(1, 6)]
    fields = {f"q{n}": RadioField(f"Question {n}", choices=choices, validators=[InputRequired()])
              for n in range(1, QUESTIONS + 1)}
    questions_form = type("Questions", (Form,), fields)
    answers = _bare_table()
    app = Flask("bare")

    @app.post("/save/<int:respondent>")
    def save(respondent: int):  # noqa: ANN202
        form = questions_form(request.form)
        if not form.validate():
            return "invalid", 422
        rows = [{"respondent": respondent, "question": n, "value": form[f"q{n}"].data}
                for n in range(1, QUESTIONS + 1)]
        with engine.begin() as connection:
            connection.execute(insert(answers), rows)
        return redirect(f"/save/{respondent}")

    return app


def _bare_table():  # noqa: ANN202
    from sqlalchemy import Column, Integer, MetaData, String, Table

    return Table("answers", MetaData(), Column("id", Integer, primary_key=True),
                 Column("respondent", Integer, nullable=False), Column("question", Integer, nullable=False),
                 Column("value", String(16), nullable=False))


def prepare_bare(url: str, respondents: int) -> list[tuple[str, str]]:
    """Create the bare table; the (path, body) pairs wrk rotates over."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    _bare_table().metadata.create_all(engine)
    engine.dispose()
    rng = random.Random(1)
    return [(f"/save/{n}", urlencode({f"q{q}": rng.randint(1, 5) for q in range(1, QUESTIONS + 1)}))
            for n in range(respondents)]


# --- our candidate flow ---------------------------------------------------------------------

def prepare_ours(url: str, attempts: int) -> list[str]:
    """Migrate, create a `sales_rep` campaign and `attempts` attempts; returns their tokens."""
    from flask_migrate import upgrade

    from assessment import create_app
    from assessment.db import db
    from assessment.models import Role
    from assessment.services.accounts import create_organisation, create_user
    from assessment.services.attempts import start_attempt
    from assessment.services.banks import bank_catalog
    from assessment.services.campaigns import CampaignFields, create_campaign

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY, "PASSWORD_HASH_PROFILE": "CHEAPEST"})
    with app.app_context():
        upgrade()
        organisation = create_organisation("Bench Co")
        admin = create_user(organisation, email="admin@bench.example", name="Admin", role=Role.ADMIN,
                            password=secrets.token_urlsafe(16))
        campaign = create_campaign(admin, CampaignFields(
            job_title="Account Executive", location=None, bank_id="sales_rep", benchmark_id="full_cycle_ae",
            closes_on=None, manager_ids=[], allowed_origins=[]))
        bank = bank_catalog().get("sales_rep")
        tokens = [start_attempt(campaign, bank, name=f"Candidate {n}", email=f"c{n}@bench.example")[1]
                  for n in range(attempts)]
        db.session.commit()
        db.engine.dispose()
    return tokens


def first_page_posts(base_url: str, tokens: list[str]) -> list[tuple[str, str]]:
    """GET each attempt's first page (as a candidate would) and build the POST that saves it."""
    import requests

    def fetch(token: str) -> tuple[str, str]:
        path = f"/take/{token}/page/1"
        with requests.get(base_url + path, timeout=30) as response:
            response.raise_for_status()
            html = response.text
        names = sorted(set(name for name, _ in _RADIO.findall(html)))
        if len(names) != QUESTIONS:
            raise RuntimeError(f"page 1 has {len(names)} questions, not {QUESTIONS}")
        rng = random.Random(token)
        body = {name: str(rng.randint(1, 5)) for name in names}
        body.update(page_token=_PAGE_TOKEN.search(html).group(1), action="next")
        return path, urlencode(body)

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(fetch, tokens))


# --- servers and databases ------------------------------------------------------------------

def serve_ours(database_url: str, workers: int = WORKERS) -> contextlib.AbstractContextManager[str]:
    """The product as production serves it (`assessment.wsgi:app`) on `database_url`."""
    env = {"DATABASE_URL": database_url, "SECRET_KEY": SECRET_KEY, "PASSWORD_HASH_PROFILE": "CHEAPEST",
           "ASSESSMENT_ENV": "development", "RATELIMIT_STORAGE_URI": "memory://", "LOG_LEVEL": "WARNING"}
    return gunicorn("assessment.wsgi:app", env, PROJECT_ROOT, workers)


@contextlib.contextmanager
def gunicorn(app_spec: str, env: dict[str, str], chdir: Path, workers: int = WORKERS) -> Iterator[str]:
    """Serve `app_spec` with gunicorn (sync workers) in its own process group; yields its URL."""
    import requests

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--bind",
               f"127.0.0.1:{port}", "--no-control-socket", "--log-level", "warning", "--chdir", str(chdir), app_spec]
    process = subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True)
    try:
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn for {app_spec} did not start")
            try:
                with requests.get(base_url + "/", timeout=5):
                    break  # any answer (a 404) means a worker is up
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def temporary_database(kind: str) -> Iterator[str]:
    """An empty SQLite file or PostgreSQL database, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-") as directory:
            yield f"sqlite:///{directory}/bench.sqlite3"
        return
    import psycopg
    from sqlalchemy import make_url

    server = make_url(POSTGRES_SERVER_URL)
    name = f"assessment_bench_{os.getpid()}_{secrets.token_hex(4)}"

    def admin() -> psycopg.Connection:
        return psycopg.connect(host=server.host, port=server.port, user=server.username,
                               password=server.password, dbname=server.database, autocommit=True)

    with admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- load and figures ---------------------------------------------------------------------

@dataclass
class Figures:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int

    def __str__(self) -> str:
        return (f"{self.requests_per_s:8.1f} req/s   p50 {self.p50_ms:7.1f} ms   p99 {self.p99_ms:7.1f} ms   "
                f"{self.requests} requests, {self.errors} errors")


def wrk(base_url: str, pairs_file: Path, seconds: int) -> Figures:
    """Load the server with wrk for `seconds`, posting the pairs of `pairs_file` in rotation."""
    command = ["wrk", "-t", str(WRK_THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(HERE / "rotate_posts.lua"), base_url, "--", str(pairs_file), str(WRK_THREADS)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    counts = {key: int(value) for key, value in
              (item.split("=") for item in _WRK_LINE.search(output).group(1).split())}
    return Figures(
        requests_per_s=counts["requests"] / (counts["duration_us"] / 1e6),
        p50_ms=counts["p50_us"] / 1000, p99_ms=counts["p99_us"] / 1000, requests=counts["requests"],
        errors=sum(counts[key] for key in ("status_errors", "connect", "read", "write", "timeout")))


def median(rounds: list[Figures]) -> Figures:
    """Each figure's median over the rounds (requests and errors are totals)."""
    return Figures(requests_per_s=statistics.median(r.requests_per_s for r in rounds),
                   p50_ms=statistics.median(r.p50_ms for r in rounds), p99_ms=statistics.median(r.p99_ms for r in rounds),
                   requests=sum(r.requests for r in rounds), errors=sum(r.errors for r in rounds))


def check_ours_saves(base_url: str, path: str, body: str) -> None:
    """One save by hand before the load: it must be acknowledged with the redirect to page 2."""
    import requests

    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    with requests.post(base_url + path, data=body, headers=headers, timeout=30, allow_redirects=False) as response:
        if response.status_code != 302 or not response.headers["Location"].endswith("/page/2"):
            raise RuntimeError(f"the page save answered {response.status_code}, not a redirect to page 2")


def run(kind: str, attempts: int, rounds: int) -> tuple[list[Figures], list[Figures]]:
    """Both endpoints, each on a fresh database of `kind`, both served at once and loaded in turn.

    Rounds alternate bare, ours, bare, ours... so that a slow spell of the machine (disk flushes,
    neighbours) weighs on both alike.
    """
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-wrk-")))
        bare_url = stack.enter_context(temporary_database(kind))
        bare_pairs = prepare_bare(bare_url, attempts)
        ours_url = stack.enter_context(temporary_database(kind))
        tokens = prepare_ours(ours_url, attempts)
        servers = {
            "bare": stack.enter_context(gunicorn("candidate_save:bare_app()", {"BENCH_DATABASE_URL": bare_url}, HERE)),
            "ours": stack.enter_context(serve_ours(ours_url)),
        }
        ours_pairs = first_page_posts(servers["ours"], tokens)
        check_ours_saves(servers["ours"], *ours_pairs[-1])
        pairs_files = {"bare": workdir / "bare.txt", "ours": workdir / "ours.txt"}
        for name, pairs in (("bare", bare_pairs), ("ours", ours_pairs)):
            pairs_files[name].write_text("".join(f"{path} {body}\n" for path, body in pairs))
        results: dict[str, list[Figures]] = {"bare": [], "ours": []}
        for name in ("bare", "ours"):
            wrk(servers[name], pairs_files[name], WARMUP_S)
        for _ in range(rounds):
            for name in ("bare", "ours"):
                results[name].append(wrk(servers[name], pairs_files[name], DURATION_S))
    return results["bare"], results["ours"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=1500, help="pre-created attempts wrk rotates over")
    parser.add_argument("--rounds", type=int, default=3, help="measured runs of each endpoint (medians shown)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], action="append",
                        help="run on this database only (repeatable; default both)")
    arguments = parser.parse_args()
    print(f"gunicorn {WORKERS} sync workers; wrk -t{WRK_THREADS} -c{CONNECTIONS}, {WARMUP_S} s warm-up, then "
          f"{arguments.rounds} alternating rounds of {DURATION_S} s each (medians shown); "
          f"{arguments.attempts} attempts; {os.cpu_count()} CPUs", flush=True)
    for kind in arguments.database or ["sqlite", "postgresql"]:
        bare_rounds, ours_rounds = run(kind, arguments.attempts, arguments.rounds)
        bare, ours = median(bare_rounds), median(ours_rounds)
        throughput = ours.requests_per_s / bare.requests_per_s
        p99 = ours.p99_ms / bare.p99_ms
        print(f"\n{kind}\n  bare  {bare}\n  ours  {ours}")
        for name, rounds in (("bare", bare_rounds), ("ours", ours_rounds)):
            print(f"  {name} rounds: " + ", ".join(f"{r.requests_per_s:.0f} req/s p99 {r.p99_ms:.0f} ms" for r in rounds))
        print(f"  ours/bare: throughput {throughput:.2f}x (target >= {TARGET_THROUGHPUT_RATIO}x: "
              f"{'met' if throughput >= TARGET_THROUGHPUT_RATIO else 'MISSED'}), "
              f"p99 {p99:.2f}x (target <= {TARGET_P99_RATIO}x: {'met' if p99 <= TARGET_P99_RATIO else 'MISSED'})",
              flush=True)


if __name__ == "__main__":
    main()
