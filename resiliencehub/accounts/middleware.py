"""Staff sign-in rules applied to every request (quality.md S8).

- Every view is for signed-in staff unless marked `@public`.
- A signed-in person must also pass the second factor before any staff page.
- A staff session ends after 30 idle minutes (SESSION_COOKIE_AGE, sliding) and 12 hours
  after sign-in however active it is (STAFF_ABSOLUTE_SESSION_SECONDS).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor

from .services import SIGNED_IN_AT, has_confirmed_device


def with_next(url: str, next_path: str) -> str:
    return f"{url}?{urlencode({'next': next_path})}"


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None or time.time() - started > settings.STAFF_ABSOLUTE_SESSION_SECONDS:
                Auditor.for_request(request).record(
                    AuditAction.SESSION_EXPIRED, detail={"reason": "absolute time limit"}
                )
                logout(request)
                messages.info(
                    request,
                    "You have been signed out because you signed in 12 hours ago. "
                    "Sign in again to continue.",
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class StaffAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "login_required", True) is False:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(view_func, "otp_required", True) and not user.is_verified():
            target = "accounts:verify" if has_confirmed_device(user) else "accounts:enrol"
            return redirect(with_next(reverse(target), request.get_full_path()))
        return None
