"""Every way a risk alert reaches the duty queue, each made the way a stranger or a
clinician makes it: the public journey answered with only what each page requires, the
triage and episode pages staff use, and a client's measure link opened and answered.

Each source returns the alert it raised and what the duty clinician must be shown to
reach the person (a number, or a plain statement that no contact details were given).
"""

import re
from dataclasses import dataclass

from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.intake.tests.conftest import run_tasks
from resiliencehub.intake.tests.fewest import Walk, refer_with_fewest_answers
from resiliencehub.intake.tests.helpers import CONTACT, eligible
from resiliencehub.records.models import RiskAlert

NO_CONTACT_DETAILS = "No contact details were given"
CALLBACK = "07700 900321"
SEVERAL_DAYS = 1
MORE_THAN_HALF_THE_DAYS = 2


@dataclass(frozen=True)
class Raised:
    alert: RiskAlert
    reach: str
    """Text the alert page must show so the duty clinician can reach the person."""


def item9(value: int | None) -> dict | None:
    """The answer to item 9 of the PHQ-9, for `fewest_answers`' `choose`."""
    return None if value is None else {"PHQ-9:9": value}


def _only_new_alert(before: set) -> RiskAlert:
    (alert,) = RiskAlert.objects.exclude(pk__in=before)
    return alert


def _existing() -> set:
    return set(RiskAlert.objects.values_list("pk", flat=True))


# --- the sources ------------------------------------------------------------------------


def anonymous_self_assessment(hubs, make_staff, signed_in, callback: str = "") -> Raised:
    """Site A: a self-assessment with no name, item 9 "Several days", finished there."""
    hub = hubs["site-a"]
    walk = Walk(hub, choose=item9(SEVERAL_DAYS), callback=callback)
    eligible(walk.browser, hub)
    landing = walk.submit()
    assert landing.endswith("/your-results/"), landing
    walk.browser.post(reverse("intake:refer", kwargs={"slug": hub.slug}), {"refer": "no"})
    alert = RiskAlert.objects.get(hub=hub)
    assert alert.client is None and alert.referral is None
    return Raised(alert, callback or NO_CONTACT_DETAILS)


def anonymous_with_a_call_back_number(hubs, make_staff, signed_in) -> Raised:
    return anonymous_self_assessment(hubs, make_staff, signed_in, callback=CALLBACK)


def named_referral(hubs, make_staff, signed_in) -> Raised:
    """Site C: a referral with its screening, named, item 9 "Several days"."""
    referral = refer_with_fewest_answers(hubs["site-c"], choose=item9(SEVERAL_DAYS)).referral
    alert = RiskAlert.objects.get(hub=referral.hub)
    assert alert.referral == referral and alert.client == referral.client
    return Raised(alert, CONTACT["phone"])


def returning_client(hubs, make_staff, signed_in) -> Raised:
    """Site C: someone who referred before comes back through an emailed link."""
    hub = hubs["site-c"]
    # Asked the questionnaires again on return (Site C otherwise skips them within 90
    # days of the last answers: test_returning_without_repeating.py).
    hub.returning_measures_valid_days = 0
    hub.save(update_fields=["returning_measures_valid_days"])
    first = refer_with_fewest_answers(hub).referral
    run_tasks()
    mail.outbox.clear()
    HttpClient().post(
        reverse("intake:returning", kwargs={"slug": hub.slug}), {"email": CONTACT["email"]}
    )
    run_tasks()
    path = re.search(r"/h/site-c/returning/[^\s/]+/", mail.outbox[-1].body).group(0)
    browser = HttpClient()
    assert browser.get(path).status_code == 200
    assert browser.post(path).status_code == 302
    before = _existing()
    assert Walk(hub, browser, choose=item9(SEVERAL_DAYS)).submit().endswith("/sent/")
    alert = _only_new_alert(before)
    assert alert.client == first.client and alert.referral.returning
    return Raised(alert, CONTACT["phone"])


def accepted_episode(hub, make_staff, signed_in):
    """A referral made on the public site, accepted and allocated on the staff pages.
    Returns the episode and the case holder's signed-in browser."""
    referral = refer_with_fewest_answers(hub).referral
    clinician = make_staff(hub, Role.CLINICIAN)
    staff = signed_in(clinician, HttpClient())
    accepted = staff.post(
        reverse("triage:referral_accept", kwargs={"slug": hub.slug, "referral_id": referral.pk}),
        {"allocate_to": str(clinician.pk)},
    )
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    referral.refresh_from_db()
    return referral.episode, staff


def risky_session_measure(staff, episode) -> RiskAlert:
    """The case holder enters a session PHQ-9 with item 9 = 2 on the episode's page."""
    answers = {f"item_{n}": "0" for n in range(1, 9)} | {"item_9": str(MORE_THAN_HALF_THE_DAYS)}
    url = reverse(
        "episodes:measure_new",
        kwargs={"slug": episode.hub.slug, "episode_id": episode.pk, "instrument": "PHQ-9"},
    )
    assert staff.get(url).status_code == 200
    before = _existing()
    assert staff.post(url, answers | {"stage": "session"}).status_code == 302
    return _only_new_alert(before)


def session_measure_by_a_clinician(hubs, make_staff, signed_in) -> Raised:
    """A PHQ-9 with item 9 = 2 entered by the case holder on the episode's measure page."""
    episode, staff = accepted_episode(hubs["site-c"], make_staff, signed_in)
    alert = risky_session_measure(staff, episode)
    assert alert.client == episode.client and alert.response.instrument_id == "PHQ-9"
    return Raised(alert, CONTACT["phone"])


def client_measure_link(hubs, make_staff, signed_in) -> Raised:
    """A measure link made on the episode page, opened and answered by the client."""
    hub = hubs["site-c"]
    episode, staff = accepted_episode(hub, make_staff, signed_in)
    made = staff.post(
        reverse("episodes:measure_link", kwargs={"slug": hub.slug, "episode_id": episode.pk}),
        {"instruments": ["PHQ-9"]},
    )
    assert made.status_code == 200, made.content.decode()[:2000]
    path = re.search(r"/measures/[^\s/\"<]+/", made.content.decode()).group(0)
    browser = HttpClient()
    assert browser.get(path).status_code == 200
    answers = {f"PHQ9-item_{n}": "0" for n in range(1, 9)}
    before = _existing()
    sent = browser.post(path, answers | {"PHQ9-item_9": str(MORE_THAN_HALF_THE_DAYS)})
    assert sent.status_code == 200
    alert = _only_new_alert(before)
    assert alert.client == episode.client
    return Raised(alert, CONTACT["phone"])


SOURCES = {
    "anonymous self-assessment, no number left": anonymous_self_assessment,
    "anonymous self-assessment, call-back number left": anonymous_with_a_call_back_number,
    "named referral": named_referral,
    "returning client": returning_client,
    "session measure entered by a clinician": session_measure_by_a_clinician,
    "client's measure link": client_measure_link,
}
