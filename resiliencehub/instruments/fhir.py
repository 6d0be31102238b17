"""FHIR R4 exchange: Questionnaire, QuestionnaireResponse and Observation resources.

Every resource is built as plain data and validated by constructing the matching
``fhir.resources.R4B`` model (R4B shares R4's shape for these three resources; the
default ``fhir.resources`` models are R5). Functions return JSON-ready dicts.

Codes: LOINC where a code is published (instruments.md lists them: PHQ-9 44249-1 /
44261-6, GAD-7 69737-5 / 70274-6, AUDIT-C 72109-2 / 75626-2, AUDIT 75624-7 and item
codes); otherwise project code systems under :data:`BASE_URL`. Option scores travel in
the ``ordinalValue`` extension, so a reversed CORE-10 item carries its reversed score.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from fractions import Fraction

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from .errors import InvalidAnswerError, UnknownInstrumentError, UnknownItemError
from .model import LOINC, NOT_APPLICABLE, AnswerType, Instrument, Item, Option, slug
from .registry import DEFAULT_REGISTRY, Registry
from .scoring import Answer, Result, validate_answers

BASE_URL = "https://resiliencehub.example/fhir"
ANSWER_CODES = f"{BASE_URL}/CodeSystem/answers"
SCORE_CODES = f"{BASE_URL}/CodeSystem/scores"
ITEM_CODES = f"{BASE_URL}/CodeSystem/items"
BAND_CODES = f"{BASE_URL}/CodeSystem/bands"
DIAGNOSIS_CODES = f"{BASE_URL}/CodeSystem/diagnoses"
DEFINITION_CODES = f"{BASE_URL}/CodeSystem/definitions"
RISK_RULE_EXTENSION = f"{BASE_URL}/StructureDefinition/risk-rule"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
NOT_APPLICABLE_CODE = "not-applicable"

_FHIR_TYPES = {
    AnswerType.CHOICE: "choice",
    AnswerType.INTEGER: "integer",
    AnswerType.TEXT: "text",
    AnswerType.DATE: "date",
    AnswerType.BOOLEAN: "boolean",
}


def questionnaire_url(definition: Instrument) -> str:
    """The canonical URL of a definition's Questionnaire (without the version)."""
    return f"{BASE_URL}/Questionnaire/{slug(definition.id)}"


def questionnaire(definition: Instrument) -> dict:
    """The definition as a FHIR R4 ``Questionnaire``."""
    prefix = definition.link_prefix or slug(definition.id)
    items: list[dict] = []
    if definition.preamble:
        items.append(
            {"linkId": f"{prefix}.preamble", "type": "display", "text": definition.preamble}
        )
    for item in definition.items:
        if item.section:
            items.append(
                {"linkId": f"{item.link_id}.section", "type": "display", "text": item.section}
            )
        items.append(_questionnaire_item(item))
    resource = {
        "resourceType": "Questionnaire",
        "id": _resource_id(definition),
        "url": questionnaire_url(definition),
        "version": definition.version,
        "name": _computable_name(definition.id),
        "title": definition.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{definition.short_title}. Source: {definition.source}",
        "copyright": definition.licence,
        "item": items,
    }
    if definition.loinc:
        resource["code"] = [
            {"system": LOINC, "code": definition.loinc, "display": definition.title}
        ]
    return _validated(Questionnaire, resource)


def questionnaire_response(
    definition: Instrument,
    answers: Mapping[int, Answer],
    *,
    subject: str | None = None,
    authored: datetime.datetime | None = None,
    resource_id: str | None = None,
) -> dict:
    """Answers (keyed by item number) as a FHIR R4 ``QuestionnaireResponse``.

    The status is ``completed`` when every required item is answered, else
    ``in-progress``. ``subject`` is a reference such as ``"Patient/123"``.
    """
    values = validate_answers(definition, answers)
    required = [item.number for item in definition.items if not item.optional]
    resource: dict = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{questionnaire_url(definition)}|{definition.version}",
        "status": "completed" if all(n in values for n in required) else "in-progress",
        "item": [
            {
                "linkId": item.link_id,
                "text": item.text,
                "answer": _answers_of(item, values[item.number]),
            }
            for item in definition.items
            if item.number in values
        ],
    }
    if resource_id:
        resource["id"] = resource_id
    if subject:
        resource["subject"] = {"reference": subject}
    if authored:
        resource["authored"] = _date_time(authored)
    return _validated(QuestionnaireResponse, resource)


