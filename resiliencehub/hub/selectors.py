"""Shared reads of hub configuration."""

from datetime import date

from .models import Hub, RolloutPhase, Sector, SectorRule, SectorStatus


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
