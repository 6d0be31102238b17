"""Profile of the journey's page POST, in process: where one POST's time and queries go.

    .venv/bin/python bench/profile_journey_post.py [--page phq-9] [--posts 200] [--hub site-c]

On a fresh SQLite file database (or the PostgreSQL database DATABASE_URL names, which it
migrates and loads) holding the demo hubs, walks one synthetic person through the hub's
journey to the page, then POSTs that page `--posts` times (each a full request through
the middleware, as the server runs it) and prints:

- the time of one POST and its SQL statements, split into those inside the write
  transaction (from BEGIN to COMMIT) and those outside it;
- the statements of one POST's write transaction, in order;
- the share of the time spent in each part of the code (cumulative, cProfile).

The benchmark of throughput is bench_journey_post.py; this says where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = Path(__file__).resolve().parent / "support"
sys.path.insert(0, str(SUPPORT))
sys.path.insert(0, str(ROOT))

from journey_client import parse_form  # noqa: E402

PARTS = {
    # label: a function whose cumulative time is that part (the first match counts)
    "finding the journey (cookie, hub, row)": "journey_in_hub",
    "saving the page (journey_page_save)": "journey_page_save",
    "scoring and storing a measure": "measure_response_record",
    "audit events (HMAC chain)": "record",
    "form validation": "is_valid",
    "choosing the next page": "_after_save",
}


def prepare(tmp: Path) -> None:
    env = {**os.environ, "RESILIENCEHUB_VAR_DIR": str(tmp)}
    for args in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="phq-9")
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--hub", default="site-c")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="rh-profile-"))
    os.environ["RESILIENCEHUB_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resiliencehub.config.settings")
    prepare(tmp)

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    response = client.get(f"/h/{args.hub}/start/", follow=True)
    url = None
    for _ in range(60):
        html = response.content.decode()
        path = response.request["PATH_INFO"]
        if path.rstrip("/").endswith(f"/questions/{args.page}"):
            url = path
            break
        action, data = parse_form(html)
        if action is None:
            import re

            link = re.search(r'<a[^>]*class="[^"]*nhsuk-button[^"]*"[^>]*href="([^"]+)"', html)
            response = client.get(link.group(1), follow=True)
            continue
        response = client.post(action or path, data, follow=True)
    if url is None:
        raise SystemExit(f"never reached the page {args.page}")
    _, data = parse_form(response.content.decode())

    for _ in range(20):  # warm caches, as a long-running worker is
        assert client.post(url, data).status_code == 302

    with CaptureQueriesContext(connection) as captured:
        assert client.post(url, data).status_code == 302
    statements = [q["sql"] for q in captured.captured_queries]
    inside, outside, in_txn = [], [], False
    for sql in statements:
        word = sql.split()[0].upper()
        if word == "BEGIN" or sql.upper().startswith("SAVEPOINT") and not in_txn:
            in_txn = True
        (inside if in_txn else outside).append(sql)
        if word in ("COMMIT", "ROLLBACK") or sql.upper().startswith("RELEASE") and not in_txn:
            in_txn = False

    held = []  # seconds from BEGIN to COMMIT: how long a POST holds SQLite's write lock

    db_inside = []

    def time_the_lock(execute, sql, params, many, context):
        if sql.split(None, 1)[0].upper() == "BEGIN":
            held.append(-time.perf_counter())
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if held and held[-1] < 0:
                db_inside.append(time.perf_counter() - t0)

    commit = connection.commit

    def timed_commit():
        commit()
        if held and held[-1] < 0:
            held[-1] += time.perf_counter()

    connection.commit = timed_commit
    with connection.execute_wrapper(time_the_lock):
        started = time.perf_counter()
        for _ in range(args.posts):
            client.post(url, data)
        unprofiled = (time.perf_counter() - started) / args.posts * 1000
    connection.commit = commit
    held_ms = sorted(h * 1000 for h in held if h > 0)

    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.posts):
        client.post(url, data)
    profile.disable()
    per_post = (time.perf_counter() - started) / args.posts * 1000
    reset_queries()

    print(f"{connection.vendor}: {args.hub}, page {args.page}, {args.posts} POSTs in process")
    print(f"one POST: {unprofiled:.1f} ms ({per_post:.1f} ms with the profiler on)")
    if held_ms:
        median = held_ms[len(held_ms) // 2]
        print(f"write transaction held (BEGIN to COMMIT): median {median:.2f} ms")
        print(f"  of which executing SQL (mean): {sum(db_inside) / len(held_ms) * 1000:.2f} ms")
    print(f"SQL per POST: {len(statements)} ({len(inside)} in the write transaction)")
    print("\nthe write transaction:")
    for sql in inside:
        print(f"  {sql[:150]}")
    print("\noutside it:")
    for sql in outside:
        print(f"  {sql[:150]}")

    stats = pstats.Stats(profile)
    total = max(stats.total_tt, 1e-9)
    cumulative = {}
    for (filename, _, name), (_, _, _, ct, _) in stats.stats.items():
        if "resiliencehub" in filename or name in ("is_valid", "record"):
            cumulative.setdefault(name, 0.0)
            cumulative[name] = max(cumulative[name], ct)
    print("\nshare of the POST's time (cumulative; parts overlap):")
    for label, name in PARTS.items():
        print(f"  {label:<42}{cumulative.get(name, 0.0) / total:>6.0%}")
    print("\nthe 25 functions of the product with the most cumulative time:")
    rows = sorted(
        (
            (ct, f"{Path(f).relative_to(ROOT)}:{n}")
            for (f, _, n), (_, _, _, ct, _) in stats.stats.items()
            if str(ROOT / "resiliencehub") in f
        ),
        reverse=True,
    )
    for ct, where in rows[:25]:
        print(f"  {ct / total:>6.0%}  {ct / args.posts * 1000:>6.2f} ms  {where}")


if __name__ == "__main__":
    main()
