"""Hub configuration is data: Sites A-D load from versioned files, a fifth needs no code."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import DEMO_HUBS, load_demo_hub
from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.audit.services import Auditor
from resiliencehub.hub.config_file import HubFileError, hub_config_load
from resiliencehub.hub.models import Hub, Sector
from resiliencehub.hub.selectors import sector_opening_date

pytestmark = pytest.mark.django_db

# Seed 002, Table 2 (population) and Table 4 (total WTE).
PAPER_FIGURES = {
    "site-a": (126_000, Decimal("13.9")),
    "site-b": (165_000, Decimal("26.6")),
    "site-c": (129_000, Decimal("19.9")),
    "site-d": (180_000, Decimal("12.15")),
}
# Seed 002, Table 6 (screening measures).
PAPER_MEASURES = {
    "site-a": {"PHQ-9", "GAD-7", "WSAS", "AUDIT", "PCL-5", "TAPS-1"},
    "site-b": {"PHQ-9", "GAD-7", "WSAS", "PCL-5", "TAPS-1"},
    "site-c": {"PHQ-9", "GAD-7", "WSAS", "AUDIT", "ITQ", "TAPS-1"},
    "site-d": {"PHQ-9", "GAD-7", "WSAS", "AUDIT", "ITQ", "TAPS-1"},
}


@pytest.mark.parametrize("slug", sorted(PAPER_FIGURES))
def test_each_demo_site_matches_the_paper(slug):
    hub = load_demo_hub(slug)
    population, wte = PAPER_FIGURES[slug]
    assert hub.in_scope_population == population
    assert sum(line.wte for line in hub.staffing.all()) == wte
    scored = set(hub.measures_on(date(2022, 1, 1))) - {"demographics", "occupation", "covid-impact"}
    assert scored == PAPER_MEASURES[slug]


def test_the_four_sites_differ_as_the_paper_describes():
    a, b, c, d = (load_demo_hub(f"site-{x}") for x in "abcd")
    assert [h.screening_mode for h in (a, b, c, d)] == [
        "self_assessment_first",
        "referral_first",
        "screening_in_referral",
        "screening_in_referral",
    ]
    assert [h.assessment_model for h in (a, b, c, d)] == [
        "in_depth",
        "in_depth",
        "two_stage",
        "two_stage",
    ]
    assert [h.accepts_16_17 for h in (a, b, c, d)] == [True, False, True, True]
    assert b.family_eligibility == "not_eligible"
    assert a.family_eligibility == "immediate_in_region"
    assert d.sector_rules.get(sector=Sector.POLICE).status == "conditional"
    assert b.sector_rules.get(sector=Sector.EDUCATION).status == "not_in_scope"
    assert a.pathways.filter(pathway="pharmacological").exists()
    assert not d.pathways.filter(pathway="step_2").exists()


def test_smoking_and_drug_questions_start_on_each_sites_date():
    c, d = load_demo_hub("site-c"), load_demo_hub("site-d")
    assert "TAPS-1" not in c.measures_on(date(2021, 8, 31))
    assert "TAPS-1" in c.measures_on(date(2021, 9, 1))
    assert "TAPS-1" not in d.measures_on(date(2021, 4, 30))
    assert "TAPS-1" in d.measures_on(date(2021, 5, 1))


def test_site_b_opened_to_staff_groups_in_phases():
    b = load_demo_hub("site-b")
    assert sector_opening_date(b, Sector.NHS, critical_care=True) == date(2021, 2, 1)
    assert sector_opening_date(b, Sector.NHS) == date(2021, 3, 1)
    assert sector_opening_date(b, Sector.SOCIAL_CARE) == date(2021, 7, 1)
    assert sector_opening_date(b, Sector.POLICE) == date(2021, 8, 1)
    assert sector_opening_date(b, Sector.EDUCATION) is None


def test_loading_is_audited_with_the_files_version_and_digest():
    hub = load_demo_hub("site-a")
    event = AuditEvent.objects.get(action=AuditAction.HUB_CONFIG_LOADED, object_id=str(hub.pk))
    assert event.detail["config_version"] == "2021-22-mapping"
    assert len(event.detail["sha256"]) == 64


def test_reloading_replaces_the_configuration_rather_than_adding_to_it():
    load_demo_hub("site-a")
    hub = load_demo_hub("site-a")
    assert Hub.objects.filter(slug="site-a").count() == 1
    assert hub.crisis_lines.count() == 4
    assert hub.in_scope_population == 126_000


def fifth_hub_file(tmp_path: Path, **changes) -> Path:
    text = (DEMO_HUBS / "site-c.toml").read_text()
    text = text.replace('slug = "site-c"', 'slug = "site-e"').replace(
        'name = "Site C Resilience Hub"', 'name = "Site E Staff Wellbeing Hub"'
    )
    for old, new in changes.items():
        text = text.replace(old, new)
    path = tmp_path / "site-e.toml"
    path.write_text(text)
    return path


def test_a_fifth_hub_is_added_from_a_file_without_code(client, tmp_path):
    hub = hub_config_load(fifth_hub_file(tmp_path), Auditor.system("tests"))
    page = client.get(reverse("hub:public_home", kwargs={"slug": "site-e"}))
    assert page.status_code == 200
    assert "Site E Staff Wellbeing Hub" in page.content.decode()
    assert hub.in_scope_population == 129_000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {'screening_mode = "screening_in_referral"': 'screening_mode = "sometimes"'},
            "screening_mode",
        ),
        ({'instrument = "ITQ"': 'instrument = "ITQ-99"'}, "unknown instrument(s) ITQ-99"),
        ({"schema_version = 1": "schema_version = 7"}, "schema_version"),
        ({"headcount = 76000": "headcount = -5"}, "population.0.headcount"),
        (
            {
                '{ sector = "vcse", status = "in_scope" }': (
                    '{ sector = "vcse", status = "conditional", condition = "Commissioned?x" }'
                ).replace("?x", " by a council")
            },
            "sectors.3.condition",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_message_naming_the_problem(tmp_path, change, message):
    with pytest.raises(HubFileError) as error:
        hub_config_load(fifth_hub_file(tmp_path, **change), Auditor.system("tests"))
    assert message in str(error.value)
    assert not Hub.objects.filter(slug="site-e").exists()
