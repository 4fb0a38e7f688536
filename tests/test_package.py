"""The product as an operator installs it: the built wheel in a fresh virtual environment, used
from a folder outside the repository; and `make run`'s address.

The wheel test is slow (a build, and a virtual environment whose dependencies pip installs from
the package index, quick from pip's cache): it carries the `package` marker, which the usual runs
leave out and `make test-package` runs, once per `make test`.
"""
from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from pypdf import PdfReader

REPOSITORY = Path(__file__).resolve().parents[1]
#: Seconds the installed server has to answer its first request.
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class Installation:
    """The wheel installed in a virtual environment of its own, and a folder to run it from."""

    wheel: Path
    bin: Path
    workdir: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A command of the virtual environment, run outside the repository; it must succeed."""
        done = subprocess.run([str(self.bin / args[0]), *args[1:]], cwd=self.workdir, env=self.env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Installation:
    """`python -m build`, then `pip install` of the wheel (not editable) into a new virtual environment."""
    root = tmp_path_factory.mktemp("package")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(root / "dist"), str(REPOSITORY)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = (root / "dist").glob("*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=120)
    bin_dir = root / "venv" / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "--no-compile", str(wheel)], check=True, capture_output=True,
                   timeout=600)
    workdir = root / "elsewhere"
    workdir.mkdir()
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PYTHON", "FLASK_", "ASSESSMENT_", "VIRTUAL_ENV"))
           and name not in ("DATABASE_URL", "QUESTION_BANKS_DIR", "SCORING_MODELS_DIR")}
    port = _free_port()
    env |= {"DATABASE_URL": f"sqlite:///{workdir / 'assessment.sqlite3'}",
            "ASSESSMENT_BASE_URL": f"http://127.0.0.1:{port}"}
    return Installation(wheel, bin_dir, workdir, env)


@pytest.mark.package
def test_the_wheel_holds_every_module_and_data_file(installation: Installation) -> None:
    with zipfile.ZipFile(installation.wheel) as wheel:
        names = set(wheel.namelist())
    sources = {path.relative_to(REPOSITORY).as_posix() for path in (REPOSITORY / "assessment").rglob("*")
               if path.is_file() and "__pycache__" not in path.parts}
    assert sources <= names, f"missing from the wheel: {sorted(sources - names)}"
    for folder, pattern in [("templates", "**/*.html"), ("question_banks", "**/*.yaml"), ("scoring_models", "*.json")]:
        shipped = {f"assessment/{path.relative_to(REPOSITORY).as_posix()}" for path in (REPOSITORY / folder).glob(pattern)}
        assert shipped and shipped <= names, f"missing from the wheel: {sorted(shipped - names)}"


@pytest.fixture(scope="module")
def demo(installation: Installation) -> Iterator[str]:
    """`flask db upgrade` and `flask demo` on SQLite, then gunicorn serving the installed package;
    yields what `flask demo` printed."""
    installation.run("flask", "--app", "assessment", "db", "upgrade")
    printed = installation.run("flask", "--app", "assessment", "demo").stdout
    base_url = installation.env["ASSESSMENT_BASE_URL"]
    log = (installation.workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(installation.bin / "gunicorn"), "--bind", base_url.removeprefix("http://"), "--workers", "1",
         "--threads", "2", "--no-control-socket", "assessment.wsgi:app"],
        cwd=installation.workdir, env=installation.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(base_url + "/signin", server)
        yield printed
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped; see gunicorn.log"
        try:
            requests.get(url, timeout=START_TIMEOUT_S)
            return
        except requests.ConnectionError:  # not listening yet (a busy worker's first answer just waits)
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url} within {START_TIMEOUT_S} s")


@pytest.mark.package
def test_the_installed_package_runs_from_outside_the_repository(installation: Installation) -> None:
    where = installation.run("python", "-c", "import assessment.paths as p; print(p.PACKAGE_DIR, p.PROJECT_ROOT)")
    package_dir, data_root = where.stdout.split()
    assert Path(package_dir).is_relative_to(installation.bin.parent), "the repository's code was imported"
    assert data_root == package_dir  # templates, banks and models come from inside the installed package


@pytest.mark.package
def test_a_demo_candidate_link_serves_its_job(installation: Installation, demo: str) -> None:
    base_url = installation.env["ASSESSMENT_BASE_URL"]
    assert f"Staff sign-in: {base_url}/signin" in demo
    job_title, link = re.search(rf"^  (.+): ({re.escape(base_url)}/apply/\S+)$", demo, re.MULTILINE).groups()
    page = requests.get(link, timeout=30)
    assert page.status_code == 200
    assert job_title in page.text


@pytest.mark.package
def test_the_demo_manager_downloads_a_pdf_report(installation: Installation, demo: str) -> None:
    base_url = installation.env["ASSESSMENT_BASE_URL"]
    email, password = re.search(r"manager\s+(\S+)\s+password: (\S+)", demo).groups()
    browser = requests.Session()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', browser.get(f"{base_url}/signin", timeout=30).text)[1]
    signed_in = browser.post(f"{base_url}/signin", data={"email": email, "password": password, "csrf_token": token},
                             timeout=30)
    assert signed_in.status_code == 200 and "/signin" not in signed_in.url

    report = _first_report_link(browser, base_url)
    pdf = browser.get(report, timeout=120)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= 5


def _first_report_link(browser: requests.Session, base_url: str) -> str:
    """The PDF report link of the first candidate the dashboard leads to, as a manager clicks there."""
    dashboard = browser.get(f"{base_url}/", timeout=30).text
    for campaign in dict.fromkeys(re.findall(r'href="(/campaigns/\d+)"', dashboard)):
        page = browser.get(base_url + campaign, timeout=30).text
        for candidate in re.findall(rf'href="({campaign}/candidates/\d+)"', page):
            links = re.findall(r'href="([^"]+/report\.pdf)"', browser.get(base_url + candidate, timeout=30).text)
            if links:
                return base_url + links[0]
    raise AssertionError("no candidate with a report on the demo manager's pages")


def test_make_run_serves_and_links_on_the_given_host_and_port() -> None:
    # A `make` running this test passes its own flags and variables down; this one must see none.
    env = {name: value for name, value in os.environ.items()
           if name not in ("ASSESSMENT_BASE_URL", "HOST", "PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    dry_run = subprocess.run(["make", "--dry-run", "run", "PORT=8080"], cwd=REPOSITORY, env=env,
                             capture_output=True, text=True, timeout=60, check=True).stdout
    assert "ASSESSMENT_BASE_URL='http://127.0.0.1:8080' .venv/bin/flask --app assessment demo" in dry_run
    assert re.search(r"ASSESSMENT_BASE_URL='http://127\.0\.0\.1:8080' \S*gunicorn --bind 127\.0\.0\.1:8080 ", dry_run)

    elsewhere = subprocess.run(["make", "--dry-run", "run", "HOST=0.0.0.0", "ASSESSMENT_BASE_URL=https://assess.example.com"],
                               cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    assert "ASSESSMENT_BASE_URL='https://assess.example.com' .venv/bin/flask --app assessment demo" in elsewhere
    assert "gunicorn --bind 0.0.0.0:5000 " in elsewhere
