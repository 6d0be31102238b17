"""Feedback in plain words: a screen, never a diagnosis; no band for an incomplete form;
the wait quoted from the hub's own data when there is enough (HAZ-021)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from resiliencehub.audit.services import Auditor
from resiliencehub.intake import feedback
from resiliencehub.intake.selectors import MEDIAN_WAIT_MINIMUM, median_wait
from resiliencehub.intake.tasks import send_feedback_email
from resiliencehub.records.measures import measure_response_record
from resiliencehub.records.models import Client, Referral, ResponseSource

pytestmark = pytest.mark.django_db


def recorded(hub, instrument, answers):
    return measure_response_record(
        hub, instrument, answers, auditor=Auditor.system("tests"), source=ResponseSource.CLIENT
    ).response


@pytest.mark.hazard("HAZ-021")
@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (dict.fromkeys(range(1, 10), 0), "few or no symptoms of low mood"),
        ({**dict.fromkeys(range(1, 10), 1), 9: 0}, "mild symptoms"),
        (dict.fromkeys(range(1, 9), 2) | {9: 0}, "severe symptoms"),
    ],
)
def test_phq9_bands_in_plain_words(hub_a, answers, words):
    (item,) = feedback.for_responses([recorded(hub_a, "PHQ-9", answers)])
    assert words in item.result
    assert item.score.startswith("Your score was")
    assert item.self_help[1].startswith("https://www.nhs.uk/")


@pytest.mark.hazard("HAZ-021")
def test_an_incomplete_form_gets_no_band(hub_a):
    (item,) = feedback.for_responses([recorded(hub_a, "PHQ-9", {1: 1, 2: 1})])
    assert "could not work out a result" in item.result and item.score == ""


def test_trauma_and_alcohol_results_are_worded_for_what_they_are(hub_a):
    itq = dict.fromkeys(range(1, 19), 0)
    audit = {1: 4, 2: 4, 3: 4, 4: 4, 5: 4, 6: 4, 7: 4, 8: 4, 9: 4, 10: 4}
    items = feedback.for_responses([recorded(hub_a, "ITQ", itq), recorded(hub_a, "AUDIT", audit)])
    assert "do not suggest post-traumatic stress disorder" in items[0].result
    assert (
        "dependent on alcohol" in items[1].result
        and "not stop drinking suddenly" in items[1].result
    )


def test_question_sets_get_no_feedback(hub_a):
    assert feedback.for_responses([recorded(hub_a, "covid-impact", {2: "no"})]) == []


def test_the_feedback_says_it_is_a_screen_not_a_diagnosis():
    assert "not a diagnosis" in feedback.NOT_A_DIAGNOSIS


def _referrals(hub, waits):
    client = Client.objects.create(hub=hub, full_name="Someone")
    now = timezone.now()
    for days in waits:
        Referral.objects.create(
            hub=hub,
            client=client,
            submitted_at=now - timedelta(days=days + 1),
            first_assessed_at=now - timedelta(days=1),
        )


def test_the_wait_is_the_configured_estimate_until_there_is_enough_data(hub_a):
    _referrals(hub_a, [3] * (MEDIAN_WAIT_MINIMUM - 1))
    wait = median_wait(hub_a)
    assert (wait.days, wait.measured) == (hub_a.typical_wait_days, False)


def test_the_wait_is_the_hubs_median_once_there_is_enough_data(hub_a):
    _referrals(hub_a, [2, 3, 4, 5, 6, 7, 8, 9, 10, 30])
    wait = median_wait(hub_a)
    assert (wait.days, wait.measured, wait.referrals) == (6, True, 10)


def test_the_feedback_email_task_respects_the_clients_choice(hub_c):
    from resiliencehub.records.models import Screening

    client = Client.objects.create(hub=hub_c, full_name="X", email="x@example.org", may_email=False)
    referral = Referral.objects.create(hub=hub_c, client=client, submitted_at=timezone.now())
    screening = Screening.objects.create(
        hub=hub_c, client=client, referral=referral, kind="referral", submitted_at=timezone.now()
    )
    assert send_feedback_email.call(screening.pk) == "not allowed"
    assert mail.outbox == []
