"""Recording an assessment of an episode, and reading one."""

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from resiliencehub.hub.models import AssessmentModel
from resiliencehub.records.pages import (
    auditor,
    break_glass_on_restriction,
    posted,
    record_page,
    refused,
    staff_hub,
    write_and_redirect,
)
from resiliencehub.records.rules import CLINICAL_RECORD_ROLES, record_access

from .. import assessments, forms, selectors
from ..models import AssessmentKind
from ..rules import may_record_assessment


def _episode_clinical(request, slug, episode_id):
    hub, roles = staff_hub(request, slug, CLINICAL_RECORD_ROLES)
    episode = selectors.episode_for(hub, episode_id)
    access = record_access(request.user, hub, roles, episode.client)
    if access is None or not access.clinical:
        raise Http404("No such episode.")
    return hub, roles, episode, access


def assessment_kinds(hub, roles) -> list:
    return [kind for kind in AssessmentKind if may_record_assessment(roles, hub, kind)]


@require_http_methods(["GET", "POST"])
@break_glass_on_restriction
def assessment_new(request, slug, episode_id):
    hub, roles, episode, access = _episode_clinical(request, slug, episode_id)
    kinds = assessment_kinds(hub, roles)
    if hub.assessment_model == AssessmentModel.IN_DEPTH:
        kinds = [k for k in kinds if k == AssessmentKind.IN_DEPTH]
    if not kinds:
        return refused(
            request,
            "Your role cannot record this hub's assessments: in-depth assessments are done "
            "by a qualified clinician.",
            "episodes:episode",
            slug=slug,
            episode_id=episode.pk,
        )
    pathways = list(hub.pathways.all())
    form = forms.AssessmentForm(posted(request), hub=hub, kinds=kinds, pathways=pathways)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return write_and_redirect(
            request,
            lambda: assessments.assessment_record(
                episode,
                kind=data["kind"],
                assessed_at=data["assessed_at"],
                duration_minutes=data["duration_minutes"],
                mode=data["mode"],
                summary=data["summary"],
                outcome=data["outcome"],
                plan_pathway=form.chosen_pathway(),
                plan_notes=data["plan_notes"],
                formulation=form.formulation(),
                auditor=auditor(request),
            ),
            success="Assessment recorded.",
            back=reverse("episodes:episode", kwargs={"slug": slug, "episode_id": episode.pk}),
        )
    return record_page(
        request,
        "episodes/assessment_form.jinja",
        {
            "episode": episode,
            "form": form,
            "two_stage": hub.assessment_model == AssessmentModel.TWO_STAGE,
        },
        hub=hub,
        obj=episode,
        client=episode.client,
    )


@break_glass_on_restriction
def assessment_detail(request, slug, episode_id, assessment_id):
    hub, roles, episode, access = _episode_clinical(request, slug, episode_id)
    assessment = selectors.assessment_for(hub, episode, assessment_id)
    return record_page(
        request,
        "episodes/assessment.jinja",
        {
            "episode": episode,
            "assessment": assessment,
            "formulation": getattr(assessment, "formulation", None),
            "back_href": reverse(
                "episodes:episode", kwargs={"slug": slug, "episode_id": episode.pk}
            ),
        },
        hub=hub,
        obj=assessment,
        client=episode.client,
    )
