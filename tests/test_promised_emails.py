"""Every email a page promises is written, with links that open (HAZ-043, HAZ-045).

For every demo hub's configuration a stranger walks the public journey with the fewest
optional answers, once agreeing to email and once not. Each page they see that promises
an email ("we will email you", "we have sent") is collected; where the hub sends its
questionnaires after acceptance, staff accept the referral on the staff page. After the
task worker has run, each promise must have its email in the outbox, and every link in
it must open at the configured SITE_URL. Someone who did not agree to email is promised
none and sent none.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import Resolver404, resolve, reverse

from conftest import DEMO_HUBS, load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.hub.models import ScreeningMode
from resiliencehub.intake.tests.conftest import run_tasks
from resiliencehub.intake.tests.fewest import refer_with_fewest_answers
from resiliencehub.intake.tests.helpers import CONTACT, eligible
from resiliencehub.records.models import Referral

pytestmark = pytest.mark.django_db

HUBS = sorted(path.stem for path in DEMO_HUBS.glob("site-*.toml"))
PROMISE = re.compile(
    r"we will (?:also )?email you[^.<]*|we have (?:also )?emailed[^.<]*|we have sent[^.<]*"
    r"|has been emailed[^.<]*|will email the client[^.<]*",
    flags=re.IGNORECASE,
)
LINK = re.compile(r"https?://[^\s<>\"]+")
# The configured address is not the default, so a link built any other way is caught.
SITE_URL = "http://127.0.0.1:8123"


def promises(pages) -> list[tuple[str, str]]:
    found = []
    for path, html in pages:
        text = re.sub(r"<[^>]+>", " ", html)
        found += [(path, " ".join(match.split())) for match in PROMISE.findall(text)]
    return found


def accept_on_the_staff_page(hub, make_staff, signed_in) -> tuple[str, str]:
    referral = Referral.objects.get()
    staff = signed_in(make_staff(hub, Role.CLINICIAN), on_client=HttpClient())
    url = reverse("triage:referral_accept", kwargs={"slug": hub.slug, "referral_id": referral.pk})
    response = staff.post(url, {}, follow=True)
    assert response.status_code == 200
    return url, response.content.decode()


def emails_to_the_person() -> list:
    return [email for email in mail.outbox if CONTACT["email"] in email.to]


def is_ours(link: str) -> bool:
    """A link to one of this service's pages, whatever address it was given."""
    try:
        resolve(urlsplit(link).path)
    except Resolver404:
        return False
    return True


def assert_every_link_opens(emails, promised=()) -> None:
    """Every link to this service is at SITE_URL and opens (links to NHS self-help pages
    and other services are not ours to check); a promised link is there."""
    ours = [(email, link) for email in emails for link in LINK.findall(email.body)]
    ours = [(email, link) for email, link in ours if is_ours(link)]
    if any("link" in text.lower() for _, text in promised):
        assert ours, f"a link was promised but none was sent: {promised}"
    for email, link in ours:
        assert link.startswith(SITE_URL + "/"), (email.subject, link)
        response = HttpClient().get(link.removeprefix(SITE_URL))
        assert response.status_code == 200, (email.subject, link, response.status_code)


@pytest.mark.hazard("HAZ-043")
@pytest.mark.hazard("HAZ-045")
@pytest.mark.parametrize("slug", HUBS)
def test_every_email_a_referral_promises_is_written_with_links_that_open(
    slug, settings, make_staff, signed_in
):
    settings.SITE_URL = SITE_URL
    hub = load_demo_hub(slug)
    walk = refer_with_fewest_answers(hub, ways=["email"])
    if hub.screening_mode == ScreeningMode.REFERRAL_FIRST:
        walk.seen.append(accept_on_the_staff_page(hub, make_staff, signed_in))
    promised = promises(walk.seen)
    run_tasks()
    emails = emails_to_the_person()
    if hub.screening_mode != ScreeningMode.SELF_ASSESSMENT_FIRST:
        assert promised, "this hub emails a referrer: its pages should say so"
    if promised:
        assert emails, f"promised but not written: {promised}"
    assert_every_link_opens(emails, promised)


@pytest.mark.hazard("HAZ-043")
@pytest.mark.parametrize("slug", HUBS)
def test_someone_who_did_not_agree_to_email_is_promised_none_and_sent_none(
    slug, make_staff, signed_in
):
    hub = load_demo_hub(slug)
    walk = refer_with_fewest_answers(hub, ways=[])
    if hub.screening_mode == ScreeningMode.REFERRAL_FIRST:
        accept_on_the_staff_page(hub, make_staff, signed_in)
    assert promises(walk.seen) == []
    run_tasks()
    assert emails_to_the_person() == []


@pytest.mark.hazard("HAZ-045")
@pytest.mark.parametrize("slug", HUBS)
def test_the_link_to_come_back_to_saved_answers_is_written_and_opens(slug, settings):
    settings.SITE_URL = SITE_URL
    hub = load_demo_hub(slug)
    browser = HttpClient()
    eligible(browser, hub)
    save = reverse("intake:save", kwargs={"slug": hub.slug})
    seen = [(save, browser.get(save).content.decode())]
    sent = browser.post(save, {"email": CONTACT["email"]}, follow=True)
    seen.append((sent.request["PATH_INFO"], sent.content.decode()))
    promised = promises(seen)
    assert promised
    run_tasks()
    (email,) = emails_to_the_person()
    assert_every_link_opens([email], promised)
