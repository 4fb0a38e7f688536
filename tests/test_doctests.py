"""The examples in the package's docstrings, run as tests so that they stay true.

Every module of `assessment` is searched but two: the migrations, which Alembic runs in its own
context, and `assessment.wsgi`, whose import builds the production app from the environment.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import assessment

SKIPPED = {"assessment.wsgi"}


def _docstring_examples() -> list[doctest.DocTest]:
    modules = [importlib.import_module(info.name)
               for info in pkgutil.walk_packages(assessment.__path__, "assessment.") if info.name not in SKIPPED]
    finder = doctest.DocTestFinder()
    return [test for module in [assessment, *modules] for test in finder.find(module) if test.examples]


@pytest.mark.parametrize("example", _docstring_examples(), ids=lambda test: test.name)
def test_docstring_examples(example: doctest.DocTest) -> None:
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(example, out=report.append)
    assert runner.failures == 0, "".join(report)
