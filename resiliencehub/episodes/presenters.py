"""Display-ready views of episodes: labels, caseload rows, waits and the score chart.

The chart is hand-written SVG (ADR 0025): a line of totals over time, the instrument's
caseness threshold, and the band of reliable change around the first score, with the
same figures in a data table beside it so that it reads without the picture.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from resiliencehub.instruments import get_instrument
from resiliencehub.instruments.outcomes import GAD7_RELIABLE_CHANGE, PHQ9_RELIABLE_CHANGE
from resiliencehub.nhsuk_forms.formatting import format_date
from resiliencehub.records.presenters import client_name
from resiliencehub.triage.handoff import latest_risk_assessment

from . import selectors
from .models import EpisodeStatus, ShareItem

RELIABLE_CHANGE = {"PHQ-9": PHQ9_RELIABLE_CHANGE, "GAD-7": GAD7_RELIABLE_CHANGE}
STATUS_COLOURS = {
    EpisodeStatus.WAITING_ASSESSMENT: "orange",
    EpisodeStatus.ASSESSED: "blue",
    EpisodeStatus.WAITING_INTERVENTION: "yellow",
    EpisodeStatus.IN_INTERVENTION: "green",
    EpisodeStatus.STEPPED_UP: "purple",
    EpisodeStatus.STEPPED_DOWN: "purple",
    EpisodeStatus.REFERRED_ON: "aqua-green",
    EpisodeStatus.DISCHARGED: "grey",
}


def appointment_label(appointment) -> str:
    when = format_date(appointment.starts_at, with_time=True)
    kind = appointment.get_kind_display().lower()
    return f"{when}, {kind} ({appointment.get_status_display().lower()})"


def label_appointments(appointments) -> list:
    for appointment in appointments:
        appointment.label = appointment_label(appointment)
    return appointments


def episode_label(episode, restricted_ids=frozenset()) -> str:
    return f"{client_name(episode.client, restricted_ids)}, {episode.referral.reference}"


# --- caseloads and waits ----------------------------------------------------------------


@dataclass
class CaseRow:
    episode: object
    name: str
    status: str
    colour: str
    pathway: str
    attended: int
    waited_days: int
    restricted: bool


def case_rows(episodes, now: datetime, restricted_ids, attended=None) -> list[CaseRow]:
    attended = attended or {}
    rows = []
    for episode in episodes:
        rows.append(
            CaseRow(
                episode=episode,
                name=client_name(episode.client, restricted_ids),
                status=EpisodeStatus(episode.status).label,
                colour=STATUS_COLOURS[EpisodeStatus(episode.status)],
                pathway=episode.get_pathway_display() if episode.pathway else "No plan yet",
                attended=attended.get(episode.pk, 0),
                waited_days=(now - episode.opened_at).days,
                restricted=episode.client_id in restricted_ids,
            )
        )
    return rows


@dataclass
class WaitRow:
    episode: object
    name: str
    since: datetime
    waited_days: int
    restricted: bool


def wait_rows(episodes, stage: str, now: datetime, restricted_ids) -> list[WaitRow]:
    rows = []
    for episode in episodes:
        since = (
            episode.referral.submitted_at
            if stage == "assessment"
            else (episode.first_assessed_at or episode.opened_at)
        )
        rows.append(
            WaitRow(
                episode=episode,
                name=client_name(episode.client, restricted_ids),
                since=since,
                waited_days=(now - since).days,
                restricted=episode.client_id in restricted_ids,
            )
        )
    return rows


@dataclass
class WaitSummary:
    referral_to_assessment_days: float | None
    referral_to_assessment_n: int
    assessment_to_intervention_days: float | None
    assessment_to_intervention_n: int


def wait_summary(waits) -> WaitSummary:
    """Median waits in days, rounded to one decimal, from `selectors.waits_seen`."""
    (to_assessment, assessed_n), (to_intervention, started_n) = waits

    def rounded(value):
        return round(max(0.0, value), 1) if value is not None else None

    return WaitSummary(rounded(to_assessment), assessed_n, rounded(to_intervention), started_n)


# --- outcome flags ------------------------------------------------------------------------


NOT_A_CASE = "Not applicable: not a case at the start"


def outcome_flag_rows(flags, not_computed: str = "") -> list[tuple[str, str]]:
    """The NHS Talking Therapies flags as (label, words), the same before and after discharge.

    `flags` is a `TalkingTherapiesOutcome` or a discharged episode (same attribute names);
    when the flags could not be computed every row gives the reason instead.
    """
    labels = [
        ("Caseness at start", "caseness_at_start"),
        ("Recovery", "recovery"),
        ("Reliable improvement", "reliable_improvement"),
        ("Reliable deterioration", "reliable_deterioration"),
        ("Reliable recovery", "reliable_recovery"),
    ]
    if flags is None or getattr(flags, "caseness_at_start", None) is None:
        reason = not_computed or "Not computed"
        return [(label, reason) for label, _ in labels]
    rows = []
    for label, name in labels:
        value = getattr(flags, name)
        rows.append((label, NOT_A_CASE if value is None else ("Yes" if value else "No")))
    return rows


def episode_outcome_rows(episode) -> list[tuple[str, str]]:
    """The flags fixed on a discharged episode, with the reason stored when not computed."""
    note = episode.outcome_note or ""
    if episode.caseness_at_start is not None:
        return outcome_flag_rows(episode)
    if note.startswith("Not computed"):
        return outcome_flag_rows(None, note)
    # Discharged before the reason was stored in these words.
    return outcome_flag_rows(None, f"Not computed: {note}" if note else "Not computed")


# --- the score chart ----------------------------------------------------------------------


@dataclass
class ChartPoint:
    x: float
    y: float
    when: datetime
    total: int
    band: str
    change: int
    reliable: str
    above_caseness: bool | None
    stage: str


@dataclass
class ScoreChart:
    instrument: str
    title: str
    width: int
    height: int
    points: list = field(default_factory=list)
    polyline: str = ""
    caseness_at: int | None = None
    caseness_y: float | None = None
    band_top_y: float | None = None
    band_bottom_y: float | None = None
    reliable_change: int | None = None
    y_ticks: list = field(default_factory=list)
    plot_left: int = 0
    plot_right: int = 0
    plot_top: int = 0
    plot_bottom: int = 0
    description: str = ""
    first: int | None = None
    latest_label: str = ""  # the latest change and its verdict, drawn beside the latest point


def reliable_change_words(instrument: str, change: int) -> str:
    threshold = RELIABLE_CHANGE.get(instrument)
    if threshold is None:
        return "Not defined for this measure"
    if change <= -threshold:
        return "Reliable improvement"
    if change >= threshold:
        return "Reliable deterioration"
    return "No reliable change"


def score_chart(instrument: str, responses, width: int = 640, height: int = 300) -> ScoreChart:
    """Coordinates for an SVG line chart of complete totals, oldest first."""
    definition = get_instrument(instrument)
    maximum = definition.max_total or 1
    caseness = definition.scoring.caseness_at if definition.scoring else None
    rci = RELIABLE_CHANGE.get(instrument)
    left, right, top, bottom = 48, width - 16, 16, height - 40
    chart = ScoreChart(
        instrument=instrument,
        title=f"{definition.short_title or instrument} scores over time",
        width=width,
        height=height,
        caseness_at=caseness,
        reliable_change=rci,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
    )

    def y_of(score: float) -> float:
        return round(bottom - (bottom - top) * score / maximum, 1)

    scored = [r for r in responses if r.instrument_id == instrument and r.total is not None]
    step = (right - left) / max(len(scored) - 1, 1)
    first = scored[0].total if scored else None
    for index, response in enumerate(scored):
        change = response.total - first
        stage = getattr(getattr(response, "session_measure", None), "stage", "") or "screening"
        chart.points.append(
            ChartPoint(
                x=round(left + step * index if len(scored) > 1 else (left + right) / 2, 1),
                y=y_of(response.total),
                when=response.completed_at,
                total=response.total,
                band=response.band,
                change=change,
                reliable=reliable_change_words(instrument, change) if index else "First score",
                above_caseness=None if caseness is None else response.total >= caseness,
                stage=stage,
            )
        )
    chart.polyline = " ".join(f"{p.x},{p.y}" for p in chart.points)
    if caseness is not None:
        chart.caseness_y = y_of(caseness)
    if rci is not None and first is not None:
        chart.band_top_y = y_of(min(maximum, first + rci))
        chart.band_bottom_y = y_of(max(0, first - rci))
    tick_step = 5 if maximum <= 30 else 10
    chart.y_ticks = [(value, y_of(value)) for value in range(0, maximum + 1, tick_step)]
    chart.first = first
    if scored:
        last = chart.points[-1]
        if len(scored) > 1:
            chart.latest_label = f"{last.change:+d}: {last.reliable.lower()}"
        chart.description = (
            f"{len(scored)} scores from {format_date(chart.points[0].when)} to "
            f"{format_date(last.when)}: first {first}, latest {last.total}"
            + (f" ({last.change:+d}). {last.reliable}." if len(scored) > 1 else ".")
        )
    else:
        chart.description = "No complete scores yet."
    return chart


def now() -> datetime:
    return timezone.now()


# --- the facilitated referral letter ------------------------------------------------------


@dataclass
class LetterSection:
    heading: str
    paragraphs: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (label, value)


@dataclass
class Letter:
    hub: object
    service: object
    written_on: datetime
    client_name: str
    reference: str
    sections: list
    message: str
    advocacy_contact: str
    author: str


def facilitated_letter(hub, episode, onward) -> Letter:
    """The letter that lets a client avoid retelling their story: only the sections the
    client agreed to share (onward.shared_items) are read and written into it."""

    shared = set(onward.shared_items)
    sections = []
    needs_assessment = shared & {
        ShareItem.ASSESSMENT_SUMMARY,
        ShareItem.DIFFICULTIES,
        ShareItem.FORMULATION,
        ShareItem.GOALS,
    }
    assessment = None
    formulation = None
    if needs_assessment:
        assessments = list(selectors.assessments_for(episode))
        assessment = assessments[-1] if assessments else None
        formulation = getattr(assessment, "formulation", None) if assessment else None
    if ShareItem.ASSESSMENT_SUMMARY in shared and assessment:
        sections.append(
            LetterSection(
                f"Assessment ({format_date(assessment.assessed_at)})",
                paragraphs=[assessment.summary],
            )
        )
    if ShareItem.DIFFICULTIES in shared and formulation:
        sections.append(
            LetterSection(
                "Presenting difficulties", paragraphs=[formulation.presenting_difficulties]
            )
        )
    if ShareItem.FORMULATION in shared and formulation:
        sections.append(
            LetterSection(
                "Formulation",
                rows=[
                    (label, value)
                    for label, value in (
                        ("Predisposing factors", formulation.predisposing),
                        ("Precipitating factors", formulation.precipitating),
                        ("Perpetuating factors", formulation.perpetuating),
                        ("Protective factors", formulation.protective),
                        ("Strengths", formulation.strengths),
                    )
                    if value
                ],
            )
        )
    if ShareItem.GOALS in shared and formulation and formulation.goals:
        sections.append(LetterSection("The client's goals", paragraphs=[formulation.goals]))
    if ShareItem.SCORES in shared:
        responses = [*selectors.screening_measures(episode), *selectors.episode_measures(episode)]
        latest = {}
        for response in sorted(responses, key=lambda r: (r.completed_at, r.pk)):
            if response.total is not None:
                latest[response.instrument_id] = response
        sections.append(
            LetterSection(
                "Questionnaire scores (most recent)",
                rows=[
                    (
                        name,
                        f"{r.total}{f' ({r.band})' if r.band else ''} "
                        f"on {format_date(r.completed_at)}",
                    )
                    for name, r in sorted(latest.items())
                ],
            )
        )
    if ShareItem.RISK in shared:
        risk = latest_risk_assessment(episode.hub_id, episode.client_id)
        if risk:
            sections.append(
                LetterSection(
                    "Risk",
                    paragraphs=[
                        f"Risk assessed on {format_date(risk.assessed_at)} as "
                        f"{risk.get_level_display().lower()}. Actions: "
                        + ("; ".join(risk.action_labels()) or "none recorded")
                        + "."
                    ],
                )
            )
        else:
            sections.append(LetterSection("Risk", paragraphs=["No risk assessment on record."]))
    if ShareItem.CONTACT in shared:
        client = episode.client
        sections.append(
            LetterSection(
                "Contact details",
                rows=[
                    ("Phone", client.phone or "Not given"),
                    ("Email", client.email or "Not given"),
                ],
            )
        )
    author = episode.case_holder.display_name if episode.case_holder else ""
    return Letter(
        hub=hub,
        service=onward.service,
        written_on=onward.sent_at,
        client_name=client_name(episode.client),
        reference=episode.referral.reference,
        sections=sections,
        message=onward.message,
        advocacy_contact=onward.advocacy_contact,
        author=author,
    )
