"""Benchmark: the self-referral journey's page POST against a bare one-row insert.

    .venv/bin/python bench/bench_journey_post.py [--requests 2000] [--clients 16] [--workers 5]

Starts the app under gunicorn (sync workers) on a fresh SQLite database (or, with
--postgres URL, on a new scratch database on that PostgreSQL server, dropped afterwards)
loaded with the demo hubs, walks synthetic people
through site C's journey to its PHQ-9 page, then measures in one run, alternating in
rounds so that load drift hits both alike:

- bare: POST /bench/bare-insert/ — one Fernet-encrypted row, the framework's ceiling;
- generic: POST /bench/generic-form/ — a generic form tool's page (with --page phq-9):
  the same fields, CSRF and validation, one JSON row, a redirect;
- journey: POST of the page — CSRF, the journey cookie, validation, the answer rows
  upserted (encrypted), the questionnaire scored and stored when complete, the audit
  events, the redirect to the next page.

Prints requests per second, p50/p95/p99 latency and errors for each, the ratios
journey/bare (quality.md P1 asks for ≥ 0.60) and journey/generic (> 1), and the workers'
resident memory (P4 asks for < 250 MB each). Any non-2xx/3xx response (such as
"database is locked", R4) counts as an error.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

from journey_client import JourneyClient, parse_form  # noqa: E402
from latency import percentile  # noqa: E402
from server import BenchServer, scratch_postgres  # noqa: E402

ROUNDS = 4


class Lane:
    """One load-generator thread's own journeys, so no two threads write the same rows."""

    def __init__(self, clients: list[tuple[JourneyClient, str, dict]]):
        self.clients = clients
        self.turn = 0

    def next(self):
        item = self.clients[self.turn % len(self.clients)]
        self.turn += 1
        return item


def run(
    lanes: list[Lane], count: int, send, rate: float | None = None
) -> tuple[float, list[float], int]:
    """`count` requests spread over the lanes' threads; (seconds, latencies, errors).

    With `rate`, requests are sent on a fixed schedule (open loop, requests per second
    over all lanes) rather than as fast as answers come back, and latency is measured
    from each request's scheduled time, so a slow server cannot hide its queueing.
    """
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_lane = count // len(lanes)
    barrier = threading.Barrier(len(lanes) + 1)

    def worker(lane: Lane):
        nonlocal errors
        mine, bad = [], 0
        barrier.wait()
        begin = time.perf_counter()
        interval = len(lanes) / rate if rate else 0.0
        for number in range(per_lane):
            started = time.perf_counter()
            if rate:
                scheduled = begin + number * interval + lanes.index(lane) * interval / len(lanes)
                if scheduled > started:
                    time.sleep(scheduled - started)
                started = scheduled
            status = send(lane)
            mine.append(time.perf_counter() - started)
            if not 200 <= status < 400:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker, args=(lane,)) for lane in lanes]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint, all rounds")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--journeys-per-client", type=int, default=2)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (2×cores+1)")
    parser.add_argument(
        "--rate",
        type=float,
        help="also run the journey alone at this many POST/s for --seconds (quality.md P1: 50)",
    )
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--hub", default="site-c")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="measure on PostgreSQL: a scratch database on this server, e.g. "
        "postgres://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument(
        "--page",
        default="phq-9",
        help="question page to post: phq-9 (a whole measure) or "
        "a one-question page such as demographics-2",
    )
    args = parser.parse_args()
    if args.postgres:
        with scratch_postgres(args.postgres) as url:
            measure(args, BenchServer(workers=args.workers, env={"DATABASE_URL": url}))
    else:
        measure(args, BenchServer(workers=args.workers))


def stored_responses(server: BenchServer) -> int:
    """How many measure responses the server's database holds."""
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from resiliencehub.records.models import MeasureResponse; "
            "print(MeasureResponse.objects.count())",
        ],
        cwd=ROOT,
        env=server.env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.split()[-1])


