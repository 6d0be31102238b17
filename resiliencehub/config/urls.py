from django.contrib import admin
from django.urls import include, path

from resiliencehub.accounts.views import admin_sign_in, sign_out

admin.site.site_header = "Resilience Hub system administration"
admin.site.site_title = "Resilience Hub administration"
admin.site.index_title = "Hubs, accounts and configuration"
# One way in for everyone: the staff sign-in, with its second factor and lock-out.
admin.site.login = admin_sign_in
admin.site.logout = sign_out

urlpatterns = [
    path("", include("resiliencehub.core.urls")),
    path("accounts/", include("resiliencehub.accounts.urls")),
    path("system-admin/", admin.site.urls),
    path("", include("resiliencehub.hub.urls")),
    path("", include("resiliencehub.intake.urls")),
    path("", include("resiliencehub.triage.urls")),
    path("", include("resiliencehub.episodes.urls")),
    path("", include("resiliencehub.followup.urls")),
]

handler400 = "resiliencehub.core.views.bad_request"
handler403 = "resiliencehub.core.views.permission_denied"
handler404 = "resiliencehub.core.views.page_not_found"
handler500 = "resiliencehub.core.views.server_error"
