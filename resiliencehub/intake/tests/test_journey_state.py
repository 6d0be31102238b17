"""A public page request works out the journey's page plan once and reads its stored
answers once (`intake.state.JourneyState`), whatever it then does with them: save a page,
score a questionnaire, choose the next page, show the page again with errors."""

import pytest
from django.urls import reverse

from resiliencehub.intake import pages, state

from .helpers import eligible, journey_of, page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    """How many times each request planned the journey and read its answers."""
    calls = {"plan": 0, "stored": 0}
    plan, stored = pages.plan, state.stored_answers

    def counting_plan(*args, **kwargs):
        calls["plan"] += 1
        return plan(*args, **kwargs)

    def counting_stored(*args, **kwargs):
        calls["stored"] += 1
        return stored(*args, **kwargs)

    monkeypatch.setattr(pages, "plan", counting_plan)
    monkeypatch.setattr(state, "stored_answers", counting_stored)

    def reset():
        seen = dict(calls)
        calls.update(plan=0, stored=0)
        return seen

    return reset


def walk_to_first_questionnaire(client, hub):
    """Answer pages until the next one belongs to a questionnaire; returns that page."""
    for _ in range(20):
        location = client.get(reverse("intake:next", kwargs={"slug": hub.slug}))["Location"]
        journey = journey_of(client, hub)
        key = location.rstrip("/").split("/")[-1]
        page = pages.find(pages.plan(hub, journey, journey.created_at.date()), key)
        if page.instrument is not None:
            return location, page
        client.post(location, page_data(page))
    raise AssertionError("no questionnaire page")


@pytest.mark.parametrize("slug", ["site-a", "site-b", "site-c", "site-d"])
def test_a_page_request_plans_the_journey_and_reads_the_answers_once(client, slug, counted):
    from conftest import load_demo_hub

    hub = load_demo_hub(slug)
    eligible(client, hub)
    location, page = walk_to_first_questionnaire(client, hub)

    counted()
    assert client.get(location).status_code == 200
    assert counted() == {"plan": 1, "stored": 1}

    assert client.post(location, {}).status_code == 200  # the page again, with its errors
    assert counted() == {"plan": 1, "stored": 1}

    response = client.post(location, page_data(page))
    assert response.status_code == 302
    # Saved, scored if complete, and the next page chosen, from one plan and one read.
    assert counted() == {"plan": 1, "stored": 1}

    assert client.get(reverse("intake:next", kwargs={"slug": hub.slug})).status_code == 302
    assert counted() == {"plan": 1, "stored": 1}
