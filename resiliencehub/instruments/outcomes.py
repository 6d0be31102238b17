"""NHS Talking Therapies paired-outcome rules for a first and last PHQ-9 and GAD-7.

Source: instruments.md §13, from the NHS Data Dictionary cut-offs and summaries of the
NHS Talking Therapies Manual (confirm against the current manual before go-live).

- Caseness at start: first PHQ-9 >= 10 or first GAD-7 >= 8.
- Recovery: a case at start, and at the last measurement PHQ-9 < 10 and GAD-7 < 8.
  Not applicable (``None``) when not a case at start.
- Reliable improvement: PHQ-9 falls by >= 6 or GAD-7 by >= 4, and neither rises by that
  much. Reliable deterioration: PHQ-9 rises by >= 6 or GAD-7 by >= 4, and neither falls by
  that much. Improvement on one measure with deterioration on the other is neither.
- Reliable recovery: recovery and reliable improvement (``None`` when not a case).

Totals are the rounded totals of :class:`~resiliencehub.instruments.scoring.Result`
(instruments.md, Decisions: caseness and reliable change use the rounded total).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .registry import get_instrument
from .scoring import Result

PHQ9_RELIABLE_CHANGE = 6
"""Reliable change index for PHQ-9 (NHS Talking Therapies Manual, via instruments.md §1)."""
GAD7_RELIABLE_CHANGE = 4
"""Reliable change index for GAD-7 (NHS Talking Therapies Manual, via instruments.md §2)."""


@dataclass(frozen=True, slots=True)
class TalkingTherapiesOutcome:
    """Outcome flags for a pair of administrations; ``None`` where not applicable."""

    caseness_at_start: bool
    recovery: bool | None
    reliable_improvement: bool
    reliable_deterioration: bool
    reliable_recovery: bool | None

    def as_json(self) -> dict[str, bool | None]:
        """The flags as a JSON-ready mapping (the command line's output)."""
        return asdict(self)


def talking_therapies_outcome(
    phq9_first: int | Result,
    phq9_last: int | Result,
    gad7_first: int | Result,
    gad7_last: int | Result,
) -> TalkingTherapiesOutcome:
    """Caseness, recovery and reliable change from first and last PHQ-9 and GAD-7 totals.

    Each argument is a total or a scored :class:`Result`; an incomplete result or a total
    outside the instrument's range raises ``ValueError``.
    """
    phq_first, phq_last = (_total("PHQ-9", value) for value in (phq9_first, phq9_last))
    gad_first, gad_last = (_total("GAD-7", value) for value in (gad7_first, gad7_last))
    phq_caseness = get_instrument("PHQ-9").scoring.caseness_at
    gad_caseness = get_instrument("GAD-7").scoring.caseness_at

    case_at_start = phq_first >= phq_caseness or gad_first >= gad_caseness
    improved = (
        phq_first - phq_last >= PHQ9_RELIABLE_CHANGE or gad_first - gad_last >= GAD7_RELIABLE_CHANGE
    )
    deteriorated = (
        phq_last - phq_first >= PHQ9_RELIABLE_CHANGE or gad_last - gad_first >= GAD7_RELIABLE_CHANGE
    )
    reliable_improvement = improved and not deteriorated
    reliable_deterioration = deteriorated and not improved
    if case_at_start:
        recovery = phq_last < phq_caseness and gad_last < gad_caseness
        reliable_recovery = recovery and reliable_improvement
    else:
        recovery = reliable_recovery = None
    return TalkingTherapiesOutcome(
        caseness_at_start=case_at_start,
        recovery=recovery,
        reliable_improvement=reliable_improvement,
        reliable_deterioration=reliable_deterioration,
        reliable_recovery=reliable_recovery,
    )


def _total(instrument_id: str, value: int | Result) -> int:
    if isinstance(value, Result):
        if value.instrument != instrument_id:
            raise ValueError(f"expected a {instrument_id} result, got {value.instrument}")
        if value.total is None:
            raise ValueError(f"{instrument_id} result is incomplete: {value.incomplete_reason}")
        return value.total
    highest = get_instrument(instrument_id).max_total
    if type(value) is not int or not 0 <= value <= highest:
        raise ValueError(f"{instrument_id} total must be a whole number 0-{highest}, got {value!r}")
    return value
