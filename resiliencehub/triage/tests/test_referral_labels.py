"""Staff read a public referral in the words the client was shown: labels, not stored
codes, and "not answered" only for a question the client was asked and left blank."""

import re

import pytest
from django.urls import reverse

from conftest import load_demo_hub
from resiliencehub.accounts.roles import Role
from resiliencehub.audit.services import Auditor
from resiliencehub.intake.tests.fewest import refer_with_fewest_answers
from resiliencehub.records.measures import measure_response_record
from resiliencehub.records.models import ResponseSource

pytestmark = pytest.mark.django_db

SLUG_LIKE = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b")
FALSE_FLAGS = ("incomplete", "not all answered", "not scored", "not answered")


def main_text(response) -> str:
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def coded_answers(referral) -> set[str]:
    """Every coded choice the client gave (hyphenated option values), as stored."""
    values = {referral.age_band, referral.staff_group, referral.sector}
    for screening in referral.screenings.all():
        for key, value in (screening.profile or {}).items():
            if key == "eligibility":
                values.update(str(v) for v in value.values())
            else:
                values.update(str(v) for v in (value if isinstance(value, list) else [value]))
    return {v for v in values if v and "-" in v}


def staff_pages(hub, referral, signed_in, make_staff):
    lead = signed_in(make_staff(hub, Role.CLINICAL_LEAD))
    detail = lead.get(
        reverse("triage:referral", kwargs={"slug": hub.slug, "referral_id": referral.pk})
    )
    worklist = lead.get(reverse("triage:worklist", kwargs={"slug": hub.slug}))
    assert detail.status_code == worklist.status_code == 200
    return main_text(detail), main_text(worklist)


@pytest.mark.hazard("HAZ-050")
@pytest.mark.parametrize("slug", ["site-a", "site-b", "site-c", "site-d"])
def test_a_public_referral_with_the_fewest_answers_shows_labels_and_no_false_incomplete(
    slug, signed_in, make_staff
):
    hub = load_demo_hub(slug)
    referral = refer_with_fewest_answers(hub).referral

    detail, worklist = staff_pages(hub, referral, signed_in, make_staff)

    codes = coded_answers(referral)
    assert referral.staff_group in codes and referral.age_band in codes
    for text in (detail, worklist):
        shown = {code for code in codes if re.search(rf"\b{re.escape(code)}\b", text)}
        assert not shown, f"raw codes on a staff page: {shown}"
        assert not SLUG_LIKE.findall(text), SLUG_LIKE.findall(text)
        for flag in FALSE_FLAGS:
            assert flag not in text.lower(), f"{flag!r} though every question shown was answered"
    assert "Medical and dental" in detail and "Medical and dental" in worklist
    assert "Age band 35 to 44" in detail
    # Free text is headed by the question the client answered, not its storage key.
    assert "occupation.role" not in detail.lower()
    assert "What is your job title or role? Nurse" in detail


@pytest.mark.hazard("HAZ-050")
def test_a_question_the_client_was_asked_and_left_unanswered_is_still_reported(
    signed_in, make_staff
):
    hub = load_demo_hub("site-c")
    referral = refer_with_fewest_answers(hub).referral
    screening = referral.screenings.get()
    # Had COVID-19 confirmed by a test, so the Long COVID and hospital questions are asked;
    # both left unanswered.
    measure_response_record(
        hub,
        "covid-impact",
        {1: ("no",), 2: "yes-confirmed-by-a-test", 5: "never", 6: "never", 7: "no"},
        auditor=Auditor.system("tests"),
        source=ResponseSource.CLIENT,
        client=referral.client,
        screening=screening,
        referral=referral,
    )

    detail, worklist = staff_pages(hub, referral, signed_in, make_staff)

    missing = r"COVID-19 impact\W[^|]{0,40}?Not all answered: questions 3, 4 not answered"
    assert re.search(missing, detail) and re.search(missing, worklist)
