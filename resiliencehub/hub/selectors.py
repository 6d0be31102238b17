"""Shared reads of hub configuration."""

from dataclasses import dataclass
from datetime import date

from resiliencehub.accounts.models import User
from resiliencehub.accounts.roles import Role

from .models import DutyShift, Hub, RolloutPhase, Sector, SectorRule, SectorStatus


def public_hubs():
    return Hub.objects.filter(is_active=True).order_by("name")


def hub_with_configuration(slug: str) -> Hub | None:
    return (
        Hub.objects.filter(slug=slug, is_active=True)
        .prefetch_related(
            "population_groups",
            "sector_rules",
            "rollout_phases",
            "measures",
            "pathways",
            "staffing",
            "crisis_lines",
        )
        .first()
    )


def hub_for_journey(slug: str) -> Hub | None:
    """The hub with only what public journey pages need on every request: its measures."""
    return Hub.objects.filter(slug=slug, is_active=True).prefetch_related("measures").first()


def sector_opening_date(hub: Hub, sector: str, critical_care: bool = False) -> date | None:
    """The first day staff of `sector` could use the hub, from its phased roll-out.

    No phases configured means everyone in scope could use it from the hub's opening.
    None means no phase has opened it to this sector at all.
    """
    phases: list[RolloutPhase] = list(hub.rollout_phases.all())
    if not phases:
        return hub.opened_on
    dates = [
        phase.opens_on
        for phase in phases
        if sector in phase.sectors and (critical_care or not phase.critical_care_only)
    ]
    return min(dates) if dates else None


def eligibility_summary(hub: Hub) -> dict:
    """Who is in scope, grouped for the public page."""
    rules: list[SectorRule] = list(hub.sector_rules.all())
    labels = dict(Sector.choices)
    return {
        "in_scope": [labels[r.sector] for r in rules if r.status == SectorStatus.IN_SCOPE],
        "conditional": [
            (labels[r.sector], r.condition) for r in rules if r.status == SectorStatus.CONDITIONAL
        ],
        "not_in_scope": [labels[r.sector] for r in rules if r.status == SectorStatus.NOT_IN_SCOPE],
    }


# --- the hub's staff ---------------------------------------------------------------------


def staff_choices(hub, roles=(Role.CLINICIAN, Role.PRACTITIONER, Role.CLINICAL_LEAD)):
    """Hub members who may hold a case, by name."""
    return (
        User.objects.filter(memberships__hub=hub, memberships__role__in=roles, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


def hub_member(hub, user_id, roles) -> User | None:
    return staff_choices(hub, roles).filter(pk=user_id).first()


# --- the duty rota: who is told about a new alert --------------------------------------


def duty_clinicians_on(hub, day: date):
    return [
        shift.clinician
        for shift in DutyShift.objects.filter(hub=hub, day=day).select_related("clinician")
    ]


@dataclass(frozen=True)
class AlertRecipients:
    """Who is emailed about a new alert on one day: the duty clinicians on the rota who
    have an email address, or else the hub's clinical leads who have one."""

    people: tuple
    fallback: bool
    """True when no duty clinician can be emailed and the clinical leads are instead."""
    unreachable: tuple
    """Duty clinicians on the rota with no email address."""

    @property
    def nobody(self) -> bool:
        return not self.people


def alert_recipients(hub, day: date) -> AlertRecipients:
    on_duty = [u for u in duty_clinicians_on(hub, day) if u.is_active]
    unreachable = tuple(u for u in on_duty if not u.email)
    reachable = tuple(u for u in on_duty if u.email)
    if reachable:
        return AlertRecipients(reachable, fallback=False, unreachable=unreachable)
    leads = tuple(
        membership.user
        for membership in hub.memberships.filter(
            role=Role.CLINICAL_LEAD, user__is_active=True
        ).select_related("user")
        if membership.user.email
    )
    return AlertRecipients(leads, fallback=bool(leads), unreachable=unreachable)
