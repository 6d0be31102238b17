"""Appointments of an episode: booking one and recording its outcome."""

from django.views.decorators.http import require_http_methods

from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    posted,
    record_page,
    write_and_redirect,
)
from resiliencehub.records.rules import BOOKING_ROLES

from .. import forms, presenters, selectors, services
from ._common import _episode, _episode_page, _episode_url


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
