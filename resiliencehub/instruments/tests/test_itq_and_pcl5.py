"""ITQ diagnostic branches (Cloitre et al. 2018) and PCL-5 cut-off against the DSM-5 rule."""

import pytest

from resiliencehub.instruments import score

from .answer_builders import answers

P_ITEMS = {"P1": 1, "P2": 2, "P3": 3, "P4": 4, "P5": 5, "P6": 6, "P7": 7, "P8": 8, "P9": 9}
C_ITEMS = {f"C{n}": n + 9 for n in range(1, 10)}
PTSD_CLUSTERS = {
    "re-experiencing": ("P1", "P2"),
    "avoidance": ("P3", "P4"),
    "sense of threat": ("P5", "P6"),
    "PTSD functional impairment": ("P7", "P8", "P9"),
}
DSO_CLUSTERS = {
    "affective dysregulation": ("C1", "C2"),
    "negative self-concept": ("C3", "C4"),
    "disturbances in relationships": ("C5", "C6"),
    "DSO functional impairment": ("C7", "C8", "C9"),
}


def itq(endorsed: set[str], level: int = 2) -> dict[int, int]:
    """ITQ answers with the named items at ``level`` and every other item at 1."""
    items = P_ITEMS | C_ITEMS
    return {number: level if label in endorsed else 1 for label, number in items.items()}


ONE_PER_PTSD_CLUSTER = {"P2", "P3", "P6", "P9"}
ONE_PER_DSO_CLUSTER = {"C1", "C4", "C5", "C8"}


@pytest.mark.hazard("HAZ-002")
def test_itq_gives_cptsd_when_ptsd_and_dso_criteria_are_both_met():
    result = score("ITQ", itq(ONE_PER_PTSD_CLUSTER | ONE_PER_DSO_CLUSTER))

    assert result.diagnosis == "CPTSD"
    assert result.criteria_met == {"PTSD": True, "DSO": True}


@pytest.mark.hazard("HAZ-002")
def test_itq_gives_ptsd_when_only_ptsd_criteria_are_met():
    result = score("ITQ", itq(ONE_PER_PTSD_CLUSTER))

    assert result.diagnosis == "PTSD"


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(("cluster", "labels"), DSO_CLUSTERS.items())
def test_itq_gives_ptsd_not_cptsd_when_one_dso_cluster_is_not_endorsed(cluster, labels):
    endorsed = ONE_PER_PTSD_CLUSTER | (set(C_ITEMS) - set(labels))

    assert score("ITQ", itq(endorsed)).diagnosis == "PTSD"


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(("cluster", "labels"), PTSD_CLUSTERS.items())
def test_itq_gives_no_diagnosis_when_one_ptsd_cluster_is_not_endorsed(cluster, labels):
    endorsed = (set(P_ITEMS) - set(labels)) | set(C_ITEMS)

    result = score("ITQ", itq(endorsed, level=4))

    assert result.diagnosis == "none"
    assert result.criteria_met == {"PTSD": False, "DSO": True}


@pytest.mark.hazard("HAZ-002")
def test_itq_dso_criteria_alone_give_no_diagnosis():
    assert score("ITQ", itq(set(C_ITEMS), level=4)).diagnosis == "none"


@pytest.mark.hazard("HAZ-002")
def test_itq_items_count_as_endorsed_from_two_not_one():
    everything = set(P_ITEMS) | set(C_ITEMS)

    assert score("ITQ", itq(everything, level=1)).diagnosis == "none"
    assert score("ITQ", itq(everything, level=2)).diagnosis == "CPTSD"


@pytest.mark.hazard("HAZ-002")
def test_itq_with_a_missing_item_has_no_diagnosis():
    given = itq(ONE_PER_PTSD_CLUSTER | ONE_PER_DSO_CLUSTER)
    del given[C_ITEMS["C9"]]

    result = score("ITQ", given)

    assert (result.complete, result.diagnosis) == (False, None)
    assert "C9" in result.incomplete_reason


def test_itq_scores_ptsd_and_dso_from_symptom_items_without_impairment_items():
    result = score("ITQ", answers(1, 2, 3, 4, 0, 1, 4, 4, 4, 2, 2, 1, 1, 0, 3, 4, 4, 4))

    assert result.subscales == {
        "ptsd": 11,
        "dso": 9,
        "re_experiencing": 3,
        "avoidance": 7,
        "sense_of_threat": 1,
        "affective_dysregulation": 4,
        "negative_self_concept": 2,
        "disturbances_in_relationships": 3,
    }
    assert (result.total, result.band) == (None, None)


def pcl5(**clusters: list[int]) -> dict[int, int]:
    """PCL-5 answers from cluster lists B (5 items), C (2), D (7), E (6)."""
    values = clusters["B"] + clusters["C"] + clusters["D"] + clusters["E"]
    return answers(*values)


@pytest.mark.hazard("HAZ-002")
def test_pcl5_total_above_the_cut_off_without_the_dsm5_pattern_is_probable_but_not_provisional():
    # Intrusion maxed but avoidance never endorsed: total 35 >= 33, DSM-5 C criterion unmet.
    result = score("PCL-5", pcl5(B=[4] * 5, C=[1, 1], D=[1] * 7, E=[1] * 6))

    assert (result.total, result.probable, result.diagnosis) == (35, True, "none")


@pytest.mark.hazard("HAZ-002")
def test_pcl5_dsm5_pattern_with_a_low_total_is_provisional_but_not_probable():
    # The minimum pattern: one B, one C, two D and two E items at 2 -> total 12.
    result = score(
        "PCL-5", pcl5(B=[2, 0, 0, 0, 0], C=[0, 2], D=[2, 2, 0, 0, 0, 0, 0], E=[0] * 4 + [2, 2])
    )

    assert (result.total, result.probable, result.diagnosis) == (12, False, "provisional PTSD")
    assert result.subscales == {
        "intrusion": 2,
        "avoidance": 2,
        "negative_cognition_and_mood": 4,
        "arousal_and_reactivity": 4,
    }


MINIMAL_DSM5_PATTERN = {
    "B": [2, 0, 0, 0, 0],
    "C": [2, 0],
    "D": [2, 2, 0, 0, 0, 0, 0],
    "E": [2, 2, 0, 0, 0, 0],
}


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(
    ("cluster", "short_of_the_rule"),
    [
        ("B", [1, 1, 1, 1, 1]),
        ("C", [1, 1]),
        ("D", [2, 1, 1, 1, 1, 1, 1]),
        ("E", [2, 1, 1, 1, 1, 1]),
    ],
)
def test_pcl5_dsm5_rule_fails_when_any_cluster_falls_short(cluster, short_of_the_rule):
    met = score("PCL-5", pcl5(**MINIMAL_DSM5_PATTERN))
    short = score("PCL-5", pcl5(**(MINIMAL_DSM5_PATTERN | {cluster: short_of_the_rule})))

    assert (met.diagnosis, short.diagnosis) == ("provisional PTSD", "none")


@pytest.mark.hazard("HAZ-002")
def test_pcl5_both_rules_met_and_neither_met():
    both = score("PCL-5", pcl5(B=[3] * 5, C=[3, 3], D=[2] * 7, E=[2] * 6))
    neither = score("PCL-5", pcl5(B=[1] * 5, C=[1, 1], D=[1] * 7, E=[1] * 6))

    assert (both.probable, both.diagnosis) == (True, "provisional PTSD")
    assert (neither.probable, neither.diagnosis) == (False, "none")
