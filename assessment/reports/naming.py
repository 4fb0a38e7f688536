"""The download name of a report: `Doe_Jane_Account-Executive_report.pdf`, ASCII only."""
from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")
#: Longest part (person, job): file systems allow 255 bytes per name, and shorter reads better.
MAX_PART = 80


def report_filename(candidate_name: str, job_title: str) -> str:
    """Last name, first names, job title, each made ASCII-safe (accents dropped, symbols removed).

    >>> report_filename("Jane Doe", "Account Executive")
    'Doe_Jane_Account-Executive_report.pdf'
    >>> report_filename("José María Núñez", "Sales Development Rep. (EMEA)")
    'Nunez_Jose-Maria_Sales-Development-Rep-EMEA_report.pdf'
    """
    names = _words(candidate_name)
    person = "_".join(filter(None, (names[-1] if names else "", "-".join(names[:-1])))) or "candidate"
    job = file_slug(job_title) or "job"
    return f"{person[:MAX_PART]}_{job[:MAX_PART]}_report.pdf"


def file_slug(text: str) -> str:
    """ASCII letters, digits and hyphens only: safe in a Content-Disposition header anywhere.

    >>> file_slug("Sales Development Rep. (EMEA)")
    'Sales-Development-Rep-EMEA'
    """
    return "-".join(_words(text))[:MAX_PART]


def _words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [word for word in _NOT_WORD.split(ascii_text) if word]
