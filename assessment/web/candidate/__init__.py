"""Candidate pages, reached from a campaign's public link; they never rely on cookies."""
from flask import Blueprint

bp = Blueprint("candidate", __name__)

from . import views  # noqa: E402,F401  (registers the routes on `bp`)
