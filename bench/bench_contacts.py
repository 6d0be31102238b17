"""Benchmark: planning and sending follow-up contacts over a large hub (ADR 0037).

    .venv/bin/python bench/bench_contacts.py [--people 100000] [--postgres URL]
        [--probe-due 1000] [--repeats 50] [--analyze | --no-analyze] [--keep]

    # on PostgreSQL, in a scratch database on that server (dropped afterwards):
    .venv/bin/python bench/bench_contacts.py --postgres postgres://postgres@127.0.0.1:5432/postgres

    # a quick check run, under a minute (too small for fair N/10 query figures):
    .venv/bin/python bench/bench_contacts.py --people 5000

Starts from a fresh, migrated SQLite database in a temporary directory (or, with
--postgres URL, a new scratch database on that PostgreSQL server), never the developer's
DATABASE_URL, and loads demo hub site-a from resiliencehub/nonprod/hubs/site-a.toml with
`hub_config_load` (its follow-up schedule: waves at 3 months, open until day 130, and at
6 months, open until day 240, with 2 reminders a week apart; emails 9am-6pm on working
days). Emails go to Django's locmem backend. All times are measured in this one process,
against one fixed moment `now`: 10:30 UK time on the latest working day.

It seeds `--people` screened people in two steps, a tenth (N/10) and then the rest (N).
Seeding writes rows directly with `bulk_create`, in one transaction per chunk, bypassing
the services and the audit trail: per person a client (encrypted name and email, agreed
to follow-up and to email) and one screening (kind referral, no referral row: the
schedule does not look at it) at a moment spread evenly over the two years before `now`.
About half the people then have a wave still open, and about 14% a wave due at `now`.
After each step it

- times `plan_all(auditor=..., now=now)` and prints contacts planned per second (the
  first step plans a tenth of the people; the second plans the rest, reconciling against
  what the first planned, as the sender's planning does every run);
- captures the SQL of `due_contacts(now)[:500]`, shows its plan (SQLite: EXPLAIN QUERY
  PLAN; PostgreSQL: EXPLAIN) and whether it uses the `contact_due` index on (status,
  next_send_at), and times it (median of `--repeats` runs after warm-ups; "SQL": the
  statement run on a cursor and fetched; "ORM": the queryset evaluated into models) at
  two moments: `now`, when the due set grows with the table (14% of the people), and
  the moment when about `--probe-due` contacts are due: the same work at both sizes,
  which is what "one indexed query whatever the table size" promises.

Then, on the full table, it times `run_due(now)` (the sender's own run: its planning
reconciliation first, which finds nothing to plan, then every due contact in its own
transaction) and prints contacts sent per second; checks that every contact due was
sent exactly once (as many message rows and emails as contacts sent, one per contact,
nothing left due) and that a second `run_due(now)` sends nothing (its time is what a
run with nothing due costs: the reconciliation every 5 minutes). Prints a summary table,
then fails if the due query did not use `contact_due` or a check failed. At the default
size it takes about 4 minutes on SQLite on a quiet 2-core machine (up to 12 while test
suites run alongside; sending is most of it), 6 to 9 on PostgreSQL.

ANALYZE runs after seeding and after planning on PostgreSQL by default, standing in for
autovacuum after a bulk load (without statistics, PostgreSQL plans the planner's "not yet
planned" NOT EXISTS as a scan of every contact of the wave per screening: quadratic);
`--no-analyze` leaves it out, `--analyze` runs it on SQLite too (the app never does).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

SUPPORT = Path(__file__).resolve().parent / "support"
sys.path.insert(0, str(SUPPORT))

from server import ROOT, BenchServer, scratch_postgres  # noqa: E402

HUB_FILE = ROOT / "resiliencehub" / "nonprod" / "hubs" / "site-a.toml"
SPAN_DAYS = 730
CHUNK = 5000
QUERY_LIMIT = 500  # the sender's batch
WARMUPS = 3

# fmt: off
FIRST_NAMES = (
    "Amara", "Ben", "Carys", "Dev", "Elena", "Femi", "Grace", "Hamza", "Isla", "Jonah", "Kemi",
    "Liam", "Maya", "Nadia", "Owen", "Priti", "Quinn", "Rosa", "Sami", "Tariq", "Una", "Vik",
)
LAST_NAMES = (
    "Okafor", "Hartley", "Llewellyn", "Patel", "Kowalska", "Adeyemi", "O'Neill", "Iqbal",
    "McKenzie", "Fischer", "Balogun", "Byrne", "Thompson", "Rahman", "Price", "Shah", "Evans",
)
# fmt: on
SECTORS = {"nhs": 72, "social_care": 33, "third_sector": 6, "ambulance": 4, "police": 3.5}


def setup_django(server: BenchServer) -> None:
    """This process uses the server's settings and database (the fresh SQLite file or the
    scratch PostgreSQL database), with emails kept in memory."""
    os.environ.pop("DATABASE_URL", None)
    for name in ("DJANGO_SETTINGS_MODULE", "RESILIENCEHUB_VAR_DIR", "SQLITE_PATH", "DATABASE_URL"):
        if name in server.env:
            os.environ[name] = server.env[name]
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def bench_now() -> datetime:
    """10:30 UK time on the latest working day (inside site-a's sending hours)."""
    from django.utils import timezone

    from resiliencehub.hub import sending

    day = timezone.localdate()
    while not sending.is_working_day(day):
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10.5))


