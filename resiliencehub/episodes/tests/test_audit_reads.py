"""Every read of a client's record writes exactly one audit event, refused requests none,
and a refused POST for another hub's object changes nothing (quality.md S2, S4).

Runs over every triage and episodes route of the access matrix, as every persona.
"""

from unittest import mock

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from conftest import load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.audit.services import Auditor
from tests.access.matrix import ROUTES
from tests.access.personas import PERSONAS, ROLE_PERSONAS, build_cast
from tests.access.test_access_matrix import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-006")]

OURS = [route for route in ROUTES if route.name.split(":")[0] in ("triage", "episodes")]
# Pages that show no client's record: configuration-like lists, the break-glass form
# (which shows only that a record is restricted) and the client's own questionnaire page.
NOT_RECORD_PAGES = {
    "triage:rota",
    "episodes:directory",
    "episodes:directory_edit",
    "episodes:groups",
    "episodes:break_glass",
    "intake:client_measures",
}
TABLES = ["intake", "triage", "episodes", "hub"]


@pytest.fixture
def cast(make_staff):
    return build_cast(load_demo_hub("site-a"), load_demo_hub("site-b"), make_staff)


def test_each_record_page_read_writes_exactly_one_event_and_each_refusal_none(cast):
    failures = []
    for route in OURS:
        if "GET" not in route.methods:
            continue
        for persona in PERSONAS:
            url = reverse(route.name, kwargs=route.kwargs(cast) or None)
            client = client_for(cast, persona)
            before = AuditEvent.objects.count()
            response = client.get(url, secure=True)
            events = list(AuditEvent.objects.order_by("sequence")[before:])
            if response.status_code == 200 and route.name not in NOT_RECORD_PAGES:
                if len(events) != 1 or events[0].action != AuditAction.RECORD_VIEWED:
                    failures.append(f"{url} as {persona}: {[e.action for e in events]}")
                elif events[0].actor_label != f"user:{cast.user(persona).pk}":
                    failures.append(f"{url} as {persona}: actor {events[0].actor_label}")
            elif events:
                failures.append(f"{url} as {persona} ({response.status_code}): {len(events)}")
    assert failures == []


def row_counts() -> dict:
    counts = {}
    for label in TABLES:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model.objects.count()
    counts["audit"] = AuditEvent.objects.count()
    return counts


def is_idor(route) -> bool:
    table = route.methods.get("POST", {})
    return bool(table) and all(table[p] in (403, 404) for p in ROLE_PERSONAS)


@pytest.mark.hazard("HAZ-031")
def test_a_post_for_another_hubs_object_changes_nothing(cast):
    idor_routes = [route for route in OURS if is_idor(route)]
    assert len(idor_routes) >= 20
    failures = []
    for route in idor_routes:
        url = reverse(route.name, kwargs=route.kwargs(cast) or None)
        for persona in PERSONAS:
            before = row_counts()
            response = client_for(cast, persona).post(url, data=route.data(cast), secure=True)
            after = row_counts()
            if response.status_code not in (302, 403, 404) or after != before:
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                failures.append(f"{url} as {persona}: {response.status_code} {changed}")
    assert failures == []


def test_if_the_read_cannot_be_audited_nothing_is_shown(cast):
    """Fail closed (S4): an audit failure is a server error, with no record in it."""
    episode = cast.objects["episode"]
    url = reverse("episodes:episode", kwargs={"slug": cast.own.slug, "episode_id": episode.pk})
    client = Client(raise_request_exception=False)
    from conftest import verify_session

    verify_session(client, cast.user(Role.CLINICIAN.value))
    original = Auditor.record

    def failing(self, action, **kwargs):
        if action == AuditAction.RECORD_VIEWED:
            raise RuntimeError("audit store unavailable")
        return original(self, action, **kwargs)

    with mock.patch.object(Auditor, "record", failing):
        response = client.get(url, secure=True)
    assert response.status_code == 500
    assert "Cora Canary-Episode" not in response.content.decode()
