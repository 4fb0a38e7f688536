"""PDF report speed: our complete candidate report against a plain document of the same length.

The plain document is the least a 5-page report can cost with WeasyPrint: five pages of text,
three SVG charts and two tables, one short stylesheet, written here. Ours is the real report of a
candidate without weaknesses (5 pages by design: cover, competencies, motivation, validity,
methodology), rendered from the real template with the real renderer, its fetcher, stylesheet and
metadata. Both are rendered warm (after one untimed run), several times and taking turns, in one
process set up as the production server sets up its own (`assessment.wsgi`: start-up objects
frozen out of the garbage collector, whose full walks would otherwise add 60-100 ms to whichever
render triggers one). The benchmark prints the medians and their ratio, and the Python calls of
one render of each, a figure that does not move with the machine's speed. Target: ours within
1.5x of the plain document, under about 1 s (the templates say what they mean first: page numbers
from the renderer, list markers drawn by it, a palette of custom properties).

    .venv/bin/python benchmarks/report.py [--runs 15] [--bank sales_rep]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable

from flask import render_template
from pypdf import PdfReader
from weasyprint import HTML

from assessment import create_app, freeze_start_up_objects
from assessment.banks import load_bank
from assessment.config import PROJECT_ROOT
from assessment.reports import CandidateFacts, NormFacts, build_report_context
from assessment.reports.pdf import render_pdf
from assessment.reports.wording import describe
from assessment.scoring.model import load_scoring_model
from assessment.scoring.profile import Scorer
from assessment.scoring.simulation import simulate

PARAGRAPH = ("A strong seller asks open and follow-up questions, listens more than they talk, finds the business "
             "problem behind the request together with its cost and urgency, and checks their understanding. ")


#: Paragraphs of three sentences that fill a page below a chart, or below a table.
CHART_PAGE_PARAGRAPHS = 5
TABLE_PAGE_PARAGRAPHS = 4


def bar_chart(rows: int, seed: int) -> str:
    """A horizontal bar chart as SVG text, about as busy as the report's charts."""
    bars = []
    for row in range(rows):
        value = (seed * 37 + row * 53) % 100
        y = 10 + row * 28
        bars.append(f'<text x="220" y="{y + 14}" text-anchor="end" font-size="13">Row {row + 1}</text>'
                    f'<rect x="230" y="{y + 3}" width="{value * 4.7:.1f}" height="16" fill="#1f4e8c"/>'
                    f'<circle cx="{230 + value * 4.7:.1f}" cy="{y + 11}" r="5" fill="#111"/>')
    grid = "".join(f'<line x1="{230 + p * 4.7}" y1="5" x2="{230 + p * 4.7}" y2="{rows * 28 + 10}" stroke="#ccc"/>'
                   for p in (0, 25, 50, 75, 100))
    return (f'<svg viewBox="0 0 720 {rows * 28 + 30}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            f'{grid}{"".join(bars)}</svg>')


def table(rows: int) -> str:
    body = "".join(f"<tr><td>Competency {r + 1}</td><td>{(r * 17) % 100}</td><td>{(r * 7) % 30}–{(r * 7) % 30 + 40}"
                   f"</td><td>{50 + r % 3 * 5}</td><td>important</td></tr>" for r in range(rows))
    return ("<table><thead><tr><th>Name</th><th>Percentile</th><th>Band</th><th>Needs</th><th>Importance</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")


def plain_document() -> str:
    """Five pages: three with a chart, two with a table, each with text; page numbers in CSS."""
    style = """<style>
      @page { size: A4; margin: 22mm 18mm 20mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
      body { font-family: "DejaVu Sans"; font-size: 9.5pt; line-height: 1.4; }
      section { break-before: page; } section:first-child { break-before: auto; }
      table { width: 100%; border-collapse: collapse; } td, th { border-bottom: 0.5pt solid #ccc; padding: 1mm; }
    </style>"""
    # Pages as full as a report's: a chart or a table, then text to the foot of the page.
    text = "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(CHART_PAGE_PARAGRAPHS))
    parts = [f"<section><h2>Chart {i + 1}</h2>{bar_chart(10, i)}{text}</section>" for i in range(3)]
    text = "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(TABLE_PAGE_PARAGRAPHS))
    parts += [f"<section><h2>Table {i + 1}</h2>{table(12)}{text}</section>" for i in range(2)]
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8">{style}</head><body>{"".join(parts)}</body></html>'


def our_report_html(bank_id: str) -> tuple[str, str, str]:
    """The HTML of our report for the candidate of a simulated sample with the fewest weaknesses."""
    bank = load_bank(PROJECT_ROOT / "question_banks" / f"{bank_id}.yaml")
    model = load_scoring_model(PROJECT_ROOT / "scoring_models" / f"{bank_id}.json")
    scorer = Scorer(bank, model)
    batch = scorer.score(simulate(bank, 300, seed=11).responses.codes, bank.benchmarks[0].id)
    best = min(range(len(batch)), key=lambda i: len(batch.profile(i).weaknesses))
    profile = describe(batch.profile(best), bank)
    facts = CandidateFacts(name="Jane Doe", email="jane@example.com", job_title="Account Executive",
                           location="Boston, MA", organisation="Acme", completed_on="29 November 2026")
    report = build_report_context(profile, facts, NormFacts.of_model(model))  # as the app builds it
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "benchmark"})
    with app.app_context():
        return render_template("report/report.html", report=report), report.title, report.author


def median_seconds(renders: dict[str, Callable[[], bytes]], runs: int) -> dict[str, tuple[float, int]]:
    """Each render's median time and page count. The renders take turns, one run each per round,
    so that a slow spell of the machine weighs on all of them alike."""
    pages = {name: len(PdfReader(io.BytesIO(render())).pages) for name, render in renders.items()}  # warm-up
    times: dict[str, list[float]] = {name: [] for name in renders}
    for _ in range(runs):
        for name, render in renders.items():
            start = time.perf_counter()
            render()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), pages[name]) for name in renders}


def python_calls(render: Callable[[], bytes]) -> int:
    """Python function calls of one render: unlike its time, the same on every run and machine,
    so a change's effect shows even when the machine's speed swings."""
    profiler = cProfile.Profile()
    profiler.runcall(render)
    return pstats.Stats(profiler).total_calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--bank", default="sales_rep")
    args = parser.parse_args()

    plain = plain_document()
    ours, title, author = our_report_html(args.bank)
    freeze_start_up_objects()  # as assessment.wsgi does once the app is built
    figures = median_seconds({"plain": lambda: HTML(string=plain).write_pdf(),
                              "ours": lambda: render_pdf(ours, title=title, author=author)}, args.runs)
    (plain_s, plain_pages), (ours_s, our_pages) = figures.values()
    print(f"plain document: {plain_pages} pages, 3 SVG charts, 2 tables      median {plain_s:.3f} s ({args.runs} warm runs each, taking turns)")
    print(f"our report:     {our_pages} pages ({args.bank}, no weaknesses)          median {ours_s:.3f} s")
    print(f"ratio ours/plain: {ours_s / plain_s:.2f} (target <= 1.5; under about 1 s); ours per page "
          f"{ours_s / our_pages * 1000:.0f} ms")
    plain_calls = python_calls(lambda: HTML(string=plain).write_pdf())
    our_calls = python_calls(lambda: render_pdf(ours, title=title, author=author))
    print(f"Python calls per render: plain {plain_calls:,}, ours {our_calls:,}, ratio {our_calls / plain_calls:.2f}")


if __name__ == "__main__":
    main()
