"""Writes of the public journey: each in a transaction, audited as the public journey.

What it records on the shared clinical record (a referral's workflow, a measure response
and its alert) goes through `resiliencehub.records`. The one function other journey apps
need, `questionnaire_invitation_send`, is in `handoff`.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.crypto import email_lookup
from resiliencehub.core.fields import seal_json, seal_text
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub.models import Hub, ScreeningMode
from resiliencehub.instruments import Instrument, get_instrument
from resiliencehub.instruments.model import AnswerType, InstrumentKind
from resiliencehub.records.answers import to_json
from resiliencehub.records.contacts import contact_complete
from resiliencehub.records.measures import (
    RecordedResponse,
    ScoredMeasure,
    measure_response_score,
    measure_response_store,
)
from resiliencehub.records.models import (
    Client,
    MeasureResponse,
    Referral,
    ReferralStatus,
    ResponseSource,
    RiskAlert,
    Screening,
    ScreeningKind,
)
from resiliencehub.records.referrals import REFERRAL, referral_transition
from resiliencehub.records.selectors import may_email

from . import feedback, links, pages
from .eligibility import prefilled_answers
from .models import (
    AccessLink,
    IneligibleCount,
    Journey,
    JourneyAnswer,
    JourneyKind,
    JourneyResponse,
    JourneyStatus,
    JourneySubmission,
    LinkPurpose,
)
from .state import JourneyState, stored_answers
from .tasks import send_feedback_email, send_link_email


class JourneyIncomplete(Exception):
    """Submitted before every page was answered; `page` is the first one left."""

    def __init__(self, page):
        super().__init__(page.key)
        self.page = page


@dataclass(frozen=True)
class QuestionnaireInvitation:
    """A new questionnaires link: emailed by the task worker, or (for a client who may not
    be emailed) to be read out on a phone call, shown to staff once."""

    link: AccessLink
    emailed: bool


def _audit_journey(auditor: Auditor, journey: Journey, action, **detail) -> None:
    auditor.record(
        action,
        obj=journey,
        hub=journey.hub_id,
        subject_ref=client_subject(journey.client_id),
        detail=detail,
    )


def _put(journey: Journey, key: str, value, now) -> None:
    JourneyAnswer.objects.bulk_create(
        [JourneyAnswer(journey=journey, key=key, value=value, saved_at=now)],
        update_conflicts=True,
        unique_fields=["journey", "key"],
        update_fields=["value", "saved_at"],
    )


# --- Starting and opening a journey -------------------------------------------------


def ineligible_count_add(hub: Hub, reason: str, today: date) -> None:
    """Add one to the anonymous count of people turned away for `reason` this month.

    Deliberately not audited: an audit row would carry the time and address of one
    person's visit, and nothing about them is to be kept (issue 4, item 1).
    """
    month = today.replace(day=1)
    with transaction.atomic():
        updated = IneligibleCount.objects.filter(hub=hub, reason=reason, month=month).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    IneligibleCount.objects.create(hub=hub, reason=reason, month=month, count=1)
            except IntegrityError:
                IneligibleCount.objects.filter(hub=hub, reason=reason, month=month).update(
                    count=F("count") + 1
                )


def journey_start(
    hub: Hub,
    kind: JourneyKind,
    *,
    auditor: Auditor,
    eligibility: dict | None = None,
    campaign_code: str = "",
    client: Client | None = None,
    invited_for: Referral | None = None,
    contact=None,
) -> tuple[Journey, str]:
    """A new journey and the secret its browser cookie holds (only its digest is kept)."""
    secret = links.new_secret()
    now = timezone.now()
    with transaction.atomic():
        journey = Journey.objects.create(
            hub=hub,
            kind=kind,
            eligibility=eligibility or {},
            campaign_code=campaign_code,
            access_hash=links.digest(secret),
            access_seen_at=now,
            client=client,
            invited_for=invited_for,
            contact=contact,
        )
        for (instrument_id, link_id), value in prefilled_answers(journey.eligibility).items():
            item = get_instrument(instrument_id).item_by_link_id(link_id)
            if item is not None:
                _put(journey, f"{instrument_id}:{item.number}", value, now)
        if client is not None:
            journey.email = client.email
            journey.email_lookup = client.email_lookup
            journey.save(update_fields=["email", "email_lookup"])
            for key, value in _client_answers(client).items():
                _put(journey, key, value, now)
            sex = _earlier_sex(client)
            if sex:
                # Which alcohol question TAPS-1 asks depends on it (pages.FOR_SEX); a
                # journey that does not ask "About you" again reads the earlier answer.
                _put(journey, pages.sex_answer_key(), sex, now)
            if kind == JourneyKind.RETURNING:
                for page in pages.contact_pages():
                    _put(journey, f"page:{page.key}", True, now)
                if _answered_recently(hub, client, now):
                    journey.measures_skipped = True
                    journey.save(update_fields=["measures_skipped"])
        _audit_journey(auditor, journey, AuditAction.RECORD_CREATED, kind=str(kind))
    return journey, secret


def _answered_recently(hub: Hub, client: Client, now) -> bool:
    """Whether a returning client answered the questionnaires within the hub's period
    (seed 002, Table 7: staff came back "without having to re-register or complete
    questionnaires"), and no clinician asked for them again."""
    days = hub.returning_measures_valid_days
    if not days or client.measures_on_return:
        return False
    return MeasureResponse.objects.filter(
        client=client, screening__isnull=False, completed_at__gte=now - timedelta(days=days)
    ).exists()


def _earlier_sex(client: Client) -> str:
    """The sex the client gave in their latest screening that asked it, or ""."""
    link_id = pages.SEX_ANSWER[1]
    for profile in client.screenings.order_by("-submitted_at").values_list("profile", flat=True):
        if profile and link_id in profile:
            return profile[link_id]
    return ""


def _client_answers(client: Client) -> dict:
    ways = [
        way
        for way, allowed in (
            ("email", client.may_email),
            ("text", client.may_text),
            ("voicemail", client.may_leave_voicemail),
        )
        if allowed
    ]
    answers = {
        pages.CONTACT_KEYS["full_name"]: client.full_name,
        pages.CONTACT_KEYS["email"]: client.email,
        pages.CONTACT_KEYS["phone"]: client.phone,
        pages.CONTACT_KEYS["ways"]: ways,
    }
    if client.preferred_name:
        answers[pages.CONTACT_KEYS["preferred_name"]] = client.preferred_name
    if client.contact_notes:
        answers[pages.CONTACT_KEYS["notes"]] = client.contact_notes
    return answers


def journey_for_secret(hub: Hub, secret: str | None) -> Journey | None:
    if not secret or len(secret) > 128:
        return None
    return (
        Journey.objects.select_related("hub", "client", "invited_for")
        .filter(hub=hub, access_hash=links.digest(secret))
        .first()
    )


def journey_in_hub(slug: str, secret: str | None) -> Journey | None:
    """The journey a cookie opens in the active hub `slug`, with the hub and its measures.

    One query for what `hub_for_journey` and `journey_for_secret` would read in two, for
    the pages every person posts to. A returning client's record (and the referral a
    questionnaire link was sent for) is read when a page uses it, not on every request:
    its contact details would otherwise be decrypted on every page.
    """
    if not secret or len(secret) > 128:
        return None
    return (
        Journey.objects.select_related("hub")
        .prefetch_related("hub__measures")
        .filter(hub__slug=slug, hub__is_active=True, access_hash=links.digest(secret))
        .first()
    )


def journey_reopen(journey: Journey, *, auditor: Auditor, how: str) -> str:
    """Give the journey a new cookie secret (the old one stops working); returns it."""
    secret = links.new_secret()
    with transaction.atomic():
        journey.access_hash = links.digest(secret)
        journey.access_seen_at = timezone.now()
        journey.save(update_fields=["access_hash", "access_seen_at", "updated_at"])
        _audit_journey(auditor, journey, AuditAction.RECORD_VIEWED, reopened_by=how)
    return secret


def journey_touch(journey: Journey) -> None:
    """Note that the person is active (for the idle lock); at most once a minute."""
    now = timezone.now()
    if journey.access_seen_at is None or (now - journey.access_seen_at).total_seconds() > 60:
        Journey.objects.filter(pk=journey.pk).update(access_seen_at=now)
        journey.access_seen_at = now


# --- Saving a page ------------------------------------------------------------------


def _risk_marks(definition: Instrument, answers: dict) -> set[str]:
    marks = set()
    for number, value in answers.items():
        item = definition.items_by_number.get(number)
        if item is not None and item.risk_if is not None and item.risk_if.is_met(value):
            marks.add(f"{number}={json.dumps(to_json({number: value})[str(number)])}")
    return marks


def _contact_value(stored: dict, name: str) -> str:
    value = stored.get(pages.CONTACT_KEYS[name])
    return value if isinstance(value, str) else ""


def _has_contact_details(stored: dict) -> bool:
    return bool(_contact_value(stored, "full_name")) and bool(
        _contact_value(stored, "phone") or _contact_value(stored, "email")
    )


@dataclass(frozen=True)
class _Measure:
    """A questionnaire a page save may record, worked out before the write transaction:
    the answers asked, their risk marks, whether to record it even with no new risk
    answer (it is complete, or the submit records it whatever), and its scores."""

    definition: Instrument
    risky: set
    record_anyway: bool
    scored: ScoredMeasure


def _measure(definition: Instrument, stored: dict, *, record_anyway: bool):
    """The `_Measure` to record for `definition` given the answers `stored`, or None when
    there is nothing to record (not to be recorded anyway, and no risk answer)."""
    answers = pages.asked_answers(definition, stored)
    risky = _risk_marks(definition, answers)
    if not (record_anyway or risky):
        return None
    return _Measure(definition, risky, record_anyway, measure_response_score(definition, answers))


def _record_instrument(
    journey: Journey, measure: _Measure, stored: dict, *, auditor, page: str = ""
) -> RecordedResponse | None:
    """Record the measure's answers when it is complete or a new risk answer is given;
    returns what was recorded (with the alert it raised), or None.

    Must run inside a transaction holding the journey's row lock: whether a risk answer
    is new is decided under it. With `page`, the response's audit event is the page
    save's one event: it names the page and the journey.
    """
    definition = measure.definition
    # The current response carries every risk mark already alerted in this journey (each
    # new row takes its predecessor's), so it is the one row to read, by its unique index.
    current = (
        JourneyResponse.objects.filter(
            journey=journey, instrument_id=definition.id, superseded=False
        )
        .only("id", "alerted")
        .first()
    )
    alerted = set(current.alerted) if current is not None else set()
    new_risk = measure.risky - alerted
    if not (measure.record_anyway or new_risk):
        return None
    if current is not None:
        JourneyResponse.objects.filter(pk=current.pk).update(superseded=True)
    client = journey.client
    if new_risk and client is None and _has_contact_details(stored):
        # The duty clinician must be able to reach someone who gave contact details
        # and then a risk answer, even if they never press "Submit" (HAZ-020).
        client = _client_create(journey, stored, auditor=auditor)
    recorded = measure_response_store(
        journey.hub,
        measure.scored,
        auditor=auditor,
        source=ResponseSource.CLIENT,
        client=client,
        screening=journey.screening,
        referral=journey.referral or journey.invited_for,
        callback_phone=_contact_value(stored, "phone") if new_risk else "",
        raise_alert=bool(new_risk),
        audit_detail={"page": page, "journey": journey.pk} if page else None,
    )
    JourneyResponse.objects.create(
        journey=journey,
        instrument_id=definition.id,
        response=recorded.response,
        alerted=sorted(alerted | measure.risky) if new_risk else sorted(alerted),
    )
    if recorded.alert is not None:
        journey.risk_pending = True
        journey.save(update_fields=["risk_pending", "updated_at"])
    return recorded


def journey_page_save(
    state: JourneyState, page: pages.Page, values: dict, *, auditor: Auditor
) -> bool:
    """Store one page's answers at once (values: answer key -> value, None = cleared).

    Each answer is its own row, so two tabs saving different pages never overwrite each
    other; a measure is scored and stored as soon as it is complete, and a risk answer
    raises its alert in this same transaction (HAZ-004, HAZ-005). `state` then holds the
    journey as saved and all its answers, so the caller need not read them again.
    Returns whether a new risk alert went on the duty queue.

    The write transaction holds only writes and the reads that must be made under its
    lock (ADR 0036): on SQLite it holds the database's one write lock from its first
    statement. Reading, decrypting, planning, scoring and encrypting are done first.
    """
    now = timezone.now()
    journey, hub = state.journey, state.hub
    wanted = {k: v for k, v in values.items() if v not in (None, "", [])}
    wanted[f"page:{page.key}"] = True
    cleared = [k for k in values if k not in wanted and k in state.stored]
    stored = state.stored.changed(wanted, cleared)
    rows = [
        JourneyAnswer(journey=journey, key=key, value=seal_json(value), saved_at=now)
        for key, value in wanted.items()
    ]
    email = values.get(pages.CONTACT_KEYS["email"])
    changes = {"access_seen_at": now, "updated_at": now}
    if email:
        changes |= {"email": seal_text(email), "email_lookup": email_lookup(email)}
    measure = None
    if page.instrument is not None:
        complete = pages.instrument_complete(page.instrument, state.plan, stored)
        measure = _measure(page.instrument, stored, record_anyway=complete)
    new_alert = False
    with transaction.atomic():
        if measure is not None:
            # Whether a risk answer is new is decided from the journey as it is under the
            # lock, so two tabs finishing the same measure raise one alert (HAZ-024).
            journey = (
                Journey.objects.select_for_update(of=("self",)).defer("email").get(pk=journey.pk)
            )
            journey.hub = hub
        if cleared:
            JourneyAnswer.objects.filter(journey=journey, key__in=cleared).delete()
        # One INSERT … ON CONFLICT DO UPDATE for the whole page (SQLite and PostgreSQL).
        JourneyAnswer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["journey", "key"],
            update_fields=["value", "saved_at"],
        )
        Journey.objects.filter(pk=journey.pk).update(**changes)
        recorded = None
        if measure is not None:
            recorded = _record_instrument(journey, measure, stored, auditor=auditor, page=page.key)
            new_alert = recorded is not None and recorded.alert is not None
        if recorded is None:
            # One event per page save: the measure response's names the page when the
            # save recorded one (ADR 0036).
            _audit_journey(auditor, journey, AuditAction.RECORD_CHANGED, page=page.key)
    for name, value in changes.items():
        setattr(journey, name, email if name == "email" else value)
    state.journey = journey
    state.stored = stored
    return new_alert


