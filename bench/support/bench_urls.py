"""The product's URLs plus two reference views for the page-POST benchmark.

- /bench/bare-insert/: one encrypted row, nothing else: the ceiling the framework and
  server reach on this machine (quality.md P1 "bare one-row-insert view"); the journey's
  page POST is reported as a share of it.
- /bench/generic-form/: what a hub would get from a generic form tool (a CMS form page):
  a plain Django form with the PHQ-9 page's fields, CSRF-checked and validated, stored
  as one JSON row with its time, then a redirect. The journey should beat it.
"""

import json

from django import forms
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from resiliencehub.core import crypto
from resiliencehub.core.decorators import public
from resiliencehub.instruments import get_instrument
from resiliencehub.intake.pages import item_field

_created = False


def _ensure_table() -> None:
    global _created
    if not _created:
        key = "INTEGER PRIMARY KEY" if connection.vendor == "sqlite" else "SERIAL PRIMARY KEY"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS bench_row (id {key}, payload TEXT)")
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS bench_form_submission "
                f"(id {key}, form_data TEXT, submit_time TEXT)"
            )
        _created = True


def _phq9_form_class() -> type[forms.Form]:
    """A form with the journey's PHQ-9 field names, each a required choice of its options."""
    fields = {
        item_field(item): forms.ChoiceField(
            choices=[(str(option.value), option.label) for option in item.options]
        )
        for item in get_instrument("PHQ-9").items
        if item.options
    }
    return type("GenericPHQ9Form", (forms.Form,), fields)


GenericPHQ9Form = _phq9_form_class()


@public
def generic_form(request):
    _ensure_table()
    form = GenericPHQ9Form(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_json(), status=400)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_form_submission (form_data, submit_time) VALUES (%s, %s)",
            [json.dumps(form.cleaned_data), timezone.now().isoformat()],
        )
    return HttpResponseRedirect("/bench/generic-form/thanks/")


@public
@csrf_exempt
def bare_insert(request):
    _ensure_table()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (payload) VALUES (%s)",
            [crypto.encrypt(request.POST.get("value", ""))],
        )
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare-insert/", bare_insert, name="bench_bare_insert"),
    path("bench/generic-form/", generic_form, name="bench_generic_form"),
    path("", include("resiliencehub.config.urls")),
]
