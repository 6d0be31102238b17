"""The staff record-page kit: what every clinical staff page does the same way: find the hub
for a member with the right role, audit each read of a client's record in the same
transaction as the page, paginate lists, redirect after a write the state machine may
refuse, and send a conflicted user to break glass."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor, client_subject
from resiliencehub.core.paging import keyset_page
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub.access import hub_for_member, roles_in

from .alerts import OpenRiskAlerts, open_alerts_about
from .presenters import client_name, open_alert_rows
from .rules import RestrictedRecord, may_read_alert

PAGE_SIZE = 50
OPEN_ALERTS_TAG = "open-alerts"
"""Tags a refusal because of open risk alerts: shown as an error linking to each one."""


def staff_hub(request, slug, allowed):
    """(hub, roles held) for a member holding one of `allowed`; 404 outsiders, 403 others."""
    hub = hub_for_member(request.user, slug, allowed)
    return hub, roles_in(request.user, hub)


def posted(request):
    """The POST data to bind a form to, or None on GET (an empty POST still binds)."""
    return request.POST if request.method == "POST" else None


def auditor(request) -> Auditor:
    return Auditor.for_request(request)


def paginate(request, queryset, size: int = PAGE_SIZE):
    """One page of a long staff list, by keyset (`core.paging`): a deep page costs what
    the first does."""
    return keyset_page(queryset, request.GET, size)


def record_page(request, template: str, context: dict, *, hub, obj, client, detail=None):
    """Render a page about one client's record (`obj`), naming the client, and write
    exactly one read event: the page is shown only once that row is written, so if it
    cannot be, nothing is shown (quality.md S4). The page is rendered first and the
    transaction holds only the audit row (ADR 0036): on SQLite a transaction holds the
    database's one write lock, and a read page must not keep the public's writes waiting.

    `client` is None for a record about someone who never gave their name (a risk alert
    from an anonymous self-assessment): the page says so, and the read is still audited
    against the record itself."""
    response = render(
        request,
        template,
        {
            "hub": hub,
            "name": client_name(client),
            "open_alerts": open_alerts_banner(request, hub, client, obj),
            **context,
        },
    )
    with transaction.atomic():
        auditor(request).record(
            AuditAction.RECORD_VIEWED,
            obj=obj,
            hub=hub,
            subject_ref=client_subject(client),
            detail=detail or {},
        )
    return response


def open_alerts_banner(request, hub, client, obj) -> list:
    """The client's alerts not yet closed, for the banner on every page about them (not
    the alert the page itself is about), linked for someone who may open them."""
    alerts = [a for a in open_alerts_about(hub, client) if a != obj]
    if not alerts:
        return []
    may_open = may_read_alert(request.user, hub, roles_in(request.user, hub), client)
    return open_alert_rows(hub, alerts, may_open=may_open)


def subject_page(request, template: str, hub, key: str, subject, **context):
    """`record_page` for a record about one person (an alert, a referral, an episode),
    passed to the template as `key`; an anonymous alert has no client."""
    return record_page(
        request, template, {key: subject, **context}, hub=hub, obj=subject, client=subject.client
    )


def list_page(request, template: str, context: dict, *, hub, name: str, client_ids):
    """Render a list naming clients, with one read event listing who was shown (the
    list is shown only once the event is written; rendered first, as `record_page`)."""
    response = render(request, template, {"hub": hub, **context})
    with transaction.atomic():
        auditor(request).record(
            AuditAction.RECORD_VIEWED,
            object_type=name,
            hub=hub,
            detail={"clients": sorted({c for c in client_ids if c})},
        )
    return response


def refused(request, message: str, to: str, **kwargs):
    """An action the state machine does not allow: back to the page, saying why."""
    messages.error(request, message)
    return redirect(to, **kwargs)


def write_and_redirect(
    request,
    write: Callable[[], object],
    *,
    success: str | Callable[[object], str],
    back: str,
    to: str | Callable[[object], str] | None = None,
    form_page: bool = False,
):
    """Run one service write that the state machine may refuse, then redirect.

    Done: flash `success` and go `to` (by default `back`). Refused: go `back`, to the page
    the action was taken from, saying why. `success` and `to` may be functions of what
    the write returned, for a message or a page that only exists after it.

    Refused because the client has open risk alerts, the message links to them (it is
    tagged OPEN_ALERTS_TAG); with `form_page` nothing is returned, so that the caller
    shows its form again with what was typed and the message above it."""
    try:
        result = write()
    except OpenRiskAlerts as refusal:
        messages.error(request, str(refusal), extra_tags=OPEN_ALERTS_TAG)
        return None if form_page else redirect(back)
    except TransitionNotAllowed as refusal:
        return refused(request, str(refusal), back)
    messages.success(request, success(result) if callable(success) else success)
    if to is None:
        return redirect(back)
    return redirect(to(result) if callable(to) else to)


def form_page(
    request,
    form,
    write: Callable[[dict], object],
    page: Callable[[], object],
    *,
    success: str | Callable[[object], str],
    back: str,
    to: str | Callable[[object], str] | None = None,
    again_on_open_alerts: bool = False,
):
    """A staff form page: on a POST whose `form` is valid, `write(form.cleaned_data)` runs
    through `write_and_redirect` (flash `success`, go `to`, or `back` saying why it was
    refused); otherwise `page()` renders the page with the form and its errors.

    With `again_on_open_alerts`, a write refused because of open risk alerts shows the
    form again as typed, with the message linking to the alerts (`form_page` of
    `write_and_redirect`)."""
    if request.method == "POST" and form.is_valid():
        done = write_and_redirect(
            request,
            lambda: write(form.cleaned_data),
            success=success,
            back=back,
            to=to,
            form_page=again_on_open_alerts,
        )
        if done is not None:
            return done
    return page()


def break_glass_on_restriction(view):
    """A conflicted user is sent to the break-glass page instead of the record."""

    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        try:
            return view(request, slug, *args, **kwargs)
        except RestrictedRecord as restricted:
            return redirect(
                "episodes:break_glass",
                slug=slug,
                client_id=restricted.client_id,
            )

    return wrapped