# --- seeding ------------------------------------------------------------------------------


class Seeder:
    def __init__(self, hub, now: datetime, seed: int):
        self.hub = hub
        self.now = now
        self.rng = random.Random(seed)
        self.people = 0

    def seed(self, count: int) -> float:
        """`count` more clients, each with one screening; returns the seconds taken."""
        from django.db import transaction

        from resiliencehub.core.crypto import email_lookup
        from resiliencehub.records.models import Client, Screening, ScreeningKind

        rng, hub = self.rng, self.hub
        sectors, weights = list(SECTORS), list(SECTORS.values())
        began = time.perf_counter()
        for start in range(0, count, CHUNK):
            clients, moments = [], []
            for _ in range(min(CHUNK, count - start)):
                self.people += 1
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                email = (
                    f"{first.lower()}.{last.lower().replace(chr(39), '')}{self.people}@example.org"
                )
                clients.append(
                    Client(
                        hub=hub,
                        full_name=f"{first} {last}",
                        email=email,
                        email_lookup=email_lookup(email),
                        may_email=True,
                        follow_up_consent=True,
                    )
                )
                moments.append(self.now - timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86400)))
            with transaction.atomic():
                created = Client.objects.bulk_create(clients)
                Screening.objects.bulk_create(
                    Screening(
                        hub=hub,
                        client_id=client.pk,
                        kind=ScreeningKind.REFERRAL,
                        submitted_at=moment,
                        profile={"sector": rng.choices(sectors, weights)[0]},
                        domains_above_threshold=rng.randrange(3),
                    )
                    for client, moment in zip(created, moments, strict=True)
                )
        return time.perf_counter() - began


# --- measuring ----------------------------------------------------------------------------


def plan(auditor, now) -> tuple[int, float]:
    """(contacts planned, seconds) of one `plan_all`."""
    from resiliencehub.followup.planning import plan_all

    began = time.perf_counter()
    planned = plan_all(auditor=auditor, now=now)
    return sum(p.planned for p in planned.values()), time.perf_counter() - began


def explain(queryset) -> tuple[list[str], bool]:
    """The plan of `queryset`'s SQL, as lines, and whether it uses the contact_due index."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            lines = [row[-1] for row in cursor.fetchall()]
            uses = any("INDEX contact_due" in line for line in lines)
        else:
            cursor.execute(f"EXPLAIN {sql}", params)
            lines = [row[0] for row in cursor.fetchall()]
            uses = any(" contact_due " in f"{line} " for line in lines)
    return lines, uses


def time_query(moment: datetime, repeats: int) -> tuple[float, float]:
    """Median seconds of `due_contacts(moment)[:500]`, after warm-ups: (its SQL run on a
    cursor and fetched, the whole ORM evaluation with its model instances)."""
    from django.db import connection

    from resiliencehub.followup.sending import due_contacts

    sql, params = due_contacts(moment)[:QUERY_LIMIT].query.sql_with_params()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    def orm():
        list(due_contacts(moment)[:QUERY_LIMIT])

    medians = []
    for run in (raw, orm):
        for _ in range(WARMUPS):
            run()
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
        medians.append(statistics.median(times))
    return medians[0], medians[1]


def probe_moment(count: int) -> datetime:
    """The moment at which about `count` open contacts are due (the `count`-th earliest
    next look; contacts sharing that moment are due with it)."""
    from resiliencehub.records.models import OPEN_CONTACT_STATUSES, PlannedContact

    moments = (
        PlannedContact.objects.filter(status__in=OPEN_CONTACT_STATUSES, next_send_at__isnull=False)
        .order_by("next_send_at", "id")
        .values_list("next_send_at", flat=True)
    )
    total = moments.count()
    return moments[max(0, min(count, total) - 1)]


def due_query(now: datetime, probe_due: int, repeats: int) -> dict:
    """The due-contact query at this table size: its SQL, plan and timings."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resiliencehub.followup.sending import due_contacts
    from resiliencehub.records.models import PlannedContact

    with CaptureQueriesContext(connection) as captured:
        list(due_contacts(now)[:QUERY_LIMIT])
    probe = probe_moment(probe_due)
    plan_lines, uses = explain(due_contacts(now)[:QUERY_LIMIT])
    probe_lines, probe_uses = explain(due_contacts(probe)[:QUERY_LIMIT])
    seconds_now, orm_now = time_query(now, repeats)
    seconds_probe, orm_probe = time_query(probe, repeats)
    return {
        "queries": [q["sql"] for q in captured.captured_queries],
        "plan": plan_lines,
        "uses_index": uses and probe_uses,
        "probe_plan": probe_lines,
        "table": PlannedContact.objects.count(),
        "due_now": due_contacts(now).count(),
        "seconds_now": seconds_now,
        "orm_now": orm_now,
        "probe": probe,
        "due_probe": due_contacts(probe).count(),
        "seconds_probe": seconds_probe,
        "orm_probe": orm_probe,
    }


