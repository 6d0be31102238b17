"""Access matrix entries for the intake app's routes (see matrix.py).

Every intake page is public: staff in any role are treated like anyone else on the
public journey. A request without the journey's cookie is sent to the start page (302),
so no persona reaches anyone's answers; a made-up link token shows the same "expired"
page as a used one (200), so links cannot be probed.
"""

from .matrix_base import PUBLIC, Route, expect, own_slug

CANARY_NAME = "Quentin Canary-Intake"
CANARY_REASON = "canary reason: sleepless since the ward closed"

NO_JOURNEY = expect(302)
"""Pages that need the person's own journey cookie, which no persona has."""


def _with(**extra):
    return lambda cast: {"slug": cast.own.slug, **extra}


ROUTES = [
    Route("intake:start", {"GET": PUBLIC}, own_slug),
    Route(
        "intake:eligibility",
        {"GET": PUBLIC, "POST": expect(302)},
        _with(key="who"),
        data=lambda cast: {"answer": "staff"},
    ),
    Route("intake:not_eligible", {"GET": PUBLIC}, _with(reason="age")),
    Route("intake:next", {"GET": NO_JOURNEY}, own_slug),
    Route("intake:question", {"GET": NO_JOURNEY, "POST": NO_JOURNEY}, _with(page="phq-9")),
    Route("intake:risk", {"GET": NO_JOURNEY, "POST": NO_JOURNEY}, own_slug),
    Route("intake:check", {"GET": NO_JOURNEY, "POST": NO_JOURNEY}, own_slug),
    Route("intake:results", {"GET": NO_JOURNEY}, own_slug),
    Route("intake:refer", {"POST": NO_JOURNEY}, own_slug, data=lambda cast: {"refer": "yes"}),
    Route("intake:confirmation", {"GET": NO_JOURNEY}, own_slug),
    Route("intake:finished", {"GET": NO_JOURNEY}, own_slug),
    Route("intake:save", {"GET": NO_JOURNEY, "POST": NO_JOURNEY}, own_slug),
    Route("intake:link_sent", {"GET": PUBLIC}, own_slug),
    Route("intake:locked", {"GET": NO_JOURNEY, "POST": NO_JOURNEY}, own_slug),
    # An empty POST shows the form's error: nothing is sent, no limit is used up.
    Route("intake:find_saved", {"GET": PUBLIC, "POST": PUBLIC}, own_slug),
    Route("intake:returning", {"GET": PUBLIC, "POST": PUBLIC}, own_slug),
    Route("intake:resume", {"GET": PUBLIC, "POST": PUBLIC}, _with(token="not-a-real-token")),
    Route("intake:returning_link", {"GET": PUBLIC, "POST": PUBLIC}, _with(token="made-up")),
    Route("intake:questionnaires", {"GET": PUBLIC, "POST": PUBLIC}, _with(token="made-up")),
    # A follow-up link that opens nothing says the questions are closed.
    Route("intake:follow_up", {"GET": PUBLIC, "POST": PUBLIC}, _with(token="made-up")),
    # The emails page with a token that is not one: not found, for everyone alike.
    Route(
        "intake:contact_preferences",
        {"GET": expect(404), "POST": expect(404)},
        _with(token="made-up"),
    ),
]


def seed(cast) -> None:
    """A journey, a client and a referral in the own hub whose details must never leak."""
    from django.utils import timezone

    from resiliencehub.audit.services import Auditor
    from resiliencehub.intake import journeys
    from resiliencehub.intake.models import JourneyKind
    from resiliencehub.records.models import Client, Referral

    journey, _ = journeys.journey_start(
        cast.own, JourneyKind.REFERRAL, auditor=Auditor.system("tests")
    )
    journey.answers.create(key="contact:full_name", value=CANARY_NAME, saved_at=timezone.now())
    journey.answers.create(key="reason:text", value=CANARY_REASON, saved_at=timezone.now())
    client = Client.objects.create(hub=cast.own, full_name=CANARY_NAME, email="quentin@example.org")
    referral = Referral.objects.create(hub=cast.own, client=client, submitted_at=timezone.now())
    cast.objects["intake_journey"] = journey
    cast.objects["intake_referral"] = referral
    cast.canaries += [CANARY_NAME, CANARY_REASON, referral.reference, "quentin@example.org"]
