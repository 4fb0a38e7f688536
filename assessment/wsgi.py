"""The application as production servers load it: `gunicorn 'assessment.wsgi:app'`.

The app is built from the environment (README, "Configuration"), then the start-up objects are
frozen out of the garbage collector's walks (`freeze_start_up_objects`): without that, a full
collection walks them all again in the middle of some request, most often a PDF render.
"""
from __future__ import annotations

from . import create_app, freeze_start_up_objects

app = create_app()
freeze_start_up_objects()
