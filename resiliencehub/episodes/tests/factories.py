"""Test data for triage and episodes: clients, referrals, screenings, alerts and episodes,
made through the services wherever one exists so that the data is realistic (encrypted,
audited, with status rows)."""

from datetime import timedelta

from django.utils import timezone

from resiliencehub.audit.services import Auditor
from resiliencehub.records.measures import measure_response_record
from resiliencehub.records.models import (
    Client,
    Referral,
    ReferralStatus,
    ResponseSource,
    Screening,
    ScreeningKind,
)
from resiliencehub.records.referrals import REFERRAL

SYSTEM = Auditor.system("tests")

PHQ9_MODERATE = {1: 2, 2: 2, 3: 1, 4: 2, 5: 1, 6: 2, 7: 1, 8: 1, 9: 0}  # 12
GAD7_MODERATE = {1: 2, 2: 2, 3: 1, 4: 2, 5: 1, 6: 1, 7: 1}  # 10
PHQ9_RISK = {1: 2, 2: 3, 3: 2, 4: 2, 5: 1, 6: 2, 7: 1, 8: 1, 9: 2}  # 16, item 9


def phq9_total(total: int) -> dict:
    """PHQ-9 answers adding up to `total` with item 9 at 0."""
    answers, left = {}, total
    for item in range(1, 9):
        answers[item] = min(3, left)
        left -= answers[item]
    answers[9] = 0
    assert left == 0, total
    return answers


def gad7_total(total: int) -> dict:
    answers, left = {}, total
    for item in range(1, 8):
        answers[item] = min(3, left)
        left -= answers[item]
    assert left == 0, total
    return answers


def make_client(hub, name="Test Client", *, email="", phone="07700 900123", **extra) -> Client:
    return Client.objects.create(
        hub=hub,
        full_name=name,
        email=email,
        phone=phone,
        may_email=bool(email),
        may_text=True,
        **extra,
    )


def make_referral(
    hub,
    client=None,
    *,
    name="Test Client",
    days_ago=0,
    has_risk=False,
    sector="nhs",
    staff_group="Nursing",
    status=ReferralStatus.SUBMITTED,
    email="",
) -> Referral:
    client = client or make_client(hub, name, email=email)
    referral = Referral.objects.create(
        hub=hub,
        client=client,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        has_risk=has_risk,
        sector=sector,
        staff_group=staff_group,
        status=status,
    )
    REFERRAL.first_row(referral, auditor=SYSTEM, at=referral.submitted_at)
    return referral


def make_screening(referral, measures=None, *, days_ago=None):
    """A screening with responses: measures maps instrument id → answers."""
    measures = (
        measures if measures is not None else {"PHQ-9": PHQ9_MODERATE, "GAD-7": GAD7_MODERATE}
    )
    when = referral.submitted_at if days_ago is None else timezone.now() - timedelta(days=days_ago)
    screening = Screening.objects.create(
        hub=referral.hub,
        client=referral.client,
        referral=referral,
        kind=ScreeningKind.REFERRAL,
        submitted_at=when,
    )
    recorded = [
        measure_response_record(
            referral.hub,
            instrument,
            answers,
            auditor=SYSTEM,
            source=ResponseSource.CLIENT,
            client=referral.client,
            screening=screening,
            referral=referral,
            completed_at=when,
        )
        for instrument, answers in measures.items()
    ]
    above = sum(1 for r in recorded if r.response.caseness)
    screening.domains_above_threshold = above
    screening.has_risk = any(r.response.risk for r in recorded)
    screening.save(update_fields=["domains_above_threshold", "has_risk"])
    Referral.objects.filter(pk=referral.pk).update(
        domains_above_threshold=above, has_risk=referral.has_risk or screening.has_risk
    )
    referral.refresh_from_db()
    return screening


def make_alert(hub, referral=None, *, reason="PHQ-9 item 9: several days", hours_ago=0):
    from resiliencehub.records.alerts import risk_alert_raise
    from resiliencehub.records.models import RiskAlert

    alert = risk_alert_raise(
        hub,
        reason=reason,
        auditor=SYSTEM,
        client=referral.client if referral else None,
        referral=referral,
    )
    if hours_ago:
        raised = timezone.now() - timedelta(hours=hours_ago)
        RiskAlert.objects.filter(pk=alert.pk).update(raised_at=raised)
        alert.raised_at = raised
    return alert


def make_episode(hub, case_holder=None, *, name="Test Client", referral=None, **kwargs):
    """An accepted referral's episode, waiting for assessment, allocated if asked."""
    from resiliencehub.episodes.services import episode_allocate, episode_open
    from resiliencehub.records.referrals import referral_transition

    referral = referral or make_referral(hub, name=name, **kwargs)
    referral_transition(referral, ReferralStatus.ACCEPTED, auditor=SYSTEM)
    episode = episode_open(referral, auditor=SYSTEM)
    if case_holder is not None:
        episode_allocate(episode, case_holder, auditor=SYSTEM)
    episode.refresh_from_db()
    return episode


def auditor_for(user) -> Auditor:
    return Auditor(actor=user, actor_label=f"user:{user.pk}")
