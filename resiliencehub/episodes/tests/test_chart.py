"""The scores chart: server-side SVG with caseness lines and the reliable-change band,
and the same figures in a data table."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services
from resiliencehub.episodes.presenters import reliable_change_words, score_chart
from resiliencehub.episodes.tests.factories import (
    auditor_for,
    gad7_total,
    make_episode,
    make_screening,
    phq9_total,
)


@dataclass
class R:
    instrument_id: str
    total: int | None
    day: int
    band: str = "moderate"
    pk: int = 0

    @property
    def completed_at(self):
        return datetime(2026, 3, 1, 10, tzinfo=UTC) + timedelta(days=self.day)


def test_points_scale_to_the_instrument_range_and_the_lines_sit_at_their_scores():
    chart = score_chart("PHQ-9", [R("PHQ-9", 27, 0), R("PHQ-9", 0, 7), R("GAD-7", 5, 7)])
    top, bottom = chart.plot_top, chart.plot_bottom
    assert [p.total for p in chart.points] == [27, 0]
    assert chart.points[0].y == top
    assert chart.points[1].y == bottom
    assert chart.points[0].x == chart.plot_left
    assert chart.points[1].x == chart.plot_right
    assert chart.caseness_at == 10
    assert chart.caseness_y == round(bottom - (bottom - top) * 10 / 27, 1)
    # The reliable-change band: first score ± 6, clipped to the range.
    assert chart.band_top_y == top
    assert chart.band_bottom_y == round(bottom - (bottom - top) * 21 / 27, 1)


def test_each_point_says_whether_the_change_is_reliable():
    chart = score_chart(
        "GAD-7", [R("GAD-7", 15, 0), R("GAD-7", 12, 7), R("GAD-7", 11, 14), R("GAD-7", 19, 21)]
    )
    assert [p.reliable for p in chart.points] == [
        "First score",
        "No reliable change",
        "Reliable improvement",
        "Reliable deterioration",
    ]
    assert [p.above_caseness for p in chart.points] == [True, True, True, True]
    assert chart.description.startswith("4 scores from")


def test_reliable_change_is_only_claimed_where_the_measure_defines_it():
    assert reliable_change_words("WSAS", -10) == "Not defined for this measure"


def test_incomplete_scores_are_left_out():
    chart = score_chart("PHQ-9", [R("PHQ-9", None, 0), R("PHQ-9", 12, 3)])
    assert len(chart.points) == 1


@pytest.mark.django_db
def test_the_page_draws_the_svg_with_its_data_table(hub_a, make_staff, signed_in):
    clinician = make_staff(hub_a, Role.CLINICIAN)
    episode = make_episode(hub_a, clinician)
    make_screening(episode.referral, {"PHQ-9": phq9_total(18), "GAD-7": gad7_total(14)})
    for total in (14, 9):
        services.session_measure_record(
            episode, "PHQ-9", phq9_total(total), auditor=auditor_for(clinician)
        )
    url = reverse("episodes:measures", kwargs={"slug": hub_a.slug, "episode_id": episode.pk})
    body = signed_in(clinician).get(url).content.decode()
    svg = body.split('<svg class="app-chart"')[1].split("</svg>")[0]
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert svg.count("<circle") == 3
    assert "Caseness 10" in svg
    assert 'stroke-dasharray="6 4"' in svg
    assert "-9: reliable improvement" in svg, "the latest point says what its change means"
    table = body.split('id="table-PHQ-9"')[1].split("</table>")[0]
    assert table.count("<tr") == 4  # header and three scores
    assert "Screening" in table and "Session" in table
    assert "+0" not in table
    assert "Reliable improvement" in table
    assert "style=" not in svg  # the CSP allows no inline styles
