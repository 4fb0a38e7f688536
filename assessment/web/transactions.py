"""The request boundary: the one place where a request's transaction is opened and committed.

A request writes when its method is not GET, HEAD or OPTIONS, or when its view is marked with
`writes` (a candidate's question page, which records when it was first shown). A writing request's transaction begins as a
write transaction (``BEGIN IMMEDIATE`` on SQLite, at its first statement, whichever hook or view
runs it); the boundary commits it once when the view returns and then runs the after-commit
steps, or rolls it back when the view raises. Any other request only reads: its transaction
is rolled back at its end, then the steps it left with `after_commit` run, each in a short write
transaction of its own (report views log their accesses so). Views and services never commit.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, g, request

from ..db import commit, end_reading, rollback, writing

_View = TypeVar("_View", bound=Callable[..., Any])

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes(view: _View) -> _View:
    """Mark a GET view as writing, so that the boundary opens a write transaction and commits it.

    Place it right under the route decorator: the boundary reads the mark on the routed view.
    """
    view.writes = True  # type: ignore[attr-defined]
    return view


def register_request_boundary(app: Flask) -> None:
    """Put every view of the app inside the boundary; call once every blueprint is registered."""
    # The app's hooks run before any blueprint's: the kind of transaction is set before the
    # staff pages' sign-in check reads the database.
    app.before_request(_open)
    app.teardown_request(_close)
    for endpoint, view in app.view_functions.items():
        app.view_functions[endpoint] = _committing(view)


def _request_writes() -> bool:
    if request.method not in READ_ONLY_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "writes", False)


def _open() -> None:
    g.request_writes = _request_writes()
    if g.request_writes:
        g.write_boundary = ExitStack()
        g.write_boundary.enter_context(writing())


def _close(_error: BaseException | None) -> None:
    if "write_boundary" in g:
        g.pop("write_boundary").close()


def _committing(view: _View) -> _View:
    @wraps(view)
    def within_boundary(*args: Any, **kwargs: Any) -> Any:
        if not g.get("request_writes"):
            response = view(*args, **kwargs)
            end_reading()  # runs what the view left for after its reads (`after_commit`)
            return response
        try:
            response = view(*args, **kwargs)
        except BaseException:
            rollback()
            raise
        commit()
        return response

    return within_boundary  # type: ignore[return-value]
