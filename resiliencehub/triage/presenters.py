"""Display-ready rows for the duty queue and the worklist; templates stay thin."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse

from resiliencehub.hub.models import Sector
from resiliencehub.hub.working_hours import is_overdue, waited
from resiliencehub.instruments import Instrument, UnknownInstrumentError, get_instrument
from resiliencehub.instruments.model import InstrumentKind
from resiliencehub.records.models import AlertStatus, ReferralStatus, RiskAlert
from resiliencehub.records.presenters import client_name


@dataclass
class AlertRow:
    alert: RiskAlert
    name: str
    restricted: bool
    waited: str
    overdue: bool
    status: str
    url: str


def duty_queue_rows(hub, alerts, now: datetime, restricted_ids) -> list[AlertRow]:
    rows = []
    for alert in alerts:
        end = alert.acknowledged_at or now
        rows.append(
            AlertRow(
                alert=alert,
                name=client_name(alert.client, restricted_ids),
                restricted=alert.client_id in restricted_ids,
                waited=waited(alert.raised_at, end),
                overdue=alert.status == AlertStatus.OPEN
                and is_overdue(alert.raised_at, now, hub.risk_acknowledge_hours),
                status=AlertStatus(alert.status).label,
                url=reverse("triage:alert", kwargs={"slug": hub.slug, "alert_id": alert.pk}),
            )
        )
    return rows


def overdue_count(hub, raised_times, now: datetime) -> int:
    return sum(1 for raised in raised_times if is_overdue(raised, now, hub.risk_acknowledge_hours))


# --- Answers as staff read them: labels from the definitions the client was asked -------

PROFILE_DEFAULTS = ("occupation", "demographics")
"""The built-in question sets that hold the answers a referral copies (staff group, age)."""

FREE_TEXT_LABELS = {"reason": "What they would like help with"}


def definition_of(response) -> Instrument | None:
    """The definition (id and version) a stored response was asked and scored with."""
    try:
        return get_instrument(response.instrument_id, response.instrument_version)
    except UnknownInstrumentError:
        return None


def _definitions(responses) -> list[Instrument]:
    found = [d for d in (definition_of(r) for r in responses) if d is not None]
    for instrument_id in PROFILE_DEFAULTS:
        try:
            found.append(get_instrument(instrument_id))
        except UnknownInstrumentError:
            continue
    return found


def answer_label(definitions, link_id: str, value) -> str:
    """The option label a client chose for the item `link_id`, as its question showed it;
    the value itself when no definition offers it (text typed by staff, older data)."""
    for definition in definitions:
        item = definition.item_by_link_id(link_id)
        if item is None:
            continue
        option = item.option_for(value)
        if option is not None:
            return option.label
    return str(value)


def question_text(definitions, key: str) -> str:
    """The question a free-text answer replied to, in the words the client saw."""
    if key in FREE_TEXT_LABELS:
        return FREE_TEXT_LABELS[key]
    for definition in definitions:
        item = definition.item_by_link_id(key)
        if item is not None:
            return item.text
    return key.replace("_", " ").replace(".", ": ").capitalize()


def _unanswered(definition: Instrument | None, numbers) -> str:
    if not numbers:
        return ""
    if definition is None:
        labels = [str(n) for n in numbers]
    else:
        labels = [
            definition.item(n).display_label if n in definition.items_by_number else str(n)
            for n in numbers
        ]
    noun = "question" if len(labels) == 1 else "questions"
    return f"{noun} {', '.join(labels)} not answered"


def _diagnosis(diagnosis: str | None) -> str:
    """A diagnostic screen's result (ITQ, PCL-5): which criteria were met, never a bare
    code."""
    if not diagnosis:
        return ""
    if diagnosis == "none":
        return "Diagnostic criteria not met"
    return f"Criteria met: {diagnosis}"


@dataclass
class MeasureRow:
    name: str
    total: int | None
    result: str
    risk: bool
    question_set: bool
    complete: bool


def measure_row(response) -> MeasureRow:
    """One stored response as staff read it: its result, or exactly what is missing.

    Completeness is the scorer's: an item a skip rule or a follow-up condition left out
    was not asked, so it is not missing.
    """
    definition = definition_of(response)
    question_set = definition is not None and definition.kind is InstrumentKind.QUESTION_SET
    scores = response.scores or {}
    missing = _unanswered(definition, scores.get("missing_items") or ())
    if question_set:
        name = definition.short_title
        result = "All answered" if response.complete else f"Not all answered: {missing}".strip()
    else:
        name = response.instrument_id
        if not response.complete:
            result = f"Not scored: {missing}" if missing else "Not scored"
        else:
            result = response.band or _diagnosis(scores.get("diagnosis")) or "Scored"
    return MeasureRow(
        name=name.rstrip(": "),
        total=response.total,
        result=result.rstrip(": "),
        risk=response.risk,
        question_set=question_set,
        complete=response.complete,
    )


@dataclass
class ReferralProfile:
    staff_group: str
    age_band: str
    screenings: list  # (screening, [MeasureRow], [(question, answer)])


def referral_profile(referral, screenings) -> ReferralProfile:
    """The referral's coded answers as the labels the client chose, and each screening's
    measures and free text, from prefetched screenings."""
    responses = [r for screening in screenings for r in screening.responses.all()]
    definitions = _definitions(responses)
    shown = []
    for screening in screenings:
        rows = [measure_row(r) for r in screening.responses.all()]
        texts = [
            (question_text(definitions, key), value if isinstance(value, str) else ", ".join(value))
            for key, value in (screening.free_text or {}).items()
        ]
        shown.append((screening, rows, texts))
    return ReferralProfile(
        staff_group=answer_label(definitions, "occupation.staff_group", referral.staff_group)
        if referral.staff_group
        else "",
        age_band=answer_label(definitions, "demographics.age_band", referral.age_band)
        if referral.age_band
        else "",
        screenings=shown,
    )


@dataclass
class ScreeningSummary:
    measures: list = field(default_factory=list)  # (name, result, total)
    domains_above_threshold: int | None = None
    flags: list = field(default_factory=list)  # (text, tag colour)
    screened: bool = False


def screening_summary(referral) -> ScreeningSummary:
    """Band per measure, domains above threshold and flags, from prefetched screenings."""
    screenings = list(referral.screenings.all())
    summary = ScreeningSummary(screened=bool(screenings))
    if screenings:
        latest = screenings[0]
        for response in latest.responses.all():
            row = measure_row(response)
            if row.question_set and row.complete:
                continue  # answered question sets are not results to triage on
            summary.measures.append((row.name, row.result, row.total))
        summary.domains_above_threshold = latest.domains_above_threshold
    if referral.domains_above_threshold is not None:
        summary.domains_above_threshold = referral.domains_above_threshold
    if referral.has_risk:
        summary.flags.append(("Risk answer", "red"))
    if getattr(referral, "open_alert", False):
        summary.flags.append(("Open risk alert", "red"))
    if referral.returning:
        summary.flags.append(("Returning client", "grey"))
    if referral.critical_care:
        summary.flags.append(("Critical care", "blue"))
    return summary


@dataclass
class WorklistRow:
    referral: object
    name: str
    restricted: bool
    sector: str
    staff_group: str
    waited_days: int
    summary: ScreeningSummary
    url: str


SECTOR_LABELS = dict(Sector.choices)


def worklist_rows(hub, referrals, today: date, restricted_ids) -> list[WorklistRow]:
    return [
        WorklistRow(
            referral=referral,
            name=client_name(referral.client, restricted_ids),
            restricted=referral.client_id in restricted_ids,
            sector=SECTOR_LABELS.get(referral.sector, referral.sector or "Not given"),
            staff_group=answer_label(
                _definitions(r for s in referral.screenings.all() for r in s.responses.all()),
                "occupation.staff_group",
                referral.staff_group,
            )
            if referral.staff_group
            else "",
            waited_days=(today - referral.submitted_at.date()).days,
            summary=screening_summary(referral),
            url=reverse("triage:referral", kwargs={"slug": hub.slug, "referral_id": referral.pk}),
        )
        for referral in referrals
    ]


def days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class QuestionnaireNotice:
    """What staff must do to get a referral-first client their questionnaires."""

    text: str
    must_phone: bool
    renew_label: str = ""
    """The button that makes a new link (empty before the referral is accepted)."""


def questionnaire_notice(referral, client, *, before_accepting: bool, emailable: bool):
    """The questionnaires step for a referral-first referral: before it is accepted (when
    the questionnaires are still to come) or while it waits for them; otherwise None."""
    name = client_name(client)
    why_not = (
        "has not agreed to be emailed"
        if client.email
        else "has not agreed to be emailed (and gave no email address)"
    )
    if before_accepting:
        if emailable:
            return QuestionnaireNotice(
                f"Accepting will email {name} a link to the questionnaires to complete "
                "before their assessment.",
                must_phone=False,
            )
        how = (
            f"phone them on {client.phone} to give them the link to the questionnaires"
            if client.phone
            else "give them the link to the questionnaires another way (they gave no phone number)"
        )
        return QuestionnaireNotice(
            f"{name} {why_not}. When you accept, {how}: the link is shown to you once.",
            must_phone=True,
        )
    if referral.status != ReferralStatus.AWAITING_QUESTIONNAIRES:
        return None
    if emailable:
        return QuestionnaireNotice(
            f"{name} has been emailed a link to the questionnaires.",
            must_phone=False,
            renew_label="Email a new link",
        )
    reach = f"on {client.phone}" if client.phone else "(no phone number was given)"
    return QuestionnaireNotice(
        f"{name} must be phoned {reach} to be given the link to the questionnaires: they "
        f"have {why_not.removeprefix('has ')}.",
        must_phone=True,
        renew_label="Show a new link to give by phone",
    )
