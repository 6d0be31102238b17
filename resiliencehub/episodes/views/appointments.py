"""Appointments of an episode: booking one and recording its outcome."""

from django.views.decorators.http import require_http_methods

from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    form_page,
    posted,
    record_page,
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
    return form_page(
        request,
        form,
        lambda data: services.appointment_book(episode, auditor=auditor(request), **data),
        lambda: _episode_page(request, "episodes/appointment_new.jinja", hub, episode, form=form),
        success="Appointment booked.",
        back=_episode_url(slug, episode),
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def appointment_outcome(request, slug, episode_id, appointment_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, BOOKING_ROLES)
    appointment = selectors.appointment_for(hub, episode, appointment_id)
    form = forms.AppointmentOutcomeForm(posted(request))
    return form_page(
        request,
        form,
        lambda data: services.appointment_outcome_record(
            appointment, data["status"], auditor=auditor(request)
        ),
        lambda: record_page(
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
        ),
        success="Appointment outcome recorded.",
        back=_episode_url(slug, episode),
    )
