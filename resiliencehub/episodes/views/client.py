"""The client record: the record page, contact details, conflicts of interest and break
glass (opening a restricted record, the log and the clinical lead's review)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from resiliencehub.accounts.roles import Role
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.hub import selectors as hub_selectors
from resiliencehub.records import selectors as record_selectors
from resiliencehub.records import services as record_services
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    form_page,
    list_page,
    paginate,
    posted,
    record_page,
    staff_hub,
    write_and_redirect,
)
from resiliencehub.records.presenters import client_name
from resiliencehub.records.rules import DUTY_ROLES, LEAD_ROLES, RECORD_ROLES, WORKLIST_ROLES

from .. import forms, presenters, selectors, services
from ._common import _client


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
    return form_page(
        request,
        form,
        lambda data: services.client_contact_update(client, auditor=auditor(request), **data),
        lambda: record_page(
            request,
            "episodes/client_contact.jinja",
            {"client": client, "form": form},
            hub=hub,
            obj=client,
            client=client,
        ),
        success="Contact details updated.",
        back=reverse("episodes:client", kwargs={"slug": slug, "client_id": client.pk}),
    )


@require_POST
@break_glass_on_restriction
def measures_on_return(request, slug, client_id):
    """A clinician asks for the questionnaires again should the client return (or stops
    asking): otherwise a client who answered them recently is not asked again."""
    hub, roles, client, access = _client(request, slug, client_id)
    if not access.clinical:
        raise Http404("No such client.")
    wanted = request.POST.get("wanted") == "yes"
    return write_and_redirect(
        request,
        lambda: record_services.client_measures_on_return_set(
            client, wanted, auditor=auditor(request)
        ),
        success="If they come back, they will be asked the questionnaires again."
        if wanted
        else "If they come back soon, they will not be asked the questionnaires again.",
        back=reverse("episodes:client", kwargs={"slug": slug, "client_id": client.pk}),
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
    return form_page(
        request,
        form,
        lambda data: record_services.break_glass_review(
            glass, note=data["note"], auditor=auditor(request)
        ),
        lambda: record_page(
            request,
            "episodes/break_glass_review.jinja",
            {"glass": glass, "form": form},
            hub=hub,
            obj=glass,
            client=glass.client,
        ),
        success="Review recorded.",
        back=reverse("episodes:break_glass_log", kwargs={"slug": slug}),
    )
