"""Outcome words that agree with the numbers shown, on the episode's own pages.

The client's screening is made through the intake service; every later score and the
discharge are entered through the staff pages, as a clinician would.
"""

import re

import pytest
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes.models import Episode
from resiliencehub.episodes.tests.factories import (
    gad7_total,
    make_episode,
    make_screening,
    phq9_total,
)
from resiliencehub.nhsuk_forms.formatting import format_date

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-052")]
VERDICTS = ("No reliable change", "Reliable improvement", "Reliable deterioration")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def answers(items: dict) -> dict:
    return {f"item_{number}": str(value) for number, value in items.items()}


ANSWERS = {"PHQ-9": phq9_total, "GAD-7": gad7_total}


@pytest.fixture
def clinic(hub_a, make_staff, signed_in):
    """An allocated episode whose screening gave PHQ-9 10 and GAD-7 9, and its clinician."""
    clinician = make_staff(hub_a, Role.CLINICIAN)
    episode = make_episode(hub_a, clinician)
    screening = make_screening(episode.referral, {"PHQ-9": phq9_total(10), "GAD-7": gad7_total(9)})
    client = signed_in(clinician)
    kw = {"slug": hub_a.slug, "episode_id": episode.pk}

    class Clinic:
        screened_on = format_date(screening.submitted_at)

        def __init__(self):
            self.episode, self.client = episode, client

        def enter(self, instrument, total, stage="session"):
            url = reverse("episodes:measure_new", kwargs={**kw, "instrument": instrument})
            response = client.post(url, {"stage": stage, **answers(ANSWERS[instrument](total))})
            assert response.status_code == 302, text(response.content.decode())[:2000]

        def page(self, name, **data):
            url = reverse(f"episodes:{name}", kwargs=kw)
            return client.post(url, data) if data else client.get(url)

    return Clinic()


@pytest.mark.parametrize(
    "instrument, latest, change, verdict",
    [
        ("PHQ-9", 19, "+9", "Reliable deterioration"),
        ("PHQ-9", 15, "+5", "No reliable change"),
        ("PHQ-9", 4, "-6", "Reliable improvement"),
        ("GAD-7", 13, "+4", "Reliable deterioration"),
    ],
)
def test_the_chart_says_only_what_the_change_shown_means(
    clinic, instrument, latest, change, verdict
):
    clinic.enter(instrument, latest)
    page = clinic.page("measures").content.decode()

    svg = page.split(f'aria-labelledby="svg-title-{instrument}')[1].split("</svg>")[0]
    said = {words for words in VERDICTS if words.lower() in svg.lower()}
    assert said == {verdict}, f"the chart of a {change} change also says {said - {verdict}}"
    assert f"{change}: {verdict.lower()}" in text(svg), "the latest point is labelled"

    table = page.split(f'id="table-{instrument}"')[1].split("</table>")[0]
    cells = [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", table.split("<tr")[-1])]
    assert cells[-2].endswith(change), "change from first"
    assert cells[-1].endswith(verdict), "reliable change"


def test_the_reason_an_outcome_is_not_computed_is_the_same_before_and_after_discharge(clinic):
    clinic.enter("PHQ-9", 19)  # no GAD-7 after the screening one
    reason = f"Not computed: no GAD-7 score after the first one (9 on {clinic.screened_on})."

    before = text(clinic.page("discharge").content.decode())
    assert f"Reliable deterioration {reason}" in before
    assert f"Recovery {reason}" in before

    discharged = clinic.page("discharge", reason="client_ended", note="")
    assert discharged.status_code == 302
    after = text(clinic.page("episode").content.decode())
    for label in ("Caseness at start", "Recovery", "Reliable improvement"):
        assert f"{label} {reason}" in after
    assert f"Reliable deterioration {reason}" in after
    assert "Not applicable" not in after, "flags never computed are not called not applicable"


def test_a_computed_outcome_says_which_scores_it_compared(clinic):
    clinic.enter("PHQ-9", 4, stage="closing")
    clinic.enter("GAD-7", 3, stage="closing")
    assert clinic.page("discharge", reason="client_ended", note="").status_code == 302

    after = text(clinic.page("episode").content.decode())
    assert "Reliable improvement Yes" in after
    assert "Reliable deterioration No" in after
    assert "From PHQ-9 10 to 4 (-6) and GAD-7 9 to 3 (-6)." in after
    assert "Did not finish treatment (fewer than 2 attended sessions)." in after


def test_measures_moving_reliably_in_opposite_directions_are_explained(clinic):
    clinic.enter("PHQ-9", 19)
    clinic.enter("GAD-7", 4)
    before = text(clinic.page("discharge").content.decode())
    assert "Reliable deterioration No" in before
    assert "Reliable improvement No" in before
    assert "From PHQ-9 10 to 19 (+9) and GAD-7 9 to 4 (-5)." in before
    assert "PHQ-9 and GAD-7 moved reliably in opposite directions." in before


def test_completed_support_without_finishing_treatment_is_confirmed_first(clinic):
    note = "Agreed at the last session that the plan was complete."
    asked = clinic.page("discharge", reason="completed", note=note)

    assert asked.status_code == 200, "nothing is recorded until the clinician confirms"
    page = asked.content.decode()
    assert "Did the client complete the planned support?" in text(page)
    assert "finished treatment is No (0 attended treatment sessions; finishing needs 2)" in text(
        page
    )
    assert re.search(r'value="completed"[^>]*checked', page), "the reason chosen is kept"
    assert note in page, "the note typed is kept"
    assert "There is a problem" not in page, "a question, not an error"
    assert Episode.objects.get(pk=clinic.episode.pk).discharged_at is None

    unanswered = clinic.page("discharge", reason="completed", note=note, confirm_asked="1")
    assert "Select yes if the client completed the planned support" in text(
        unanswered.content.decode()
    )

    changed_mind = clinic.page(
        "discharge", reason="completed", note=note, confirm_asked="1", confirm_completed="no"
    )
    assert "Select another reason the client is being discharged" in text(
        changed_mind.content.decode()
    )

    confirmed = clinic.page(
        "discharge", reason="completed", note=note, confirm_asked="1", confirm_completed="yes"
    )
    assert confirmed.status_code == 302
    episode = Episode.objects.get(pk=clinic.episode.pk)
    assert episode.discharge_reason == "completed"
    assert episode.finished_treatment is False
