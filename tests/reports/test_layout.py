"""The report's pages: the designed page count holds for the longest content the shipped banks can
produce, the contents give the page each part really starts on for any bank, and the charts'
names sit level with their rows.

Design: cover, competencies, one page per weakness, motivation, response validity, methodology:
5 pages plus one per weakness. A candidate without weaknesses gets 5 pages; one weak on every
competency of sales_rep gets 15. Each case below renders the most crowded profile of a simulated
sample (most weaknesses, the motivators with the longest advice on top) and checks the count, so
that no page's content spills onto an extra page. A bank with longer advice than the shipped ones
(tests/banks/fixtures/overflow_sales) runs over those pages: its contents must still be right.
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
from assessment.scoring.calibration import calibrate
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
#: A bank whose coaching plans and interview questions take more than a page per weakness.
OVERFLOW_BANK = PROJECT_ROOT / "tests" / "banks" / "fixtures" / "overflow_sales" / "overflow_sales.yaml"


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


def _assert_contents_are_true(pages: list[str], weaknesses: int) -> None:
    """Each contents entry of the cover gives the first page that shows its part's heading."""
    parts = {  # how the contents name a part: what its first page says
        "Competencies against the job": "Percentiles against the norm group",
        "Motivation": "What motivates",
        "Response validity": "Attention checks",
        "Methodology": "Norm group",
    }
    if weaknesses:
        name = f"{weaknesses} weakness{'es' if weaknesses > 1 else ''} with coaching plans and interview questions"
        parts[name] = f"Weakness 1 of {weaknesses}:"
    for name, heading in parts.items():
        listed = int(re.search(rf"{name}, page (\d+)", pages[0]).group(1))
        first = next(number for number, page in enumerate(pages, start=1) if heading in page)
        assert listed == first, (name, listed, first)


@pytest.mark.parametrize("bank_id", BANKS)
def test_the_contents_give_the_page_each_part_is_on(app: Flask, bank_id: str) -> None:
    profile = _crowded_profile(bank_id, fewest_weaknesses=False)
    _assert_contents_are_true(_pages(app, profile), len(profile.weaknesses))


def test_the_contents_stay_true_when_parts_run_over_their_page(app: Flask) -> None:
    bank = load_bank(OVERFLOW_BANK)
    codes = simulate(bank, 300, seed=3).responses.codes
    model = calibrate(bank, codes, source="simulated", description="a sample for the layout tests")
    batch = Scorer(bank, model).score(codes, bank.benchmarks[0].id)
    profile = describe(max((batch.profile(i) for i in range(len(batch))), key=lambda p: len(p.weaknesses)), bank)
    weaknesses = len(profile.weaknesses)
    assert weaknesses >= 2
    pages = _pages(app, profile)
    assert len(pages) >= 5 + 2 * weaknesses  # each weakness ran over onto a second page
    _assert_contents_are_true(pages, weaknesses)
    starts = [[n for n, page in enumerate(pages, start=1) if f"Weakness {number} of {weaknesses}:" in page]
              for number in range(1, weaknesses + 1)]
    assert all(len(pages_of) == 1 for pages_of in starts) and starts == sorted(starts)  # one heading each, in turn
    assert starts[-1][0] - starts[0][0] >= 2 * (weaknesses - 1)  # two pages or more each


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
