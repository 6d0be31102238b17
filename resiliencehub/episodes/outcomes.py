"""An episode's NHS Talking Therapies outcome, from its measures and attended sessions.

Rules (ADR 0024), computed with the questionnaire library:
- finished treatment: at least 2 attended treatment sessions (individual or group);
- paired scores: the first complete PHQ-9 and GAD-7 (from the referral's screening or the
  episode's session measures, whichever is earlier) against the last complete ones of
  the episode, which must be a later administration than the first;
- caseness at start, recovery, reliable improvement / deterioration and reliable recovery
  come from `instruments.talking_therapies_outcome` on those pairs. Without both pairs the
  flags are not computed and the note says exactly which score is missing; with them the
  note says which scores were compared (ADR 0024). The note is stored at discharge, so
  the episode says the same after discharge as the discharge page did before it.
"""

from dataclasses import dataclass

from resiliencehub.instruments import TalkingTherapiesOutcome, talking_therapies_outcome
from resiliencehub.instruments.outcomes import GAD7_RELIABLE_CHANGE, PHQ9_RELIABLE_CHANGE
from resiliencehub.nhsuk_forms.formatting import format_date

from . import selectors

FINISHED_TREATMENT_SESSIONS = 2


@dataclass(frozen=True)
class EpisodeOutcome:
    treatment_sessions: int
    finished_treatment: bool
    flags: TalkingTherapiesOutcome | None
    pairs: dict  # instrument → (first response, last response) or None
    note: str
    not_computed: str = ""  # "Not computed: …" when flags is None, else ""


def _complete(responses, instrument: str) -> list:
    return sorted(
        (r for r in responses if r.instrument_id == instrument and r.total is not None),
        key=lambda r: (r.completed_at, r.pk or 0),
    )


def paired(baseline, during, instrument: str):
    """(first, last): first from the baseline or the episode, last from the episode."""
    first = _complete([*baseline, *during], instrument)
    last = _complete(during, instrument)
    if not first or not last or last[-1] is first[0]:
        return None
    return first[0], last[-1]


def _missing(baseline, during, instrument: str) -> str:
    """Why `instrument` has no pair, in words: no score at all, or none after the first."""
    first = _complete([*baseline, *during], instrument)
    if not first:
        return f"no {instrument} score"
    return (
        f"no {instrument} score after the first one "
        f"({first[0].total} on {format_date(first[0].completed_at)})"
    )


def _compared(instrument: str, pair) -> str:
    first, last = pair
    return f"{instrument} {first.total} to {last.total} ({last.total - first.total:+d})"


def outcome_from(baseline, during, treatment_sessions: int) -> EpisodeOutcome:
    """Pure: the outcome from screening responses, episode responses and a session count."""
    pairs = {name: paired(baseline, during, name) for name in ("PHQ-9", "GAD-7")}
    finished = treatment_sessions >= FINISHED_TREATMENT_SESSIONS
    missing = [_missing(baseline, during, name) for name, pair in pairs.items() if pair is None]
    if missing:
        not_computed = "Not computed: " + "; ".join(missing) + "."
        return EpisodeOutcome(treatment_sessions, finished, None, pairs, not_computed, not_computed)
    phq, gad = pairs["PHQ-9"], pairs["GAD-7"]
    flags = talking_therapies_outcome(phq[0].total, phq[1].total, gad[0].total, gad[1].total)
    note = f"From {_compared('PHQ-9', phq)} and {_compared('GAD-7', gad)}."
    changes = [
        (last.total - first.total, threshold)
        for (first, last), threshold in ((phq, PHQ9_RELIABLE_CHANGE), (gad, GAD7_RELIABLE_CHANGE))
    ]
    if any(c <= -t for c, t in changes) and any(c >= t for c, t in changes):
        note += " PHQ-9 and GAD-7 moved reliably in opposite directions."
    if not finished:
        note += " Did not finish treatment (fewer than 2 attended sessions)."
    return EpisodeOutcome(treatment_sessions, finished, flags, pairs, note)


def episode_outcome(episode) -> EpisodeOutcome:
    return outcome_from(
        selectors.screening_measures(episode),
        selectors.episode_measures(episode),
        selectors.treatment_sessions_attended(episode),
    )