def journey_risk_callback(journey: Journey, phone: str, *, auditor: Auditor) -> None:
    """Put the number a person left on the risk page on this journey's open alerts."""
    with transaction.atomic():
        alerts = RiskAlert.objects.select_for_update(of=("self",)).filter(
            response__journey_link__journey=journey
        )
        for alert in alerts:
            alert.callback_phone = phone
            alert.save(update_fields=["callback_phone"])
            auditor.record(
                AuditAction.RECORD_CHANGED,
                obj=alert,
                hub=journey.hub_id,
                detail={"field": "callback_phone"},
            )
        _put(journey, "risk:callback_phone", phone, timezone.now())


def journey_risk_seen(journey: Journey, *, auditor: Auditor) -> None:
    with transaction.atomic():
        Journey.objects.filter(pk=journey.pk).update(risk_pending=False)
        journey.risk_pending = False
        _audit_journey(auditor, journey, AuditAction.RECORD_VIEWED, page="crisis-information")


def journey_refer_choice(state: JourneyState, refer: bool, *, auditor: Auditor) -> None:
    """After a self-assessment: go on to refer (answers carried over) or finish."""
    with transaction.atomic():
        journey = Journey.objects.select_for_update().get(pk=state.journey.pk)
        if journey.status == JourneyStatus.SCREENED:
            if refer:
                journey.referring = True
            else:
                journey.status = JourneyStatus.FINISHED
            journey.save(update_fields=["referring", "status", "updated_at"])
            _audit_journey(auditor, journey, AuditAction.RECORD_CHANGED, refer=refer)
    state.reload()


