"""Rendered PDFs kept as files, so that a second download is immediate and workers share them.

One file per result, template version and content fingerprint: `<result id>-v<version>-<fp>.pdf`
in the directory given (the app uses `<instance>/report_cache/`). A file is written to a temporary
name and moved into place with `os.replace`, so a reader sees either no file or a whole one, even
when two workers render the same report at once. The files hold personal data: they are created
readable by the owner only, and `keep_only` removes those of results that no longer exist
(`flask retention purge` calls it).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["REPORT_TEMPLATE_VERSION", "ReportCache", "instance_report_cache"]

#: Bump whenever templates/report/, the chart macros or the report's wording change: cached PDFs
#: of older versions are then no longer served (and are replaced as they are downloaded again).
REPORT_TEMPLATE_VERSION = "4"


class ReportCache:
    """PDF files by result id and content fingerprint, for the current template version."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, result_id: int, fingerprint: str) -> Path:
        """Where the PDF of this result and content lives (whether or not it exists yet)."""
        return self.directory / f"{int(result_id)}-v{REPORT_TEMPLATE_VERSION}-{fingerprint}.pdf"

    def get_or_render(self, result_id: int, fingerprint: str, render: Callable[[], bytes]) -> Path:
        """The cached file, rendering and storing it first when it is missing."""
        path = self.path(result_id, fingerprint)
        if not path.exists():
            self.store(path, render())
        return path

    def store(self, path: Path, pdf: bytes) -> None:
        """Write atomically, then drop the result's files of older versions or content."""
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(pdf)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for stale in self.directory.glob(f"{_result_id(path)}-*.pdf"):
            if stale != path:
                stale.unlink(missing_ok=True)

    def files_not_of(self, result_ids: Iterable[int]) -> list[Path]:
        """The cached PDFs of every result not among `result_ids`."""
        kept = _names(result_ids)
        files = sorted(self.directory.glob("*-v*.pdf")) if self.directory.is_dir() else []
        return [path for path in files if _result_id(path) not in kept]

    def keep_only(self, result_ids: Iterable[int]) -> int:
        """Remove the PDFs of every result not among `result_ids` (results that no longer exist);
        returns how many files were removed."""
        removed = self.files_not_of(result_ids)
        for path in removed:
            path.unlink(missing_ok=True)
        return len(removed)


def _names(result_ids: Iterable[int]) -> set[str]:
    """Result ids as cached files' names begin with them."""
    return {str(int(result_id)) for result_id in result_ids}


def _result_id(path: Path) -> str:
    """The result id a cached file's name begins with (see `ReportCache.path`)."""
    return path.name.split("-", 1)[0]


def instance_report_cache(instance_path: str | Path) -> ReportCache:
    """The app's PDF cache, shared by its workers: `<instance>/report_cache/`."""
    return ReportCache(Path(instance_path) / "report_cache")
