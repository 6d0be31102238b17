"""Reliability harness (quality.md R1): no acknowledged answer is lost across kill -9.

    .venv/bin/python bench/reliability_kill_restart.py [--cycles 20] [--clients 8]

Starts the app under gunicorn on a fresh database, then 8 synthetic people at once start
journeys and type their name (a unique key each time). A name page POST answered with a
redirect is *acknowledged*: the person was told it was saved. Meanwhile the whole server
process group is killed with SIGKILL every 1–2 seconds and restarted, `--cycles` times.
Clients retry the same step until it is acknowledged, as a browser user would.

Afterwards every acknowledged journey is opened again (its cookie, a new server) and the
name page must show exactly the last name acknowledged for it. SQLite's
`PRAGMA integrity_check` must say ok after every cycle. Exit status 1 on any loss.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
import threading
import time
import urllib.error
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

from journey_client import JourneyClient, parse_form  # noqa: E402
from server import BenchServer  # noqa: E402

NAME_PAGE = r"/questions/your-name/$"


def retrying(step, stop: threading.Event):
    """Run `step` until it succeeds (the server may be down for a moment)."""
    while not stop.is_set():
        try:
            return step()
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.1)
    return None


def person(server, hub, acknowledged, counts, lock, stop: threading.Event, who: int):
    serial = 0
    while not stop.is_set():
        client = JourneyClient(server.base_url)
        if retrying(lambda c=client: c.get(f"/h/{hub}/start/"), stop) is None:
            return
        if retrying(lambda c=client: c.walk_until(NAME_PAGE), stop) is None:
            return
        url = client.url
        for _ in range(3):  # several acknowledged answers per journey; the last must stay
            serial += 1
            key = f"Person {who} number {serial}"
            _, data = parse_form(client.html)
            data["full_name"] = key
            status = retrying(lambda c=client, d=data, u=url: c.post_raw(u, d), stop)
            if status is None:
                return
            if status in (301, 302, 303):
                with lock:
                    acknowledged[id(client)] = (client, url, key)
                    counts["acknowledged"] += 1
            else:
                with lock:
                    counts["refused"] += 1


def integrity_ok(path: Path) -> bool:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--hub", default="site-c")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    server = BenchServer(workers=3).prepare().start()
    database = server.tmp / "db.sqlite3"
    sqlite = database.exists()
    acknowledged: dict = {}
    counts = {"acknowledged": 0, "refused": 0}
    lock = threading.Lock()
    stop = threading.Event()
    people = [
        threading.Thread(
            target=person, args=(server, args.hub, acknowledged, counts, lock, stop, n)
        )
        for n in range(args.clients)
    ]
    bad_integrity = 0
    try:
        for thread in people:
            thread.start()
        for cycle in range(args.cycles):
            time.sleep(rng.uniform(1.0, 2.0))
            server.kill()
            if sqlite and not integrity_ok(database):
                bad_integrity += 1
            server.start()
            print(f"cycle {cycle + 1}: killed and restarted; {counts['acknowledged']} acknowledged")
        time.sleep(1.0)
    finally:
        stop.set()
        for thread in people:
            thread.join(timeout=60)

    lost = []
    for client, url, key in acknowledged.values():
        html = client.get(url)
        match = re.search(r'name="full_name"[^>]*value="([^"]*)"', html) or re.search(
            r'value="([^"]*)"[^>]*name="full_name"', html
        )
        shown = unescape(match.group(1)) if match else None
        if shown != key:
            lost.append((key, shown))
    server.kill()

    print(
        f"\n{args.cycles} kill -9 restarts, {args.clients} concurrent clients: "
        f"{counts['acknowledged']} answers acknowledged across {len(acknowledged)} journeys, "
        f"{len(lost)} lost; integrity_check failures: {bad_integrity}"
        + ("" if sqlite else " (PostgreSQL: integrity check not applicable)")
    )
    for key, shown in lost[:10]:
        print(f"  LOST: acknowledged {key!r}, page shows {shown!r}")
    return 1 if lost or bad_integrity else 0


if __name__ == "__main__":
    sys.exit(main())
