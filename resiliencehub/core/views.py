from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from .decorators import public


@public
def privacy(request):
    return render(request, "core/privacy.jinja")


@public
def accessibility(request):
    return render(request, "core/accessibility.jinja")


@public
@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error_page(request, status: int, template: str):
    response = render(request, template, status=status)
    return response


@public
def bad_request(request, exception=None):
    return _error_page(request, 400, "errors/400.jinja")


@public
def permission_denied(request, exception=None):
    return _error_page(request, 403, "errors/403.jinja")


@public
def page_not_found(request, exception=None):
    return _error_page(request, 404, "errors/404.jinja")


@public
def server_error(request):
    # Rendered without the request's data: nothing about the failed request is echoed.
    try:
        return render(request, "errors/500.jinja", status=500)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return HttpResponse("Sorry, there is a problem with the service.", status=500)


# Pages that, when their security token fails, show the form again holding what was
# typed instead of a dead end, so a person's answers are never thrown away (HAZ-028).
TOKEN_FAILURE_PAGES = {"intake:question": "resiliencehub.intake.views.question"}


@public
def csrf_failure(request, reason=""):
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in TOKEN_FAILURE_PAGES:
        request.csrf_failed = True
        return import_string(TOKEN_FAILURE_PAGES[match.view_name])(request, **match.kwargs)
    return render(request, "errors/csrf.jinja", status=403)
