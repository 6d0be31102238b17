"""The shared record's migrations run forward on a database that holds the demo data, back
to before the record moved into `records`, and forward again, losing nothing (ADR 0034).

Each stage runs in its own process against a fresh database of the suite's engine (a
temporary SQLite file, or a new PostgreSQL database on the suite's server), so the test
database the rest of the suite uses is never migrated backwards.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

BEFORE_THE_MOVE = [
    # The last migrations before the shared record moved: unapplying them unapplies
    # records 0001 onwards and every state-only move that depends on it.
    ("intake", "0002_public_journey"),
    ("triage", "0003_plan_pathway_code"),
    ("episodes", "0003_measure_link_email"),
]

MOVED_TABLES = [
    "intake_client",
    "intake_referral",
    "intake_referralstatuschange",
    "intake_screening",
    "intake_measureresponse",
    "triage_riskalert",
    "triage_riskalertevent",
    "triage_assessment",
    "triage_formulation",
    "episodes_conflictofinterest",
    "episodes_breakglass",
    "episodes_measureinvitation",
    "intake_ratelimitcounter",
]

ADDED_SINCE = {
    # Columns added after the move, whose values migrating back necessarily drops (forward
    # again they come back with their defaults): a client's follow-up choices.
    "intake_client": (
        "follow_up_consent",
        "contact_paused_until",
        "follow_up_stopped_at",
        "contact_stopped_at",
        "measures_on_return",
    ),
}


TABLES_ADDED_SINCE = {
    # Records added after the move (planned contacts, ADR 0037): migrating back drops
    # their tables, so the appointments' planned messages do not come back.
    "records.PlannedContact",
    "records.PlannedContactStatusChange",
    "records.ContactMessage",
}


def read_back(env) -> dict:
    read = json.loads(run(env, "-c", READ_BACK))
    read["counts"] = {k: v for k, v in read["counts"].items() if k not in TABLES_ADDED_SINCE}
    return read


def without_added(snap: dict) -> dict:
    return {
        table: [
            {c: v for c, v in row.items() if c not in ADDED_SINCE.get(table, ())} for row in rows
        ]
        for table, rows in snap.items()
    }


SNAPSHOT = """
import json, sys
import django
django.setup()
from django.db import connection
tables = json.loads(sys.argv[1])
out = {}
with connection.cursor() as cursor:
    for table in tables:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        names = [c[0] for c in cursor.description]
        plain = lambda v: v if isinstance(v, (int, str, type(None))) else str(v)
        out[table] = [{n: plain(v) for n, v in zip(names, row)} for row in cursor.fetchall()]
print(json.dumps(out))
"""

READ_BACK = """
import json
import django
django.setup()
from django.apps import apps
from resiliencehub.episodes.models import Assessment, Formulation, MeasureInvitation
from resiliencehub.records.models import RiskAlert
counts = {}
moved = [Assessment, Formulation, MeasureInvitation]
for model in [*apps.get_app_config("records").get_models(), *moved]:
    rows = list(model.objects.all())  # every encrypted field decrypts
    for row in rows:
        for field in model._meta.concrete_fields:
            getattr(row, field.attname)
    counts[model._meta.label] = len(rows)
histories = {
    alert.pk: [(c.from_status, c.to_status) for c in alert.status_changes.all()]
    for alert in RiskAlert.objects.all()
}
print(json.dumps({"counts": counts, "histories": histories}))
"""


@pytest.fixture
def fresh_database(tmp_path):
    """The environment of a process using a new, empty database of the suite's engine."""
    env = {k: v for k, v in os.environ.items() if k not in ("SQLITE_PATH", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "resiliencehub.config.settings"
    engine = settings.DATABASES["default"]["ENGINE"]
    if "sqlite" in engine:
        env["SQLITE_PATH"] = str(tmp_path / "round-trip.sqlite3")
        yield env
        return
    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"rh_migrations_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=server["HOST"] or "127.0.0.1",
        port=server["PORT"] or 5432,
        user=server["USER"],
        password=server["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    env["DATABASE_URL"] = url
    try:
        yield env
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def manage(env, *args) -> str:
    return run(env, "manage.py", *args, "--verbosity", "0")


def snapshot(env) -> dict:
    return json.loads(run(env, "-c", SNAPSHOT, json.dumps(MOVED_TABLES)))


def rows_by_id(rows: list[dict], *columns) -> dict:
    return {row["id"]: tuple(row[c] for c in columns) for row in rows}


def test_the_demo_record_survives_the_move_back_and_forward(fresh_database):
    env = fresh_database
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    before = snapshot(env)
    read_before = read_back(env)
    assert read_before["counts"]["records.Referral"] > 0
    assert read_before["counts"]["records.RiskAlertStatusChange"] > 0
    assert read_before["counts"]["episodes.Assessment"] > 0

    for app, migration in BEFORE_THE_MOVE:
        manage(env, "migrate", app, migration, "--noinput")
    back = snapshot(env)
    # The tables and every row stay where they were; only the alert history's columns
    # take their old names (and lose from_status, which the order of the rows implies),
    # and columns added since the move (a screening's feedback_sent_at) are dropped.
    assert {t: len(rows) for t, rows in back.items()} == {
        t: len(rows) for t, rows in before.items()
    }
    assert rows_by_id(back["triage_riskalertevent"], "alert_id", "status", "note") == (
        rows_by_id(before["triage_riskalertevent"], "alert_id", "to_status", "reason")
    )
    assert "from_status" not in back["triage_riskalertevent"][0]
    for table in set(MOVED_TABLES) - {"triage_riskalertevent", "episodes_measureinvitation"}:
        kept = back[table][0].keys() if back[table] else ()
        assert back[table] == [{c: row[c] for c in kept} for row in before[table]], table

    manage(env, "migrate", "--noinput")
    assert without_added(snapshot(env)) == without_added(before)
    assert read_back(env) == read_before
