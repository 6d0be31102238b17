"""Fetch and authorise: the client or episode a staff member may see, and the URLs and
page of an episode that every episode view shares."""

from django.http import Http404
from django.urls import reverse

from resiliencehub.records import selectors as record_selectors
from resiliencehub.records.pages import staff_hub, subject_page
from resiliencehub.records.rules import RECORD_ROLES, record_access

from .. import selectors


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
