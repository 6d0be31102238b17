"""Forms of the public journey. Every message says what to do, in the NHS.UK style."""

import re

from django import forms

from resiliencehub.instruments import Item
from resiliencehub.instruments.model import AnswerType
from resiliencehub.records.answers import NA

from .pages import Page, item_field

PHONE_CHARS = re.compile(r"^[0-9 +()-]+$")


def _email_field(label: str = "Email address") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


def clean_phone(value: str) -> str:
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARS.match(value) or not 10 <= len(digits) <= 15:
        raise forms.ValidationError("Enter a phone number, like 07700 900 982 or +44 7700 900 982")
    return value


class EligibilityForm(forms.Form):
    answer = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["answer"].choices = question.options
        self.fields["answer"].label = question.title
        self.fields["answer"].error_messages["required"] = question.error
        self.fields["answer"].error_messages["invalid_choice"] = question.error


class ConsentForm(forms.Form):
    agree = forms.MultipleChoiceField(
        label="Your agreement",
        choices=[("yes", "I understand how my information will be used and I agree to it")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select that you understand how your information will be used, to continue"
        },
    )
    research = forms.MultipleChoiceField(
        label="Research",
        choices=[
            (
                "yes",
                "My answers may be used, without my name or contact details, in research to "
                "improve services",
            )
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follow_up = forms.MultipleChoiceField(
        label="Checking in later",
        choices=[
            (
                "yes",
                "If I give my email address, you may email me a few months from now to ask "
                "how I am and what support I have had",
            )
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def answers(self) -> dict:
        return {
            "agree": True,
            "research": bool(self.cleaned_data.get("research")),
            "follow_up": bool(self.cleaned_data.get("follow_up")),
        }


class NameForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    preferred_name = forms.CharField(
        label="What would you like us to call you?",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class EmailForm(forms.Form):
    email = _email_field()


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
        help_text="For international numbers include the country code.",
        error_messages={"required": "Enter your phone number"},
    )

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


class ContactPreferencesForm(forms.Form):
    ways = forms.MultipleChoiceField(
        label="How can we contact you?",
        choices=[
            ("email", "Email"),
            ("text", "Text message"),
            ("voicemail", "Leave a voicemail"),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that are safe for you. We will never contact you through your "
        "work, and we will not tell your employer you have been in touch. If you select "
        "none, we will only phone you and will not leave a message.",
    )
    notes = forms.CharField(
        label="Is there anything we should know about contacting you?",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, times to avoid.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="What would you like help with?",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In your own words. You can leave this blank and talk to us about it instead.",
    )


class ConfirmDetailsForm(forms.Form):
    """The returning client's details page has nothing to enter, only a button."""


class CallbackForm(forms.Form):
    phone = forms.CharField(
        label="Phone number for us to call you back",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
        help_text="Leave this blank if you would rather not.",
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        return clean_phone(value) if value.strip() else ""


class ContactPreferencesChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label="What would you like us to do?",
        choices=[
            ("pause-1", "Pause follow-up emails for 1 month"),
            ("pause-3", "Pause follow-up emails for 3 months"),
            ("pause-6", "Pause follow-up emails for 6 months"),
            ("stop-follow-up", "Stop follow-up emails (appointment reminders still come)"),
            ("stop-all", "Stop all emails from the hub"),
            ("resume", "Start follow-up emails again"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you would like us to do"},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        cleaned["today"] = self.today
        return cleaned


class ReferChoiceForm(forms.Form):
    refer = forms.ChoiceField(
        label="Would you like to refer yourself to the hub?",
        choices=[
            ("yes", "Yes, refer me: use the answers I have already given"),
            ("no", "No, not now"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you would like to refer yourself"},
    )


class EmailRequestForm(forms.Form):
    email = _email_field()


def _whole_number(item: Item) -> forms.IntegerField:
    """A count (visits, days off work): a text box for digits, as NHS.UK asks for numbers
    (inputmode numeric, no spin buttons), with the item's own bounds in the messages."""
    low, high = item.minimum, item.maximum
    example = "like 0 or 3" if (low or 0) <= 0 else f"like {low}"
    messages = {
        "required": f"Enter a number, {example}",
        "invalid": f"Enter a whole number, {example}",
    }
    if low is not None:
        messages["min_value"] = f"Enter {low} or more"
    if high is not None:
        messages["max_value"] = f"Enter {high} or less"
    return forms.IntegerField(
        label=item.text,
        min_value=low,
        max_value=high,
        required=not item.optional,
        # Rendered as a text box with inputmode numeric (nhsuk_forms.rendering).
        widget=forms.NumberInput(attrs={"autocomplete": "off"}),
        error_messages=messages,
    )


def _choice_error(item: Item, on_measure_page: bool) -> str:
    if on_measure_page:
        return f"Select an answer for question {item.display_label}"
    return "Select an answer"


def _the_one_alternative(page: Page) -> set[int]:
    """Items that must be answered because the page asks only one of a group of
    alternatives (the TAPS-1 alcohol question for the person's sex): the scoring needs
    exactly one, and the page never asks two (`pages.asked_page`)."""
    scoring = page.instrument.scoring if page.instrument else None
    on_page = {item.number for item in page.items}
    must = set()
    for group in scoring.alternatives if scoring else ():
        asked = on_page.intersection(group)
        if len(asked) == 1:
            must |= asked
    return must


class ItemsForm(forms.Form):
    """The items of one questionnaire page; answers come back in the library's types."""

    def __init__(self, page: Page, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        measure = page.kind == "measure"
        must_answer = _the_one_alternative(page)
        for item in page.items:
            name = item_field(item)
            if item.answer_type is AnswerType.TEXT:
                self.fields[name] = forms.CharField(
                    label=item.text,
                    max_length=500,
                    required=not item.optional,
                    error_messages={"required": "Enter an answer"},
                )
                continue
            if item.answer_type is AnswerType.INTEGER:
                self.fields[name] = _whole_number(item)
                continue
            choices = [(str(o.value), o.label) for o in item.options]
            if item.not_applicable:
                choices.append((NA, item.not_applicable))
            error = _choice_error(item, measure)
            if item.repeats:
                self.fields[name] = forms.MultipleChoiceField(
                    label=item.text,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=not item.optional,
                    error_messages={"required": "Select all that apply"},
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=item.text,
                    choices=choices,
                    widget=forms.RadioSelect,
                    required=not item.optional or item.number in must_answer,
                    error_messages={"required": error, "invalid_choice": error},
                )

    def _typed(self, item: Item, raw):
        if raw in (None, "", []):
            return None
        if item.answer_type is AnswerType.TEXT:
            return raw.strip() or None
        if item.answer_type is AnswerType.INTEGER:
            return int(raw)
        by_text = {str(o.value): o.value for o in item.options}
        if item.repeats:
            return [by_text[v] for v in raw]
        if raw == NA:
            return NA
        return by_text[raw]

    def clean(self):
        cleaned = super().clean()
        for item in self.page.items:
            raw = cleaned.get(item_field(item))
            if item.repeats and raw and len(raw) > 1:
                exclusive = [v for v in raw if v in ("no", "prefer-not-to-say")]
                if exclusive:
                    label = dict(self.fields[item_field(item)].choices)[exclusive[0]]
                    self.add_error(
                        item_field(item), f"Select “{label}” on its own, or only the other answers"
                    )
        return cleaned

    def answers(self) -> dict:
        """Answer key -> stored value for every item on the page (None = not answered)."""
        return {
            self.page.fields[item_field(item)]: self._typed(
                item, self.cleaned_data.get(item_field(item))
            )
            for item in self.page.items
        }


PAGE_FORMS = {
    "consent": ConsentForm,
    "contact-name": NameForm,
    "contact-email": EmailForm,
    "contact-phone": PhoneForm,
    "contact-preferences": ContactPreferencesForm,
    "reason": ReasonForm,
    "confirm-details": ConfirmDetailsForm,
}


def form_for(page: Page, data=None, stored: dict | None = None) -> forms.Form:
    stored = stored or {}
    initial = {}
    for name, key in page.fields.items():
        if key not in stored:
            continue
        value = stored[key]
        if isinstance(value, list):
            initial[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            initial[name] = ["yes"] if value else []
        else:
            initial[name] = str(value)
    if page.kind in ("item", "measure"):
        return ItemsForm(page, data=data, initial=initial)
    return PAGE_FORMS[page.kind](data=data, initial=initial)


def answers_from(page: Page, form: forms.Form) -> dict:
    """Answer key -> value to store for a valid form."""
    if isinstance(form, ItemsForm):
        return form.answers()
    if isinstance(form, ConsentForm):
        values = form.answers()
    else:
        values = {
            name: (value.strip() if isinstance(value, str) else value)
            for name, value in form.cleaned_data.items()
        }
    return {page.fields[name]: values.get(name) for name in page.fields}
