"""The report's designed page count holds for the longest content the shipped banks can produce,
and its charts' names sit level with their rows.

Design: cover, competencies, one page per weakness, motivation, response validity, methodology:
5 pages plus one per weakness. A candidate without weaknesses gets 5 pages; one weak on every
competency of sales_rep gets 15. Each case below renders the most crowded profile of a simulated
sample (most weaknesses, the motivators with the longest advice on top) and checks the count, so
that no page's content spills onto an extra page.
"""
from __future__ import annotations

import dataclasses
import re

import pytest
from flask import Flask, render_template

from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.reports import CandidateFacts, build_report_context
from assessment.reports.pdf import render_pdf
from assessment.reports.wording import DescribedProfile, describe
from assessment.scoring.model import load_scoring_model
from assessment.scoring.profile import Scorer
from assessment.scoring.simulation import simulate
from tests.reports.reading import Word, pdf_pages, pdf_words

BANKS = ("sales_rep", "sales_manager", "sales_executive")
FACTS = CandidateFacts(name="Maximilian Alexander Featherstonehaugh-Worthington", email="max@example.com",
                       job_title="Senior Enterprise Account Executive, Strategic Accounts",
                       location="San Francisco Bay Area, California", organisation="Northwind Traders International",
                       completed_on="29 November 2026")


def _crowded_profile(bank_id: str, fewest_weaknesses: bool) -> DescribedProfile:
    bank = load_bank(PROJECT_ROOT / "question_banks" / f"{bank_id}.yaml")
    scorer = Scorer(bank, load_scoring_model(PROJECT_ROOT / "scoring_models" / f"{bank_id}.json"))
    codes = simulate(bank, 200, seed=7).responses.codes
    profiles = [describe(scorer.score(codes, benchmark.id).profile(i), bank)
                for benchmark in bank.benchmarks for i in range(200)]
    profile = min(profiles, key=lambda p: (len(p.weaknesses) * (1 if fewest_weaknesses else -1), -len(p.reasons)))
    motivators = sorted(profile.motivators, key=lambda m: -sum(len(tip) for tip in m.management_tips) - len(m.description))
    return dataclasses.replace(profile, motivators=tuple(motivators))


def _pdf(app: Flask, profile: DescribedProfile) -> bytes:
    report = build_report_context(profile, FACTS, None)
    with app.app_context():
        html = render_template("report/report.html", report=report)
    return render_pdf(html, title=report.title, author=report.author)


def _pages(app: Flask, profile: DescribedProfile) -> list[str]:
    pages = pdf_pages(_pdf(app, profile))
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    return pages


def _page_count(app: Flask, profile: DescribedProfile) -> int:
    return len(_pages(app, profile))


@pytest.mark.parametrize("bank_id", BANKS)
def test_one_page_per_weakness_even_for_the_longest_content(app: Flask, bank_id: str) -> None:
    profile = _crowded_profile(bank_id, fewest_weaknesses=False)
    assert len(profile.weaknesses) >= 5
    assert _page_count(app, profile) == 5 + len(profile.weaknesses)


def test_a_candidate_without_weaknesses_gets_five_pages(app: Flask) -> None:
    profile = _crowded_profile("sales_rep", fewest_weaknesses=True)
    assert _page_count(app, dataclasses.replace(profile, weaknesses=())) == 5


def test_the_contents_give_the_page_each_part_is_on(app: Flask) -> None:
    profile = _crowded_profile("sales_rep", fewest_weaknesses=False)
    pages = _pages(app, profile)
    weaknesses = len(profile.weaknesses)
    parts = {  # how the contents name a part: what its page says
        "Competencies against the job": "Percentiles against the norm group",
        f"{weaknesses} weaknesses with coaching plans and interview questions": f"Weakness 1 of {weaknesses}:",
        "Motivation": "What motivates",
        "Response validity": "Attention checks",
        "Methodology": "Norm group",
    }
    for name, heading in parts.items():
        page = int(re.search(rf"{name}, page (\d+)", pages[0]).group(1))
        assert heading in pages[page - 1], (name, page)


#: The printed charts' rows are 6 mm, their names' line height (templates/report/figures.html). The
#: plot writes its scale 18 units (of 0.2 mm) below its last row, whose middle is 15 units above
#: that row's end; the middle of an 11-unit DejaVu Sans digit is 0.346 em above its baseline.
POINTS_PER_MM = 72 / 25.4
ROW_PT = 6 * POINTS_PER_MM
SCALE_BELOW_LAST_ROW_PT = (18 + 15 - 0.346 * 11) * 0.2 * POINTS_PER_MM


def _name_middle(words: list[Word], name: str, scale: Word) -> float:
    """The middle of the line that reads `name`, left of the chart's scale and above it."""
    lines: dict[float, list[Word]] = {}
    for word in words:
        if word.right <= scale.left and word.bottom <= scale.top:
            lines.setdefault(round(word.top, 1), []).append(word)
    matches = [line[0].middle for line in lines.values()
               if " ".join(word.text for word in sorted(line, key=lambda w: w.left)) == name]
    assert len(matches) == 1, (name, matches)
    return matches[0]


@pytest.mark.parametrize("bank_id", BANKS)
def test_each_chart_name_sits_level_with_its_row(app: Flask, bank_id: str) -> None:
    """The names are text beside a picture of the plot: each must line up with its row of the
    picture, on the competencies page and on a weakness page's one-row chart."""
    profile = _crowded_profile(bank_id, fewest_weaknesses=False)
    pdf = _pdf(app, profile)
    charts = {2: [competency.name for competency in profile.competencies], 3: [profile.weaknesses[0].name]}
    for page, names in charts.items():
        words = pdf_words(pdf, page)
        scale = next(word for word in words if word.text == "0"
                     and any(other.text == "100" and abs(other.top - word.top) < 1 for other in words))
        middles = [_name_middle(words, name, scale) for name in names]
        for above, below in zip(middles, middles[1:]):
            assert below - above == pytest.approx(ROW_PT, abs=0.3), (page, names)
        assert scale.middle - middles[-1] == pytest.approx(SCALE_BELOW_LAST_ROW_PT, abs=1), (page, names)