def measure(args, server: BenchServer) -> None:
    server.prepare().start()
    try:
        database = "PostgreSQL" if args.postgres else "SQLite"
        print(f"Server: gunicorn, {args.workers} sync workers, {database}, {server.base_url}")
        lanes = []
        for _ in range(args.clients):
            journeys = []
            for _ in range(args.journeys_per_client):
                client = JourneyClient(server.base_url)
                client.get(f"/h/{args.hub}/start/")
                url = client.walk_until(rf"/questions/{args.page}/$")
                _, data = parse_form(client.html)
                journeys.append((client, url, data))
            lanes.append(Lane(journeys))
        print(f"Prepared {args.clients * args.journeys_per_client} journeys at page {args.page}.")

        bare_url = f"{server.base_url}/bench/bare-insert/"

        def bare(lane: Lane) -> int:
            client, _, _ = lane.next()
            return client.post_raw(bare_url, {"value": "one answer"})

        def journey(lane: Lane) -> int:
            client, url, data = lane.next()
            return client.post_raw(url, data)

        generic_url = f"{server.base_url}/bench/generic-form/"

        def generic(lane: Lane) -> int:
            client, _, data = lane.next()
            return client.post_raw(generic_url, data)

        endpoints = {"bare": bare, "journey": journey}
        if args.page == "phq-9":
            endpoints = {"bare": bare, "generic": generic, "journey": journey}
        results = {name: [0.0, [], 0] for name in endpoints}
        per_round = args.requests // ROUNDS
        for send in endpoints.values():  # warm every path
            run(lanes, args.clients * 4, send)
        stored_before = stored_responses(server) if args.page == "phq-9" else None
        for _ in range(ROUNDS):
            for name, send in endpoints.items():
                seconds, latencies, errors = run(lanes, per_round, send)
                results[name][0] += seconds
                results[name][1] += latencies
                results[name][2] += errors

        print(f"\n{'endpoint':<10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        rates = {}
        for name, (seconds, latencies, errors) in results.items():
            rates[name] = len(latencies) / seconds
            print(
                f"{name:<10}{rates[name]:>9.0f}{statistics.median(latencies) * 1000:>9.1f}"
                f"{percentile(latencies, 95) * 1000:>9.1f}{percentile(latencies, 99) * 1000:>9.1f}"
                f"{errors:>8}"
            )
        if stored_before is not None:
            # Each acknowledged PHQ-9 POST (a redirect) completes the questionnaire and
            # stores one scored response: none may be lost or written twice (R4).
            stored = stored_responses(server) - stored_before
            acknowledged = len(results["journey"][1]) - results["journey"][2]
            verdict = "equal" if stored == acknowledged else "DIFFERENT"
            print(f"\nresponses stored {stored}, acknowledged POSTs {acknowledged}: {verdict}")
        ratio = rates["journey"] / rates["bare"]
        print(f"\njourney/bare throughput ratio: {ratio:.2f} (goal ≥ 0.60)")
        if "generic" in rates:
            versus = rates["journey"] / rates["generic"]
            print(f"journey/generic form throughput ratio: {versus:.2f} (goal > 1)")
        if args.rate:
            count = int(args.rate * args.seconds)
            seconds, latencies, errors = run(lanes, count, journey, rate=args.rate)
            print(
                f"\njourney at a steady {args.rate:.0f} POST/s for {seconds:.0f} s: "
                f"{len(latencies)} requests, p50 {statistics.median(latencies) * 1000:.0f} ms, "
                f"p95 {percentile(latencies, 95) * 1000:.0f} ms, "
                f"p99 {percentile(latencies, 99) * 1000:.0f} ms, {errors} errors "
                "(goal p95 < 300 ms, p99 < 1 s, 0 errors)"
            )
        rss = server.rss_mb()
        print(f"gunicorn RSS per process: {', '.join(f'{r:.0f}' for r in rss)} MB (goal < 250)")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
