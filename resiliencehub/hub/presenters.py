"""Display-ready views of a hub's configuration for templates."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.module_loading import import_string

from resiliencehub.accounts.roles import ROLE_DESCRIPTIONS, Role

from .models import Hub, MeasurePurpose, Pathway, ScreeningMode

PUBLIC_PATHWAY_WORDS = {
    Pathway.SELF_HELP: "Self-help resources and information about why difficulties such as "
    "anxiety or low mood develop and what keeps them going",
    Pathway.GUIDED_SELF_HELP: "Guided self-help, with a practitioner to support you",
    Pathway.STEP_2: "Short, structured support for mild to moderate difficulties, such as "
    "sleep problems, worry or panic",
    Pathway.STEP_3: "Talking therapy with a psychologist or therapist, including trauma-focused "
    "therapy",
    Pathway.STEP_4: "Longer specialist therapy for more complex difficulties",
    Pathway.GROUP: "Groups, for example for bereavement or Long COVID",
    Pathway.PHARMACOLOGICAL: "Advice about medication",
    Pathway.PASTORAL: "Community, charity and interest-based activities",
    Pathway.ONWARD_REFERRAL: "Help to get into other services, without having to tell your "
    "story again",
}

SCREENING_MODE_WORDS = {
    ScreeningMode.SELF_ASSESSMENT_FIRST: "Answer some questions about how you are feeling and "
    "see your results straight away. Then choose whether to refer yourself.",
    ScreeningMode.REFERRAL_FIRST: "Refer yourself online. Once we have accepted your referral, "
    "we will send you a link to some questionnaires to complete before your assessment.",
    ScreeningMode.SCREENING_IN_REFERRAL: "Refer yourself online. The questionnaires are part of "
    "your referral, and we email you feedback on your answers straight away.",
}


def public_offer(hub: Hub) -> list[str]:
    return [PUBLIC_PATHWAY_WORDS[Pathway(p.pathway)] for p in hub.pathways.all()]


@dataclass
class HomeSection:
    title: str
    description: str
    links: list[dict] = field(default_factory=list)


# Each app that adds staff pages lists them for the roles that use them:
# `home_links(user, hub, roles, today) -> list[(Role, {"text", "href", "count"?})]`.
NAVIGATION_PROVIDERS = [
    "resiliencehub.triage.navigation.home_links",
    "resiliencehub.episodes.navigation.home_links",
    "resiliencehub.intake.navigation.home_links",
    "resiliencehub.followup.navigation.home_links",
]


def staff_home_sections(user, hub: Hub, roles: frozenset[str], today: date) -> list[HomeSection]:
    """One section per role the user holds in this hub, with the pages that role uses."""
    links_by_role: dict[str, list[dict]] = {role: [] for role in roles}
    for provider in NAVIGATION_PROVIDERS:
        for role, link in import_string(provider)(user, hub, roles, today):
            if role in links_by_role and link not in links_by_role[role]:
                links_by_role[role].append(link)
    configuration = {
        "text": "Hub configuration and service map",
        "href": reverse("hub:configuration", kwargs={"slug": hub.slug}),
    }
    sections = []
    for role in Role:
        if role not in roles:
            continue
        links = links_by_role[role]
        if role != Role.ORGANISATION_CONTACT:
            links = [*links, configuration]
        sections.append(HomeSection(role.label, ROLE_DESCRIPTIONS[role], links))
    return sections


@dataclass
class StaffingSummary:
    lines: list
    total_wte: Decimal
    band6_plus_wte: Decimal

    @property
    def band6_plus_share(self) -> Decimal | None:
        if not self.total_wte:
            return None
        return (self.band6_plus_wte / self.total_wte * 100).quantize(Decimal("0.1"))


def service_map(hub: Hub, day: date) -> dict:
    """The paper's service-mapping template (seed 002, Table 1) filled from configuration."""
    staffing = list(hub.staffing.all())
    total = sum((line.wte for line in staffing), Decimal("0"))
    qualified = sum((line.wte for line in staffing if line.lowest_band >= 6), Decimal("0"))
    measures_by_purpose = {
        purpose.label: [m for m in hub.measures.all() if m.purpose == purpose]
        for purpose in MeasurePurpose
    }
    return {
        "population": list(hub.population_groups.all()),
        "population_total": hub.in_scope_population,
        "screening_words": SCREENING_MODE_WORDS[ScreeningMode(hub.screening_mode)],
        "measures_today": hub.measures_on(day),
        "measures_by_purpose": measures_by_purpose,
        "pathways": list(hub.pathways.all()),
        "phases": list(hub.rollout_phases.all()),
        "staffing": StaffingSummary(staffing, total, qualified),
    }


def crisis_lines_text(hub, *, tel: bool = False) -> list[str]:
    """The hub's crisis lines as plain-text bullets, for emails; with `tel`, each number
    is followed by its tel: link, which mail apps make tappable."""
    lines = []
    for line in hub.crisis_lines.all():
        how = f"call {line.phone}" if line.phone else line.text_message
        if line.phone and tel:
            how += f" (tel:{line.phone.replace(' ', '')})"
        lines.append(f"- {line.name}: {how}. {line.description}".rstrip())
    return lines
