"""What the follow-up pages read: contacts by schedule, wave and status, response rates by
group, and the people who have not answered. Every figure is counted in the database."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404

from resiliencehub.hub.models import ContactSchedule
from resiliencehub.instruments import get_instrument
from resiliencehub.records.models import ContactStatus, PlannedContact

S = ContactStatus
INVITED = (S.SENT, S.REMINDED, S.COMPLETED, S.EXPIRED)
"""Contacts whose invitation went out: the denominator of a response rate."""
WAITING_FOR_ANSWER = (S.SENT, S.REMINDED, S.EXPIRED)

GROUPS = {
    "staff_group": (
        "Occupational group",
        "screening__referral__staff_group",
        ("occupation", "occupation.staff_group"),
    ),
    "sex": ("Sex", "screening__profile__demographics.sex", ("demographics", "demographics.sex")),
    "ethnic_group": (
        "Ethnic group",
        "screening__profile__demographics.ethnic_group",
        ("demographics", "demographics.ethnic_group"),
    ),
    "age_band": (
        "Age band",
        "screening__referral__age_band",
        ("demographics", "demographics.age_band"),
    ),
}
"""The groups a response rate is broken down by: (heading, the column, where its labels
are defined)."""


def schedules(hub):
    return ContactSchedule.objects.filter(hub=hub).order_by("-is_active", "key")


def schedule_for(hub, key: str) -> ContactSchedule:
    return get_object_or_404(ContactSchedule.objects.filter(hub=hub).select_related("hub"), key=key)


@dataclass
class WaveRow:
    wave: str
    counts: dict
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None

    @property
    def waiting(self) -> int:
        return sum(self.counts.get(s, 0) for s in (S.PLANNED, S.DUE))


def wave_rows(schedule: ContactSchedule) -> list[WaveRow]:
    """Per wave of the schedule: contacts in each status, invited and answered."""
    counts: dict[str, dict] = {}
    rows = (
        PlannedContact.objects.filter(schedule=schedule)
        .values("wave", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts.setdefault(row["wave"], {})[row["status"]] = row["n"]
    names = [wave["name"] for wave in schedule.waves]
    names += sorted(set(counts) - set(names))  # a wave since removed, with its contacts
    result = []
    for name in names:
        by_status = counts.get(name, {})
        result.append(
            WaveRow(
                name,
                by_status,
                sum(by_status.get(s, 0) for s in INVITED),
                by_status.get(S.COMPLETED, 0),
            )
        )
    return result


def _labels(source) -> dict:
    if source is None:
        return {}
    definition = get_instrument(source[0])
    item = definition.item_by_link_id(source[1])
    return {str(o.value): o.label for o in item.options} if item else {}


@dataclass
class GroupRow:
    label: str
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def response_by_group(schedule: ContactSchedule, group: str, wave: str | None = None):
    """Invited and answered per value of one group ("Not stated" kept, never dropped):
    non-response bias at a glance."""
    heading, column, source = GROUPS[group]
    labels = _labels(source)
    rows = PlannedContact.objects.filter(schedule=schedule, status__in=INVITED)
    if wave:
        rows = rows.filter(wave=wave)
    counted = (
        rows.annotate(value=F(column))
        .values("value")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(status=S.COMPLETED)))
        .order_by("value")
    )
    merged: dict[str, list[int]] = {}
    for row in counted:
        value = row["value"]
        label = labels.get(str(value), str(value)) if value not in (None, "") else "Not stated"
        totals = merged.setdefault(label, [0, 0])
        totals[0] += row["invited"]
        totals[1] += row["answered"]
    return heading, [GroupRow(label, i, a) for label, (i, a) in sorted(merged.items())]


def non_responders(schedule: ContactSchedule, wave: str | None = None):
    """People invited who have not answered and still agree to be contacted, oldest
    invitation first."""
    rows = PlannedContact.objects.filter(
        schedule=schedule,
        status__in=WAITING_FOR_ANSWER,
        client__follow_up_stopped_at__isnull=True,
        client__contact_stopped_at__isnull=True,
        client__follow_up_consent=True,
    ).select_related("client")
    if wave:
        rows = rows.filter(wave=wave)
    return rows.order_by("last_sent_at", "id")
