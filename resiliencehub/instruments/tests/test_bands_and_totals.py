"""Every band edge, caseness threshold and cut-off, from the sources in instruments.md."""

import pytest

from resiliencehub.instruments import score

from .answer_builders import answers_totalling

BAND_EDGES = [
    # PHQ-9: 0-4, 5-9, 10-14, 15-19, 20-27 (NHS Data Dictionary PHQ-9).
    ("PHQ-9", 0, "minimal"),
    ("PHQ-9", 4, "minimal"),
    ("PHQ-9", 5, "mild"),
    ("PHQ-9", 9, "mild"),
    ("PHQ-9", 10, "moderate"),
    ("PHQ-9", 14, "moderate"),
    ("PHQ-9", 15, "moderately severe"),
    ("PHQ-9", 19, "moderately severe"),
    ("PHQ-9", 20, "severe"),
    ("PHQ-9", 27, "severe"),
    # GAD-7: 0-4, 5-9, 10-14, 15-21 (Spitzer et al. 2006).
    ("GAD-7", 0, "minimal"),
    ("GAD-7", 4, "minimal"),
    ("GAD-7", 5, "mild"),
    ("GAD-7", 9, "mild"),
    ("GAD-7", 10, "moderate"),
    ("GAD-7", 14, "moderate"),
    ("GAD-7", 15, "severe"),
    ("GAD-7", 21, "severe"),
    # WSAS: < 10, 10-20, > 20 (Mundt et al. 2002).
    ("WSAS", 0, "subclinical"),
    ("WSAS", 9, "subclinical"),
    ("WSAS", 10, "significant"),
    ("WSAS", 20, "significant"),
    ("WSAS", 21, "severe"),
    ("WSAS", 40, "severe"),
    # AUDIT: 0-7, 8-15, 16-19, 20-40 (WHO zones, UK labels).
    ("AUDIT", 0, "lower risk"),
    ("AUDIT", 7, "lower risk"),
    ("AUDIT", 8, "increasing risk"),
    ("AUDIT", 15, "increasing risk"),
    ("AUDIT", 16, "higher risk"),
    ("AUDIT", 19, "higher risk"),
    ("AUDIT", 20, "possible dependence"),
    ("AUDIT", 40, "possible dependence"),
    # AUDIT-C: UK positive at 5 or above.
    ("AUDIT-C", 0, "negative"),
    ("AUDIT-C", 4, "negative"),
    ("AUDIT-C", 5, "positive"),
    ("AUDIT-C", 12, "positive"),
    # CORE-10: <= 10, 11-14, 15-19, 20-24, >= 25.
    ("CORE-10", 0, "low"),
    ("CORE-10", 10, "low"),
    ("CORE-10", 11, "mild"),
    ("CORE-10", 14, "mild"),
    ("CORE-10", 15, "moderate"),
    ("CORE-10", 19, "moderate"),
    ("CORE-10", 20, "moderate-to-severe"),
    ("CORE-10", 24, "moderate-to-severe"),
    ("CORE-10", 25, "severe"),
    ("CORE-10", 40, "severe"),
]


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(("instrument", "total", "band"), BAND_EDGES)
def test_each_band_starts_and_ends_where_the_source_says(instrument, total, band):
    result = score(instrument, answers_totalling(instrument, total))

    assert (result.total, result.band, result.complete, result.prorated) == (
        total,
        band,
        True,
        False,
    )


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(
    ("instrument", "total", "case"),
    [("PHQ-9", 9, False), ("PHQ-9", 10, True), ("GAD-7", 7, False), ("GAD-7", 8, True)],
)
def test_caseness_starts_at_ten_on_phq9_and_eight_on_gad7(instrument, total, case):
    assert score(instrument, answers_totalling(instrument, total)).caseness is case


@pytest.mark.parametrize("instrument", ["WSAS", "AUDIT", "AUDIT-C", "CORE-10", "PCL-5", "ITQ"])
def test_caseness_is_null_for_measures_without_a_talking_therapies_threshold(instrument):
    result = score(instrument, {})

    assert result.caseness is None


@pytest.mark.hazard("HAZ-002")
@pytest.mark.parametrize(("total", "probable"), [(32, False), (33, True), (80, True)])
def test_pcl5_probable_ptsd_starts_at_33(total, probable):
    result = score("PCL-5", answers_totalling("PCL-5", total))

    assert (result.total, result.probable, result.band) == (total, probable, None)


def test_a_complete_total_is_exact_and_not_prorated():
    result = score("PHQ-9", dict.fromkeys(range(1, 10), 3))

    assert (result.total, result.total_exact, result.prorated) == (27, 27, False)
    assert isinstance(result.total_exact, int)
