"""Duty queue, rota, triage worklist and assessment pages. Thin: fetch through the hub,
check the rules, call a service, render a presenter."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from resiliencehub.accounts.roles import Role
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes import handoff as episodes_handoff
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.intake import handoff as intake_handoff
from resiliencehub.nhsuk_forms.fields import local_now_value
from resiliencehub.records import presenters as record_presenters
from resiliencehub.records import selectors as record_selectors
from resiliencehub.records.models import AlertStatus, ReferralStatus
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    form_page,
    list_page,
    paginate,
    posted,
    refused,
    staff_hub,
    subject_page,
    write_and_redirect,
)
from resiliencehub.records.rules import (
    ALERT_READ_ROLES,
    CLINICAL_RECORD_ROLES,
    DUTY_ROLES,
    ROTA_EDIT_ROLES,
    ROTA_VIEW_ROLES,
    TRIAGE_DECISION_ROLES,
    WORKLIST_ROLES,
    check_conflict,
    may_read_alert,
    record_access,
)

from . import forms, presenters, selectors, services

# --- duty queue ---------------------------------------------------------------------------


def duty_queue(request, slug):
    hub, roles = staff_hub(request, slug, DUTY_ROLES)
    now = timezone.now()
    today = timezone.localdate()
    page = paginate(request, selectors.duty_queue(hub))
    restricted = record_selectors.restricted_client_ids(request.user, hub, now)
    rows = presenters.duty_queue_rows(hub, page.object_list, now, restricted)
    return list_page(
        request,
        "triage/duty_queue.jinja",
        {
            "rows": rows,
            "page": page,
            "overdue": presenters.overdue_count(hub, selectors.open_alerts_raised_at(hub), now),
            "on_duty": hub_selectors.duty_clinicians_on(hub, today),
            "today": today,
            "recipients": hub_selectors.alert_recipients(hub, today),
        },
        hub=hub,
        name="triage.duty_queue",
        client_ids=[row.alert.client_id for row in rows if not row.restricted],
    )


def _alert(request, slug, alert_id, roles=DUTY_ROLES):
    hub, held = staff_hub(request, slug, roles)
    alert = selectors.alert_for(hub, alert_id)
    check_conflict(request.user, alert.client)
    if not may_read_alert(request.user, hub, held, alert.client):
        raise Http404("No such alert.")
    return hub, held, alert


def _alert_url(slug, alert) -> str:
    return reverse("triage:alert", kwargs={"slug": slug, "alert_id": alert.pk})


def _alert_page(request, template, hub, alert, **context):
    """A page about one alert that names its client (or says no name was given) and how
    to reach them, with the alert's read event."""
    return subject_page(
        request,
        template,
        hub,
        "alert",
        alert,
        reach=record_presenters.how_to_reach(alert),
        **context,
    )


@break_glass_on_restriction
def alert_detail(request, slug, alert_id):
    hub, roles, alert = _alert(request, slug, alert_id, ALERT_READ_ROLES)
    now = timezone.now()
    return _alert_page(
        request,
        "triage/alert.jinja",
        hub,
        alert,
        history=selectors.alert_history(alert),
        earlier=selectors.earlier_risk_assessments(hub, alert),
        waited=presenters.waited(alert.raised_at, alert.acknowledged_at or now),
        overdue=alert.status == AlertStatus.OPEN
        and presenters.is_overdue(alert.raised_at, now, hub.risk_acknowledge_hours),
        statuses=AlertStatus,
        episode=getattr(alert.referral, "episode", None) if alert.referral else None,
        may_work=bool(set(roles) & DUTY_ROLES),
    )


