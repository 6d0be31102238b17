import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core.decorators import public, second_factor_not_required

from . import lockout, services
from .forms import SecurityCodeForm, SignInForm
from .middleware import with_next

CODE_MESSAGES = {
    services.CodeCheck.REJECTED: "That security code is not right, or has been used already. "
    "Check the time on your phone is correct, then enter the code now shown in your "
    "authenticator app.",
    services.CodeCheck.TOO_SOON: "Wait a few seconds before trying another security code, then "
    "enter the code now shown in your authenticator app.",
}


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@public
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_next_url(request))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.sign_in(request, form.user)
            target = (
                "accounts:verify" if services.has_confirmed_device(form.user) else "accounts:enrol"
            )
            return redirect(with_next(reverse(target), _next_url(request)))
        if form.cleaned_data.get("username") and form.cleaned_data.get("password"):
            services.record_failed_sign_in(request, form.cleaned_data["username"])
    return render(request, "accounts/sign_in.jinja", {"form": form, "next": _next_url(request)})


@second_factor_not_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not services.has_confirmed_device(request.user):
        return redirect("accounts:enrol")
    if paused := _codes_paused(request):
        return paused
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.verify_second_factor(request, form.cleaned_data["code"])
        if outcome is services.CodeCheck.ACCEPTED:
            return redirect(_next_url(request))
        form.add_error("code", CODE_MESSAGES[outcome])
    return render(
        request,
        "accounts/verify.jinja",
        {
            "form": form,
            "next": _next_url(request),
            "demo_code": _demo_code_for(request.user),
        },
    )


def _codes_paused(request):
    """The page saying when codes may be entered again, while too many were wrong."""
    until = services.code_entry_paused_until(request)
    if until is None:
        return None
    return render(request, "accounts/codes_paused.jinja", _wait_context(until), status=429)


def _demo_code_for(user) -> str | None:
    """The demo-only code, shown on the page only where the demo app is installed."""
    if "resiliencehub.nonprod" not in settings.INSTALLED_APPS:
        return None
    return settings.DEMO_MFA_CODE if services.has_demo_device(user) else None


@second_factor_not_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if services.has_confirmed_device(request.user):
        return redirect("accounts:verify")
    if paused := _codes_paused(request):
        return paused
    device = services.pending_enrolment_device(request.user)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.confirm_enrolment(request, device, form.cleaned_data["code"])
        if outcome is services.CodeCheck.ACCEPTED:
            return redirect(_next_url(request))
        form.add_error("code", CODE_MESSAGES[outcome])
    return render(
        request,
        "accounts/enrol.jinja",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": services.enrolment_qr_data_uri(device),
            "secret": services.enrolment_secret(device),
        },
    )


@public
@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        if request.user.is_authenticated:
            services.sign_out(request)
        return redirect("accounts:signed_out")
    if not request.user.is_authenticated:
        return redirect("accounts:sign_in")
    return render(request, "accounts/sign_out.jinja")


@public
def signed_out(request):
    return render(request, "accounts/signed_out.jinja")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when sign-in is refused: for a username or for the address.

    The page is the same whichever lock applies and whether or not the account exists.
    """
    username = (credentials or {}).get("username") or ""
    until = lockout.sign_in_locked_until(request, credentials) or (
        timezone.now() + settings.AXES_COOLOFF_TIME
    )
    Auditor.for_request(request).record(
        AuditAction.LOCKED_OUT, detail={"username": str(username)[:150]}
    )
    return render(request, "accounts/locked_out.jinja", _wait_context(until), status=429)


def _wait_context(until) -> dict:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return {"until": until, "minutes": minutes}


def admin_sign_in(request, extra_context=None):
    """The admin's own sign-in form is replaced by the staff sign-in with its second factor."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(_next_url(request) if request.GET.get("next") else "admin:index")
        raise PermissionDenied("System administration is for system administrators.")
    return redirect(
        with_next(reverse("accounts:sign_in"), request.GET.get("next", "/system-admin/"))
    )