def show_query(size: str, q: dict) -> None:
    print(f"  due query ({size}): {len(q['queries'])} query; SQL: {q['queries'][0]}")
    print(f"  plan at now: {' | '.join(q['plan'])}")
    if q["probe_plan"] != q["plan"]:
        print(f"  plan at the probe moment: {' | '.join(q['probe_plan'])}")
    print(
        f"  uses contact_due: {'yes' if q['uses_index'] else 'NO'}; table {q['table']:,} "
        f"contacts; at now {q['due_now']:,} due, {q['seconds_now'] * 1000:.2f} ms (ORM "
        f"{q['orm_now'] * 1000:.2f}); at {q['probe']:%Y-%m-%d %H:%M} {q['due_probe']:,} due, "
        f"{q['seconds_probe'] * 1000:.2f} ms (ORM {q['orm_probe'] * 1000:.2f})"
    )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(args, server: BenchServer) -> None:
    database = "PostgreSQL" if args.postgres else "SQLite"
    started = time.perf_counter()
    server.manage("migrate", "--noinput")
    setup_django(server)
    from django.core import mail
    from django.db import connection

    from resiliencehub.audit.services import Auditor
    from resiliencehub.followup.sending import due_contacts, run_due
    from resiliencehub.hub.config_file import hub_config_load
    from resiliencehub.records.models import (
        ContactMessage,
        ContactStatus,
        PlannedContact,
        PlannedContactStatusChange,
    )

    if args.analyze is None:
        args.analyze = connection.vendor == "postgresql"
    auditor = Auditor.system("bench-contacts")
    hub = hub_config_load(HUB_FILE, auditor)
    where = server.env.get("SQLITE_PATH") or "a scratch database"
    print(f"{database}: {where} (migrate + site-a {time.perf_counter() - started:.0f} s)")
    now = bench_now()
    print(
        f"now = {now.isoformat(timespec='minutes')}; {args.people:,} people to seed; "
        f"ANALYZE after seeding and planning: {'yes' if args.analyze else 'no'}"
    )

    seeder = Seeder(hub, now, args.seed)
    small = max(1, args.people // 10)
    steps = [("N/10", small), ("N", args.people - small)]
    seeding = planning = 0.0
    planned = 0
    results = {}
    for size, count in steps:
        seeding += seeder.seed(count)
        if args.analyze:
            analyze()
        done, seconds = plan(auditor, now)
        planning += seconds
        planned += done
        print(
            f"{size}: seeded {seeder.people:,} people ({seeding:.0f} s so far); planned "
            f"{done:,} contacts in {seconds:.1f} s ({done / seconds:,.0f}/s)"
        )
        if args.analyze:
            analyze()
        results[size] = due_query(now, args.probe_due, args.repeats)
        show_query(size, results[size])
    status_rows = PlannedContactStatusChange.objects.count()
    print(f"Planned {planned:,} contacts in {planning:.1f} s; {status_rows:,} status rows")

    due = due_contacts(now).count()
    mail.outbox = []
    began = time.perf_counter()
    first = run_due(now, auditor=auditor)
    sending_seconds = time.perf_counter() - began
    print(f"run_due: {first.summary()} in {sending_seconds:.1f} s")
    messages = ContactMessage.objects.count()
    one_each = ContactMessage.objects.values("contact_id").distinct().count()
    emails = len(mail.outbox)
    sent_contacts = PlannedContact.objects.filter(status=ContactStatus.SENT).count()
    left = due_contacts(now).count()
    began = time.perf_counter()
    second = run_due(now, auditor=auditor)
    idle_seconds = time.perf_counter() - began
    print(f"second run_due: {second.summary()} in {idle_seconds:.1f} s")
    checks = {
        "every due contact sent": first.sent == due == sent_contacts and left == 0,
        "one message row per contact sent": messages == one_each == first.sent,
        "one email per contact sent": emails == first.sent,
        "second run sends nothing": second.sent == 0
        and ContactMessage.objects.count() == messages
        and len(mail.outbox) == emails,
        "due query uses contact_due": all(q["uses_index"] for q in results.values()),
    }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_mb = Path(server.env["SQLITE_PATH"]).stat().st_size / 2**20
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size_mb = cursor.fetchone()[0] / 2**20

    small_q, full_q = results["N/10"], results["N"]
    print(
        f"\n{database}, {args.people:,} people, now {now:%Y-%m-%d %H:%M}, {size_mb:,.0f} MB, "
        f"ANALYZE {'yes' if args.analyze else 'no'}\n"
    )
    print(f"{'step':<44}{'rows':>10}{'seconds':>10}{'per second':>12}")
    rows = [
        ("seed clients + screenings", seeder.people, seeding),
        ("plan_all (both steps)", planned, planning),
        ("run_due(now): contacts sent", first.sent, sending_seconds),
        ("run_due(now) again: nothing due", second.sent, idle_seconds),
    ]
    for name, count, seconds in rows:
        rate = f"{count / seconds:,.0f}" if count and seconds else "-"
        print(f"{name:<44}{count:>10,}{seconds:>10.1f}{rate:>12}")
    print(f"\n{'due query (LIMIT 500)':<44}{'N/10':>10}{'N':>10}{'N / (N/10)':>12}")
    print(f"{'contacts in the table':<44}{small_q['table']:>10,}{full_q['table']:>10,}", end="")
    print(f"{full_q['table'] / small_q['table']:>12.1f}")
    for moment, label, count in (
        ("now", "at now", "due_now"),
        ("probe", f"when about {args.probe_due:,} are due", "due_probe"),
    ):
        print(f"{'  ' + label + ': due':<44}{small_q[count]:>10,}{full_q[count]:>10,}", end="")
        print(f"{full_q[count] / max(small_q[count], 1):>12.1f}")
        for kind, key in (("SQL", f"seconds_{moment}"), ("ORM", f"orm_{moment}")):
            print(f"{'    ms, ' + kind:<44}{small_q[key] * 1000:>10.2f}", end="")
            print(f"{full_q[key] * 1000:>10.2f}{full_q[key] / small_q[key]:>12.2f}")
    if small_q["due_probe"] < min(args.probe_due, full_q["due_probe"]):
        print(
            f"  (N/10 has only {small_q['due_probe']:,} open contacts, fewer than --probe-due: "
            "the query does less work there; use more --people for a fair ratio)"
        )
    print()
    for name, ok in checks.items():
        print(f"{name}: {'yes' if ok else 'NO'}")
    failed = [name for name, ok in checks.items() if not ok]
    assert not failed, f"failed: {', '.join(failed)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="measure on PostgreSQL: a scratch database on this server, e.g. "
        "postgres://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument(
        "--probe-due",
        type=int,
        default=1000,
        help="the due query is also timed when this many are due",
    )
    parser.add_argument("--repeats", type=int, default=50, help="timed runs of the due query")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--analyze",
        action=argparse.BooleanOptionalAction,
        help="run ANALYZE after seeding and planning (default: on PostgreSQL only)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args()

    if args.postgres:
        with scratch_postgres(args.postgres) as url:
            server = BenchServer(env={"DATABASE_URL": url})
            try:
                measure(args, server)
            finally:
                from django.conf import settings
                from django.db import connections

                if settings.configured:
                    connections.close_all()  # the scratch database is dropped next
                shutil.rmtree(server.tmp, ignore_errors=True)
        return
    server = BenchServer()
    # A SQLite file of our own in the temporary directory, whatever the environment says.
    server.env["SQLITE_PATH"] = str(server.tmp / "db.sqlite3")
    try:
        measure(args, server)
    finally:
        if not args.keep:
            shutil.rmtree(server.tmp, ignore_errors=True)
        else:
            print(f"Kept {server.tmp}")


if __name__ == "__main__":
    main()