@require_POST
@break_glass_on_restriction
def alert_acknowledge(request, slug, alert_id):
    hub, roles, alert = _alert(request, slug, alert_id)
    return write_and_redirect(
        request,
        lambda: services.alert_acknowledge(alert, auditor=auditor(request)),
        # Someone who gave no name and no number cannot be called: the page says so, and
        # its next step is to close with that reason, not to try.
        success="Alert acknowledged. Now try to contact the client."
        if record_presenters.how_to_reach(alert)
        else "Alert acknowledged. No contact details were given, so the client cannot be called.",
        back=_alert_url(slug, alert),
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def alert_contact(request, slug, alert_id):
    hub, roles, alert = _alert(request, slug, alert_id)
    form = forms.ContactAttemptForm(posted(request), initial={"attempted_at": local_now_value()})
    return form_page(
        request,
        form,
        lambda data: services.contact_attempt_record(alert, auditor=auditor(request), **data),
        lambda: _alert_page(request, "triage/alert_contact.jinja", hub, alert, form=form),
        success="Contact attempt recorded.",
        back=_alert_url(slug, alert),
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def alert_assess(request, slug, alert_id):
    hub, roles, alert = _alert(request, slug, alert_id)
    form = forms.RiskAssessmentForm(posted(request))
    return form_page(
        request,
        form,
        lambda data: services.risk_assessment_record(alert, auditor=auditor(request), **data),
        lambda: _alert_page(request, "triage/alert_assess.jinja", hub, alert, form=form),
        success="Risk assessment recorded.",
        back=_alert_url(slug, alert),
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def alert_close(request, slug, alert_id):
    hub, roles, alert = _alert(request, slug, alert_id)
    form = forms.CloseAlertForm(posted(request))
    return form_page(
        request,
        form,
        lambda data: services.alert_close(alert, note=data["note"], auditor=auditor(request)),
        lambda: _alert_page(request, "triage/alert_close.jinja", hub, alert, form=form),
        success="Alert closed.",
        back=_alert_url(slug, alert),
        to=reverse("triage:duty_queue", kwargs={"slug": slug}),
    )


# --- rota ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def rota(request, slug):
    hub, roles = staff_hub(request, slug, ROTA_VIEW_ROLES)
    may_edit = bool(set(roles) & ROTA_EDIT_ROLES)
    clinicians = list(hub_selectors.staff_choices(hub, roles=[Role.DUTY_CLINICIAN]))
    form = forms.RotaForm(posted(request), clinicians=clinicians)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Only the clinical lead or an administrator edits the rota.")
        if form.is_valid():
            services.duty_shift_add(hub, auditor=auditor(request), **form.cleaned_data)
            messages.success(request, "Added to the duty rota.")
            return redirect("triage:rota", slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "triage/rota.jinja",
        {
            "hub": hub,
            "shifts": list(selectors.rota(hub, today)),
            "form": form,
            "may_edit": may_edit,
            "today": today,
            "recipients": hub_selectors.alert_recipients(hub, today),
        },
    )


@require_POST
def rota_remove(request, slug, shift_id):
    hub, roles = staff_hub(request, slug, ROTA_EDIT_ROLES)
    shift = selectors.duty_shift_for(hub, shift_id)
    services.duty_shift_remove(shift, auditor=auditor(request))
    messages.success(request, "Removed from the duty rota.")
    return redirect("triage:rota", slug=slug)


# --- worklist -----------------------------------------------------------------------------


def worklist(request, slug):
    hub, roles = staff_hub(request, slug, WORKLIST_ROLES)
    today = timezone.localdate()
    filter_form = forms.WorklistFilterForm(request.GET or None)
    filters = selectors.WorklistFilter()
    if filter_form.is_bound and filter_form.is_valid():
        data = filter_form.cleaned_data
        filters = selectors.WorklistFilter(
            status=data["status"],
            sector=data["sector"],
            waited_days=int(data["waited"]) if data["waited"] else None,
        )
    page = paginate(request, selectors.worklist(hub, filters, today))
    restricted = record_selectors.restricted_client_ids(request.user, hub, timezone.now())
    rows = presenters.worklist_rows(hub, page.object_list, today, restricted)
    query = request.GET.copy()
    query.pop("page", None)
    return list_page(
        request,
        "triage/worklist.jinja",
        {
            "rows": rows,
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "may_decide": bool(set(roles) & TRIAGE_DECISION_ROLES),
        },
        hub=hub,
        name="triage.worklist",
        client_ids=[row.referral.client_id for row in rows if not row.restricted],
    )


def _referral(request, slug, referral_id, roles=WORKLIST_ROLES):
    hub, held = staff_hub(request, slug, roles)
    referral = selectors.referral_for(hub, referral_id)
    check_conflict(request.user, referral.client)
    return hub, held, referral


def _referral_url(slug, referral) -> str:
    return reverse("triage:referral", kwargs={"slug": slug, "referral_id": referral.pk})


def _referral_page(request, template, hub, referral, **context):
    """A page about one referral that names its client, with the referral's read event."""
    return subject_page(request, template, hub, "referral", referral, **context)


@break_glass_on_restriction
def referral_detail(request, slug, referral_id):
    hub, roles, referral = _referral(request, slug, referral_id)
    detail = selectors.referral_detail(hub, referral)
    return _referral_page(
        request,
        "triage/referral.jinja",
        hub,
        referral,
        detail=detail,
        profile=presenters.referral_profile(referral, detail["screenings"]),
        client=referral.client,
        sector=presenters.SECTOR_LABELS.get(referral.sector, referral.sector or "Not given"),
        duplicates=list(selectors.possible_duplicates(hub, referral)),
        episode=episodes_handoff.episode_for_referral(hub, referral),
        clinical=bool(set(roles) & (CLINICAL_RECORD_ROLES | DUTY_ROLES)),
        may_decide=bool(set(roles) & TRIAGE_DECISION_ROLES),
        decidable=referral.status in selectors.NEW_REFERRAL_STATUSES,
        questionnaires=_questionnaire_notice(referral),
    )


def _questionnaire_notice(referral):
    return presenters.questionnaire_notice(
        referral,
        referral.client,
        before_accepting=services.needs_questionnaires_first(referral),
        emailable=record_selectors.may_email(referral.client),
    )


def _accepted_message(referral, accepted) -> str:
    if accepted.questionnaires_sent:
        return (
            f"Referral {referral.reference} accepted. The client has been emailed the "
            "questionnaires to complete before their assessment."
        )
    return f"Referral {referral.reference} accepted. {accepted.note}".strip()


def _after_accepting(request, slug, hub, roles, referral, accepted) -> str:
    """The new episode, or the worklist for someone who may not open the client's record."""
    if record_access(request.user, hub, roles, referral.client) is None:
        return reverse("triage:worklist", kwargs={"slug": slug})
    return reverse("episodes:episode", kwargs={"slug": slug, "episode_id": accepted.episode.pk})


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def referral_accept(request, slug, referral_id):
    hub, roles, referral = _referral(request, slug, referral_id, TRIAGE_DECISION_ROLES)
    form = forms.AcceptForm(
        posted(request),
        user=request.user,
        roles=roles,
        case_holders=hub_selectors.staff_choices(hub),
    )
    if request.method == "POST" and form.is_valid():
        try:
            accepted = services.referral_accept(
                referral, auditor=auditor(request), allocate_to=form.cleaned_data["allocate_to"]
            )
        except TransitionNotAllowed as refusal:
            return refused(request, str(refusal), _referral_url(slug, referral))
        then = _after_accepting(request, slug, hub, roles, referral, accepted)
        if accepted.phone_link is not None:
            return _questionnaires_by_phone(request, hub, referral, accepted.phone_link, then)
        messages.success(request, _accepted_message(referral, accepted))
        return redirect(then)
    return _referral_page(
        request,
        "triage/referral_accept.jinja",
        hub,
        referral,
        form=form,
        questionnaires=_questionnaire_notice(referral),
    )


def _questionnaires_by_phone(request, hub, referral, link, then: str):
    """The questionnaires link for a client who must be phoned, shown this once (only its
    hash is stored); showing it counts as a read of the referral."""
    return _referral_page(
        request,
        "triage/referral_questionnaires_phone.jinja",
        hub,
        referral,
        client=referral.client,
        link=intake_handoff.link_url(link),
        expires_at=link.expires_at,
        then=then,
    )


@require_POST
@break_glass_on_restriction
def referral_questionnaires_link(request, slug, referral_id):
    """A new questionnaires link for a referral waiting for them (the earlier one stops
    working): emailed again, or shown once to give by phone."""
    hub, roles, referral = _referral(request, slug, referral_id, TRIAGE_DECISION_ROLES)
    back = _referral_url(slug, referral)
    if referral.status != ReferralStatus.AWAITING_QUESTIONNAIRES:
        return refused(request, "This referral is not waiting for its questionnaires.", back)
    try:
        invitation = intake_handoff.questionnaire_invitation_send(
            referral, auditor=auditor(request)
        )
    except TransitionNotAllowed as refusal:
        return refused(request, str(refusal), back)
    if not invitation.emailed:
        return _questionnaires_by_phone(request, hub, referral, invitation.link, back)
    messages.success(request, "A new link to the questionnaires has been emailed.")
    return redirect(back)


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def referral_decline(request, slug, referral_id):
    hub, roles, referral = _referral(request, slug, referral_id, TRIAGE_DECISION_ROLES)
    form = forms.DeclineForm(posted(request))
    return form_page(
        request,
        form,
        lambda data: services.referral_decline(referral, auditor=auditor(request), **data),
        lambda: _referral_page(request, "triage/referral_decline.jinja", hub, referral, form=form),
        success=f"Referral {referral.reference} declined.",
        back=_referral_url(slug, referral),
        to=reverse("triage:worklist", kwargs={"slug": slug}),
        again_on_open_alerts=True,
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def referral_merge(request, slug, referral_id):
    hub, roles, referral = _referral(request, slug, referral_id, TRIAGE_DECISION_ROLES)
    candidates = list(selectors.possible_duplicates(hub, referral))
    form = forms.MergeForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        into = selectors.referral_by_reference(hub, form.cleaned_data["target_reference"])
        if into is None:
            form.add_error(
                "reference" if "into" not in form.fields else "into",
                "There is no referral with that reference in this hub",
            )
        else:
            return write_and_redirect(
                request,
                lambda: services.referral_merge(referral, into=into, auditor=auditor(request)),
                success=f"Referral {referral.reference} merged into {into.reference}.",
                back=_referral_url(slug, referral),
                to=_referral_url(slug, into),
            )
    return _referral_page(request, "triage/referral_merge.jinja", hub, referral, form=form)