# --- Submitting ---------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    stage: str
    created: bool
    journey: Journey


def _profile(journey: Journey, stored: dict, instruments: list[Instrument]) -> tuple[dict, dict]:
    """Coded answers (plain, for reports) and free text (encrypted) from the question sets."""
    profile: dict = {"eligibility": journey.eligibility} if journey.eligibility else {}
    free_text: dict = {}
    for definition in instruments:
        if definition.kind is not InstrumentKind.QUESTION_SET:
            continue
        for number, value in pages.asked_answers(definition, stored).items():
            item = definition.item(number)
            if item.answer_type is AnswerType.TEXT:
                free_text[item.link_id] = value
            else:
                profile[item.link_id] = list(value) if isinstance(value, tuple) else value
    reason = stored.get("reason:text")
    if reason:
        free_text["reason"] = reason
    return profile, free_text


def _current_responses(journey: Journey) -> list[MeasureResponse]:
    return [
        row.response
        for row in JourneyResponse.objects.filter(journey=journey, superseded=False).select_related(
            "response"
        )
    ]


def _journey_alerts(journey: Journey):
    return RiskAlert.objects.filter(response__journey_link__journey=journey)


def _answer(stored: dict, instrument_id: str, link_id: str):
    item = get_instrument(instrument_id).item_by_link_id(link_id)
    return stored.get(f"{instrument_id}:{item.number}") if item else None


