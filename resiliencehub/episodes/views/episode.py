"""The episode of care: its page, allocation, status moves, session notes, discharge and
supervision notes."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from resiliencehub.accounts.roles import Role
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.hub.models import MeasurePurpose
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    form_page,
    posted,
    record_page,
    write_and_redirect,
)
from resiliencehub.records.rules import BOOKING_ROLES, CASE_HOLDER_ROLES

from .. import forms, outcomes, presenters, selectors, services
from ..rules import may_allocate
from ._common import _episode, _episode_page, _episode_url


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
            assessments=list(selectors.assessments_for(episode)),
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
    return form_page(
        request,
        form,
        lambda data: services.episode_allocate(
            episode, data["case_holder"], auditor=auditor(request)
        ),
        lambda: _episode_page(request, "episodes/allocate.jinja", hub, episode, form=form),
        success=lambda allocation: f"Allocated to {allocation.case_holder.display_name}.",
        back=_episode_url(slug, episode),
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def status(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    statuses = services.allowed_next_statuses(episode)
    form = forms.StatusForm(posted(request), statuses=statuses, pathways=hub.pathways.all())
    return form_page(
        request,
        form,
        lambda data: services.episode_transition(
            episode,
            data["to_status"],
            pathway=data["pathway"],
            reason=data["reason"],
            auditor=auditor(request),
        ),
        lambda: _episode_page(request, "episodes/status.jinja", hub, episode, form=form),
        success="Episode updated.",
        back=_episode_url(slug, episode),
        again_on_open_alerts=True,
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def note_new(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    appointments = presenters.label_appointments(list(selectors.appointments_for(episode)))
    form = forms.NoteForm(posted(request), appointments=appointments)
    return form_page(
        request,
        form,
        lambda data: services.session_note_add(episode, auditor=auditor(request), **data),
        lambda: _episode_page(request, "episodes/note_new.jinja", hub, episode, form=form),
        success="Note saved.",
        back=_episode_url(slug, episode),
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
    return form_page(
        request,
        form,
        lambda data: services.supervision_note_add(
            episode, text=data["text"], auditor=auditor(request)
        ),
        lambda: record_page(
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
        ),
        success="Supervision note saved.",
        back=reverse("episodes:supervision", kwargs={"slug": slug, "episode_id": episode.pk}),
    )
