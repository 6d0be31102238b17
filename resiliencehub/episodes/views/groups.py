"""Group programmes: setting one up, its members, sessions and attendance."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from resiliencehub.accounts.roles import Role
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.records import selectors as record_selectors
from resiliencehub.records.pages import auditor, form_page, list_page, posted, staff_hub
from resiliencehub.records.rules import GROUP_EDIT_ROLES, GROUP_ROLES

from .. import forms, presenters, selectors, services


def _group_url(slug, programme) -> str:
    return reverse("episodes:group", kwargs={"slug": slug, "programme_id": programme.pk})


@require_http_methods(["GET", "POST"])
def groups(request, slug):
    hub, roles = staff_hub(request, slug, GROUP_ROLES)
    may_edit = bool(set(roles) & GROUP_EDIT_ROLES)
    form = forms.GroupProgrammeForm(posted(request))
    form.fields["facilitator"].set_people(
        hub_selectors.staff_choices(hub), blank="No facilitator yet"
    )
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("Your role cannot set up groups.")
    return form_page(
        request,
        form,
        lambda data: services.group_programme_create(hub, auditor=auditor(request), **data),
        lambda: render(
            request,
            "episodes/groups.jinja",
            {
                "hub": hub,
                "programmes": list(selectors.group_programmes(hub)),
                "form": form,
                "may_edit": may_edit,
            },
        ),
        success=lambda programme: f"Group '{programme.name}' set up.",
        back=reverse("episodes:groups", kwargs={"slug": slug}),
        to=lambda programme: _group_url(slug, programme),
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
    return form_page(
        request,
        form,
        lambda data: services.group_session_add(programme, auditor=auditor(request), **data),
        lambda: _group_page(request, hub, roles, programme, session_form=form),
        success="Session added.",
        back=_group_url(slug, programme),
    )


@require_POST
def group_member_add(request, slug, programme_id):
    hub, roles = staff_hub(request, slug, GROUP_EDIT_ROLES)
    programme = selectors.group_for(hub, programme_id)
    candidates = _member_candidates(request, hub, roles, programme)
    form = forms.GroupMemberForm(request.POST, episodes=candidates)
    return form_page(
        request,
        form,
        lambda data: services.group_member_add(
            programme, data["episode"], auditor=auditor(request)
        ),
        lambda: _group_page(request, hub, roles, programme, member_form=form),
        success="Client added to the group.",
        back=_group_url(slug, programme),
    )


@require_http_methods(["GET", "POST"])
def group_attendance(request, slug, programme_id, session_id):
    hub, roles = staff_hub(request, slug, GROUP_EDIT_ROLES)
    programme = selectors.group_for(hub, programme_id)
    session = selectors.group_session_for(programme, session_id)
    members = [m for m in _visible_members(request, hub, roles, programme) if m.visible]
    form_class = forms.attendance_form_class(members)
    current = {f"member_{a.member_id}": a.status for a in session.attendance.all()}
    form = form_class(posted(request), initial=current)
    return form_page(
        request,
        form,
        lambda data: services.group_attendance_record(
            session,
            {int(name.removeprefix("member_")): value for name, value in data.items() if value},
            auditor=auditor(request),
        ),
        lambda: list_page(
            request,
            "episodes/group_attendance.jinja",
            {"programme": programme, "session": session, "form": form, "members": members},
            hub=hub,
            name="episodes.group_attendance",
            client_ids=[m.episode.client_id for m in members],
        ),
        success="Attendance recorded.",
        back=_group_url(slug, programme),
    )
