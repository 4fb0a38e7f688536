"""The SVG charts leave room for every label: no name is cut at the chart's left edge."""
from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from PIL import ImageFont

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT

#: The charts' label font (Debian fonts-dejavu-core, installed by the setup) at their 13px.
LABEL_FONT = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 13)


def _right_aligned_labels(svg: str) -> list[tuple[float, str]]:
    """(x, text) of each label that ends at x (text-anchor end)."""
    return [(float(x), text) for x, text in
            re.findall(r'<text x="([\d.]+)"[^>]*class="label" text-anchor="end">([^<]+)</text>', svg)]


@pytest.mark.parametrize("bank_id", ["sales_rep", "sales_manager", "sales_executive"])
def test_every_label_fits_left_of_its_chart(app: Flask, bank_id: str) -> None:
    bank = load_bank(PROJECT_ROOT / "question_banks" / f"{bank_id}.yaml")
    competencies = [{"name": c.name, "scored": True, "band_low": 10.0, "band_high": 30.0, "percentile": 20.0,
                     "required_percentile": 50, "band_label": "development need"} for c in bank.competencies]
    motivators = [{"rank": rank, "name": m.name, "score": 0.1} for rank, m in enumerate(bank.motivators, start=1)]
    with app.app_context():
        charts = app.jinja_env.get_template("charts.html").module
        svgs = [str(charts.competency_chart(competencies)), str(charts.motivator_chart(motivators))]
    labels = [label for svg in svgs for label in _right_aligned_labels(svg)]
    assert len(labels) == len(competencies) + len(motivators)
    for x, text in labels:
        assert LABEL_FONT.getlength(html.unescape(text)) <= x, text
