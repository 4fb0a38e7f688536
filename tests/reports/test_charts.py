"""The charts leave room for every label: no name is cut at the chart's left edge on the page, nor
overlaps the plot in the printed report."""
from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from PIL import ImageFont

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.scoring.verdicts import BandLabel

DEJAVU_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian fonts-dejavu-core, installed by the setup
#: The charts' label font at their 13px.
LABEL_FONT = ImageFont.truetype(DEJAVU_SANS, 13)
#: The printed charts' names, 8.5pt, at 100 units to the millimetre.
PRINTED_LABEL_FONT = ImageFont.truetype(DEJAVU_SANS, round(8.5 * 25.4 / 72 * 100))


def _right_aligned_labels(svg: str) -> list[tuple[float, str]]:
    """(x, text) of each label that ends at x (text-anchor end)."""
    return [(float(x), text) for x, text in
            re.findall(r'<text x="([\d.]+)"[^>]*class="label" text-anchor="end">([^<]+)</text>', svg)]


def _chart_data(bank_id: str) -> tuple[list[dict], list[dict]]:
    """Competencies and motivators of a bank, as the chart macros read them."""
    bank = load_bank(PROJECT_ROOT / "question_banks" / f"{bank_id}.yaml")
    competencies = [{"name": c.name, "scored": True, "band_low": 10.0, "band_high": 30.0, "percentile": 20.0,
                     "required_percentile": 50, "band": BandLabel.DEVELOPMENT_NEED} for c in bank.competencies]
    motivators = [{"rank": rank, "name": m.name, "score": 0.1} for rank, m in enumerate(bank.motivators, start=1)]
    return competencies, motivators


@pytest.mark.parametrize("bank_id", ["sales_rep", "sales_manager", "sales_executive"])
def test_every_label_fits_left_of_its_chart(app: Flask, bank_id: str) -> None:
    competencies, motivators = _chart_data(bank_id)
    with app.app_context():
        charts = app.jinja_env.get_template("charts.html").module
        svgs = [str(charts.competency_chart(competencies)), str(charts.motivator_chart(motivators))]
    labels = [label for svg in svgs for label in _right_aligned_labels(svg)]
    assert len(labels) == len(competencies) + len(motivators)
    for x, text in labels:
        assert LABEL_FONT.getlength(html.unescape(text)) <= x, text


@pytest.mark.parametrize("bank_id", ["sales_rep", "sales_manager", "sales_executive"])
def test_every_printed_name_fits_its_column(app: Flask, bank_id: str) -> None:
    """The printed report sets the names as text in a column sized by the template; none may be
    wider than that column, or it would run into the plot."""
    competencies, motivators = _chart_data(bank_id)
    with app.app_context():
        figures = app.jinja_env.get_template("report/figures.html").module
        markup = str(figures.competency_figure(competencies)) + str(figures.motivator_figure(motivators))
    columns = re.findall(r'<p class="chart-labels" style="width: ([\d.]+)mm;[^"]*">(.*?)</p>', markup, flags=re.S)
    names = [(float(width), html.unescape(name)) for width, names in columns for name in names.split("<br>")]
    assert len(names) == len(competencies) + len(motivators)
    for width, name in names:
        assert PRINTED_LABEL_FONT.getlength(name) / 100 <= width, name
