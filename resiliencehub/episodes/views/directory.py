"""The service directory: the services clients are referred on to, and editing one."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from resiliencehub.records.pages import auditor, form_page, posted, staff_hub
from resiliencehub.records.rules import DIRECTORY_EDIT_ROLES, DIRECTORY_VIEW_ROLES

from .. import forms, selectors, services


@require_http_methods(["GET", "POST"])
def directory(request, slug):
    hub, roles = staff_hub(request, slug, DIRECTORY_VIEW_ROLES)
    may_edit = bool(set(roles) & DIRECTORY_EDIT_ROLES)
    form = forms.DirectoryServiceForm(posted(request))
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("Only the clinical lead or an administrator edits the directory.")
    return form_page(
        request,
        form,
        lambda data: services.directory_service_save(hub, auditor=auditor(request), **data),
        lambda: render(
            request,
            "episodes/directory.jinja",
            {
                "hub": hub,
                "services": list(selectors.directory(hub)),
                "form": form,
                "may_edit": may_edit,
            },
        ),
        success="Service added to the directory.",
        back=reverse("episodes:directory", kwargs={"slug": slug}),
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
    return form_page(
        request,
        form,
        lambda data: services.directory_service_save(
            hub, service=service, auditor=auditor(request), **data
        ),
        lambda: render(
            request,
            "episodes/directory_edit.jinja",
            {"hub": hub, "service": service, "form": form},
        ),
        success="Service updated.",
        back=reverse("episodes:directory", kwargs={"slug": slug}),
    )
