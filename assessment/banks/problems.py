"""What a question-bank check reports: one problem per line, with where to look."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a question-bank file.

    Problems are plain values so that the linter, the web app and the tests can all compare,
    sort and print them the same way: ``file:line: where: message``, the shape editors and CI
    logs already know how to jump to.

    Attributes
    ----------
    file : str
        The file that holds the problem (an included fragment names itself, not the bank).
    line : int
        1-based line number in ``file``.
    where : str
        The item or field concerned, e.g. ``items[pro_01].keyed``.
    message : str
        What is wrong, in words a content author can act on.
    """

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.where}: {self.message}"


class BankValidationError(ValueError):
    """Raised when a bank fails validation; carries every problem found, not just the first.

    Reporting everything at once lets a content author fix a bank in one pass instead of
    re-running the loader after each fix.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
