"""Command line for researchers batch-scoring and for checking scores by hand.

    python -m resiliencehub.instruments list
    python -m resiliencehub.instruments questionnaire PHQ-9
    python -m resiliencehub.instruments score PHQ-9 --answers 1,2,3,0,1,2,0,1,0
    python -m resiliencehub.instruments outcome --phq9 15,8 --gad7 12,6

Answers are comma-separated in printed item order: ``-`` for a missing item, ``na`` for
"not applicable" (WSAS item 1). AUDIT answers are item scores (items 9 and 10 take 0, 2
or 4); CORE-10 answers are option positions 0-4 as printed (the scorer reverses items 2
and 3); ITQ order is P1-P6, P7-P9, C1-C6, C7-C9. Trailing optional items (the PHQ-9
difficulty item) may be left off. Output is one JSON object (``score``, ``outcome``) or
a FHIR JSON resource (``questionnaire``). Bad input exits with status 2 and a message on
stderr naming the item.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .errors import InstrumentError
from .model import NOT_APPLICABLE, AnswerType, Instrument, Item
from .outcomes import talking_therapies_outcome
from .registry import DEFAULT_REGISTRY, get_instrument
from .scoring import score

USAGE_ERROR = 2
"""Exit status for bad input, as argparse uses for bad arguments."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    arguments = parser.parse_args(_values_attached(sys.argv[1:] if argv is None else argv))
    try:
        output = arguments.run(arguments)
    except InstrumentError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(output)
    return 0


_VALUE_OPTIONS = ("--answers", "--phq9", "--gad7")


def _values_attached(argv: Sequence[str]) -> list[str]:
    """``--answers -,-,1`` as ``--answers=-,-,1``.

    argparse takes a value starting with "-" for an option, and answer lists often start
    with a missing item.
    """
    attached: list[str] = []
    remaining = iter(argv)
    for argument in remaining:
        value = next(remaining, None) if argument in _VALUE_OPTIONS else None
        attached.append(argument if value is None else f"{argument}={value}")
    return attached


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m resiliencehub.instruments",
        description="Score questionnaires and export them as FHIR R4.",
    )
    commands = parser.add_subparsers(required=True, metavar="command")

    listing = commands.add_parser("list", help="list the definitions")
    listing.set_defaults(run=_list)

    export = commands.add_parser("questionnaire", help="print a definition as a FHIR Questionnaire")
    export.add_argument("instrument")
    export.add_argument("--version")
    export.set_defaults(run=_questionnaire)

    scoring = commands.add_parser("score", help="score one administration")
    scoring.add_argument("instrument")
    scoring.add_argument("--answers", required=True, help="comma-separated, in item order")
    scoring.add_argument("--version")
    scoring.set_defaults(run=_score)

    outcome = commands.add_parser("outcome", help="NHS Talking Therapies outcome of two totals")
    outcome.add_argument("--phq9", required=True, metavar="FIRST,LAST")
    outcome.add_argument("--gad7", required=True, metavar="FIRST,LAST")
    outcome.set_defaults(run=_outcome)
    return parser


def _list(arguments: argparse.Namespace) -> str:
    rows = [
        f"{definition.id}\t{definition.version}\t{definition.kind}\t{definition.title}"
        for definition in DEFAULT_REGISTRY
    ]
    return "\n".join(rows)


def _questionnaire(arguments: argparse.Namespace) -> str:
    # import here: the FHIR models are slow to import and scoring does not need them.
    from . import fhir

    definition = get_instrument(arguments.instrument, arguments.version)
    return json.dumps(fhir.questionnaire(definition), indent=2, ensure_ascii=False)


def _score(arguments: argparse.Namespace) -> str:
    definition = get_instrument(arguments.instrument, arguments.version)
    answers = parse_answers(definition, arguments.answers)
    return json.dumps(score(definition, answers).as_json())


def _outcome(arguments: argparse.Namespace) -> str:
    phq9 = _pair("--phq9", arguments.phq9, get_instrument("PHQ-9"))
    gad7 = _pair("--gad7", arguments.gad7, get_instrument("GAD-7"))
    return json.dumps(talking_therapies_outcome(*phq9, *gad7).as_json())


def parse_answers(definition: Instrument, text: str) -> dict[int, object]:
    """Answers keyed by item number from the command line's comma-separated form."""
    tokens = [token.strip() for token in text.split(",")]
    least = max(
        (index + 1 for index, item in enumerate(definition.items) if not item.optional),
        default=0,
    )
    if not least <= len(tokens) <= len(definition.items):
        expected = (
            str(least) if least == len(definition.items) else f"{least} to {len(definition.items)}"
        )
        raise InstrumentError(
            f"{definition.id} takes {expected} answers in item order; got {len(tokens)}"
        )
    values = []
    for item, token in zip(definition.items, tokens, strict=False):
        if token in ("-", ""):
            values.append(None)
        elif token.casefold() == "na":
            values.append(NOT_APPLICABLE)
        elif item.answer_type is AnswerType.INTEGER or item.numeric_options:
            values.append(_whole_number(definition, item, token))
        elif item.answer_type is AnswerType.BOOLEAN:
            values.append({"true": True, "false": False}.get(token.casefold(), token))
        else:
            values.append(token)
    return definition.answers_in_order(values)


def _whole_number(definition: Instrument, item: Item, token: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise InstrumentError(
            f"{definition.id} item {item.display_label}: {token!r} is not a whole number"
        ) from None


def _pair(option: str, text: str, definition: Instrument) -> tuple[int, int]:
    """FIRST,LAST totals of ``definition``, each checked against its range."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2:
        raise InstrumentError(f"{option} takes FIRST,LAST; got {text!r}")
    totals = []
    for name, part in zip(("FIRST", "LAST"), parts, strict=True):
        if not part.isdigit() or int(part) > definition.max_total:
            raise InstrumentError(
                f"{option} {name}: {part!r} is not a {definition.id} total "
                f"(0-{definition.max_total})"
            )
        totals.append(int(part))
    return totals[0], totals[1]
