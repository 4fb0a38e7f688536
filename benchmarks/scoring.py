"""Scoring speed: full profiles against a bare numpy floor, on the same simulated data.

The floor is the least any scorer must do: reverse the reverse-keyed answers, one matrix
product of the answers with the scale key, and a percentile look-up per scale. Ours is
`Scorer.score` (scales, norms, bands, motivators, validity, weaknesses, fit, recommendation).

    .venv/bin/python benchmarks/scoring.py [--n 100000] [--bank sales_rep]

Prints the median of several rounds, in which ours and the floor take turns, for a batch and
for one candidate, and the ratios. Both use every core the process may run on: ours scores a
large batch in chunks on that many threads, the floor's matrix product runs on the matrix
library's threads. `taskset -c 0` compares the two on one core.
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


def median_seconds(functions: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The median time of each function over `rounds` rounds in which they take turns, so that
    a slow spell of a shared machine weighs on all of them alike."""
    for function in functions.values():
        function()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(spans) for name, spans in times.items()}


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

    batch = median_seconds({"ours": lambda: scorer.score(codes, benchmark), "floor": lambda: floor(complete)}, 7)
    single = median_seconds({"ours": lambda: scorer.score(one, benchmark),
                             "profile": lambda: scorer.score(one, benchmark).profile(0),
                             "floor": lambda: floor(one_complete)}, 200)

    items = len(bank.items)
    print(f"bank {bank.id} {bank.version}: {items} items, {len(scorer.key.scale_ids)} scales; "
          f"{available_cores()} core(s), ours in chunks of {CHUNK:,}")
    print(f"batch of {args.n:,}: ours {batch['ours'] * 1e3:8.1f} ms   floor {batch['floor'] * 1e3:8.1f} ms   "
          f"ratio {batch['ours'] / batch['floor']:5.2f}   (target: within 2x)")
    print(f"one candidate:   ours {single['ours'] * 1e6:8.0f} us   floor {single['floor'] * 1e6:8.0f} us   "
          f"ratio {single['ours'] / single['floor']:5.2f}   (target: under 1 ms)")
    print(f"one candidate with its Profile object (as stored): {single['profile'] * 1e6:8.0f} us")


if __name__ == "__main__":
    main()
