"""A stale or missing security token never throws away what a person typed (HAZ-028)."""

import pytest
from django.test import Client
from django.urls import reverse

from resiliencehub.intake.models import JourneyAnswer

from .helpers import answer_until, eligible

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-028")]


def test_a_page_posted_with_a_stale_token_comes_back_with_the_answers_typed(client, hub_c):
    eligible(client, hub_c)
    url = answer_until(client, hub_c, stop_at="your-name")["Location"]
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    strict.get(url)
    typed = {"full_name": "Ada Typed-Carefully", "csrfmiddlewaretoken": "stale"}

    response = strict.post(url, typed)
    page = response.content.decode()
    assert response.status_code == 403
    assert 'value="Ada Typed-Carefully"' in page
    assert "timed out before your answers were saved" in page
    assert not JourneyAnswer.objects.filter(key="contact:full_name").exists()

    typed["csrfmiddlewaretoken"] = strict.cookies["rh_csrftoken"].value
    again = strict.post(url, typed)
    assert again.status_code == 302
    assert JourneyAnswer.objects.filter(key="contact:full_name").exists()


def test_other_pages_with_a_stale_token_get_the_timed_out_page():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:sign_in"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Your page timed out" in response.content.decode()
