"""Recording a measure response on the shared record: scored and stored as given, with a
risk answer raising its duty alert in the same transaction (HAZ-001, HAZ-004), whichever
journey recorded it (a screening, a referral, a session measure, a client's measure link)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.fields import seal_json
from resiliencehub.instruments import Instrument, get_instrument, score

from . import answers as stored_answers
from .alerts import risk_alert_raise
from .models import Client, MeasureResponse, Referral, ResponseSource, Screening


@dataclass(frozen=True)
class RecordedResponse:
    response: MeasureResponse
    alert: object | None


def _risk_reason(definition: Instrument, answers: dict, risk_items) -> str:
    parts = []
    for number in risk_items:
        item = definition.item(number)
        option = item.option_for(answers.get(number))
        given = option.label if option else str(answers.get(number))
        parts.append(f"{definition.id} item {item.display_label} “{item.text}”: {given}")
    return "; ".join(parts)


@dataclass(frozen=True)
class ScoredMeasure:
    """One administration scored and sealed, ready to store: everything
    `measure_response_store` writes that can be worked out before a write transaction
    (scoring, the snapshot, the answers encrypted, the alert's reason)."""

    definition: Instrument
    answers: dict
    result: object
    snapshot: dict
    answers_json: dict
    """The answers as they are stored (`records.answers.to_json`)."""
    sealed_answers: str
    risk_reason: str

    @property
    def risk(self) -> bool:
        return bool(self.result.risk)


def measure_response_score(instrument: str | Instrument, answers: dict) -> ScoredMeasure:
    """Score one administration (no database). Raises the instruments library's
    AnswerError (naming the item) for impossible answers."""
    definition = instrument if isinstance(instrument, Instrument) else get_instrument(instrument)
    result = score(definition, answers)
    snapshot = result.as_json() | {
        "incomplete_reason": result.incomplete_reason,
        "missing_items": list(result.missing_items),
        "criteria_met": result.criteria_met,
    }
    answers_json = stored_answers.to_json(answers)
    return ScoredMeasure(
        definition,
        answers,
        result,
        snapshot,
        answers_json,
        seal_json(answers_json),
        _risk_reason(definition, answers, result.risk_items) if result.risk else "",
    )


def measure_response_store(
    hub,
    scored: ScoredMeasure,
    *,
    auditor: Auditor,
    source: ResponseSource,
    client: Client | None = None,
    screening: Screening | None = None,
    referral: Referral | None = None,
    completed_at=None,
    callback_phone: str = "",
    raise_alert: bool = True,
    audit_detail: dict | None = None,
) -> RecordedResponse:
    """Store a scored administration; a risk answer raises a duty alert in the same
    transaction (hazards HAZ-001, HAZ-004).

    `raise_alert=False` is only for re-recording answers whose risk items already raised
    an alert in this journey (the person changed another answer): the duty queue gets
    one alert per risk answer, not one per save (HAZ-024). `audit_detail` is added to
    the response's audit event (the journey page that recorded it).

    Inside a caller's transaction it takes no savepoint: the response, its audit event
    and its alert are written with the caller's change or not at all.
    """
    definition, result = scored.definition, scored.result
    with transaction.atomic(savepoint=False):
        response = MeasureResponse.objects.create(
            hub=hub,
            client=client,
            screening=screening,
            instrument_id=definition.id,
            instrument_version=definition.version,
            answers=scored.sealed_answers,
            total=result.total,
            total_exact="" if result.total_exact is None else str(result.total_exact),
            band=result.band or "",
            complete=result.complete,
            prorated=result.prorated,
            caseness=result.caseness,
            risk=result.risk,
            risk_items=list(result.risk_items),
            scores=scored.snapshot,
            completed_at=completed_at or timezone.now(),
            source=source,
            entered_by=auditor.actor,
        )
        # The instance holds the answers, not their sealed form, for its callers.
        response.answers = scored.answers_json
        auditor.record(
            AuditAction.RECORD_CREATED,
            obj=response,
            hub=hub,
            subject_ref=client_subject(client),
            detail={
                "instrument": definition.id,
                "version": definition.version,
                **(audit_detail or {}),
            },
        )
        alert = None
        if result.risk and raise_alert:
            alert = risk_alert_raise(
                hub,
                reason=scored.risk_reason,
                auditor=auditor,
                client=client,
                referral=referral,
                screening=screening,
                response=response,
                callback_phone=callback_phone,
            )
    return RecordedResponse(response, alert)


def measure_response_record(
    hub, instrument: str | Instrument, answers: dict, **store
) -> RecordedResponse:
    """Score and store one administration (`measure_response_score`, then
    `measure_response_store` with the keyword arguments `store`)."""
    return measure_response_store(hub, measure_response_score(instrument, answers), **store)
