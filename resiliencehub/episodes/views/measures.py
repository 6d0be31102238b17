"""Session measures: recording one, the scores over an episode, and a link for the client
to answer them."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub.models import MeasurePurpose
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    form_page,
    posted,
    refused,
)
from resiliencehub.records.presenters import client_name
from resiliencehub.records.rules import CASE_HOLDER_ROLES

from .. import forms, presenters, selectors, services
from ._common import _episode, _episode_page, _episode_url


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
    return form_page(
        request,
        form,
        lambda data: services.session_measure_record(
            episode,
            instrument,
            form.answers(),
            stage=data["stage"],
            appointment=data["appointment"],
            auditor=auditor(request),
        ),
        lambda: _episode_page(
            request,
            "episodes/measure_new.jinja",
            hub,
            episode,
            form=form,
            instrument=form.definition,
        ),
        success=lambda recorded: _measure_recorded_message(instrument, recorded),
        back=_episode_url(slug, episode),
        to=reverse("episodes:measures", kwargs={"slug": slug, "episode_id": episode.pk}),
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
