"""TAPS-1, the Friends and Family Test, and the unscored question sets a hub may vary."""

import pytest

from resiliencehub.instruments import Item, derive_question_set, get_instrument, score
from resiliencehub.instruments.definitions import ALL, QUESTION_SETS
from resiliencehub.instruments.definitions.demographics import ETHNIC_GROUPS
from resiliencehub.instruments.model import AnswerType, InstrumentKind

from .answer_builders import answers


@pytest.mark.hazard("HAZ-002")
def test_taps1_is_negative_only_when_every_substance_is_never_used():
    negative = score("TAPS-1", answers(0, 0, None, 0, 0))
    positive = score("TAPS-1", answers(0, None, 1, 0, 0))

    assert (negative.band, positive.band) == ("negative", "positive")
    assert positive.subscales == {
        "tobacco": 0,
        "alcohol": 1,
        "illicit_drugs": 0,
        "prescription_medication": 0,
    }
    assert negative.total is None


@pytest.mark.hazard("HAZ-002")
def test_taps1_needs_one_of_the_alcohol_items():
    result = score("TAPS-1", answers(0, None, None, 0, 0))

    assert (result.complete, result.band) == (False, None)
    assert result.missing_items == (2, 3, 6)


@pytest.mark.hazard("HAZ-047")
@pytest.mark.parametrize(("item", "threshold"), [(2, "5 or more"), (3, "4 or more"), (6, "")])
def test_each_taps1_alcohol_question_scores_the_alcohol_frequency_alone(item, threshold):
    """Men answer item 2, women item 3, anyone whose sex is not known item 6 (which names
    both thresholds); whichever is answered is the alcohol frequency (instruments.md 7)."""
    result = score("TAPS-1", {1: 0, 4: 0, 5: 0, item: 3})
    definition = get_instrument("TAPS-1")

    assert (result.complete, result.band, result.subscales["alcohol"]) == (True, "positive", 3)
    assert threshold in definition.item(item).text
    assert not definition.item(item).text.startswith("For ")
    neutral = definition.item(6).text
    assert "5 or more drinks" in neutral and "if you are a man" in neutral
    assert "4 or more if you are a woman" in neutral


def test_taps1_version_1_0_stays_registered_for_stored_administrations():
    old = get_instrument("TAPS-1", "1.0.0")

    assert old.item(2).text.startswith("For men:") and 6 not in old.items_by_number
    assert score(old, {1: 0, 2: 1, 4: 0, 5: 0}).subscales["alcohol"] == 1


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(
    ("answer", "category"),
    [
        (1, "positive"),
        (2, "positive"),
        (3, "neutral"),
        (4, "negative"),
        (5, "negative"),
        (6, "don't know"),
    ],
)
def test_fft_answers_fall_into_the_nhs_england_reporting_categories(answer, category):
    result = score("FFT", {1: answer, 2: "Kind staff"})

    assert (result.band, result.total) == (category, None)


def test_fft_uses_the_2020_question():
    assert get_instrument("FFT").item(1).text == "Overall, how was your experience of our service?"


def test_demographics_offer_the_19_ons_2021_ethnic_groups_and_prefer_not_to_say():
    ethnic_group = get_instrument("demographics").item_by_link_id("demographics.ethnic_group")

    assert sum(len(categories) for categories in ETHNIC_GROUPS.values()) == 19
    assert len(ethnic_group.options) == 20
    assert ethnic_group.options[-1].label == "Prefer not to say"


def test_gender_identity_and_sexual_orientation_are_optional():
    demographics = get_instrument("demographics")
    optional = {item.link_id for item in demographics.items if item.optional}

    assert {
        "demographics.gender_same_as_birth",
        "demographics.gender_identity",
        "demographics.sexual_orientation",
    } <= optional
    assert "demographics.age_band" not in optional


def test_occupation_offers_every_sector_hubs_served():
    sector = get_instrument("occupation").item_by_link_id("occupation.sector")
    labels = " ".join(option.label for option in sector.options)

    for sector_name in (
        "NHS",
        "Social care",
        "Third sector",
        "VCSE",
        "Ambulance",
        "Police",
        "Fire",
        "Education",
        "Family member",
    ):
        assert sector_name in labels


