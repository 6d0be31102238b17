"""Client records, episodes of care, caseloads, groups and the service directory.

Thin views: find the hub for a member with the right role, fetch through the hub,
decide with rules.py, write with services.py, render presenters. Every page that shows a
client writes exactly one read event (pages.record_page / pages.list_page).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from resiliencehub.accounts.roles import Role
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.hub.models import MeasurePurpose
from resiliencehub.records import selectors as record_selectors
from resiliencehub.records import services as record_services
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    list_page,
    paginate,
    posted,
    record_page,
    refused,
    staff_hub,
    subject_page,
    write_and_redirect,
)
from resiliencehub.records.presenters import client_name
from resiliencehub.records.rules import (
    BOOKING_ROLES,
    CASE_HOLDER_ROLES,
    DIRECTORY_EDIT_ROLES,
    DIRECTORY_VIEW_ROLES,
    DUTY_ROLES,
    GROUP_EDIT_ROLES,
    GROUP_ROLES,
    LEAD_ROLES,
    RECORD_ROLES,
    WAITING_LIST_ROLES,
    WORKLIST_ROLES,
    record_access,
)
from resiliencehub.triage import selectors as triage_selectors

from . import forms, outcomes, presenters, selectors, services
from .models import EpisodeStatus, OnwardStatus, ShareItem
from .rules import may_allocate

# --- fetch and authorise ------------------------------------------------------------------


def _client(request, slug, client_id, roles=RECORD_ROLES):
    hub, held = staff_hub(request, slug, roles)
    client = record_selectors.client_for(hub, client_id)
    access = record_access(request.user, hub, held, client)
    if access is None:
        raise Http404("No such client.")
    return hub, held, client, access


def _episode(request, slug, episode_id, roles=RECORD_ROLES, *, clinical=False, treating=False):
    """The episode if this user may see it: `clinical` for clinical content, `treating`
    for clinical writes (the case holder or the clinical lead)."""
    hub, held = staff_hub(request, slug, roles)
    episode = selectors.episode_for(hub, episode_id)
    access = record_access(request.user, hub, held, episode.client)
    if access is None:
        raise Http404("No such episode.")
    if clinical and not access.clinical:
        raise Http404("No such episode.")
    if treating and not (access.lead or access.holds_case(episode)):
        raise Http404("No such episode.")
    return hub, held, episode, access


def _episode_url(slug, episode) -> str:
    return reverse("episodes:episode", kwargs={"slug": slug, "episode_id": episode.pk})


def _onward_url(slug, episode, onward) -> str:
    return reverse(
        "episodes:onward",
        kwargs={"slug": slug, "episode_id": episode.pk, "onward_id": onward.pk},
    )


def _episode_page(request, template, hub, episode, **context):
    """A page about one episode that names its client, with the episode's read event."""
    return subject_page(request, template, hub, "episode", episode, **context)


# --- the client record --------------------------------------------------------------------