def definition_of(resource: Mapping, registry: Registry = DEFAULT_REGISTRY) -> Instrument:
    """The registered definition a ``QuestionnaireResponse`` answers (by canonical URL)."""
    canonical = str(resource.get("questionnaire") or "")
    url, _, version = canonical.partition("|")
    for definition in registry:
        if questionnaire_url(definition) == url:
            return registry.get(definition.id, version or None)
    raise UnknownInstrumentError(f"no registered definition has the questionnaire {canonical!r}")


def answers_from_questionnaire_response(
    resource: Mapping,
    definition: Instrument | None = None,
    *,
    link_ids: Mapping[str, int] | None = None,
    ignore_unknown: bool = False,
    registry: Registry = DEFAULT_REGISTRY,
) -> dict[int, Answer]:
    """Answers keyed by item number from a ``QuestionnaireResponse``.

    Items are matched by the definition's link ids, then by ``link_ids`` (a map from
    another system's link ids to item numbers), then by LOINC item code (so ``"/44250-9"``
    in an HL7 US Core response is PHQ-9 item 1). A coded answer is matched by code, then by
    display text. Answered items that match nothing raise ``UnknownItemError`` unless
    ``ignore_unknown`` (for responses that carry extra items such as a declared total).
    """
    _validated(QuestionnaireResponse, dict(resource))
    definition = definition or definition_of(resource, registry)
    by_loinc = {item.loinc: item for item in definition.items if item.loinc}
    answers: dict[int, Answer] = {}
    for entry in _flattened(resource.get("item", [])):
        given = entry.get("answer") or []
        if not given:
            continue
        link_id = entry["linkId"]
        item = (
            definition.item_by_link_id(link_id)
            or (
                definition.items_by_number.get(link_ids[link_id])
                if link_ids and link_id in link_ids
                else None
            )
            or by_loinc.get(link_id.lstrip("/"))
        )
        if item is None:
            if ignore_unknown:
                continue
            raise UnknownItemError(
                definition.id, link_id, f"{definition.id} has no item {link_id!r}"
            )
        decoded = [_decoded(definition, item, answer) for answer in given]
        if item.repeats:
            answers[item.number] = tuple(decoded)
        elif len(decoded) > 1:
            raise InvalidAnswerError(
                definition.id,
                item.number,
                f"{definition.id} item {item.display_label}: more than one answer",
            )
        else:
            answers[item.number] = decoded[0]
    return validate_answers(definition, answers)