def test_a_question_set_scores_completeness_and_nothing_else():
    result = score("previous-support", {1: "yes", 3: "no", 4: "prefer-not-to-say"})

    assert result.complete
    assert (result.total, result.band, result.subscales, result.diagnosis) == (None, None, {}, None)


def test_a_hub_variant_removes_and_adds_items_with_a_new_id_and_version():
    base = get_instrument("covid-impact")
    added = Item(
        0, "site-c.group_therapy", "Would you join a Long COVID group?", AnswerType.BOOLEAN
    )

    variant = derive_question_set(
        base, id="covid-impact/site-c", version="2.0.0", remove=["covid.isolation", 4], add=[added]
    )

    assert (variant.id, variant.version, variant.derived_from) == (
        "covid-impact/site-c",
        "2.0.0",
        "covid-impact|1.1.0",
    )
    assert [item.number for item in variant.items] == [1, 2, 3, 5, 6, 8]
    assert variant.item(8).link_id == "site-c.group_therapy"
    assert base.item(7).link_id == "covid.isolation"


def test_a_hub_variant_cannot_remove_an_item_the_base_does_not_have():
    with pytest.raises(ValueError, match="has no items"):
        derive_question_set(get_instrument("demographics"), id="x", version="1", remove=["nope"])


@pytest.mark.parametrize("measure", ["PHQ-9", "CORE-10", "AUDIT"])
def test_scored_measures_cannot_be_varied(measure):
    with pytest.raises(ValueError, match="used unmodified"):
        derive_question_set(get_instrument(measure), id="x", version="1")


@pytest.mark.parametrize("definition", ALL, ids=lambda d: d.id)
def test_every_definition_records_its_version_source_licence_and_item_wording(definition):
    assert definition.version and definition.source and definition.licence
    assert definition.title and definition.short_title and definition.preamble
    for item in definition.items:
        assert item.text and item.link_id.startswith(f"{definition.link_prefix}.")
        assert len({option.value for option in item.options}) == len(item.options)
        assert len({option.code for option in item.options}) == len(item.options)


def test_the_question_sets_are_the_six_the_issue_lists():
    assert {definition.id for definition in QUESTION_SETS} == {
        "demographics",
        "occupation",
        "covid-impact",
        "pre-pandemic-wellbeing",
        "previous-support",
        "follow-up-service-use",
    }
    assert all(definition.kind is InstrumentKind.QUESTION_SET for definition in QUESTION_SETS)


def test_loinc_codes_are_recorded_where_instruments_md_gives_them():
    phq9, gad7 = get_instrument("PHQ-9"), get_instrument("GAD-7")
    audit, audit_c = get_instrument("AUDIT"), get_instrument("AUDIT-C")

    assert (phq9.loinc, phq9.scoring.total_loinc, phq9.item(9).loinc) == (
        "44249-1",
        "44261-6",
        "44260-8",
    )
    assert phq9.item(10).loinc == "69722-7"
    assert (gad7.loinc, gad7.scoring.total_loinc, gad7.item(1).loinc) == (
        "69737-5",
        "70274-6",
        "69725-0",
    )
    assert (audit_c.loinc, audit_c.scoring.total_loinc) == ("72109-2", "75626-2")
    assert audit.scoring.total_loinc == "75624-7"
    assert [option.loinc for option in phq9.item(1).options] == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
    ]


@pytest.mark.hazard("HAZ-050")
def test_a_follow_up_question_that_was_not_asked_is_not_missing():
    # "No" to having had COVID-19: the Long COVID and hospital questions are not asked.
    not_asked = score("covid-impact", {1: ("no",), 2: "no", 5: "never", 6: "never", 7: "no"})
    assert not_asked.complete and not_asked.missing_items == ()

    # "Yes, confirmed by a test": both follow-ups are asked, and unanswered they are missing.
    asked = score(
        "covid-impact",
        {1: ("no",), 2: "yes-confirmed-by-a-test", 5: "never", 6: "never", 7: "no"},
    )
    assert not asked.complete and asked.missing_items == (3, 4)


def test_an_administration_stored_with_the_earlier_version_rescores_as_it_did():
    answers = {1: ("no",), 2: "no", 5: "never", 6: "never", 7: "no"}
    assert get_instrument("covid-impact").version == "1.1.0"
    assert not score("covid-impact", answers, "1.0.0").complete
