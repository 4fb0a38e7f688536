"""Scoring speed: full profiles against a bare numpy floor, on the same simulated data.

The floor is the least any scorer must do: reverse the reverse-keyed answers, one matrix
product of the answers with the scale key, and a percentile look-up per scale. Ours is
`Scorer.score` (scales, norms, bands, motivators, validity, weaknesses, fit, recommendation).

    .venv/bin/python benchmarks/scoring.py [--n 100000] [--bank sales_rep]

Prints the median of several runs for a batch and for one candidate, and the ratios. Both use
every core the process may run on: ours scores a large batch in chunks on that many threads,
the floor's matrix product runs on the matrix library's threads. `taskset -c 0` compares the
two on one core.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assessment.banks import load_bank
from assessment.scoring.model import load_scoring_model
from assessment.scoring.profile import CHUNK, Scorer, available_cores
from assessment.scoring.simulation import simulate

ROOT = Path(__file__).resolve().parent.parent


def bare_floor(scorer: Scorer) -> Callable[[np.ndarray], np.ndarray]:
    """The floor: reverse keys, one key-matrix product, percentile look-up (no missing data)."""
    key = scorer.key
    columns = key.columns
    reverse = key.reverse
    top = key.lowest + key.highest
    weights = key.membership / key.membership.sum(axis=0)
    grids = [np.asarray(scorer.model.scales[s].quantiles) for s in key.scale_ids]

    def run(codes: np.ndarray) -> np.ndarray:
        answers = np.take(codes, columns, axis=1)  # twice as fast as codes[:, columns]
        keyed = np.where(reverse, top - answers, answers)
        scores = keyed @ weights
        return np.stack([np.searchsorted(grid, scores[:, s]) for s, grid in enumerate(grids)], axis=1)

    return run


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--bank", default="sales_rep")
    args = parser.parse_args()
    bank = load_bank(ROOT / "question_banks" / f"{args.bank}.yaml")
    scorer = Scorer(bank, load_scoring_model(ROOT / "scoring_models" / f"{args.bank}.json"))
    sample = simulate(bank, args.n, seed=1, careless_share=0.05, faking_share=0.10)
    codes = sample.responses.codes
    complete = np.nan_to_num(codes, nan=1.0)  # the floor handles no missing answers
    floor = bare_floor(scorer)
    one, one_complete = codes[:1].copy(), complete[:1].copy()
    benchmark = bank.benchmarks[0].id

    batch_ours = median_seconds(lambda: scorer.score(codes, benchmark), 5)
    batch_floor = median_seconds(lambda: floor(complete), 5)
    single_ours = median_seconds(lambda: scorer.score(one, benchmark), 200)
    single_profile = median_seconds(lambda: scorer.score(one, benchmark).profile(0), 200)
    single_floor = median_seconds(lambda: floor(one_complete), 200)

    items = len(bank.items)
    print(f"bank {bank.id} {bank.version}: {items} items, {len(scorer.key.scale_ids)} scales; "
          f"{available_cores()} core(s), ours in chunks of {CHUNK:,}")
    print(f"batch of {args.n:,}: ours {batch_ours * 1e3:8.1f} ms   floor {batch_floor * 1e3:8.1f} ms   "
          f"ratio {batch_ours / batch_floor:5.2f}")
    print(f"one candidate:   ours {single_ours * 1e6:8.0f} us   floor {single_floor * 1e6:8.0f} us   "
          f"ratio {single_ours / single_floor:5.2f}")
    print(f"one candidate with its Profile object (as stored): {single_profile * 1e6:8.0f} us")


if __name__ == "__main__":
    main()