def observations(
    result: Result,
    definition: Instrument | None = None,
    *,
    subject: str | None = None,
    effective: datetime.datetime | None = None,
    derived_from: str | None = None,
    registry: Registry = DEFAULT_REGISTRY,
) -> list[dict]:
    """A :class:`Result` as FHIR R4 ``Observation`` resources.

    One for the total (LOINC code where published; band as interpretation; exact
    prorated value, prorating, caseness and probable PTSD as components), one per
    subscale, one for a diagnosis, one for a band without a total (TAPS-1, FFT), and, for
    any definition with risk items, one risk flag (true or false) listing the items that
    met their rule. An incomplete result gives no total: only what could be computed.
    """
    definition = definition or registry.get(result.instrument, result.version)
    key = slug(definition.id)
    common: dict = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "method": {
            "coding": [
                {
                    "system": DEFINITION_CODES,
                    "code": f"{definition.id}|{definition.version}",
                    "display": f"{definition.title}, version {definition.version}",
                }
            ]
        },
    }
    if subject:
        common["subject"] = {"reference": subject}
    if effective:
        common["effectiveDateTime"] = _date_time(effective)
    if derived_from:
        common["derivedFrom"] = [{"reference": derived_from}]

    resources = []
    if result.total is not None:
        codings = []
        if definition.scoring.total_loinc:
            codings.append({"system": LOINC, "code": definition.scoring.total_loinc})
        codings.append(_score_code(f"{key}-total", f"{definition.id} total score"))
        total = {**common, "code": {"coding": codings}, "valueInteger": result.total}
        if result.band:
            total["interpretation"] = [_band_concept(result.band)]
        components = [
            {
                "code": {"coding": [_score_code("prorated", "Total prorated for missing items")]},
                "valueBoolean": result.prorated,
            }
        ]
        if isinstance(result.total_exact, Fraction):
            components.append(
                {
                    "code": {"coding": [_score_code("total-exact", "Exact prorated total")]},
                    "valueQuantity": {
                        "value": round(float(result.total_exact), 6),
                        "unit": "{score}",
                    },
                }
            )
        for name, value, text in (
            ("caseness", result.caseness, "At or above the caseness threshold"),
            ("probable", result.probable, "At or above the probable-diagnosis cut-off"),
        ):
            if value is not None:
                components.append(
                    {"code": {"coding": [_score_code(name, text)]}, "valueBoolean": value}
                )
        total["component"] = components
        resources.append(total)
    elif result.band:
        resources.append(
            {
                **common,
                "code": {
                    "coding": [_score_code(f"{key}-band", f"{definition.id} screening result")]
                },
                "valueCodeableConcept": _band_concept(result.band),
            }
        )
    for name, value in result.subscales.items():
        if value is not None:
            resources.append(
                {
                    **common,
                    "code": {
                        "coding": [
                            _score_code(
                                f"{key}-{slug(name)}", f"{definition.id} {name.replace('_', ' ')}"
                            )
                        ]
                    },
                    "valueInteger": value,
                }
            )
    if result.diagnosis is not None:
        resources.append(
            {
                **common,
                "code": {"coding": [_score_code(f"{key}-diagnosis", f"{definition.id} diagnosis")]},
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": DIAGNOSIS_CODES,
                            "code": slug(result.diagnosis),
                            "display": result.diagnosis,
                        }
                    ],
                    "text": result.diagnosis,
                },
            }
        )
    if any(item.risk_if for item in definition.items):
        risk = {
            **common,
            "code": {"coding": [_score_code(f"{key}-risk", f"{definition.id} risk item answered")]},
            "valueBoolean": result.risk,
        }
        if result.risk:
            risk["interpretation"] = [
                {
                    "coding": [
                        {"system": INTERPRETATION, "code": "AA", "display": "Critical abnormal"}
                    ]
                }
            ]
            risk["component"] = [
                {"code": {"coding": [_item_code(definition.item(n))]}, "valueBoolean": True}
                for n in result.risk_items
            ]
        resources.append(risk)
    return [_validated(Observation, resource) for resource in resources]


def _questionnaire_item(item: Item) -> dict:
    entry: dict = {
        "linkId": item.link_id,
        "prefix": item.display_label,
        "text": item.text,
        "type": _FHIR_TYPES[item.answer_type],
        "required": not item.optional,
    }
    if item.repeats:
        entry["repeats"] = True
    if item.loinc:
        entry["code"] = [{"system": LOINC, "code": item.loinc}]
    extensions = []
    if item.minimum is not None:
        extensions.append({"url": MIN_VALUE, "valueInteger": item.minimum})
    if item.maximum is not None:
        extensions.append({"url": MAX_VALUE, "valueInteger": item.maximum})
    if item.risk_if:
        extensions.append({"url": RISK_RULE_EXTENSION, "valueString": item.risk_if.describe()})
    if extensions:
        entry["extension"] = extensions
    if item.options:
        entry["answerOption"] = [_answer_option(item, option) for option in item.options]
        if item.not_applicable:
            entry["answerOption"].append({"valueCoding": _not_applicable_coding(item)})
    return entry


def _answer_option(item: Item, option: Option) -> dict:
    entry: dict = {"valueCoding": _option_coding(option)}
    if type(option.value) is int:
        entry["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": item.score_of(option.value)}]
    return entry


def _option_coding(option: Option) -> dict:
    system = LOINC if option.loinc else ANSWER_CODES
    return {"system": system, "code": option.code, "display": option.label}


