"""NHS Talking Therapies paired outcomes, every branch (instruments.md §13; HAZ-008)."""

import pytest

from resiliencehub.instruments import score, talking_therapies_outcome

from .answer_builders import answers


def outcome(phq9, gad7):
    return talking_therapies_outcome(phq9[0], phq9[1], gad7[0], gad7[1]).as_json()


@pytest.mark.hazard("HAZ-008")
def test_someone_below_both_thresholds_at_the_start_has_no_recovery_to_measure():
    assert outcome((9, 3), (7, 1)) == {
        "caseness_at_start": False,
        "recovery": None,
        "reliable_improvement": True,
        "reliable_deterioration": False,
        "reliable_recovery": None,
    }


@pytest.mark.hazard("HAZ-008")
@pytest.mark.parametrize(("phq9", "gad7"), [((10, 10), (0, 0)), ((0, 0), (8, 8))])
def test_either_measure_at_its_threshold_makes_a_case(phq9, gad7):
    result = outcome(phq9, gad7)

    assert result["caseness_at_start"] is True
    assert result["recovery"] is False


@pytest.mark.hazard("HAZ-008")
def test_recovery_needs_both_measures_below_threshold_at_the_end():
    assert outcome((15, 9), (12, 7))["recovery"] is True
    assert outcome((15, 10), (12, 7))["recovery"] is False
    assert outcome((15, 9), (12, 8))["recovery"] is False


@pytest.mark.hazard("HAZ-008")
@pytest.mark.parametrize(
    ("phq9", "gad7", "improved"),
    [
        ((16, 10), (5, 5), True),  # PHQ-9 falls by exactly 6.
        ((16, 11), (5, 5), False),  # PHQ-9 falls by 5.
        ((5, 5), (12, 8), True),  # GAD-7 falls by exactly 4.
        ((5, 5), (12, 9), False),  # GAD-7 falls by 3.
    ],
)
def test_reliable_improvement_is_a_fall_of_six_on_phq9_or_four_on_gad7(phq9, gad7, improved):
    assert outcome(phq9, gad7)["reliable_improvement"] is improved


@pytest.mark.hazard("HAZ-008")
@pytest.mark.parametrize(
    ("phq9", "gad7", "deteriorated"),
    [
        ((4, 10), (5, 5), True),
        ((4, 9), (5, 5), False),
        ((5, 5), (3, 7), True),
        ((5, 5), (3, 6), False),
    ],
)
def test_reliable_deterioration_is_a_rise_of_six_on_phq9_or_four_on_gad7(phq9, gad7, deteriorated):
    assert outcome(phq9, gad7)["reliable_deterioration"] is deteriorated


@pytest.mark.hazard("HAZ-008")
@pytest.mark.parametrize(("phq9", "gad7"), [((20, 10), (5, 12)), ((4, 12), (15, 5))])
def test_improvement_on_one_measure_with_deterioration_on_the_other_is_neither(phq9, gad7):
    result = outcome(phq9, gad7)

    assert (result["reliable_improvement"], result["reliable_deterioration"]) == (False, False)
    assert result["reliable_recovery"] is False


@pytest.mark.hazard("HAZ-008")
def test_reliable_recovery_is_recovery_with_reliable_improvement():
    assert outcome((15, 5), (12, 4))["reliable_recovery"] is True
    # Recovered (10 -> 8) but by less than the reliable change index.
    recovered_not_reliably = outcome((10, 8), (7, 7))
    assert recovered_not_reliably["recovery"] is True
    assert recovered_not_reliably["reliable_recovery"] is False


@pytest.mark.hazard("HAZ-008")
def test_outcomes_use_the_rounded_prorated_total():
    # PHQ-9 with 8 items summing to 9: 9 x 9 / 8 = 10.125 -> 10, a case.
    first_phq9 = score("PHQ-9", answers(2, 2, 2, 1, 1, 1, 0, 0, None))
    last_phq9 = score("PHQ-9", answers(*[0] * 9))
    gad7 = score("GAD-7", answers(*[0] * 7))

    result = talking_therapies_outcome(first_phq9, last_phq9, gad7, gad7)

    assert first_phq9.total == 10
    assert (result.caseness_at_start, result.recovery) == (True, True)


@pytest.mark.hazard("HAZ-008")
def test_an_incomplete_or_mismatched_result_cannot_give_an_outcome():
    incomplete = score("PHQ-9", {9: 1})
    gad7 = score("GAD-7", answers(*[0] * 7))

    with pytest.raises(ValueError, match="PHQ-9 result is incomplete"):
        talking_therapies_outcome(incomplete, incomplete, gad7, gad7)
    with pytest.raises(ValueError, match="expected a PHQ-9 result, got GAD-7"):
        talking_therapies_outcome(gad7, gad7, gad7, gad7)
    with pytest.raises(ValueError, match="GAD-7 total must be a whole number 0-21"):
        talking_therapies_outcome(5, 5, 22, 5)
