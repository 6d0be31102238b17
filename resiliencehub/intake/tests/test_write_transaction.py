"""A page POST's write transaction holds only writes and the reads that must be made under
its lock (ADR 0036). On SQLite the transaction holds the database's one write lock from
its first statement, so everything else a POST does — reading and decrypting answers,
planning the journey, scoring, encrypting — happens before it begins."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resiliencehub.core import crypto
from resiliencehub.intake import pages
from resiliencehub.records import measures

from .helpers import eligible, journey_of, page_data

pytestmark = pytest.mark.django_db(transaction=True)  # real BEGIN and COMMIT

GUARD_READS = {
    ("SELECT", "intake_journey"),  # the journey, locked: still open, its risk state
    ("SELECT", "intake_journeyresponse"),  # the measure's current response: alerted marks
    ("SELECT", "audit_auditevent"),  # the head of the audit chain
}
TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.I)


def statements_of_the_transaction(queries) -> list[tuple[str, str]]:
    """(verb, table) of each statement from BEGIN to COMMIT, savepoints left out."""
    inside, within = [], False
    for sql in (q["sql"] for q in queries):
        verb = sql.split(None, 1)[0].upper()
        if verb == "BEGIN":
            within = True
        elif verb == "COMMIT":
            within = False
        elif within and verb not in ("SAVEPOINT", "RELEASE"):
            if "pg_advisory_xact_lock" in sql:
                inside.append(("LOCK", "audit chain"))
                continue
            inside.append((verb, TABLE.search(sql).group(1)))
    return inside


@pytest.fixture
def at_a_measure_page(client):
    """A stranger at site C's PHQ-9 page, the pages before it answered."""
    from conftest import load_demo_hub

    hub = load_demo_hub("site-c")
    eligible(client, hub)
    for _ in range(30):
        location = client.get(reverse("intake:next", kwargs={"slug": hub.slug}))["Location"]
        key = location.rstrip("/").split("/")[-1]
        journey = journey_of(client, hub)
        page = pages.find(pages.plan(hub, journey, journey.created_at.date()), key)
        if key == "phq-9":
            return location, page
        assert client.post(location, page_data(page)).status_code == 302
    raise AssertionError("never reached the PHQ-9 page")


@pytest.fixture
def work_done_in_a_transaction(monkeypatch):
    """The names of the functions among encrypting, decrypting and scoring that ran
    while a transaction was open (cleared before the request a test measures)."""
    seen = []
    for owner, name in ((crypto, "encrypt"), (crypto, "decrypt"), (measures, "score")):
        original = getattr(owner, name)

        def watched(*args, _original=original, _name=name, **kwargs):
            if connection.in_atomic_block:
                seen.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, watched)
    return seen


def test_a_measure_page_post_writes_under_the_lock_and_reads_only_its_guards(
    client, at_a_measure_page, work_done_in_a_transaction
):
    location, page = at_a_measure_page
    work_done_in_a_transaction.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.post(location, page_data(page))
    assert response.status_code == 302
    inside = statements_of_the_transaction(captured.captured_queries)
    reads = {statement for statement in inside if statement[0] == "SELECT"}
    assert reads <= GUARD_READS, f"reads under the lock: {sorted(reads - GUARD_READS)}"
    writes = [statement for statement in inside if statement[0] != "SELECT"]
    assert ("INSERT", "intake_journeyanswer") in writes
    assert ("INSERT", "intake_measureresponse") in writes  # PHQ-9 complete: scored, stored
    # One audit event for the one action: the response recorded, naming the page.
    assert [w for w in writes if w[1] == "audit_auditevent"] == [("INSERT", "audit_auditevent")]
    assert work_done_in_a_transaction == [], "encrypting, decrypting or scoring under the lock"


def test_a_page_with_no_questionnaire_reads_nothing_but_the_audit_chain_under_the_lock(
    client, work_done_in_a_transaction
):
    from conftest import load_demo_hub

    hub = load_demo_hub("site-c")
    eligible(client, hub)
    location = client.get(reverse("intake:next", kwargs={"slug": hub.slug}))["Location"]
    journey = journey_of(client, hub)
    page = pages.find(pages.plan(hub, journey, journey.created_at.date()), location.split("/")[-2])
    assert page.instrument is None  # the consent page
    work_done_in_a_transaction.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.post(location, page_data(page)).status_code == 302
    inside = statements_of_the_transaction(captured.captured_queries)
    assert {s for s in inside if s[0] == "SELECT"} == {("SELECT", "audit_auditevent")}
    assert work_done_in_a_transaction == []
