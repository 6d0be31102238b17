from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Resilience Hub", {"fields": ("full_name",)}))
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership and formset.has_changed():
            Auditor.for_request(request).record(
                AuditAction.MEMBERSHIP_CHANGED,
                obj=form.instance,
                detail={"roles": list(form.instance.memberships.values_list("hub__slug", "role"))},
            )