def _client_create(journey: Journey, stored: dict, *, auditor: Auditor) -> Client:
    email = _contact_value(stored, "email")
    ways = stored.get(pages.CONTACT_KEYS["ways"]) or []
    client = Client.objects.create(
        hub=journey.hub,
        full_name=_contact_value(stored, "full_name"),
        preferred_name=_contact_value(stored, "preferred_name"),
        email=email,
        email_lookup=email_lookup(email) if email else "",
        phone=_contact_value(stored, "phone"),
        may_email="email" in ways,
        may_text="text" in ways,
        may_leave_voicemail="voicemail" in ways,
        contact_notes=_contact_value(stored, "notes"),
        employer=_answer(stored, "occupation", "occupation.employer") or "",
        research_consent=bool(stored.get("consent:research")),
        follow_up_consent=bool(stored.get("consent:follow_up")),
    )
    auditor.record(
        AuditAction.RECORD_CREATED,
        obj=client,
        hub=journey.hub_id,
        subject_ref=client_subject(client),
    )
    journey.client = client
    journey.save(update_fields=["client", "updated_at"])
    return client


def _client_update(client: Client, stored: dict, *, auditor: Auditor) -> None:
    """A returning client's confirmed details: only what changed is written."""
    ways = stored.get(pages.CONTACT_KEYS["ways"]) or []
    email = _contact_value(stored, "email")
    wanted = {
        "full_name": _contact_value(stored, "full_name"),
        "preferred_name": _contact_value(stored, "preferred_name"),
        "email": email,
        "email_lookup": email_lookup(email) if email else "",
        "phone": _contact_value(stored, "phone"),
        "may_email": "email" in ways,
        "may_text": "text" in ways,
        "may_leave_voicemail": "voicemail" in ways,
        "contact_notes": _contact_value(stored, "notes"),
    }
    changed = [name for name, value in wanted.items() if getattr(client, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(client, name, wanted[name])
    client.save(update_fields=changed)
    auditor.record(
        AuditAction.RECORD_CHANGED,
        obj=client,
        hub=client.hub_id,
        subject_ref=client_subject(client),
        detail={"fields": [n for n in changed if n != "email_lookup"]},
    )


def _ensure_recorded(journey: Journey, instruments, stored: dict, *, auditor: Auditor) -> None:
    have = set(
        JourneyResponse.objects.filter(journey=journey, superseded=False).values_list(
            "instrument_id", flat=True
        )
    )
    for definition in instruments:
        if definition.id not in have:
            measure = _measure(definition, stored, record_anyway=True)
            _record_instrument(journey, measure, stored, auditor=auditor)


def _link_records(journey, *, client=None, screening=None, referral=None, auditor) -> None:
    responses = _current_responses(journey)
    fields = {}
    if client is not None:
        fields["client"] = client
    if screening is not None:
        fields["screening"] = screening
    if fields:
        MeasureResponse.objects.filter(pk__in=[r.pk for r in responses]).update(**fields)
    alerts = list(_journey_alerts(journey))
    alert_fields = dict(fields)
    if referral is not None:
        alert_fields["referral"] = referral
    for alert in alerts:
        for name, value in alert_fields.items():
            setattr(alert, name, value)
        alert.save(update_fields=list(alert_fields))
        auditor.record(
            AuditAction.RECORD_CHANGED,
            obj=alert,
            hub=journey.hub_id,
            subject_ref=client_subject(client),
            detail={"linked": sorted(alert_fields)},
        )


def _screening_create(journey, kind, stored, instruments, *, client=None, referral=None, auditor):
    responses = _current_responses(journey)
    profile, free_text = _profile(journey, stored, instruments)
    screening = Screening.objects.create(
        hub=journey.hub,
        client=client,
        referral=referral,
        kind=kind,
        submitted_at=timezone.now(),
        profile=profile,
        free_text=free_text or None,
        has_risk=any(r.risk for r in responses),
        domains_above_threshold=sum(feedback.above_threshold(r) for r in responses),
        campaign_code=journey.campaign_code,
    )
    auditor.record(
        AuditAction.RECORD_CREATED,
        obj=screening,
        hub=journey.hub_id,
        subject_ref=client_subject(client),
        detail={"kind": str(kind)},
    )
    return screening


def _referral_fields(journey: Journey, stored: dict, previous: Referral | None) -> dict:
    eligibility = journey.eligibility or {}
    critical = _answer(stored, "occupation", "occupation.critical_care")
    fields = {
        "sector": eligibility.get("sector", "") if eligibility.get("sector") != "none" else "",
        "age_band": eligibility.get("age", ""),
        "staff_group": _answer(stored, "occupation", "occupation.staff_group") or "",
        "critical_care": None if critical is None else critical == "yes",
    }
    if previous is not None:
        for name in ("sector", "age_band", "staff_group", "critical_care"):
            if fields[name] in ("", None):
                fields[name] = getattr(previous, name)
    return fields


def _submit_screening(journey, stored, instruments, *, auditor) -> None:
    screening = _screening_create(
        journey, ScreeningKind.SELF_ASSESSMENT, stored, instruments, auditor=auditor
    )
    _link_records(journey, screening=screening, auditor=auditor)
    journey.screening = screening
    journey.status = JourneyStatus.SCREENED
    journey.save(update_fields=["screening", "status", "updated_at"])


def _submit_referral(journey, stored, instruments, *, auditor) -> None:
    previous = None
    if journey.kind == JourneyKind.RETURNING:
        client = journey.client
        _client_update(client, stored, auditor=auditor)
        previous = client.referrals.order_by("-submitted_at").first()
    else:
        client = journey.client or _client_create(journey, stored, auditor=auditor)
        if journey.client_id and journey.kind != JourneyKind.RETURNING:
            # Created early for a risk alert; the details may have changed since.
            _client_update(client, stored, auditor=auditor)
    responses = _current_responses(journey)
    has_alert = _journey_alerts(journey).exists()
    referral = Referral.objects.create(
        hub=journey.hub,
        client=client,
        submitted_at=timezone.now(),
        returning=journey.kind == JourneyKind.RETURNING,
        previous=previous,
        campaign_code=journey.campaign_code,
        has_risk=has_alert or any(r.risk for r in responses),
        domains_above_threshold=sum(feedback.above_threshold(r) for r in responses)
        if responses
        else None,
        **_referral_fields(journey, stored, previous),
    )
    REFERRAL.open(
        referral,
        auditor=auditor,
        at=referral.submitted_at,
        detail={"returning": referral.returning},
    )
    if journey.kind == JourneyKind.SELF_ASSESSMENT:
        screening = journey.screening
        screening.client = client
        screening.referral = referral
        _, free_text = _profile(journey, stored, [])
        if free_text:
            screening.free_text = {**(screening.free_text or {}), **free_text}
        screening.save(update_fields=["client", "referral", "free_text"])
    elif instruments or journey.kind == JourneyKind.REFERRAL:
        kind = (
            ScreeningKind.RETURNING
            if journey.kind == JourneyKind.RETURNING
            else ScreeningKind.REFERRAL
        )
        screening = _screening_create(
            journey, kind, stored, instruments, client=client, referral=referral, auditor=auditor
        )
    else:
        screening = None
    _link_records(journey, client=client, screening=screening, referral=referral, auditor=auditor)
    journey.referral = referral
    journey.screening = journey.screening or screening
    journey.status = JourneyStatus.SUBMITTED
    journey.submitted_at = timezone.now()
    journey.save(
        update_fields=["referral", "screening", "status", "submitted_at", "client", "updated_at"]
    )
    scored = [r for r in responses if r.instrument_id in feedback.ABOUT]
    if (
        journey.hub.screening_mode == ScreeningMode.SCREENING_IN_REFERRAL
        and screening is not None
        and scored
        and may_email(client)
    ):
        # Enqueued in this transaction: the database task row commits with the referral.
        send_feedback_email.enqueue(screening.pk)


def _submit_questionnaires(journey, stored, instruments, *, auditor) -> None:
    referral = journey.invited_for
    client = referral.client
    screening = _screening_create(
        journey,
        ScreeningKind.PRE_ASSESSMENT,
        stored,
        instruments,
        client=client,
        referral=referral,
        auditor=auditor,
    )
    _link_records(journey, client=client, screening=screening, referral=referral, auditor=auditor)
    responses = _current_responses(journey)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    locked.has_risk = locked.has_risk or screening.has_risk or _journey_alerts(journey).exists()
    locked.domains_above_threshold = sum(feedback.above_threshold(r) for r in responses)
    locked.save(update_fields=["has_risk", "domains_above_threshold"])
    if locked.status == ReferralStatus.AWAITING_QUESTIONNAIRES:
        referral_transition(
            locked, ReferralStatus.ACCEPTED, auditor=auditor, reason="Questionnaires completed."
        )
    journey.screening = screening
    journey.status = JourneyStatus.SUBMITTED
    journey.submitted_at = timezone.now()
    journey.save(update_fields=["screening", "status", "submitted_at", "updated_at"])


def _submit_follow_up(journey, stored, instruments, *, auditor) -> None:
    """Follow-up or re-screening answers: stored as a screening of the client like any
    other (raw answers, versions, score snapshots), and the invitation is completed in the
    same transaction, so no reminder can be sent after it (ADR 0037)."""
    client = journey.client
    screening = _screening_create(
        journey, ScreeningKind.FOLLOW_UP, stored, instruments, client=client, auditor=auditor
    )
    _link_records(journey, client=client, screening=screening, auditor=auditor)
    contact_complete(journey.contact, screening, auditor=auditor)
    journey.screening = screening
    journey.status = JourneyStatus.SUBMITTED
    journey.submitted_at = timezone.now()
    journey.save(update_fields=["screening", "status", "submitted_at", "updated_at"])


def journey_submit(state: JourneyState, *, auditor: Auditor) -> Submitted:
    """Submit the journey's current stage exactly once (R2): a unique row per journey and
    stage is inserted first, so every replay but one fails on the constraint and is told
    what was already created. The answers are read again under the journey's lock (another
    tab may have changed one since this request began)."""
    journey, today = state.journey, state.today
    missing = pages.next_unanswered(state.plan, state.stored)
    stage = pages.stage(journey)
    if (
        missing is not None
        and not JourneySubmission.objects.filter(journey=journey, stage=stage).exists()
    ):
        raise JourneyIncomplete(missing)
    instruments = pages.journey_instruments(journey.hub, journey, today)
    try:
        with transaction.atomic():
            JourneySubmission.objects.create(journey=journey, stage=stage)
            locked = (
                Journey.objects.select_for_update(of=("self",))
                .select_related("hub", "client", "invited_for", "screening", "contact")
                .get(pk=journey.pk)
            )
            stored = stored_answers(locked)
            _ensure_recorded(locked, instruments, stored, auditor=auditor)
            if stage == "screening":
                _submit_screening(locked, stored, instruments, auditor=auditor)
            elif stage == "questionnaires":
                _submit_questionnaires(locked, stored, instruments, auditor=auditor)
            elif stage == "follow_up":
                _submit_follow_up(locked, stored, instruments, auditor=auditor)
            else:
                _submit_referral(locked, stored, instruments, auditor=auditor)
            _audit_journey(auditor, locked, AuditAction.RECORD_CHANGED, submitted=stage)
    except IntegrityError:
        if not JourneySubmission.objects.filter(journey=journey, stage=stage).exists():
            raise
        state.reload()
        return Submitted(stage, False, state.journey)
    state.reload()
    return Submitted(stage, True, state.journey)


# --- Emailed links ------------------------------------------------------------------


def _revoke_unused(**filters) -> None:
    AccessLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True, **filters).update(
        revoked_at=timezone.now()
    )


def resume_link_request(journey: Journey, email: str, *, auditor: Auditor) -> AccessLink:
    """Email a link that reopens this journey (answers kept; lands on the next page)."""
    with transaction.atomic():
        journey.email = email
        journey.email_lookup = email_lookup(email)
        journey.save(update_fields=["email", "email_lookup", "updated_at"])
        _revoke_unused(journey=journey, purpose=LinkPurpose.RESUME)
        link = links.link_create(
            LinkPurpose.RESUME,
            journey.hub,
            journey=journey,
            email=email,
            email_lookup=journey.email_lookup,
        )
        _audit_journey(auditor, journey, AuditAction.RECORD_CHANGED, resume_link=link.pk)
        send_link_email.enqueue(link.pk)
    return link


def email_link_request(hub: Hub, purpose: LinkPurpose, email: str, *, auditor: Auditor) -> None:
    """A link asked for by email address alone (saved answers, or a returning client).

    The same rows are written and the same task queued whether or not the address is
    known; the task decides what to send. So neither the page nor its timing can tell
    anyone whether an address is known (issue 4, item 10).
    """
    with transaction.atomic():
        link = links.link_create(purpose, hub, email=email, email_lookup=email_lookup(email))
        auditor.record(
            AuditAction.RECORD_CREATED, obj=link, hub=hub.pk, detail={"purpose": str(purpose)}
        )
        send_link_email.enqueue(link.pk)


def questionnaire_invitation_send(
    referral: Referral, *, auditor: Auditor
) -> QuestionnaireInvitation:
    """A single-use, expiring link to the hub's screening questionnaires for a
    referral-first client (only the link's hash is stored).

    Call it when staff accept the referral. A SUBMITTED referral moves to
    AWAITING_QUESTIONNAIRES here; one already AWAITING_QUESTIONNAIRES gets a fresh link
    (earlier unused links stop working). Completing the questionnaires creates a
    PRE_ASSESSMENT screening and moves the referral to ACCEPTED.

    A client who agreed to email is emailed the link by the task worker. Anyone else
    must be phoned: the link is returned, not sent, for staff to give on that call.
    Raises `TransitionNotAllowed` from any other status.
    """
    client = referral.client
    emailed = may_email(client)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status == ReferralStatus.SUBMITTED:
            referral_transition(
                locked,
                ReferralStatus.AWAITING_QUESTIONNAIRES,
                auditor=auditor,
                reason="Accepted; questionnaires sent."
                if emailed
                else "Accepted; questionnaires link to be given by phone (no email consent).",
            )
        elif locked.status != ReferralStatus.AWAITING_QUESTIONNAIRES:
            raise TransitionNotAllowed(
                "Questionnaires cannot be sent for a referral that is "
                f"'{locked.get_status_display()}'."
            )
        referral.status = locked.status
        _revoke_unused(referral=referral, purpose=LinkPurpose.QUESTIONNAIRES)
        link = links.link_create(
            LinkPurpose.QUESTIONNAIRES,
            referral.hub,
            referral=referral,
            client=client,
            email_lookup=client.email_lookup,
        )
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=link,
            hub=referral.hub_id,
            subject_ref=client_subject(client),
            detail={
                "purpose": "questionnaires",
                "referral": referral.pk,
                "by": "email" if emailed else "phone",
            },
        )
        if emailed:
            send_link_email.enqueue(link.pk)
    return QuestionnaireInvitation(link, emailed)


