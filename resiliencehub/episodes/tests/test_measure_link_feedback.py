"""The page a client sees after sending their questionnaires from a measure link: after a
risk answer it leads with it, the duty team's response time and the crisis lines
(ADR 0016, HAZ-046)."""

import re

import pytest
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services
from resiliencehub.episodes.tests.factories import auditor_for, make_episode

pytestmark = pytest.mark.django_db

PHQ9_ONLY_ITEM_9 = {f"PHQ9-item_{n}": "0" for n in range(1, 9)} | {"PHQ9-item_9": "3"}


def _sent(client, hub, make_staff, answers):
    clinician = make_staff(hub, Role.CLINICIAN)
    episode = make_episode(hub, clinician, name="Lin Linked")
    _, token = services.measure_invitation_create(
        episode, ["PHQ-9"], auditor=auditor_for(clinician)
    )
    page = client.post(reverse("intake:client_measures", kwargs={"token": token}), answers)
    assert page.status_code == 200
    html = page.content.decode()
    return html, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.hazard("HAZ-046")
def test_after_a_risk_answer_the_thank_you_page_leads_with_it(client, hub_a, make_staff):
    hub_a.risk_acknowledge_hours = 6
    hub_a.save(update_fields=["risk_acknowledge_hours"])
    html, words = _sent(client, hub_a, make_staff, PHQ9_ONLY_ITEM_9)
    told = words.index("You told us you have had thoughts that you would be better off dead")
    assert "will contact you within 6 working hours" in words
    assert "Monday to Friday, 9am to 5pm" in words
    assert 'href="tel:116123"' in html and 'href="tel:999"' in html
    assert told < words.index("Your therapist will see them")
    assert "Lin Linked" not in words  # the page still names no one


def test_without_a_risk_answer_the_thank_you_page_is_plain(client, hub_a, make_staff):
    _, words = _sent(client, hub_a, make_staff, {f"PHQ9-item_{n}": "0" for n in range(1, 10)})
    assert "Your therapist will see them" in words
    assert "About your safety" not in words
