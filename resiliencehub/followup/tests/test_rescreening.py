"""Re-screening a cohort (the outreach issue's major-incident mode uses it): everyone who
screened through the cohort's campaign is invited again on each of its waves."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from resiliencehub.followup.sending import run_due
from resiliencehub.hub.models import ContactSchedule, ScheduleKind
from resiliencehub.records.models import ContactKind, PlannedContact, Screening

from .helpers import SCREENED, screened

pytestmark = pytest.mark.django_db

WAVES = [
    {"name": "1 month", "day": 30, "opens": 28, "closes": 45},
    {"name": "3 months", "day": 90, "opens": 80, "closes": 120},
    {"name": "6 months", "day": 180, "opens": 160, "closes": 220},
    {"name": "12 months", "day": 365, "opens": 340, "closes": 400},
]


def test_everyone_in_the_cohort_and_no_one_else_is_re_screened_on_each_wave(hub_a):
    ContactSchedule.objects.create(
        hub=hub_a,
        key="arena-incident",
        name="After the incident",
        kind=ScheduleKind.RESCREEN,
        cohort="arena-2027",
        waves=WAVES,
        instruments=["PHQ-9", "GAD-7", "PCL-5"],
        reminders=1,
        reminder_days=7,
    )
    in_cohort = screened(hub_a, email="cohort@example.org")
    Screening.objects.filter(client=in_cohort).update(campaign_code="arena-2027")
    outside = screened(hub_a, email="outside@example.org")
    with time_machine.travel(SCREENED + timedelta(hours=1), tick=False):
        run_due(SCREENED + timedelta(hours=1))
    rescreen = PlannedContact.objects.filter(kind=ContactKind.RESCREEN)
    assert sorted(rescreen.values_list("wave", flat=True)) == sorted(w["name"] for w in WAVES)
    assert set(rescreen.values_list("client_id", flat=True)) == {in_cohort.pk}
    assert not rescreen.filter(client=outside).exists()
    assert {tuple(c.instruments) for c in rescreen} == {("PHQ-9", "GAD-7", "PCL-5")}
    # Day 30 after a Monday is a Wednesday: the first re-screening goes that morning.
    day_30 = SCREENED + timedelta(days=30)
    with time_machine.travel(day_30, tick=False):
        run_due(day_30)
    sent = [m for m in mail.outbox if m.to == ["cohort@example.org"]]
    assert len(sent) == 1
    assert "difficult event at work" in sent[0].body
