"""Form fields render as NHS.UK components, keeping what was typed and linking errors."""

from django import forms
from django.template import engines


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name")
    nickname = forms.CharField(label="Nickname", required=False)
    colour = forms.ChoiceField(
        label="Favourite colour",
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
    )
    ways = forms.MultipleChoiceField(
        label="Ways to contact you",
        choices=[("email", "Email"), ("text", "Text message")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_a_multiple_choice_field_renders_as_checkboxes_not_radios():
    html = render('{{ field(form["ways"]) }}', form=ExampleForm())
    assert 'type="checkbox"' in html
    assert 'type="radio"' not in html


def test_optional_fields_say_so_and_required_ones_carry_no_asterisk():
    html = render('{{ field(form["nickname"]) }}{{ field(form["name"]) }}', form=ExampleForm())
    assert "Nickname (optional)" in html
    assert "*" not in html


def test_an_invalid_form_keeps_what_was_typed_and_links_each_error_to_its_field():
    form = ExampleForm(data={"name": "", "nickname": "Sam", "ways": ["text"]})
    assert not form.is_valid()
    html = render(
        '{{ error_summary(form) }}{{ field(form["nickname"]) }}{{ field(form["ways"]) }}'
        '{{ field(form["colour"]) }}',
        form=form,
    )
    assert 'value="Sam"' in html
    assert 'href="#id_name"' in html and 'href="#id_colour"' in html
    assert 'value="text" checked' in html
