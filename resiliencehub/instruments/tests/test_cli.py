"""The command line, run as a researcher would run it (``python -m``), in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

REPOSITORY = Path(__file__).resolve().parents[3]
SCORE_KEYS = {
    "instrument",
    "version",
    "total",
    "total_exact",
    "complete",
    "prorated",
    "band",
    "risk",
    "risk_items",
    "subscales",
    "diagnosis",
    "probable",
    "caseness",
}
OUTCOME_KEYS = {
    "caseness_at_start",
    "recovery",
    "reliable_improvement",
    "reliable_deterioration",
    "reliable_recovery",
}


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "resiliencehub.instruments", *arguments],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        timeout=60,
    )


def scored(*arguments: str) -> dict:
    completed = run("score", *arguments)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.count("\n") == 1
    return json.loads(completed.stdout)


@pytest.mark.hazard("HAZ-002")
def test_score_prints_one_json_object_with_exactly_the_issue_keys():
    result = scored("PHQ-9", "--answers", "1,2,3,0,1,2,0,1,0")

    assert set(result) == SCORE_KEYS
    assert result == {
        "instrument": "PHQ-9",
        "version": "1.0.0",
        "total": 10,
        "total_exact": 10,
        "complete": True,
        "prorated": False,
        "band": "moderate",
        "risk": False,
        "risk_items": [],
        "subscales": {},
        "diagnosis": None,
        "probable": None,
        "caseness": True,
    }


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(
    ("instrument", "given", "expected"),
    [
        ("phq-9", "1,1,1,1,0,0,0,0,-", {"total": 5, "total_exact": 4.5, "band": "mild"}),
        ("GAD-7", "3,3,1,-,-,0,0", {"total": 10, "total_exact": 9.8, "band": "moderate"}),
        ("WSAS", "na,4,4,4,5", {"total": 21, "prorated": True, "band": "severe"}),
        ("AUDIT", "0,-,-,-,-,-,-,-,2,4", {"total": 6, "band": "lower risk"}),
        ("AUDIT-C", "2,2,1", {"total": 5, "band": "positive"}),
        ("CORE-10", "0,0,0,0,0,0,0,0,0,0", {"total": 8, "band": "low"}),
        (
            "PCL-5",
            ",".join(["2"] * 20),
            {"total": 40, "probable": True, "diagnosis": "provisional PTSD"},
        ),
        ("TAPS-1", "0,-,0,0,0,-", {"band": "negative", "complete": True}),
        ("FFT", "2", {"band": "positive", "total": None}),
    ],
)
def test_score_reads_answers_in_item_order(instrument, given, expected):
    result = scored(instrument, "--answers", given)

    assert set(result) == SCORE_KEYS
    assert {key: result[key] for key in expected} == expected


@pytest.mark.hazard("HAZ-002")
def test_itq_answers_run_p1_to_p6_then_impairment_then_c1_to_c6_then_impairment():
    ptsd_only = scored("ITQ", "--answers", "2,0,2,0,2,0,2,0,0,2,0,2,0,2,0,0,0,0")
    cptsd = scored("ITQ", "--answers", "2,0,2,0,2,0,2,0,0,2,0,2,0,2,0,0,0,2")

    assert (ptsd_only["diagnosis"], cptsd["diagnosis"]) == ("PTSD", "CPTSD")
    assert cptsd["subscales"]["dso"] == 6


@pytest.mark.hazard("HAZ-001")
def test_score_flags_item_nine_on_an_incomplete_form():
    result = scored("PHQ-9", "--answers", "-,-,-,-,-,-,-,-,1")

    assert (result["complete"], result["total"], result["risk"], result["risk_items"]) == (
        False,
        None,
        True,
        [9],
    )


@pytest.mark.hazard("HAZ-003")
@pytest.mark.parametrize(
    ("instrument", "given", "named"),
    [
        ("PHQ-9", "1,2,4,0,1,2,0,1,0", "PHQ-9 item 3"),
        ("AUDIT", "1,1,1,0,0,0,0,0,3,0", "AUDIT item 9"),
        ("AUDIT", "1,1,1,0,0,0,0,0,0,1", "AUDIT item 10"),
        ("AUDIT", "0,-,-,-,2,-,-,-,0,0", "AUDIT item 5"),
        ("CORE-10", "0,0,0,0,0,5,0,0,0,0", "CORE-10 item 6"),
        ("ITQ", "0,0,0,0,0,0,0,0,0,0,0,9,0,0,0,0,0,0", "ITQ item C3"),
        ("GAD-7", "1,2,three,0,1,2,0", "GAD-7 item 3"),
        ("PHQ-9", "1,2,na,0,1,2,0,1,0", "PHQ-9 item 3"),
    ],
)
def test_bad_answers_exit_2_with_a_message_naming_the_item(instrument, given, named):
    completed = run("score", instrument, "--answers", given)

    assert completed.returncode == 2
    assert named in completed.stderr
    assert completed.stdout == ""


@pytest.mark.hazard("HAZ-003")
def test_the_wrong_number_of_answers_exits_2():
    completed = run("score", "PHQ-9", "--answers", "1,2,3")

    assert completed.returncode == 2
    assert "PHQ-9 takes 9 to 10 answers" in completed.stderr


def test_an_unknown_instrument_exits_2():
    completed = run("score", "PHQ-8", "--answers", "1")

    assert completed.returncode == 2
    assert "unknown instrument 'PHQ-8'" in completed.stderr


@pytest.mark.hazard("HAZ-008")
def test_outcome_prints_exactly_the_issue_keys_with_null_where_not_applicable():
    case = run("outcome", "--phq9", "15,8", "--gad7", "12,6")
    not_case = run("outcome", "--phq9", "5,4", "--gad7", "3,3")

    assert json.loads(case.stdout) == {
        "caseness_at_start": True,
        "recovery": True,
        "reliable_improvement": True,
        "reliable_deterioration": False,
        "reliable_recovery": True,
    }
    not_case_result = json.loads(not_case.stdout)
    assert set(not_case_result) == OUTCOME_KEYS
    assert (not_case_result["recovery"], not_case_result["reliable_recovery"]) == (None, None)


@pytest.mark.hazard("HAZ-008")
def test_outcome_refuses_an_impossible_total_naming_it():
    completed = run("outcome", "--phq9", "15,28", "--gad7", "12,6")

    assert completed.returncode == 2
    assert "--phq9 LAST: '28' is not a PHQ-9 total (0-27)" in completed.stderr


def test_questionnaire_prints_a_valid_fhir_questionnaire():
    completed = run("questionnaire", "phq-9")

    resource = json.loads(completed.stdout)
    Questionnaire.model_validate(resource)
    assert resource["url"].endswith("/Questionnaire/phq-9")


def test_list_names_every_instrument_the_issue_lists():
    completed = run("list")

    listed = {line.split("\t")[0] for line in completed.stdout.splitlines()}
    assert {
        "PHQ-9",
        "GAD-7",
        "WSAS",
        "AUDIT",
        "AUDIT-C",
        "ITQ",
        "PCL-5",
        "TAPS-1",
        "CORE-10",
        "FFT",
    } <= listed