@break_glass_on_restriction
def client(request, slug, client_id):
    hub, roles, client, access = _client(request, slug, client_id)
    record = selectors.client_record(hub, client)
    return record_page(
        request,
        "episodes/client.jinja",
        {
            "client": client,
            "record": record,
            "access": access,
            "colours": presenters.STATUS_COLOURS,
        },
        hub=hub,
        obj=client,
        client=client,
        detail={"break_glass": access.break_glass.pk} if access.break_glass else None,
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def client_contact(request, slug, client_id):
    hub, roles, client, access = _client(request, slug, client_id)
    initial = {
        "phone": client.phone,
        "email": client.email,
        "may_text": "yes" if client.may_text else "no",
        "may_email": "yes" if client.may_email else "no",
        "may_leave_voicemail": "yes" if client.may_leave_voicemail else "no",
        "contact_notes": client.contact_notes,
    }
    form = forms.ContactDetailsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.client_contact_update(client, auditor=auditor(request), **form.cleaned_data)
        messages.success(request, "Contact details updated.")
        return redirect("episodes:client", slug=slug, client_id=client.pk)
    return record_page(
        request,
        "episodes/client_contact.jinja",
        {"client": client, "form": form},
        hub=hub,
        obj=client,
        client=client,
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def conflicts(request, slug, client_id):
    hub, roles, client, access = _client(request, slug, client_id, LEAD_ROLES)
    form = forms.ConflictForm(posted(request))
    form.fields["staff"].set_people(
        hub_selectors.staff_choices(hub, roles=list(Role)), blank="Choose a member of staff"
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_services.conflict_record(client, auditor=auditor(request), **form.cleaned_data)
        except TransitionNotAllowed as refusal:
            form.add_error("staff", str(refusal))
        else:
            messages.success(request, "Conflict of interest recorded.")
            return redirect("episodes:conflicts", slug=slug, client_id=client.pk)
    return record_page(
        request,
        "episodes/conflicts.jinja",
        {
            "client": client,
            "form": form,
            "conflicts": list(record_selectors.conflicts_for(hub, client)),
        },
        hub=hub,
        obj=client,
        client=client,
    )


@require_POST
def conflict_end(request, slug, client_id, conflict_id):
    hub, roles = staff_hub(request, slug, LEAD_ROLES)
    client = record_selectors.client_for(hub, client_id)
    conflict = record_selectors.conflict_for(hub, client, conflict_id)
    return write_and_redirect(
        request,
        lambda: record_services.conflict_end(conflict, auditor=auditor(request)),
        success="Conflict of interest ended.",
        back=reverse("episodes:conflicts", kwargs={"slug": slug, "client_id": client.pk}),
    )


@require_http_methods(["GET", "POST"])
def break_glass(request, slug, client_id):
    """Only someone blocked by a conflict of interest sees this page; others get 404."""
    hub, roles = staff_hub(request, slug, RECORD_ROLES | DUTY_ROLES | WORKLIST_ROLES)
    client = record_selectors.client_for(hub, client_id)
    if not record_selectors.has_active_conflict(request.user, client):
        raise Http404("Nothing to break glass for.")
    form = forms.BreakGlassForm(posted(request))
    if request.method == "POST" and form.is_valid():
        record_services.break_glass_open(
            client, user=request.user, reason=form.cleaned_data["reason"], auditor=auditor(request)
        )
        messages.warning(
            request,
            "You have opened a restricted record. Everything you open is recorded and the "
            "clinical lead will review why.",
        )
        target = request.GET.get("next", "")
        if target.startswith(f"/staff/{hub.slug}/") and "//" not in target:
            return redirect(target)
        return redirect("episodes:client", slug=slug, client_id=client.pk)
    # No clinical content here: only that the record is restricted.
    return render(
        request, "episodes/break_glass.jinja", {"hub": hub, "client": client, "form": form}
    )


def break_glass_log(request, slug):
    hub, roles = staff_hub(request, slug, LEAD_ROLES)
    page = paginate(request, record_selectors.break_glass_log(hub))
    return list_page(
        request,
        "episodes/break_glass_log.jinja",
        {"page": page, "names": {g.pk: client_name(g.client) for g in page.object_list}},
        hub=hub,
        name="episodes.break_glass_log",
        client_ids=[g.client_id for g in page.object_list],
    )


@require_http_methods(["GET", "POST"])
def break_glass_review(request, slug, glass_id):
    hub, roles = staff_hub(request, slug, LEAD_ROLES)
    glass = record_selectors.break_glass_for(hub, glass_id)
    form = forms.ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        return write_and_redirect(
            request,
            lambda: record_services.break_glass_review(
                glass, note=form.cleaned_data["note"], auditor=auditor(request)
            ),
            success="Review recorded.",
            back=reverse("episodes:break_glass_log", kwargs={"slug": slug}),
        )
    return record_page(
        request,
        "episodes/break_glass_review.jinja",
        {"glass": glass, "form": form},
        hub=hub,
        obj=glass,
        client=glass.client,
    )


# --- the episode ----------------------------------------------------------------------------


@break_glass_on_restriction
def episode(request, slug, episode_id):
    hub, roles, episode, access = _episode(request, slug, episode_id)
    appointments = presenters.label_appointments(list(selectors.appointments_for(episode)))
    context = {
        "access": access,
        "treating": access.lead or access.holds_case(episode),
        "appointments": appointments,
        "status_changes": list(episode.status_changes.select_related("changed_by")),
        "onward": list(selectors.onward_referrals_for(episode)),
        "colours": presenters.STATUS_COLOURS,
        "may_book": bool(set(roles) & BOOKING_ROLES),
        "may_allocate": may_allocate(roles, request.user, request.user),
        "next_statuses": services.allowed_next_statuses(episode),
        "groups": list(episode.group_memberships.select_related("programme")),
        "outcome_rows": [] if episode.is_open else presenters.episode_outcome_rows(episode),
    }
    if access.clinical:
        context.update(
            assessments=list(triage_selectors.assessments_for(episode)),
            notes=list(episode.notes.select_related("author", "appointment")),
            measures=selectors.episode_measures(episode),
            session_instruments=hub.measures_on(timezone.localdate(), MeasurePurpose.SESSION),
            may_supervise=access.may_see_supervision(episode),
        )
    return _episode_page(request, "episodes/episode.jinja", hub, episode, **context)


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def allocate(request, slug, episode_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, CASE_HOLDER_ROLES)
    lead = Role.CLINICAL_LEAD in roles
    people = list(hub_selectors.staff_choices(hub)) if lead else [request.user]
    form = forms.AllocateForm(posted(request))
    form.fields["case_holder"].set_people(people, blank="Choose a person", me=request.user)
    if request.method == "POST" and form.is_valid():
        case_holder = form.cleaned_data["case_holder"]
        return write_and_redirect(
            request,
            lambda: services.episode_allocate(episode, case_holder, auditor=auditor(request)),
            success=f"Allocated to {case_holder.display_name}.",
            back=_episode_url(slug, episode),
        )
    return _episode_page(request, "episodes/allocate.jinja", hub, episode, form=form)


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def status(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    statuses = services.allowed_next_statuses(episode)
    form = forms.StatusForm(posted(request), statuses=statuses, pathways=hub.pathways.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = write_and_redirect(
            request,
            lambda: services.episode_transition(
                episode,
                data["to_status"],
                pathway=data["pathway"],
                reason=data["reason"],
                auditor=auditor(request),
            ),
            success="Episode updated.",
            back=_episode_url(slug, episode),
            form_page=True,
        )
        if done is not None:
            return done
    return _episode_page(request, "episodes/status.jinja", hub, episode, form=form)


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def appointment_new(request, slug, episode_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, BOOKING_ROLES)
    form = forms.AppointmentForm(posted(request))
    form.fields["clinician"].set_people(
        hub_selectors.staff_choices(hub), blank="Choose a clinician", me=request.user
    )
    if not form.is_bound and episode.case_holder_id:
        form.fields["clinician"].initial = str(episode.case_holder_id)
    if request.method == "POST" and form.is_valid():
        return write_and_redirect(
            request,
            lambda: services.appointment_book(
                episode, auditor=auditor(request), **form.cleaned_data
            ),
            success="Appointment booked.",
            back=_episode_url(slug, episode),
        )
    return _episode_page(request, "episodes/appointment_new.jinja", hub, episode, form=form)


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def appointment_outcome(request, slug, episode_id, appointment_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, BOOKING_ROLES)
    appointment = selectors.appointment_for(hub, episode, appointment_id)
    form = forms.AppointmentOutcomeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        return write_and_redirect(
            request,
            lambda: services.appointment_outcome_record(
                appointment, form.cleaned_data["status"], auditor=auditor(request)
            ),
            success="Appointment outcome recorded.",
            back=_episode_url(slug, episode),
        )
    return record_page(
        request,
        "episodes/appointment_outcome.jinja",
        {
            "episode": episode,
            "appointment": appointment,
            "label": presenters.appointment_label(appointment),
            "form": form,
        },
        hub=hub,
        obj=appointment,
        client=episode.client,
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def note_new(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    appointments = presenters.label_appointments(list(selectors.appointments_for(episode)))
    form = forms.NoteForm(posted(request), appointments=appointments)
    if request.method == "POST" and form.is_valid():
        services.session_note_add(episode, auditor=auditor(request), **form.cleaned_data)
        messages.success(request, "Note saved.")
        return redirect(_episode_url(slug, episode))
    return _episode_page(request, "episodes/note_new.jinja", hub, episode, form=form)


def _session_instrument(hub, instrument: str) -> str:
    allowed = hub.measures_on(timezone.localdate(), MeasurePurpose.SESSION)
    if instrument not in allowed:
        raise Http404("This hub does not use that session measure.")
    return instrument


def _measure_recorded_message(instrument: str, recorded) -> str:
    response = recorded.response
    text = f"{instrument} recorded: total {response.total}"
    if response.band:
        text += f" ({response.band})"
    if recorded.alert is not None:
        text += ". A risk answer was given: an alert is on the duty queue."
    return text + "."


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def measure_new(request, slug, episode_id, instrument):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    instrument = _session_instrument(hub, instrument)
    appointments = presenters.label_appointments(list(selectors.appointments_for(episode)))
    form_class = forms.measure_form_class(instrument)
    initial = {"stage": request.GET.get("stage", "session")}
    form = form_class(posted(request), appointments=appointments, initial=initial)
    if request.method == "POST" and form.is_valid():
        return write_and_redirect(
            request,
            lambda: services.session_measure_record(
                episode,
                instrument,
                form.answers(),
                stage=form.cleaned_data["stage"],
                appointment=form.cleaned_data["appointment"],
                auditor=auditor(request),
            ),
            success=lambda recorded: _measure_recorded_message(instrument, recorded),
            back=_episode_url(slug, episode),
            to=reverse("episodes:measures", kwargs={"slug": slug, "episode_id": episode.pk}),
        )
    return _episode_page(
        request,
        "episodes/measure_new.jinja",
        hub,
        episode,
        form=form,
        instrument=form.definition,
    )


@break_glass_on_restriction
def measures(request, slug, episode_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, clinical=True)
    baseline = selectors.screening_measures(episode)
    during = selectors.episode_measures(episode)
    responses = sorted([*baseline, *during], key=lambda r: (r.completed_at, r.pk))
    instruments = hub.measures_on(timezone.localdate(), MeasurePurpose.SESSION)
    charts = [
        presenters.score_chart(name, responses)
        for name in instruments
        if any(r.instrument_id == name for r in responses)
    ]
    return _episode_page(
        request,
        "episodes/measures.jinja",
        hub,
        episode,
        charts=charts,
        instruments=instruments,
        treating=access.lead or access.holds_case(episode),
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def measure_link(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    instruments = hub.measures_on(timezone.localdate(), MeasurePurpose.SESSION)
    may_email = services.client_can_be_emailed(episode)
    form = forms.MeasureLinkForm(posted(request), instruments=instruments, may_email=may_email)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = services.measure_invitation_create(
                episode,
                form.cleaned_data["instruments"],
                auditor=auditor(request),
                send_email=form.send_email,
            )
        except TransitionNotAllowed as refusal:
            return refused(request, str(refusal), _episode_url(slug, episode))
        # An emailed link is never shown; a link to give by hand is shown once (only its
        # hash is stored). Writing it also counts as the read.
        link = None if form.send_email else request.build_absolute_uri(f"/measures/{token}/")
        return render(
            request,
            "episodes/measure_link.jinja",
            {
                "hub": hub,
                "episode": episode,
                "name": client_name(episode.client),
                "link": link,
                "emailed": form.send_email,
                "invitation": invitation,
                "form": form,
            },
        )
    return _episode_page(
        request, "episodes/measure_link.jinja", hub, episode, form=form, may_email=may_email
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def onward_new(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    form = forms.OnwardReferralForm(
        posted(request), services=selectors.directory(hub, active_only=True)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = write_and_redirect(
            request,
            lambda: services.onward_referral_send(
                episode,
                service=data["service"],
                consent_given=data["consent"],
                shared_items=data["shared_items"],
                advocacy_contact=data["advocacy_contact"],
                message=data["message"],
                mark_referred_on=data["mark_referred_on"] == "yes",
                auditor=auditor(request),
            ),
            success=lambda onward: f"Referral to {onward.service.name} recorded.",
            back=_episode_url(slug, episode),
            to=lambda onward: _onward_url(slug, episode, onward),
            form_page=True,
        )
        if done is not None:
            return done
    return _episode_page(request, "episodes/onward_new.jinja", hub, episode, form=form)


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def onward(request, slug, episode_id, onward_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, clinical=True)
    onward = selectors.onward_referral_for(hub, episode, onward_id)
    statuses = sorted(services.ONWARD_TRANSITIONS[OnwardStatus(onward.status)])
    form = forms.OnwardStatusForm(posted(request), statuses=statuses)
    treating = access.lead or access.holds_case(episode)
    if request.method == "POST":
        if not treating:
            raise Http404("No such referral.")
        if form.is_valid():
            return write_and_redirect(
                request,
                lambda: services.onward_referral_transition(
                    onward,
                    form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    auditor=auditor(request),
                ),
                success="Onward referral updated.",
                back=_onward_url(slug, episode, onward),
            )
    return record_page(
        request,
        "episodes/onward.jinja",
        {
            "episode": episode,
            "onward": onward,
            "form": form if statuses and treating else None,
            "changes": list(onward.status_changes.select_related("changed_by")),
            "shared": [ShareItem(code).label for code in onward.shared_items],
        },
        hub=hub,
        obj=onward,
        client=episode.client,
    )


@break_glass_on_restriction
def onward_letter(request, slug, episode_id, onward_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    onward = selectors.onward_referral_for(hub, episode, onward_id)
    letter = presenters.facilitated_letter(hub, episode, onward)
    return record_page(
        request,
        "episodes/onward_letter.jinja",
        {"episode": episode, "onward": onward, "letter": letter},
        hub=hub,
        obj=onward,
        client=episode.client,
        detail={"letter": True, "shared": list(onward.shared_items)},
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def discharge(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    outcome = outcomes.episode_outcome(episode)
    form = forms.DischargeForm(posted(request), finished_treatment=outcome.finished_treatment)
    if request.method == "POST" and form.is_valid() and form.confirmed:
        done = write_and_redirect(
            request,
            lambda: services.episode_discharge(
                episode, auditor=auditor(request), **form.discharge_fields()
            ),
            success="Client discharged. The outcome flags are fixed below.",
            back=_episode_url(slug, episode),
            form_page=True,
        )
        if done is not None:
            return done
    return _episode_page(
        request,
        "episodes/discharge.jinja",
        hub,
        episode,
        form=form,
        outcome=outcome,
        outcome_rows=presenters.outcome_flag_rows(outcome.flags, outcome.not_computed),
        session_instruments=hub.measures_on(timezone.localdate(), MeasurePurpose.SESSION),
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def supervision(request, slug, episode_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, CASE_HOLDER_ROLES)
    if not access.may_see_supervision(episode):
        raise Http404("No such page.")
    form = forms.SupervisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.supervision_note_add(
            episode, text=form.cleaned_data["text"], auditor=auditor(request)
        )
        messages.success(request, "Supervision note saved.")
        return redirect("episodes:supervision", slug=slug, episode_id=episode.pk)
    return record_page(
        request,
        "episodes/supervision.jinja",
        {
            "episode": episode,
            "form": form,
            "notes": list(episode.supervision_notes.select_related("author")),
        },
        hub=hub,
        obj=episode,
        client=episode.client,
        detail={"supervision": True},
    )


# --- caseloads and waiting lists ---------------------------------------------------------


def my_caseload(request, slug):
    hub, roles = staff_hub(request, slug, CASE_HOLDER_ROLES)
    now = timezone.now()
    page = paginate(request, selectors.my_caseload(hub, request.user))
    restricted = record_selectors.restricted_client_ids(request.user, hub, now)
    attended = selectors.attended_counts(e.pk for e in page.object_list)
    rows = presenters.case_rows(page.object_list, now, restricted, attended)
    return list_page(
        request,
        "episodes/caseload.jinja",
        {"rows": rows, "page": page, "team": False},
        hub=hub,
        name="episodes.my_caseload",
        client_ids=[r.episode.client_id for r in rows if not r.restricted],
    )


def team_caseload(request, slug):
    hub, roles = staff_hub(request, slug, LEAD_ROLES)
    now = timezone.now()
    page = paginate(request, selectors.team_caseload(hub))
    restricted = record_selectors.restricted_client_ids(request.user, hub, now)
    attended = selectors.attended_counts(e.pk for e in page.object_list)
    rows = presenters.case_rows(page.object_list, now, restricted, attended)
    return list_page(
        request,
        "episodes/caseload.jinja",
        {"rows": rows, "page": page, "team": True, "counts": selectors.caseload_counts(hub)},
        hub=hub,
        name="episodes.team_caseload",
        client_ids=[r.episode.client_id for r in rows if not r.restricted],
    )


def waiting_list(request, slug):
    hub, roles = staff_hub(request, slug, WAITING_LIST_ROLES)
    stage = request.GET.get("stage", "assessment")
    if stage not in ("assessment", "intervention"):
        stage = "assessment"
    now = timezone.now()
    queryset = selectors.waiting_list(hub, stage)
    if Role.CLINICAL_LEAD not in roles and Role.ADMINISTRATOR not in roles:
        # A clinician sees their own waiting clients only (least privilege, ADR 0020).
        queryset = queryset.filter(case_holder=request.user)
    page = paginate(request, queryset)
    restricted = record_selectors.restricted_client_ids(request.user, hub, now)
    rows = presenters.wait_rows(page.object_list, stage, now, restricted)
    return list_page(
        request,
        "episodes/waiting_list.jinja",
        {
            "rows": rows,
            "page": page,
            "stage": stage,
            "summary": presenters.wait_summary(selectors.waits_seen(hub, now)),
            "may_allocate": Role.CLINICAL_LEAD in roles,
        },
        hub=hub,
        name="episodes.waiting_list",
        client_ids=[r.episode.client_id for r in rows if not r.restricted],
    )


# --- the service directory ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def directory(request, slug):
    hub, roles = staff_hub(request, slug, DIRECTORY_VIEW_ROLES)
    may_edit = bool(set(roles) & DIRECTORY_EDIT_ROLES)
    form = forms.DirectoryServiceForm(posted(request))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(
                "Only the clinical lead or an administrator edits the directory."
            )
        if form.is_valid():
            services.directory_service_save(hub, auditor=auditor(request), **form.cleaned_data)
            messages.success(request, "Service added to the directory.")
            return redirect("episodes:directory", slug=slug)
    return render(
        request,
        "episodes/directory.jinja",
        {
            "hub": hub,
            "services": list(selectors.directory(hub)),
            "form": form,
            "may_edit": may_edit,
        },
    )


@require_http_methods(["GET", "POST"])
def directory_edit(request, slug, service_id):
    hub, roles = staff_hub(request, slug, DIRECTORY_EDIT_ROLES)
    service = selectors.directory_service_for(hub, service_id)
    initial = {
        "name": service.name,
        "kind": service.kind,
        "contact": service.contact,
        "eligibility_notes": service.eligibility_notes,
        "is_active": "yes" if service.is_active else "no",
    }
    form = forms.DirectoryServiceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.directory_service_save(
            hub, service=service, auditor=auditor(request), **form.cleaned_data
        )
        messages.success(request, "Service updated.")
        return redirect("episodes:directory", slug=slug)
    return render(
        request, "episodes/directory_edit.jinja", {"hub": hub, "service": service, "form": form}
    )


# --- groups -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def groups(request, slug):
    hub, roles = staff_hub(request, slug, GROUP_ROLES)
    may_edit = bool(set(roles) & GROUP_EDIT_ROLES)
    form = forms.GroupProgrammeForm(posted(request))
    form.fields["facilitator"].set_people(
        hub_selectors.staff_choices(hub), blank="No facilitator yet"
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Your role cannot set up groups.")
        if form.is_valid():
            programme = services.group_programme_create(
                hub, auditor=auditor(request), **form.cleaned_data
            )
            messages.success(request, f"Group '{programme.name}' set up.")
            return redirect("episodes:group", slug=slug, programme_id=programme.pk)
    return render(
        request,
        "episodes/groups.jinja",
        {
            "hub": hub,
            "programmes": list(selectors.group_programmes(hub)),
            "form": form,
            "may_edit": may_edit,
        },
    )


def _visible_members(request, hub, roles, programme):
    """Group members this user may name: all for the lead, administrators and the
    facilitator; otherwise only their own clients (others are counted, not named)."""
    members = list(selectors.group_members(programme))
    sees_all = bool(set(roles) & {Role.CLINICAL_LEAD, Role.ADMINISTRATOR}) or (
        programme.facilitator_id == request.user.pk
    )
    restricted = record_selectors.restricted_client_ids(request.user, hub, timezone.now())
    for member in members:
        visible = sees_all or member.episode.case_holder_id == request.user.pk
        member.visible = visible and member.episode.client_id not in restricted
        member.label = (
            presenters.episode_label(member.episode, restricted)
            if member.visible
            else "Another client"
        )
    return members


def group(request, slug, programme_id):
    hub, roles = staff_hub(request, slug, GROUP_ROLES)
    return _group_page(request, hub, roles, selectors.group_for(hub, programme_id))


def _member_candidates(request, hub, roles, programme) -> list:
    """The open episodes this person may add to the group (all of them for a clinical lead
    or an administrator, else their own cases), each labelled with its client; clients
    they have a conflict of interest with are left out."""
    if Role.CLINICAL_LEAD in roles or Role.ADMINISTRATOR in roles:
        candidates = selectors.open_episodes_for_groups(hub, programme)
    else:
        candidates = selectors.open_episodes_for_groups(hub, programme).filter(
            case_holder=request.user
        )
    restricted = record_selectors.restricted_client_ids(request.user, hub, timezone.now())
    candidates = [e for e in candidates if e.client_id not in restricted]
    for candidate in candidates:
        candidate.label = presenters.episode_label(candidate)
    return candidates


def _group_page(request, hub, roles, programme, session_form=None, member_form=None):
    """The group page; a refused session or member form is shown again as typed."""
    members = _visible_members(request, hub, roles, programme)
    sessions = list(selectors.group_sessions(programme))
    attended = {}
    for session in sessions:
        attended[session.pk] = sum(1 for a in session.attendance.all() if a.status == "attended")
    may_edit = bool(set(roles) & GROUP_EDIT_ROLES)
    return list_page(
        request,
        "episodes/group.jinja",
        {
            "programme": programme,
            "members": members,
            "sessions": sessions,
            "attended": attended,
            "session_form": session_form or forms.GroupSessionForm(),
            "member_form": member_form
            or forms.GroupMemberForm(episodes=_member_candidates(request, hub, roles, programme)),
            "may_edit": may_edit,
        },
        hub=hub,
        name="episodes.group",
        client_ids=[m.episode.client_id for m in members if m.visible],
    )


@require_POST
def group_session_new(request, slug, programme_id):
    hub, roles = staff_hub(request, slug, GROUP_EDIT_ROLES)
    programme = selectors.group_for(hub, programme_id)
    form = forms.GroupSessionForm(request.POST)
    if form.is_valid():
        services.group_session_add(programme, auditor=auditor(request), **form.cleaned_data)
        messages.success(request, "Session added.")
        return redirect("episodes:group", slug=slug, programme_id=programme.pk)
    return _group_page(request, hub, roles, programme, session_form=form)


@require_POST
def group_member_add(request, slug, programme_id):
    hub, roles = staff_hub(request, slug, GROUP_EDIT_ROLES)
    programme = selectors.group_for(hub, programme_id)
    candidates = _member_candidates(request, hub, roles, programme)
    form = forms.GroupMemberForm(request.POST, episodes=candidates)
    if form.is_valid():
        try:
            services.group_member_add(
                programme, form.cleaned_data["episode"], auditor=auditor(request)
            )
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Client added to the group.")
    else:
        return _group_page(request, hub, roles, programme, member_form=form)
    return redirect("episodes:group", slug=slug, programme_id=programme.pk)


@require_http_methods(["GET", "POST"])
def group_attendance(request, slug, programme_id, session_id):
    hub, roles = staff_hub(request, slug, GROUP_EDIT_ROLES)
    programme = selectors.group_for(hub, programme_id)
    session = selectors.group_session_for(programme, session_id)
    members = [m for m in _visible_members(request, hub, roles, programme) if m.visible]
    form_class = forms.attendance_form_class(members)
    current = {f"member_{a.member_id}": a.status for a in session.attendance.all()}
    form = form_class(posted(request), initial=current)
    if request.method == "POST" and form.is_valid():
        statuses = {
            int(name.removeprefix("member_")): value
            for name, value in form.cleaned_data.items()
            if value
        }
        services.group_attendance_record(session, statuses, auditor=auditor(request))
        messages.success(request, "Attendance recorded.")
        return redirect("episodes:group", slug=slug, programme_id=programme.pk)
    return list_page(
        request,
        "episodes/group_attendance.jinja",
        {"programme": programme, "session": session, "form": form, "members": members},
        hub=hub,
        name="episodes.group_attendance",
        client_ids=[m.episode.client_id for m in members],
    )


__all__ = ["EpisodeStatus"]
