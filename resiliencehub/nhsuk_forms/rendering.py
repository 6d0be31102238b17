"""Render Django form fields as NHS.UK design-system components.

Templates call `field(form["name"], ...)` and `error_summary(form)`; this module picks
the component from the widget, fills in the value the person typed, and links every
error message to its field, so a form that fails validation shows exactly what was
entered with the problem next to it.
"""

from django import forms
from jinja2 import Environment, pass_environment
from markupsafe import Markup

_MACROS = {
    "input": ("nhsuk/components/input/macro.jinja", "input"),
    "password": ("nhsuk/components/password-input/macro.jinja", "passwordInput"),
    "textarea": ("nhsuk/components/textarea/macro.jinja", "textarea"),
    "character_count": ("nhsuk/components/character-count/macro.jinja", "characterCount"),
    "radios": ("nhsuk/components/radios/macro.jinja", "radios"),
    "checkboxes": ("nhsuk/components/checkboxes/macro.jinja", "checkboxes"),
    "select": ("nhsuk/components/select/macro.jinja", "select"),
    "error_summary": ("nhsuk/components/error-summary/macro.jinja", "errorSummary"),
}

_INPUT_TYPES = {
    forms.EmailInput: "email",
    forms.NumberInput: "text",
    forms.URLInput: "url",
    forms.DateInput: "text",
    forms.TextInput: "text",
}


def macro(env: Environment, component: str):
    path, name = _MACROS[component]
    return getattr(env.get_template(path).module, name)


def field_id(bound_field: forms.BoundField) -> str:
    return bound_field.auto_id or bound_field.html_name


def component_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


def _label(text: str, as_heading: bool, size: str | None) -> dict:
    classes = f"nhsuk-label--{size}" if size else ("nhsuk-label--l" if as_heading else "")
    return {"text": text, "isPageHeading": as_heading, "classes": classes}


def _legend(text: str, as_heading: bool, size: str | None) -> dict:
    classes = (
        f"nhsuk-fieldset__legend--{size}"
        if size
        else ("nhsuk-fieldset__legend--l" if as_heading else "nhsuk-fieldset__legend--s")
    )
    return {"legend": {"text": text, "isPageHeading": as_heading, "classes": classes}}


def _label_text(bound_field: forms.BoundField, label: str | None) -> str:
    text = label if label is not None else str(bound_field.label)
    if not bound_field.field.required and "(optional)" not in text:
        text = f"{text} (optional)"
    return text


def _choice_items(bound_field: forms.BoundField, hints: dict | None) -> list[dict]:
    current = bound_field.value()
    selected = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    items = []
    for value, text in bound_field.field.choices:
        if value == "" and isinstance(bound_field.field.widget, forms.RadioSelect):
            continue
        item = {"value": value, "text": str(text), "checked": str(value) in selected}
        if hints and value in hints:
            item["hint"] = {"text": hints[value]}
        items.append(item)
    return items


@pass_environment
def field(
    env: Environment,
    bound_field: forms.BoundField,
    label: str | None = None,
    hint: str | None = None,
    as_heading: bool = False,
    size: str | None = None,
    item_hints: dict | None = None,
    caption: dict | None = None,
    **extra,
) -> Markup:
    """One form field as its NHS.UK component, with its typed value and any error.

    `caption` ({"text" or "html", "size"}) is shown in the heading, above its text."""
    component = component_for(bound_field.field.widget)
    hint_text = hint if hint is not None else (bound_field.help_text or None)
    error = bound_field.errors[0] if bound_field.errors else None
    text = _label_text(bound_field, label)
    params: dict = {"name": bound_field.html_name}
    if hint_text:
        params["hint"] = {"text": str(hint_text)}
    if error:
        params["errorMessage"] = {"text": str(error)}

    if component in ("radios", "checkboxes"):
        params["idPrefix"] = field_id(bound_field)
        params["fieldset"] = _legend(text, as_heading, size)
        if caption:
            params["fieldset"]["legend"]["caption"] = caption
        params["items"] = _choice_items(bound_field, item_hints)
    else:
        params["id"] = field_id(bound_field)
        params["label"] = _label(text, as_heading, size)
        if caption:
            params["label"]["caption"] = caption
        value = bound_field.value()
        if component == "select":
            params["items"] = [
                {"value": v, "text": str(t), "selected": str(v) == str(value)}
                for v, t in bound_field.field.choices
            ]
        elif component != "password" and value not in (None, ""):
            params["value"] = str(value)
        if component == "input":
            params["type"] = _INPUT_TYPES.get(type(bound_field.field.widget), "text")
            if isinstance(bound_field.field.widget, forms.NumberInput):
                params["inputmode"] = "numeric"
        autocomplete = bound_field.field.widget.attrs.get("autocomplete")
        if autocomplete:
            params["autocomplete"] = autocomplete
    limit = getattr(bound_field.field, "max_length", None)
    if component == "textarea" and limit:
        # The NHS.UK character count: without JavaScript its hint states the limit.
        component = "character_count"
        params["maxlength"] = limit
        params["textareaDescriptionText"] = f"You can enter up to {limit:,} characters"
    params.update(extra)
    # The macro's output is already escaped Markup (autoescape is on).
    return macro(env, component)(params)


def error_list(*forms_: forms.BaseForm) -> list[dict]:
    """Every error on the page as {text, href}, in field order, for the error summary."""
    errors = []
    for form in forms_:
        first_field = next(iter(form.fields), None)
        for message in form.non_field_errors():
            href = f"#{field_id(form[first_field])}" if first_field else "#maincontent"
            errors.append({"text": str(message), "href": href})
        for name in form.fields:
            bound = form[name]
            if bound.errors:
                errors.append({"text": str(bound.errors[0]), "href": f"#{field_id(bound)}"})
    return errors


@pass_environment
def error_summary(env: Environment, *forms_: forms.BaseForm) -> Markup:
    errors = error_list(*forms_)
    if not errors:
        return Markup("")
    return macro(env, "error_summary")({"titleText": "There is a problem", "errorList": errors})
