"""Onward referral: sending one, moving it through its statuses, and the facilitated letter."""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    form_page,
    posted,
    record_page,
)
from resiliencehub.records.rules import CASE_HOLDER_ROLES

from .. import forms, presenters, selectors, services
from ..models import OnwardStatus, ShareItem
from ._common import _episode, _episode_page, _episode_url, _onward_url


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def onward_new(request, slug, episode_id):
    hub, roles, episode, access = _episode(
        request, slug, episode_id, CASE_HOLDER_ROLES, treating=True
    )
    form = forms.OnwardReferralForm(
        posted(request), services=selectors.directory(hub, active_only=True)
    )
    return form_page(
        request,
        form,
        lambda data: services.onward_referral_send(
            episode,
            service=data["service"],
            consent_given=data["consent"],
            shared_items=data["shared_items"],
            advocacy_contact=data["advocacy_contact"],
            message=data["message"],
            mark_referred_on=data["mark_referred_on"] == "yes",
            auditor=auditor(request),
        ),
        lambda: _episode_page(request, "episodes/onward_new.jinja", hub, episode, form=form),
        success=lambda onward: f"Referral to {onward.service.name} recorded.",
        back=_episode_url(slug, episode),
        to=lambda onward: _onward_url(slug, episode, onward),
        again_on_open_alerts=True,
    )


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def onward(request, slug, episode_id, onward_id):
    hub, roles, episode, access = _episode(request, slug, episode_id, clinical=True)
    onward = selectors.onward_referral_for(hub, episode, onward_id)
    statuses = sorted(services.ONWARD_TRANSITIONS[OnwardStatus(onward.status)])
    form = forms.OnwardStatusForm(posted(request), statuses=statuses)
    treating = access.lead or access.holds_case(episode)
    if request.method == "POST" and not treating:
        raise Http404("No such referral.")
    return form_page(
        request,
        form,
        lambda data: services.onward_referral_transition(
            onward, data["to_status"], reason=data["reason"], auditor=auditor(request)
        ),
        lambda: record_page(
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
        ),
        success="Onward referral updated.",
        back=_onward_url(slug, episode, onward),
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
