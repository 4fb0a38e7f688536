"""The report's designed page count holds for the longest content the shipped banks can produce.

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
from assessment.scoring.model import load_scoring_model
from assessment.scoring.profile import Scorer
from assessment.scoring.simulation import simulate
from tests.reports.reading import pdf_pages

BANKS = ("sales_rep", "sales_manager", "sales_executive")
FACTS = CandidateFacts(name="Maximilian Alexander Featherstonehaugh-Worthington", email="max@example.com",
                       job_title="Senior Enterprise Account Executive, Strategic Accounts",
                       location="San Francisco Bay Area, California", organisation="Northwind Traders International",
                       completed_on="29 November 2026")


def _crowded_profile(bank_id: str, fewest_weaknesses: bool) -> dict:
    bank = load_bank(PROJECT_ROOT / "question_banks" / f"{bank_id}.yaml")
    scorer = Scorer(bank, load_scoring_model(PROJECT_ROOT / "scoring_models" / f"{bank_id}.json"))
    codes = simulate(bank, 200, seed=7).responses.codes
    profiles = [scorer.score(codes, benchmark.id).profile(i) for benchmark in bank.benchmarks for i in range(200)]
    profile = dataclasses.asdict(min(profiles, key=lambda p: (len(p.weaknesses) * (1 if fewest_weaknesses else -1),
                                                               -len(p.reasons))))
    profile["motivators"].sort(key=lambda m: -sum(len(tip) for tip in m["management_tips"]) - len(m["description"]))
    return profile


def _pages(app: Flask, profile: dict) -> list[str]:
    report = build_report_context(profile, FACTS, None)
    with app.app_context():
        html = render_template("report/report.html", report=report)
    pages = pdf_pages(render_pdf(html, title=report.title, author=report.author))
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    return pages


def _page_count(app: Flask, profile: dict) -> int:
    return len(_pages(app, profile))


@pytest.mark.parametrize("bank_id", BANKS)
def test_one_page_per_weakness_even_for_the_longest_content(app: Flask, bank_id: str) -> None:
    profile = _crowded_profile(bank_id, fewest_weaknesses=False)
    assert len(profile["weaknesses"]) >= 5
    assert _page_count(app, profile) == 5 + len(profile["weaknesses"])


def test_a_candidate_without_weaknesses_gets_five_pages(app: Flask) -> None:
    profile = _crowded_profile("sales_rep", fewest_weaknesses=True)
    profile["weaknesses"] = []
    assert _page_count(app, profile) == 5


def test_the_contents_give_the_page_each_part_is_on(app: Flask) -> None:
    profile = _crowded_profile("sales_rep", fewest_weaknesses=False)
    pages = _pages(app, profile)
    weaknesses = len(profile["weaknesses"])
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
