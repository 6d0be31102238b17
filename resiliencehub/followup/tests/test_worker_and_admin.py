"""The worker's regular run, the system administrator's read-only view of schedules, and
did-not-attend counts on the caseload pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services
from resiliencehub.episodes.tests.factories import auditor_for, make_episode
from resiliencehub.followup.tasks import schedule_next, send_due_contacts_task

pytestmark = pytest.mark.django_db


def _queued():
    return DBTaskResult.objects.filter(
        task_path=send_due_contacts_task.module_path, status=TaskResultStatus.READY
    )


def test_starting_the_server_twice_queues_one_run_and_each_run_queues_the_next(hub_a):
    assert schedule_next() is True
    assert schedule_next() is False  # a second start makes no second chain
    assert _queued().count() == 1
    row = _queued().get()
    task = row.task
    row.delete()  # as the worker claims it: no longer waiting
    summary = task.call()
    assert summary.startswith("As of ")
    (following,) = _queued()
    assert following.run_after > timezone.now() + timedelta(minutes=4)


def test_the_system_administrator_sees_schedules_but_cannot_change_them_there(
    hub_a, make_staff, signed_in
):
    admin = signed_in(make_staff(None, superuser=True))
    page = admin.get(reverse("admin:hub_hub_change", args=[hub_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Follow-up at 3 and 6 months" in text
    assert 'name="contact_schedules-0-name"' not in text  # shown, not an input


def test_did_not_attend_counts_per_clinician_and_pathway_are_on_the_team_caseload(
    hub_a, make_staff, signed_in
):
    clinician = make_staff(hub_a, Role.CLINICIAN, username="dana")
    episode = make_episode(hub_a, clinician)
    who = auditor_for(clinician)
    for days, outcome in ((20, "attended"), (13, "did_not_attend"), (6, "did_not_attend")):
        appointment = services.appointment_book(
            episode,
            clinician=clinician,
            starts_at=timezone.now() - timedelta(days=days),
            duration_minutes=50,
            kind="treatment",
            mode="face_to_face",
            auditor=who,
        )
        services.appointment_outcome_record(appointment, outcome, auditor=who)
    lead = signed_in(make_staff(hub_a, Role.CLINICAL_LEAD))
    text = lead.get(reverse("episodes:team_caseload", kwargs={"slug": hub_a.slug})).content
    text = text.decode()
    assert "Appointments not attended in the last year" in text
    table = text[text.index("Appointments not attended") :]
    row = table.split("Test dana")[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split("<div>")[1:]]
    assert cells == ["3", "2", "67%"]  # held or missed, not attended, rate
    waiting = lead.get(reverse("episodes:waiting_list", kwargs={"slug": hub_a.slug}))
    assert "67%" in waiting.content.decode()
