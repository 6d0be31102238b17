"""Latency figures shared by the benchmarks."""


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank `p`th percentile of `values` (0 < p ≤ 100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]