def _not_applicable_coding(item: Item) -> dict:
    return {"system": ANSWER_CODES, "code": NOT_APPLICABLE_CODE, "display": item.not_applicable}


def _answers_of(item: Item, value: Answer) -> list[dict]:
    if value is NOT_APPLICABLE:
        return [{"valueCoding": _not_applicable_coding(item)}]
    if item.answer_type is AnswerType.CHOICE:
        chosen = value if item.repeats else (value,)
        return [{"valueCoding": _option_coding(item.option_for(each))} for each in chosen]
    if item.answer_type is AnswerType.INTEGER:
        return [{"valueInteger": value}]
    if item.answer_type is AnswerType.TEXT:
        return [{"valueString": value}]
    if item.answer_type is AnswerType.DATE:
        return [{"valueDate": value.isoformat()}]
    return [{"valueBoolean": value}]


def _decoded(definition: Instrument, item: Item, answer: Mapping) -> Answer:
    """One FHIR answer as this package's answer value for ``item``."""
    if "valueCoding" in answer or ("valueString" in answer and item.options):
        coding = answer.get("valueCoding") or {"display": answer["valueString"]}
        code, display = coding.get("code"), coding.get("display")
        if item.not_applicable and code == NOT_APPLICABLE_CODE:
            return NOT_APPLICABLE
        for option in item.options:
            if code is not None and code == option.code:
                return option.value
        for option in item.options:
            if _same_words(display, option.label) or (code and slug(code) == slug(option.label)):
                return option.value
        raise InvalidAnswerError(
            definition.id,
            item.number,
            f"{definition.id} item {item.display_label}: no option matches {coding!r}",
        )
    if "valueInteger" in answer:
        return answer["valueInteger"]
    if "valueDecimal" in answer or "valueQuantity" in answer:
        number = answer.get("valueDecimal", (answer.get("valueQuantity") or {}).get("value"))
        if number is not None and float(number).is_integer():
            return int(number)
        raise InvalidAnswerError(
            definition.id,
            item.number,
            f"{definition.id} item {item.display_label}: {number!r} is not whole",
        )
    if "valueString" in answer:
        return answer["valueString"]
    if "valueDate" in answer:
        return datetime.date.fromisoformat(str(answer["valueDate"]))
    if "valueBoolean" in answer:
        return answer["valueBoolean"]
    raise InvalidAnswerError(
        definition.id,
        item.number,
        f"{definition.id} item {item.display_label}: unsupported answer {answer!r}",
    )


def _same_words(display: object, label: str) -> bool:
    if not isinstance(display, str):
        return False

    def words(text: str) -> str:
        return " ".join(re.findall(r"[a-z0-9']+", text.casefold()))

    return words(display) == words(label)


def _flattened(items: list) -> Iterator[Mapping]:
    for entry in items:
        yield entry
        yield from _flattened(entry.get("item", []))
        for answer in entry.get("answer", []):
            yield from _flattened(answer.get("item", []))


def _date_time(value: datetime.datetime) -> str:
    # FHIR dateTime with a time must carry a time zone; a naive time is ambiguous.
    if value.tzinfo is None:
        raise ValueError(f"{value.isoformat()} has no time zone")
    return value.isoformat()


def _score_code(code: str, display: str) -> dict:
    return {"system": SCORE_CODES, "code": code, "display": display}


def _item_code(item: Item) -> dict:
    if item.loinc:
        return {"system": LOINC, "code": item.loinc, "display": item.text}
    return {"system": ITEM_CODES, "code": item.link_id, "display": item.text}


def _band_concept(band: str) -> dict:
    return {"coding": [{"system": BAND_CODES, "code": slug(band), "display": band}], "text": band}


def _resource_id(definition: Instrument) -> str:
    return f"{slug(definition.id)}-{definition.version}"[:64]


def _computable_name(instrument_id: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", instrument_id)
    return "".join(part[:1].upper() + part[1:] for part in parts if part)


def _validated(model: type, resource: dict) -> dict:
    """``resource`` after construction by its ``fhir.resources.R4B`` model (which raises
    ``pydantic.ValidationError`` when the shape is not valid FHIR R4)."""
    return model.model_validate(resource).model_dump(mode="json", exclude_none=True)