def _follow_up_open(link: AccessLink, *, auditor: Auditor) -> tuple[Journey, str] | None:
    """The follow-up journey of the invitation: the one already begun from an earlier
    email of it, or a new one. None once the invitation is answered or has ended."""
    contact = link.contact
    if contact is None or not contact.is_open:
        return None
    existing = (
        Journey.objects.filter(contact=contact, status=JourneyStatus.IN_PROGRESS)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing, journey_reopen(existing, auditor=auditor, how="follow_up")
    return journey_start(
        link.hub, JourneyKind.FOLLOW_UP, auditor=auditor, client=contact.client, contact=contact
    )


def follow_up_link_create(contact) -> AccessLink:
    """A new single-use link to the contact's questionnaires, for one email (the
    invitation, or a reminder); it works until the wave's window closes. Earlier emails'
    links keep working until the answers are sent: each opens the same journey."""
    link, _token = links.single_use.link_issue(
        AccessLink,
        LinkPurpose.FOLLOW_UP,
        max(contact.expires_at - timezone.now(), timedelta(days=1)),
        hub_id=contact.hub_id,
        client_id=contact.client_id,
        contact=contact,
    )
    return link


def link_open(link: AccessLink, *, auditor: Auditor) -> tuple[Journey, str] | None:
    """Use a single-use link: the journey it opens and a new cookie secret, or None if the
    link was used (or expired) meanwhile."""
    with transaction.atomic():
        if not links.link_use(link):
            return None
        if link.purpose in (LinkPurpose.RESUME, LinkPurpose.FIND_SAVED):
            if link.journey is None:
                return None
            journey = link.journey
            return journey, journey_reopen(journey, auditor=auditor, how=str(link.purpose))
        if link.purpose == LinkPurpose.RETURNING:
            if link.client is None:
                return None
            return journey_start(
                link.hub, JourneyKind.RETURNING, auditor=auditor, client=link.client
            )
        if link.purpose == LinkPurpose.FOLLOW_UP:
            return _follow_up_open(link, auditor=auditor)
        referral = link.referral
        existing = (
            Journey.objects.filter(
                invited_for=referral,
                kind=JourneyKind.QUESTIONNAIRES,
                status=JourneyStatus.IN_PROGRESS,
            )
            .order_by("-created_at")
            .first()
        )
        if existing is not None:
            return existing, journey_reopen(existing, auditor=auditor, how="questionnaires")
        return journey_start(
            link.hub,
            JourneyKind.QUESTIONNAIRES,
            auditor=auditor,
            client=referral.client,
            invited_for=referral,
        )
