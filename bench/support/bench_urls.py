"""The product's URLs plus /bench/bare-insert/: one encrypted row, nothing else.

That view is the ceiling the framework and server reach on this machine (quality.md P1
"bare one-row-insert view"); the journey's page POST is reported as a share of it.
"""

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from resiliencehub.core import crypto
from resiliencehub.core.decorators import public

_created = False


def _ensure_table() -> None:
    global _created
    if not _created:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_row (id INTEGER PRIMARY KEY, payload TEXT)"
                if connection.vendor == "sqlite"
                else "CREATE TABLE IF NOT EXISTS bench_row (id SERIAL PRIMARY KEY, payload TEXT)"
            )
        _created = True


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
    path("", include("resiliencehub.config.urls")),
]
