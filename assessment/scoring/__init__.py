"""The scoring engine: from a bank's response codes to scale scores, norms and profiles.

Pure numpy (with SciPy for its special functions): no Flask, no database. Everything takes a bank and
arrays and returns arrays or dataclasses, so one candidate and a million go through the same code.
See docs/methodology.md for the formulas.
"""
