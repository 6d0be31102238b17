"""FHIR R4 export and import, validated with fhir.resources R4B models."""

import datetime
import json
from fractions import Fraction
from pathlib import Path

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given
from hypothesis import strategies as st

from resiliencehub.instruments import (
    NOT_APPLICABLE,
    InvalidAnswerError,
    UnknownItemError,
    fhir,
    get_instrument,
    score,
)
from resiliencehub.instruments.definitions import ALL
from resiliencehub.instruments.scoring import validate_answers

from .answer_builders import answers, any_valid_answers

FIXTURES = Path(__file__).parent / "fixtures"
QUESTIONNAIRE_STATUSES = {"draft", "active", "retired", "unknown"}


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("definition", ALL, ids=lambda d: d.id)
def test_every_definition_exports_a_valid_r4_questionnaire(definition):
    resource = fhir.questionnaire(definition)

    Questionnaire.model_validate(resource)
    assert resource["status"] in QUESTIONNAIRE_STATUSES
    assert (resource["url"], resource["version"]) == (
        fhir.questionnaire_url(definition),
        definition.version,
    )
    questions = [entry for entry in resource["item"] if entry["type"] != "display"]
    assert [entry["linkId"] for entry in questions] == [item.link_id for item in definition.items]
    assert len({entry["linkId"] for entry in resource["item"]}) == len(resource["item"])
    for entry, item in zip(questions, definition.items, strict=True):
        assert entry["required"] is not item.optional
        if item.options:
            assert len(entry["answerOption"]) == len(item.options) + bool(item.not_applicable)


def test_the_phq9_questionnaire_carries_loinc_codes_and_item_nine_risk_rule():
    resource = fhir.questionnaire(get_instrument("PHQ-9"))
    item9 = next(entry for entry in resource["item"] if entry["linkId"] == "phq9.9")

    assert resource["code"][0] == {
        "system": "http://loinc.org",
        "code": "44249-1",
        "display": "Patient Health Questionnaire (PHQ-9)",
    }
    assert item9["code"] == [{"system": "http://loinc.org", "code": "44260-8"}]
    assert item9["extension"] == [{"url": fhir.RISK_RULE_EXTENSION, "valueString": "answer >= 1"}]
    assert item9["answerOption"][0]["valueCoding"]["code"] == "LA6568-5"


def test_core10_reversed_items_carry_reversed_scores_as_ordinal_values():
    resource = fhir.questionnaire(get_instrument("CORE-10"))
    by_link = {entry["linkId"]: entry for entry in resource["item"]}

    def ordinals(link_id):
        return [o["extension"][0]["valueDecimal"] for o in by_link[link_id]["answerOption"]]

    assert ordinals("core10.1") == [0, 1, 2, 3, 4]
    assert ordinals("core10.2") == [4, 3, 2, 1, 0]


@pytest.mark.parametrize("definition", ALL, ids=lambda d: d.id)
@given(data=st.data())
def test_answers_round_trip_through_a_questionnaire_response(definition, data):
    given_answers = data.draw(any_valid_answers(definition))

    resource = fhir.questionnaire_response(definition, given_answers, subject="Patient/1")

    QuestionnaireResponse.model_validate(resource)
    assert resource["status"] in {"completed", "in-progress"}
    assert fhir.answers_from_questionnaire_response(resource) == validate_answers(
        definition, given_answers
    )


def test_a_wsas_not_applicable_answer_round_trips():
    wsas = get_instrument("WSAS")
    given_answers = answers(NOT_APPLICABLE, 3, 4, 2, 8)

    resource = fhir.questionnaire_response(wsas, given_answers)

    assert resource["item"][0]["answer"][0]["valueCoding"]["code"] == "not-applicable"
    assert fhir.answers_from_questionnaire_response(resource) == given_answers
    assert resource["status"] == "completed"


@pytest.mark.hazard("HAZ-002")
def test_the_hl7_sdc_phq9_example_totals_10_not_the_13_it_declares():
    resource = fixture("sdc-questionnaireresponse-phq9-example.json")
    link_ids = {f"H1/T1/Q{n}": n for n in range(1, 10)}

    imported = fhir.answers_from_questionnaire_response(
        resource, get_instrument("PHQ-9"), link_ids=link_ids, ignore_unknown=True
    )
    result = score("PHQ-9", imported)

    assert imported == answers(0, 0, 0, 1, 2, 1, 3, 2, 1)
    assert (result.total, result.band, result.caseness) == (10, "moderate", True)
    assert (result.risk, result.risk_items) == (True, (9,))


@pytest.mark.hazard("HAZ-002")
def test_the_hl7_us_core_phq9_example_imports_by_loinc_code_and_totals_12():
    resource = fixture("us-core-questionnaireresponse-phq-9-example.json")

    imported = fhir.answers_from_questionnaire_response(
        resource, get_instrument("PHQ-9"), ignore_unknown=True
    )
    result = score("PHQ-9", imported)

    assert imported == answers(2, 2, 2, 2, 1, 1, 2, 0, 0, 1)
    assert (result.total, result.band, result.risk) == (12, "moderate", False)


