"""A form whose every error message is written in the NHS.UK style.

Django's default messages ("This field is required.", "Ensure this value has at most 200
characters (it has 100000).", "Select a valid choice. X is not one of the available
choices.") are unclear, and the last one repeats what was typed back onto the page. A
`Form` fills in a plain message for every way each of its fields can fail that the
field does not already word itself, so no default ever reaches a page; messages never
include the value that was sent. Free text always has a limit (`DEFAULT_TEXT_LIMIT`
unless a field sets one), which the page shows as the NHS.UK character count.
"""

from django import forms
from django.core.validators import MaxLengthValidator

DEFAULT_TEXT_LIMIT = 4000
"""The longest free text a field without its own limit accepts."""


def _subject(field: forms.Field) -> str:
    """How a message names the field: its label, or "Your answer" for a question."""
    label = str(field.label or "").strip()
    if not label or label.endswith("?"):
        return "Your answer"
    return label


def _limit(number: int) -> str:
    return f"{number:,}"


def _choice_messages(field: forms.ChoiceField) -> dict:
    # A form's own "required" message says what to select; Django's is a lazy string.
    required = field.error_messages.get("required")
    chosen = required if isinstance(required, str) else "Select one of the options shown"
    messages = {"required": chosen, "invalid_choice": chosen}
    if isinstance(field, forms.MultipleChoiceField):
        messages["invalid_list"] = chosen
    return messages


def nhs_error_messages(field: forms.Field) -> dict:
    """The NHS.UK-style message for each error `field` can raise."""
    subject = _subject(field)
    if isinstance(field, forms.ChoiceField):
        return _choice_messages(field)
    messages = {
        "required": "Enter your answer"
        if subject == "Your answer"
        else f"Enter {subject[0].lower()}{subject[1:]}",
        "null_characters_not_allowed": f"{subject} must not contain hidden characters: "
        "retype it rather than pasting it",
    }
    if isinstance(field, forms.CharField):
        if field.max_length is not None:
            messages["max_length"] = (
                f"{subject} must be {_limit(field.max_length)} characters or fewer"
            )
        if field.min_length is not None:
            messages["min_length"] = (
                f"{subject} must be {_limit(field.min_length)} characters or more"
            )
    if isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{subject} must be a whole number, like 45"
        if field.min_value is not None:
            messages["min_value"] = f"{subject} must be {field.min_value} or more"
        if field.max_value is not None:
            messages["max_value"] = f"{subject} must be {field.max_value} or less"
    if isinstance(field, forms.DateTimeField):
        messages["invalid"] = "Enter a real date and time, for example 21/11/2026 14:30"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = "Enter a real date, for example 21/11/2026"
    return messages


def _defaults_of(field: forms.Field) -> dict:
    """Django's own messages for the field's class, to tell them from a form's own."""
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def apply_nhs_error_messages(field: forms.Field) -> None:
    """Give `field` a limit on free text and an NHS.UK-style message for every error
    whose message is still Django's default (a form's own wording is kept)."""
    if isinstance(field, forms.CharField) and field.max_length is None:
        field.max_length = DEFAULT_TEXT_LIMIT
        field.validators.append(MaxLengthValidator(DEFAULT_TEXT_LIMIT))
    defaults = _defaults_of(field)
    for code, message in nhs_error_messages(field).items():
        current = field.error_messages.get(code)
        if current is None or current == defaults.get(code):
            field.error_messages[code] = message


class Form(forms.Form):
    """A form whose fields never show Django's default messages (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            apply_nhs_error_messages(field)
