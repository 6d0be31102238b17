"""Benchmark: score synthetic administrations and compare with summing the same answers.

    .venv/bin/python bench/bench_instruments.py [--administrations 1000000] [--seed 3]

Prints administrations scored per second and, from the same run, the rate of a trivial
baseline (``sum()`` over each administration's answer values). The ratio is comparable
across machines where the raw rate is not. The two are timed in alternating chunks, and
the baseline is repeated within each chunk, so that both are sampled over the same
stretch of time: load from other processes then affects both alike.

The mix cycles through PHQ-9, GAD-7, WSAS, AUDIT, AUDIT-C, ITQ, PCL-5, TAPS-1 and CORE-10,
with about one administration in ten missing an item (so prorating and incompleteness are
exercised). Answers are generated before timing starts, so the timings cover scoring
only.
"""

from __future__ import annotations

import argparse
import random
import time

from resiliencehub.instruments import get_instrument, score

MIX = ("PHQ-9", "GAD-7", "WSAS", "AUDIT", "AUDIT-C", "ITQ", "PCL-5", "TAPS-1", "CORE-10")
DISTINCT = 10_000
CHUNKS = 20
BASELINE_REPEATS = 10


def synthetic_administrations(count: int, seed: int) -> list[tuple[str, dict[int, int]]]:
    """``count`` distinct-enough administrations: ``DISTINCT`` generated, then repeated."""
    rng = random.Random(seed)
    pool = []
    for index in range(min(count, DISTINCT)):
        definition = get_instrument(MIX[index % len(MIX)])
        scoring = definition.scoring
        answers = {}
        for item in definition.items:
            if item.optional or any(item.number in group for group in scoring.alternatives):
                continue
            answers[item.number] = rng.choice([option.value for option in item.options])
        for group in scoring.alternatives:
            answers[rng.choice(group)] = 0
        for rule in scoring.skips:
            # Keep AUDIT's skip rules satisfied: a skipped item is left blank.
            if all(answers.get(n, 0) == 0 for n in rule.trigger_items):
                for number in rule.skipped_items:
                    answers.pop(number, None)
        if rng.random() < 0.1 and scoring.total_items:
            answers.pop(rng.choice(scoring.total_items), None)
        pool.append((definition.id, answers))
    return [pool[index % len(pool)] for index in range(count)]


def timed(function, administrations, repeats: int = 1) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        function(administrations)
    return time.perf_counter() - started


def score_all(administrations) -> None:
    for instrument_id, answers in administrations:
        score(instrument_id, answers)


def sum_all(administrations) -> None:
    for _instrument_id, answers in administrations:
        sum(answers.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--administrations", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=3)
    arguments = parser.parse_args()

    administrations = synthetic_administrations(arguments.administrations, arguments.seed)
    score_all(administrations[:DISTINCT])  # Warm the per-definition scoring plans.

    count = len(administrations)
    size = -(-count // CHUNKS)
    scoring_seconds = baseline_seconds = 0.0
    for start in range(0, count, size):
        chunk = administrations[start : start + size]
        scoring_seconds += timed(score_all, chunk)
        baseline_seconds += timed(sum_all, chunk, BASELINE_REPEATS)

    scoring_rate = count / scoring_seconds
    baseline_rate = count * BASELINE_REPEATS / baseline_seconds
    print(f"administrations scored: {count:,} in {scoring_seconds:.2f} s")
    print(f"scoring:  {scoring_rate:,.0f} administrations/second")
    print(f"baseline: {baseline_rate:,.0f} administrations/second (sum of the same answers)")
    print(f"ratio:    scoring runs at {scoring_rate / baseline_rate:.3f} of the baseline rate")
    print(
        f"          (scoring one takes {baseline_rate / scoring_rate:.0f}x as long as summing it)"
    )


if __name__ == "__main__":
    main()