def test_a_foreign_response_with_extra_answered_items_is_refused_unless_told_to_ignore_them():
    resource = fixture("us-core-questionnaireresponse-phq-9-example.json")

    with pytest.raises(UnknownItemError, match="PHQ-9 has no item '/44261-6'"):
        fhir.answers_from_questionnaire_response(resource, get_instrument("PHQ-9"))


@pytest.mark.hazard("HAZ-003")
def test_an_imported_answer_that_matches_no_option_is_refused_naming_the_item():
    resource = fhir.questionnaire_response(get_instrument("PHQ-9"), {3: 1})
    resource["item"][0]["answer"] = [{"valueCoding": {"code": "LA0000-0", "display": "Often"}}]

    with pytest.raises(InvalidAnswerError, match="PHQ-9 item 3: no option matches"):
        fhir.answers_from_questionnaire_response(resource)


def test_a_response_is_matched_to_its_definition_and_version_by_canonical_url():
    resource = fhir.questionnaire_response(get_instrument("GAD-7"), {1: 2})

    assert (
        resource["questionnaire"] == "https://resiliencehub.example/fhir/Questionnaire/gad-7|1.0.0"
    )
    assert fhir.definition_of(resource) is get_instrument("GAD-7", "1.0.0")


@pytest.mark.parametrize(
    ("instrument", "loinc"),
    [("PHQ-9", "44261-6"), ("GAD-7", "70274-6"), ("AUDIT-C", "75626-2"), ("AUDIT", "75624-7")],
)
def test_totals_export_as_observations_with_their_loinc_codes(instrument, loinc):
    definition = get_instrument(instrument)
    result = score(definition, dict.fromkeys(definition.scoring.total_items, 0))

    when = datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.UTC)

    total = fhir.observations(result, subject="Patient/1", effective=when)[0]

    Observation.model_validate(total)
    assert total["code"]["coding"][0] == {"system": "http://loinc.org", "code": loinc}
    assert (total["status"], total["valueInteger"]) == ("final", 0)
    assert total["method"]["coding"][0]["code"] == f"{instrument}|{definition.version}"


def test_times_without_a_time_zone_are_refused():
    result = score("PHQ-9", {9: 1})

    with pytest.raises(ValueError, match="has no time zone"):
        fhir.observations(result, effective=datetime.datetime(2024, 5, 1, 9, 30))


def test_measures_without_loinc_totals_use_the_project_code_system():
    result = score("CORE-10", dict.fromkeys(range(1, 11), 2))

    total = fhir.observations(result)[0]

    assert total["code"]["coding"] == [
        {"system": fhir.SCORE_CODES, "code": "core-10-total", "display": "CORE-10 total score"}
    ]


def test_a_prorated_total_exports_its_exact_value_band_and_caseness():
    result = score("PHQ-9", answers(1, 1, 1, 1, 0, 0, 0, 0, None))

    total = fhir.observations(result)[0]
    components = {c["code"]["coding"][0]["code"]: c for c in total["component"]}

    assert result.total_exact == Fraction(9, 2)
    assert total["valueInteger"] == 5
    assert total["interpretation"][0]["text"] == "mild"
    assert components["total-exact"]["valueQuantity"]["value"] == 4.5
    assert components["prorated"]["valueBoolean"] is True
    assert components["caseness"]["valueBoolean"] is False


@pytest.mark.hazard("HAZ-001")
def test_an_incomplete_result_with_a_risk_answer_still_exports_the_risk_flag():
    result = score("PHQ-9", {9: 2})

    resources = fhir.observations(result)

    assert len(resources) == 1
    risk = resources[0]
    assert risk["code"]["coding"][0]["code"] == "phq-9-risk"
    assert risk["valueBoolean"] is True
    assert risk["interpretation"][0]["coding"][0]["code"] == "AA"
    assert risk["component"][0]["code"]["coding"][0]["code"] == "44260-8"


def test_diagnoses_subscales_and_screening_bands_export_as_observations():
    itq = score("ITQ", dict.fromkeys(range(1, 19), 2))
    taps = score("TAPS-1", answers(1, 0, None, 0, 0))

    itq_codes = {o["code"]["coding"][0]["code"]: o for o in fhir.observations(itq)}
    taps_codes = {o["code"]["coding"][0]["code"]: o for o in fhir.observations(taps)}

    assert itq_codes["itq-diagnosis"]["valueCodeableConcept"]["text"] == "CPTSD"
    assert itq_codes["itq-ptsd"]["valueInteger"] == 12
    assert taps_codes["taps-1-band"]["valueCodeableConcept"]["text"] == "positive"
    for resource in [*itq_codes.values(), *taps_codes.values()]:
        Observation.model_validate(resource)
