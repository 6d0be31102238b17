"""Markers a view carries to say who may reach it before the staff checks run."""

from django.contrib.auth.decorators import login_not_required

public = login_not_required
"""Open to anyone, signed in or not: the public site and the self-referral journey."""


def second_factor_not_required(view):
    """Reachable after the password step but before the second factor (the MFA pages)."""
    view.otp_required = False
    return view
