"""One client-email mechanism (records.client_email, ADR 0035): the person's consent to
email is re-checked when the worker sends, a task run twice sends once, subjects are
neutral, and subject and body come from the templates in records/jinja2/email/ (HAZ-027)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from jinja2 import UndefinedError

from conftest import load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services as episode_services
from resiliencehub.episodes.tasks import send_measure_link_email
from resiliencehub.episodes.tests.factories import auditor_for, make_episode
from resiliencehub.intake.models import AccessLink
from resiliencehub.intake.tasks import send_feedback_email, send_link_email
from resiliencehub.intake.tests.conftest import run_tasks
from resiliencehub.intake.tests.fewest import refer_with_fewest_answers
from resiliencehub.intake.tests.helpers import eligible
from resiliencehub.records.client_email import NOT_ALLOWED, render
from resiliencehub.records.models import Client, Referral, Screening

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "jinja2" / "email"
# Words that must never be in a subject line a notification can show (HAZ-027).
CLINICAL = re.compile(
    r"mental|health|therap|counsel|depress|anxi|mood|suicid|harm|risk|crisis|PHQ|GAD|CORE"
    r"|AUDIT|PTSD|score|result|diagnos|screen|clinic|psych",
    re.IGNORECASE,
)
# Every subject today, after the hub's name; a new one is added here with its template.
SUBJECTS = {
    "feedback": "thank you for your referral",
    "measure_link": "a link from your practitioner",
    "not_found_returning": "we could not find your details",
    "not_found_saved": "we could not find your details",
    "questionnaires": "questionnaires before your assessment",
    "resume": "continue where you left off",
    "returning": "your sign-in link",
    "follow_up": "{% if reminder %}a reminder: {% endif %}how are you now?",
    "appointment_booked": "your appointment",
    "appointment_reminder": "a reminder of your appointment",
    "appointment_cancelled": "a change to your appointment",
}


def _subject_source(path: Path) -> str:
    return re.search(r"{% block subject %}(.*?){% endblock %}", path.read_text()).group(1)


@pytest.mark.hazard("HAZ-027")
def test_every_subject_is_the_hubs_name_and_a_neutral_phrase():
    found = {path.stem: _subject_source(path) for path in TEMPLATES.glob("*.txt")}
    assert found == {name: "{{ hub.name }}: " + words for name, words in SUBJECTS.items()}
    for words in SUBJECTS.values():
        assert not CLINICAL.search(words), words


def _measure_invitation(hub, make_staff, email="mo@example.org"):
    clinician = make_staff(hub, Role.CLINICIAN)
    episode = make_episode(hub, clinician, name="Mo Measured", email=email)
    page = HttpClient()
    page.force_login(clinician)
    invitation, _token = episode_services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician), send_email=True
    )
    return invitation


@pytest.mark.hazard("HAZ-027")
def test_the_email_is_its_template_rendered_as_plain_text(client, hub_a):
    eligible(client, hub_a)
    client.post(f"/h/{hub_a.slug}/save/", {"email": "save@example.org"})
    link = AccessLink.objects.get()
    hub_a.name = "A & B <Hub>"  # plain text: nothing is HTML-escaped
    hub_a.save(update_fields=["name"])
    assert run_tasks() == ["sent"]
    (email,) = mail.outbox
    url = re.search(r"http://\S+", email.body).group(0)
    assert url.startswith(settings.SITE_URL + "/h/site-a/resume/")
    assert (email.subject, email.body) == render(
        "resume", {"hub": hub_a, "link": url, "lasts": "7 days"}
    )
    assert email.subject == "A & B <Hub>: continue where you left off"
    assert email.body.startswith("You asked for a link to carry on with your answers.")
    assert "The link works once and for 7 days." in email.body
    link.refresh_from_db()
    assert link.sent_at is not None and link.email == ""


def test_a_template_variable_left_out_is_an_error_not_an_empty_string(hub_a):
    with pytest.raises(UndefinedError, match="link"):
        render("resume", {"hub": hub_a, "lasts": "7 days"})


@pytest.mark.hazard("HAZ-027")
def test_running_a_link_email_twice_sends_it_once(client, hub_a):
    eligible(client, hub_a)
    client.post(f"/h/{hub_a.slug}/save/", {"email": "save@example.org"})
    link = AccessLink.objects.get()
    assert send_link_email.call(link.pk) == "sent"
    assert send_link_email.call(link.pk) == "already sent"
    assert len(mail.outbox) == 1


@pytest.mark.hazard("HAZ-027")
def test_running_a_measure_link_email_twice_sends_it_once(hub_a, make_staff):
    invitation = _measure_invitation(hub_a, make_staff)
    assert run_tasks() == ["sent"]
    assert send_measure_link_email.call(invitation.pk) == "already sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"{hub_a.name}: a link from your practitioner"


def _feedback_screening(hub, may_email=True) -> Screening:
    client = Client.objects.create(
        hub=hub, full_name="Xan", email="xan@example.org", may_email=may_email
    )
    referral = Referral.objects.create(hub=hub, client=client, submitted_at=client.created_at)
    return Screening.objects.create(
        hub=hub, client=client, referral=referral, kind="referral", submitted_at=client.created_at
    )


@pytest.mark.hazard("HAZ-027")
def test_running_the_feedback_email_twice_sends_it_once():
    hub_c = load_demo_hub("site-c")
    screening = _feedback_screening(hub_c)
    assert send_feedback_email.call(screening.pk) == "sent"
    assert send_feedback_email.call(screening.pk) == "already sent"
    assert len(mail.outbox) == 1
    screening.refresh_from_db()
    assert screening.feedback_sent_at is not None
    assert mail.outbox[0].body.startswith(
        f"Thank you for your referral to {hub_c.name}. Your reference is "
    )


@pytest.mark.hazard("HAZ-027")
def test_consent_withdrawn_before_the_feedback_email_is_sent_stops_it():
    hub_c = load_demo_hub("site-c")
    screening = _feedback_screening(hub_c)
    Client.objects.filter(pk=screening.client_id).update(may_email=False)
    assert send_feedback_email.call(screening.pk) == "not allowed"
    assert mail.outbox == []
    screening.refresh_from_db()
    assert screening.feedback_sent_at is None


@pytest.mark.hazard("HAZ-027")
def test_consent_withdrawn_before_a_measure_link_is_sent_stops_it(hub_a, make_staff):
    invitation = _measure_invitation(hub_a, make_staff)
    Client.objects.filter(pk=invitation.episode.client_id).update(may_email=False)
    assert run_tasks() == [NOT_ALLOWED]
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.sent_at is None


@pytest.mark.hazard("HAZ-027")
def test_consent_withdrawn_before_the_questionnaires_link_is_sent_stops_it(
    hub_b, make_staff, signed_in
):
    refer_with_fewest_answers(hub_b, ways=["email"])
    referral = Referral.objects.get()
    run_tasks()
    staff = signed_in(make_staff(hub_b, Role.CLINICIAN), on_client=HttpClient())
    accept = reverse(
        "triage:referral_accept", kwargs={"slug": "site-b", "referral_id": referral.pk}
    )
    staff.post(accept, {})
    # The client tells the hub not to email them before the worker gets to the email.
    Client.objects.filter(pk=referral.client_id).update(may_email=False)
    assert run_tasks() == [NOT_ALLOWED]
    assert mail.outbox == []
