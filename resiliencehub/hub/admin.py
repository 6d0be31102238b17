"""System administrators edit hub configuration here; every save is audited."""

from django.contrib import admin

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor

from . import models


class _Inline(admin.TabularInline):
    extra = 0


class PopulationInline(_Inline):
    model = models.PopulationGroup


class SectorRuleInline(_Inline):
    model = models.SectorRule


class RolloutPhaseInline(_Inline):
    model = models.RolloutPhase


class MeasureInline(_Inline):
    model = models.MeasureConfig


class PathwayInline(_Inline):
    model = models.PathwayOffer


class StaffingInline(_Inline):
    model = models.StaffingLine


class CrisisLineInline(_Inline):
    model = models.CrisisLine


class ContactScheduleInline(_Inline):
    """Read-only here: a change to a schedule must show how many planned emails it moves
    before it is made, which the follow-up pages do (ADR 0037); the hub file loads them."""

    model = models.ContactSchedule
    fields = ["key", "name", "kind", "version", "is_active", "waves", "instruments", "reminders"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "screening_mode", "assessment_model", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        PopulationInline,
        SectorRuleInline,
        RolloutPhaseInline,
        MeasureInline,
        PathwayInline,
        StaffingInline,
        CrisisLineInline,
        ContactScheduleInline,
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Auditor.for_request(request).record(
            AuditAction.HUB_CONFIG_CHANGED,
            obj=obj,
            hub=obj,
            detail={"changed": sorted(form.changed_data), "created": not change},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            Auditor.for_request(request).record(
                AuditAction.HUB_CONFIG_CHANGED,
                obj=form.instance,
                hub=form.instance,
                detail={"section": formset.model._meta.verbose_name_plural.title()},
            )


@admin.register(models.DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ["day", "hub", "clinician"]
    list_filter = ["hub"]
    date_hierarchy = "day"
